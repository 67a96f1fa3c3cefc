"""The back-office speaks correct Polish: every admin page (the landing page, each app's page, and
every registered model's list, add, change and history pages), opened in Polish as a superuser and
as each role over the demo register, contains none of the generic admin phrases that inflect a model
name wrongly, and no untranslated English."""

import json
import os
import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from applications.models import OfficerProfile
from applications.roles import COORDINATOR, MINISTRY_OFFICER, REGISTRY_OPERATOR
from institutions.models import Ministry
from tests.factories import ensure_roles

pytestmark = pytest.mark.django_db

# The catalogue's guesses at a gender or a case, and a model name dropped into a sentence that needs
# another case ("Wybierz kwalifikacja do zmiany", "Zmień kwalifikacja").
BAD_PATTERNS = [
    re.compile(r"\((?:a|go|i)\)|\(-\w+\)"),
    re.compile(r"\b(?:Wybierz|Zmień|Dodaj|Usuń|Zobacz|Obejrzyj) [a-ząćęłńóśźż]+ (?:do zmiany|do obejrzenia)\b"),
    re.compile(r"\bZmień [a-ząćęłńóśźż]*a\b"),
    re.compile(r"\bDodaj kolejne"),
    re.compile(r"\bgo/ją/je\b|\bnim/nią\b"),
]
# English words that have no business in a Polish page's text (content in English fields is
# excluded: it sits in form fields and the English tab's inputs, which are not scanned).
# (Words that are also Polish, such as "to", "on", "no", "by" or "was", are not on the list.)
ENGLISH = re.compile(
    r"\b(?:the|and|with|of|is|are|for|from|this|None|True|False|Select|Change|Add|View|History|"
    r"Delete|Save|Search|Filter|Home|Yes|Unknown|Date|Time|Action|Object|User|Comment|Show|Hide|"
    r"Today|Now|at|or|deadline|state|number|applicant|ministry|qualification|changes?|reason)\b",
    re.IGNORECASE,
)
# English content, where it belongs: a read-only English field (modeltranslation's "<name>_en"), the
# old and new values in a record's history, and the search thesaurus's terms and notes (Polish and
# English words of the register, as data).
ENGLISH_CONTENT = re.compile(r"\bfield-\w+_en\b|\bhistory-value\b|\bfield-(?:shown_terms|note)\b")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """The text a reader sees, without what the user types (form fields) or what is code."""

    SKIP = {"script", "style", "textarea", "select", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            # A changelist's row checkbox is labelled with the object's own name (data, not text of ours).
            if "action-select" in (dict(attrs).get("class") or ""):
                return None
            return self._attributes(attrs)
        if self.skipping or tag in self.SKIP or ENGLISH_CONTENT.search(dict(attrs).get("class") or ""):
            self.skipping += 1
        self._attributes(attrs)

    def handle_startendtag(self, tag, attrs):
        self._attributes(attrs)

    def _attributes(self, attrs):
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder", "alt") and value and not self.skipping:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if self.skipping and tag not in VOID:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


# Stored data, not text of ours: django-axes names a login record "Access Log for <user> @ <time>"
# and stores "<unknown>" for a header the client did not send.
STORED = re.compile(r"Access Log for \S+ @|<unknown>")


def problems_in(html: str) -> list[str]:
    text = STORED.sub("", visible_text(html))
    found = [m.group(0) for pattern in BAD_PATTERNS for m in pattern.finditer(text)]
    found += [f"English: …{text[max(0, m.start() - 40) : m.end() + 40]}…" for m in ENGLISH.finditer(text)]
    return found


def pages(client) -> list[str]:
    urls = [reverse("admin:index")]
    apps = sorted({model._meta.app_label for model in admin.site._registry})
    urls += [reverse("admin:app_list", args=[label]) for label in apps]
    request = client.get(reverse("admin:index")).wsgi_request
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:{}_{}_add".format(*info)))
        obj = model_admin.get_queryset(request).order_by("pk").first()
        if obj is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
            urls.append(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))
    return urls


def as_role(role):
    if role == "superuser":
        user = get_user_model().objects.create_superuser("super-pl", password="pw-for-tests-only")
    else:
        ensure_roles()
        user = get_user_model().objects.create_user(f"{role}-pl", password="pw-for-tests-only", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        if role == MINISTRY_OFFICER:
            OfficerProfile.objects.create(user=user, ministry=Ministry.objects.get(code="mrit"))
    client = Client(HTTP_ACCEPT_LANGUAGE="pl", raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["superuser", REGISTRY_OPERATOR, MINISTRY_OFFICER, COORDINATOR])
def test_every_admin_page_is_in_correct_polish(demo_register, role):
    client = as_role(role)
    problems = {}
    opened = 0
    for url in pages(client):
        response = client.get(url)
        if response.status_code in (403, 404):  # not this role's page
            continue
        assert response.status_code == 200, url
        opened += 1
        if found := problems_in(response.content.decode()):
            problems[url] = found
    assert opened > 20
    if os.environ.get("POLISH_DUMP"):
        with open(os.environ["POLISH_DUMP"] + role, "w") as dump:
            json.dump(problems, dump, ensure_ascii=False, indent=1)
    assert problems == {}


def test_the_scanner_sees_the_known_bad_phrases():
    for phrase in (
        "Wybierz kwalifikacja do zmiany",
        "Dodaj kolejne(go)(-ną)(-ny) Załącznik",
        "został(a)(-ło) pomyślnie zmieniony(-na)(-ne)",
        "Zmień kwalifikacja",
        "CHANGE REASON None",
    ):
        assert problems_in(f"<p>{phrase}</p>"), phrase
    assert problems_in("<textarea>The English text</textarea><p>Wybierz do zmiany: kwalifikacja</p>") == []
