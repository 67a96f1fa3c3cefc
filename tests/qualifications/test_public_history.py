"""The public changes page of a qualification: dated versions of its public fields with word-level
differences, the Monitor Polski notice of its publication, right events; never internal data."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qualifications import rights
from qualifications.history import word_diff
from tests.factories import OrganisationFactory, QualificationFactory

pytestmark = pytest.mark.django_db


def changes_url(qualification, language="pl"):
    if language == "pl":
        return f"/kwalifikacje/{qualification.zrk_id}-{qualification.slug}/zmiany/"
    return f"/en/qualifications/{qualification.zrk_id}-{qualification.slug}/changes/"


def published_after_draft(**fields):
    """A qualification proposed as a draft, edited as a draft, then published with its notice."""
    qualification = QualificationFactory(status="draft", characteristic_pl="Szkic roboczy opisu.", **fields)
    qualification.characteristic_pl = "Tajny tekst wersji roboczej."
    qualification.save()
    qualification.status = "included"
    qualification.mp_year, qualification.mp_position = 2024, 321
    qualification.mp_date = datetime.date(2024, 5, 6)
    qualification.characteristic_pl = "Osoba planuje pracę zespołu."
    qualification.save()
    return qualification


def test_word_diff_marks_added_and_removed_words_and_escapes_text():
    html = word_diff("Osoba planuje <b>pracę</b> zespołu.", "Osoba organizuje <b>pracę</b> zespołu.")
    assert "<del>planuje</del> <ins>organizuje</ins>" in html
    assert "&lt;b&gt;pracę&lt;/b&gt;" in html and "<b>" not in html


def test_changes_page_shows_publication_with_its_notice_and_later_changes_as_differences(client):
    qualification = published_after_draft()
    qualification.characteristic_pl = "Osoba organizuje pracę zespołu <script>alert(1)</script>."
    qualification.characteristic_en = "The holder organises the team's work."
    qualification._change_reason = "Poprawka zgłoszona przez Jana Kowalskiego"
    qualification.save()

    response = client.get(changes_url(qualification))
    assert response.status_code == 200
    html = response.content.decode()
    assert "M.P. 2024 poz. 321" in html
    assert "<del>planuje</del>" in html and "<ins>organizuje</ins>" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    # Both languages' fields, each labelled.
    assert "Krótka charakterystyka kwalifikacji (po polsku)" in html
    assert "Krótka charakterystyka kwalifikacji (po angielsku)" in html
    # The draft period and the staff's change reason are not public.
    assert "Tajny tekst" not in html and "Szkic roboczy" not in html
    assert "Kowalskiego" not in html


def test_english_page_and_the_link_from_the_qualification_page(client):
    qualification = published_after_draft()
    qualification.name_en = "Team leader"
    qualification.save()
    response = client.get(changes_url(qualification, "en"))
    assert response.status_code == 200
    assert "Name (in English)" in response.content.decode()
    detail = client.get(f"/kwalifikacje/{qualification.zrk_id}-{qualification.slug}/").content.decode()
    assert f'href="{changes_url(qualification)}"' in detail


def test_status_and_right_events_are_listed_without_staff_names_or_reasons(client):
    staff = get_user_model().objects.create_user(username="urzednik.nowak", first_name="Anna", last_name="Nowak")
    qualification = published_after_draft()
    institution = OrganisationFactory(name_pl="Instytut Certyfikujący Alfa")
    right = rights.grant(qualification, institution, decision_date=datetime.date(2024, 6, 1), user=staff)
    rights.suspend(right, "Wewnętrzna notatka o kontroli", datetime.date(2024, 7, 1), user=staff)
    html = client.get(changes_url(qualification)).content.decode()
    assert "Instytut Certyfikujący Alfa" in html
    assert "zawieszono" in html.lower() or "zawieszone" in html.lower()
    assert "funkcjonująca" in html  # the status change that followed the first right
    for private in ("Wewnętrzna notatka", "urzednik.nowak", "Nowak"):
        assert private not in html


def test_drafts_have_no_changes_page_and_bare_ids_redirect(client):
    draft = QualificationFactory(status="draft")
    assert client.get(f"/kwalifikacje/{draft.zrk_id}/zmiany/").status_code == 404
    assert client.get(changes_url(draft)).status_code == 404
    public = QualificationFactory()
    response = client.get(f"/kwalifikacje/{public.zrk_id}/zmiany/")
    assert response.status_code == 301 and response["Location"] == changes_url(public)
    assert client.get("/kwalifikacje/99999999/zmiany/").status_code == 404


def test_a_constant_number_of_queries_whatever_the_number_of_versions(client):
    qualification = published_after_draft()
    institution = OrganisationFactory()
    rights.grant(qualification, institution, decision_date=datetime.date(2024, 6, 1))

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(changes_url(qualification)).status_code == 200
        return len(queries)

    before = count()
    for number in range(6):
        qualification.characteristic_pl = f"Wersja {number} opisu."
        qualification.ministry = None if number % 2 else qualification.ministry
        qualification.save()
    rights.grant(qualification, OrganisationFactory(), decision_date=datetime.date(2024, 6, 2))
    assert count() == before


def test_the_language_switch_leads_to_the_same_changes_page(client):
    qualification = QualificationFactory()
    polish, english = changes_url(qualification), changes_url(qualification, "en")
    for path in (polish, english):
        html = client.get(path).content.decode()
        assert f'<link rel="alternate" hreflang="pl" href="http://testserver{polish}">' in html
        assert f'<link rel="alternate" hreflang="en" href="http://testserver{english}">' in html
