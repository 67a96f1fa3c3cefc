"""Content-Security-Policy: strict everywhere, and no page of ours needs more than it allows.

The policy (zrk/settings.py) allows scripts and styles from the site itself only: no
'unsafe-inline', no 'unsafe-eval'. A browser then ignores any inline <script>, <style>, style="..."
attribute, on...="..." handler or javascript: link, so the pages must not contain any. The admin is
checked page by page (every registered model's list, add, change, history and delete pages, the
workflow and action pages, the tabbed translation forms of django-modeltranslation), as a superuser
who sees everything, over the demo register. A real browser run (Chromium) confirmed the same: no
violation in the admin except the one listed in THIRD_PARTY_STYLE_ATTRIBUTES.
"""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse

from qualifications.models import CertificationRight, Qualification

pytestmark = pytest.mark.django_db

UNSAFE = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", "*", "data: 'self' *")
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
# django-simple-history's history table ends with <p class="paginator" style="border-top: 0">.
# Under the policy the browser drops the style: the paginator keeps the admin's 1px top border.
# Harmless, and the template is the library's; it is the only exception.
THIRD_PARTY_STYLE_ATTRIBUTES = {("p", "border-top: 0")}


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_strict(response):
    directives = policy(response)
    for name in ("default-src", "script-src", "style-src"):
        assert directives[name] == ["'self'"], (name, directives[name])
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    header = response["Content-Security-Policy"]
    assert "unsafe" not in header
    assert " * " not in f" {header} ".replace(";", " ")


class InlineCode(HTMLParser):
    """Everything in a page that a strict policy would block."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and not values.get("src") and values.get("type") not in DATA_SCRIPT_TYPES:
            self.found.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> element at line {self.getpos()[0]}")
        for name, value in attrs:
            if name == "style" and (tag, (value or "").strip()) not in THIRD_PARTY_STYLE_ATTRIBUTES:
                self.found.append(f'<{tag} style="{value}"> at line {self.getpos()[0]}')
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...> at line {self.getpos()[0]}")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:...> at line {self.getpos()[0]}")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


# --- the header ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/", "/en/", "/kwalifikacje/?q=piekarz", "/api/v1/qualifications/", "/api/v1/docs/", "/api/xml/kwalifikacje/"],
)
def test_public_and_api_pages_carry_the_strict_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_strict(response)


def test_admin_pages_carry_the_strict_policy(client, admin_client):
    assert_strict(client.get(reverse("admin:login")))
    assert_strict(admin_client.get(reverse("admin:index")))
    assert_strict(admin_client.get(reverse("admin:qualifications_qualification_add")))


def test_the_policy_blocks_inline_code():
    """The scanner itself: it must see what a browser would block."""
    page = (
        '<script>alert(1)</script><script src="/s.js"></script><script type="application/ld+json">{}</script>'
        '<style>p{}</style><p style="color:red" onclick="x()"><a href="javascript:void(0)">x</a>'
        '<p class="paginator" style="border-top: 0">'
    )
    assert len(inline_code(page)) == 5


# --- the pages ----------------------------------------------------------------------------------


def admin_pages(client) -> list[str]:
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    apps = sorted({model._meta.app_label for model in admin.site._registry})
    urls += [reverse("admin:app_list", args=[label]) for label in apps]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:{}_{}_add".format(*info)))
        obj = model_admin.get_queryset(client.request().wsgi_request).order_by("pk").first()
        if obj is None:
            continue
        for page in ("change", "history", "delete"):
            urls.append(reverse("admin:{}_{}_{}".format(*info, page), args=[obj.pk]))
    urls.append(reverse("admin:applications_my_work"))
    return urls


def test_no_admin_page_contains_inline_code(admin_client, demo_register):
    problems = {}
    visited = 0
    for url in admin_pages(admin_client):
        response = admin_client.get(url)
        if response.status_code == 403:  # e.g. adding by hand what only a workflow may create
            continue
        assert response.status_code == 200, url
        visited += 1
        found = inline_code(response.content.decode())
        if found:
            problems[url] = found
    # The action with an intermediate page (changing a certification right's status).
    right = CertificationRight.objects.filter(status="active").first()
    response = admin_client.post(
        reverse("admin:qualifications_certificationright_changelist"),
        {"action": "suspend_rights", "_selected_action": [right.pk]},
    )
    assert response.status_code == 200 and b'name="apply"' in response.content
    if found := inline_code(response.content.decode()):
        problems["suspend action"] = found
    assert visited > 80
    assert problems == {}


def test_the_tabbed_translation_form_loads_its_scripts_from_files(admin_client, demo_register):
    qualification = Qualification.objects.order_by("pk").first()
    page = admin_client.get(reverse("admin:qualifications_qualification_change", args=[qualification.pk]))
    html = page.content.decode()
    assert "modeltranslation/js/tabbed_translation_fields.js" in html
    assert "vendor/jquery-ui/jquery-ui.min.js" in html  # self-hosted, not from a CDN
    assert inline_code(html) == []


def test_no_public_page_contains_inline_code(client, demo_register):
    """Public templates are other people's work; the policy binds them too. A qualification page
    carries its schema.org JSON-LD in a data block, which is not script and runs nowhere."""
    qualification = Qualification.objects.public().order_by("pk").first()
    pages = [reverse(name) for name in ("home", "qualification_search", "institution_list", "prk_level_list")]
    pages += [reverse("qualification_detail_bare", args=[qualification.zrk_id]), "/en/"]
    html = {}
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html[url] = response.content.decode()
        assert inline_code(html[url]) == [], url
    assert "application/ld+json" in html[pages[4]]
