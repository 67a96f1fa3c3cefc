"""The qualification page, through the HTTP client."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from institutions.models import Voivodeship
from tests.factories import (
    CertificationRightFactory,
    LearningOutcomeFactory,
    LearningOutcomeSetFactory,
    OrganisationFactory,
    QualificationFactory,
    VerificationCriterionFactory,
)

pytestmark = pytest.mark.django_db


def page_url(qualification, language="pl"):
    prefix = "/kwalifikacje" if language == "pl" else "/en/qualifications"
    return f"{prefix}/{qualification.zrk_id}-{qualification.slug}/"


def test_bare_id_and_stale_slug_redirect_permanently_to_the_canonical_address(client, roles):
    qualification = QualificationFactory(name_pl="Obsługa procesów księgowych")
    assert qualification.slug == "obsluga-procesow-ksiegowych"
    response = client.get(f"/kwalifikacje/{qualification.zrk_id}/")
    assert response.status_code == 301
    assert response["Location"] == page_url(qualification)
    response = client.get(f"/kwalifikacje/{qualification.zrk_id}-stara-nazwa/?region=14")
    assert response.status_code == 301
    assert response["Location"] == page_url(qualification) + "?region=14"


def test_unknown_and_draft_qualifications_are_not_found(client, roles):
    draft = QualificationFactory(status="draft")
    assert client.get(f"/kwalifikacje/{draft.zrk_id}/").status_code == 404
    assert client.get("/kwalifikacje/987654321/").status_code == 404
    assert client.get("/en/qualifications/987654321-x/").status_code == 404


def test_summary_shows_the_key_facts(client, roles):
    qualification = QualificationFactory(
        name_pl="Piekarz - dyplom mistrzowski",
        mp_year=2020,
        mp_position=997,
        mp_date="2020-10-01",
        included_on="2020-10-23",
        workload_hours=1200,
        validity_months=60,
        document_name_pl="Dyplom mistrzowski",
    )
    html = client.get(page_url(qualification)).content.decode()
    assert html.count("<h1") == 1
    assert '<a href="/poziomy-prk/4/">poziom 4 PRK</a> = poziom 4 ERK' in html
    assert "M.P. 2020 poz. 997" in html
    assert "23 października 2020" in html
    assert "1200 godzin" in html
    assert "ważny 5 lat" in html
    assert "Dyplom mistrzowski" in html
    assert 'class="tag tag--included">włączona</span>' in html


def test_a_record_with_only_its_name_still_renders(client, roles):
    qualification = QualificationFactory(characteristic_pl="", prk_level=None, ministry=None, category="regulated")
    html = client.get(page_url(qualification)).content.decode()
    assert "nieprzypisany" in html
    # A regulated qualification is awarded as its act lays down, not by certifying institutions.
    assert "Podmiot wskazany w przepisach regulujących tę kwalifikację." in html
    assert "Żadna instytucja nie może jeszcze nadawać tej kwalifikacji" not in html


def test_outcomes_are_listed_set_by_set_with_their_criteria_in_order(client, roles):
    qualification = QualificationFactory()
    first_set = LearningOutcomeSetFactory(qualification=qualification, position=1, name_pl="Zestaw pierwszy")
    second_set = LearningOutcomeSetFactory(qualification=qualification, position=2, name_pl="Zestaw drugi")
    outcome = LearningOutcomeFactory(outcome_set=first_set, position=1, text_pl="Rozpoznaje surowce")
    VerificationCriterionFactory(outcome=outcome, position=2, text_pl="ocenia jakość mąki")
    VerificationCriterionFactory(outcome=outcome, position=1, text_pl="omawia właściwości mąki")
    LearningOutcomeFactory(outcome_set=second_set, position=1, text_pl="Wypieka chleb")
    html = client.get(page_url(qualification)).content.decode()
    assert 'href="#set-2"' in html  # table of contents for several sets
    section = html[html.index('<section aria-labelledby="outcomes"') :]
    texts = ("Zestaw pierwszy", "Rozpoznaje surowce", "omawia właściwości", "ocenia jakość", "Zestaw drugi", "Wypieka")
    order = [section.index(text) for text in texts]
    assert order == sorted(order)


def test_institutions_are_listed_with_region_and_pzzj_and_filter_by_region(client, roles):
    qualification = QualificationFactory(status="functioning")
    krakow = OrganisationFactory(name_pl="Cech Krakowski (demo)", voivodeship=Voivodeship.objects.get(code="12"))
    warszawa = OrganisationFactory(name_pl="Cech Warszawski (demo)")
    pzzj = OrganisationFactory(name_pl="Instytut Jakości (demo)")
    CertificationRightFactory(qualification=qualification, institution=krakow, pzzj=pzzj)
    CertificationRightFactory(qualification=qualification, institution=warszawa)
    CertificationRightFactory(
        qualification=qualification,
        institution=OrganisationFactory(name_pl="Dawny Cech (demo)"),
        status="withdrawn",
        ended_on="2025-03-01",
    )
    html = client.get(page_url(qualification)).content.decode()
    assert "Cech Krakowski (demo)" in html and "Cech Warszawski (demo)" in html
    assert "Instytut Jakości (demo)" in html
    assert "od 15 stycznia 2024" in html
    assert "1 dawna instytucja certyfikująca" in html
    html = client.get(page_url(qualification), {"region": "12"}).content.decode()
    table = html[html.index("<table") : html.index("</table>")]
    assert "Cech Krakowski (demo)" in table and "Cech Warszawski (demo)" not in table
    html = client.get(page_url(qualification), {"region": "<zz>"}).content.decode()
    table = html[html.index("<table") : html.index("</table>")]
    assert "Cech Warszawski (demo)" in table


def test_back_link_keeps_the_search_and_nothing_else(client, roles):
    qualification = QualificationFactory()
    response = client.get(page_url(qualification), {"back": "q=piekarz&level=5&evil=%22%3E%3Cscript%3E"})
    html = response.content.decode()
    assert 'href="/kwalifikacje/?q=piekarz&amp;level=5">Wróć do wyników wyszukiwania' in html
    back_links = re.findall(r'href="(/kwalifikacje/\?[^"]*)"', html)
    assert back_links and all("evil" not in link for link in back_links)
    assert "<script>" not in html
    html = client.get(page_url(qualification), {"back": "javascript:alert(1)"}).content.decode()
    assert "javascript:" not in html


def test_last_updated_comes_from_history(client, operator):
    qualification = QualificationFactory()
    qualification.name_en = "Renamed"
    qualification.save()
    latest = qualification.history.order_by("-history_date").first().history_date
    html = client.get(page_url(qualification)).content.decode()
    assert f'datetime="{latest.isoformat()}' in html or latest.strftime("%Y-%m-%d") in html


def test_canonical_link_and_language_alternates(client, roles):
    qualification = QualificationFactory()
    html = client.get(page_url(qualification), {"back": "q=x"}).content.decode()
    assert f'<link rel="canonical" href="http://testserver{page_url(qualification)}">' in html
    assert f'hreflang="en" href="http://testserver{page_url(qualification, "en")}' in html
    english = client.get(page_url(qualification, "en")).content.decode()
    assert '<html lang="en">' in english


def test_english_page_marks_polish_only_prose(client, roles):
    qualification = QualificationFactory(
        name_en="Stove fitter", characteristic_en="", characteristic_pl="Buduje piece."
    )
    LearningOutcomeFactory(outcome_set__qualification=qualification, text_pl="Stawia piec kaflowy", text_en="")
    html = client.get(page_url(qualification, "en")).content.decode()
    assert "<h1" in html and "Stove fitter" in html
    assert (
        '<p class="lang-note">This text is available in Polish only.</p><div lang="pl"><p>Buduje piece.</p></div>'
        in html
    )
    assert 'class="outcome-set" aria-labelledby="set-1" lang="pl"' in html
    assert "This set of learning outcomes is available in Polish only." in html


def test_prose_is_escaped(client, roles):
    qualification = QualificationFactory(characteristic_pl='<img src=x onerror="alert(1)">')
    html = client.get(page_url(qualification)).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html


def _qualification_with(n: int):
    qualification = QualificationFactory(status="functioning")
    pzzj = OrganisationFactory()
    for i in range(n):
        outcome = LearningOutcomeFactory(outcome_set__qualification=qualification, position=i + 1)
        VerificationCriterionFactory(outcome=outcome)
        CertificationRightFactory(qualification=qualification, pzzj=pzzj)
    return qualification


def test_query_count_does_not_grow_with_outcomes_and_institutions(client, roles):
    small, large = _qualification_with(2), _qualification_with(20)
    with CaptureQueriesContext(connection) as few:
        client.get(page_url(small))
    with CaptureQueriesContext(connection) as many:
        html = client.get(page_url(large)).content.decode()
    assert len(re.findall(r'class="outcome"', html)) == 20
    assert len(few.captured_queries) == len(many.captured_queries) <= 10
