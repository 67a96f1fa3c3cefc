"""History pages a registry operator can read: translated headers, labels instead of stored codes,
nothing for an empty value, one row per change with the full texts; an application's history shows
the steps of its workflow."""

import pytest
from django.urls import reverse

from applications.models import State
from tests.applications.conftest import make_application
from tests.factories import CertificationRightFactory, QualificationFactory

pytestmark = pytest.mark.django_db

LONG = "Osoba posiadająca kwalifikację " + "samodzielnie planuje i wykonuje zlecenia fotograficzne. " * 12


def test_a_qualification_history_reads_in_polish_with_labels_and_full_texts(operator_client):
    qualification = QualificationFactory(status="included")
    qualification.characteristic_pl = LONG
    qualification.save()
    CertificationRightFactory(qualification=qualification)  # the status follows: functioning
    qualification.refresh_from_db()
    qualification.save()  # a save that changes nothing
    page = operator_client.get(reverse("admin:qualifications_qualification_history", args=[qualification.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    for english in ("Change reason", "CHANGE REASON", ">Changes<", "[488 chars]", "None"):
        assert english not in html
    assert "Co zmieniono" in html and "Data i godzina" in html
    assert LONG.strip() in html  # the whole text, not an abbreviation
    assert ">functioning<" not in html and ">included<" not in html
    records = qualification.history.count()
    table = html[html.index('id="change-history"') : html.index("</table>")]
    rows = table.count("<tr>") - 1  # the header row
    assert rows < records  # the save that changed nothing is not listed


def test_an_application_history_lists_its_workflow_steps(clients, ministry):
    application = make_application(ministry, State.SUBMITTED)
    response = clients["operator"].post(
        reverse("admin:applications_inclusionapplication_transition", args=[application.pk, "start_formal_check"]),
        {"start_formal_check-expected_state": "submitted"},
    )
    assert response.status_code == 302
    page = (
        clients["operator"]
        .get(reverse("admin:applications_inclusionapplication_history", args=[application.pk]))
        .content.decode()
    )
    assert "Historia zdarzeń" in page
    assert "Rozpocznij ocenę formalną" in page or "ocena formalna" in page
    assert "nie został on dodany" not in page  # not Django's "no history" message
