"""Learning outcomes and verification criteria are edited on the qualification's own page: one
page load and one save fix a criterion (before, four pages: record, set, outcome, criterion)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from qualifications.models import VerificationCriterion
from tests.factories import VerificationCriterionFactory

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """What a browser would submit from the page's main form: every named field with its value."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: list[tuple[str, str]] = []
        self._textarea = None
        self._select = None
        self._selected = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            name, value = self._textarea
            # HTML drops one newline right after <textarea>, as browsers do.
            self.data.append((name, value[1:] if value.startswith("\n") else value))
            self._textarea = None
        elif tag == "select":
            self._select = None


def submitted(html: str) -> dict:
    parser = FormFields()
    parser.feed(html[html.index('id="qualification_form"') :])
    result: dict = {}
    for name, value in parser.data:
        result.setdefault(name, []).append(value)
    return result


def test_the_operator_fixes_a_criterion_on_the_qualification_page(operator_client):
    criterion = VerificationCriterionFactory(text_pl="omawia zasady BHP (literówka)")
    qualification = criterion.outcome.outcome_set.qualification
    url = reverse("admin:qualifications_qualification_change", args=[qualification.pk])
    page = operator_client.get(url)
    html = page.content.decode()
    assert "omawia zasady BHP (literówka)" in html  # the criterion is on the record's own page
    data = submitted(html)
    field = next(name for name, values in data.items() if name.endswith("text_pl") and values == [criterion.text_pl])
    assert field == "outcome_sets-0-outcomes-0-criteria-0-text_pl"
    data[field] = ["omawia zasady BHP"]
    response = operator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    criterion.refresh_from_db()
    assert criterion.text_pl == "omawia zasady BHP"
    assert VerificationCriterion.objects.count() == 1
