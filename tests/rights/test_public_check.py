"""The public check "may institution X certify qualification Y today?" at a shareable address."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from qualifications.rights import reinstate, suspend, withdraw
from tests.factories import CertificationRightFactory, OrganisationFactory, QualificationFactory, right_on_a_draft

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.rights.urls")]


def check_url(language="pl"):
    with translation.override(language):
        return reverse("certification_check")


def ask(client, qualification, institution, language="pl"):
    response = client.get(check_url(language), {"qualification": qualification, "institution": institution})
    assert response.status_code == 200
    return response.content.decode()


def test_an_active_right_says_yes_with_its_date_and_pzzj(client):
    pzzj = OrganisationFactory(name_pl="Instytut Jakości (test)", name_en="Quality Institute (test)")
    right = CertificationRightFactory(decision_number="DZ/1/2024", pzzj=pzzj)
    page = ask(client, right.qualification.zrk_id, right.institution_id, "en")
    assert '<h2 id="answer-heading">Yes</h2>' in page
    assert "may award this qualification" in page and "since 15 January 2024" in page
    assert "DZ/1/2024" in page and "Quality Institute (test)" in page
    with translation.override("en"):
        assert reverse("institution_detail", args=[right.institution_id]) in page
        assert reverse("qualification_detail", args=[right.qualification.zrk_id, right.qualification.slug]) in page


def test_suspended_withdrawn_and_never_held_say_no(client):
    right = CertificationRightFactory()
    q, i = right.qualification.zrk_id, right.institution_id
    suspend(right, "Kontrola (test).", datetime.date(2025, 3, 3))
    page = ask(client, q, i, "en")
    assert '<h2 id="answer-heading">No</h2>' in page and "suspended" in page and "since 3 March 2025" in page
    reinstate(right, "Koniec kontroli.", datetime.date(2025, 4, 4))
    page = ask(client, q, i, "en")
    assert '<h2 id="answer-heading">Yes</h2>' in page and "since 4 April 2025" in page
    withdraw(right, "Decyzja (test).", datetime.date(2025, 5, 5))
    page = ask(client, q, i, "en")
    assert '<h2 id="answer-heading">No</h2>' in page and "withdrawn" in page and "since 5 May 2025" in page
    stranger = OrganisationFactory()
    page = ask(client, q, stranger.pk, "en")
    assert '<h2 id="answer-heading">No</h2>' in page and "never held the right" in page


def test_the_polish_page_answers_too(client):
    right = CertificationRightFactory()
    page = ask(client, right.qualification.zrk_id, right.institution_id)
    assert 'lang="pl"' in page and 'id="answer-heading"' in page


@pytest.mark.parametrize(
    "params",
    [
        {"qualification": "abc", "institution": "1"},
        {"qualification": "99999999", "institution": "1"},
        {"qualification": "1", "institution": "-5"},
        {"qualification": "9" * 40, "institution": "9" * 40},
        {"qualification": "", "institution": ""},
        {"institution": "x"},
    ],
)
def test_bad_values_are_reported_never_a_server_error(client, params):
    response = client.get(check_url("en"), params)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="answer-heading"' not in page
    if any(params.values()):
        assert "error-summary" in page


def test_drafts_are_not_checked(client):
    right = right_on_a_draft(QualificationFactory(status="draft"))
    page = ask(client, right.qualification.zrk_id, right.institution_id, "en")
    assert 'id="answer-heading"' not in page and "No qualification in the register" in page


def test_a_qualification_alone_lists_who_may_award_it_today(client):
    right = CertificationRightFactory()
    other = CertificationRightFactory(qualification=right.qualification)
    withdraw(other, "Test.", timezone.localdate())
    response = client.get(check_url("en"), {"qualification": right.qualification.zrk_id})
    page = response.content.decode()
    assert f"institution={right.institution_id}" in page
    assert f"institution={other.institution_id}" not in page
