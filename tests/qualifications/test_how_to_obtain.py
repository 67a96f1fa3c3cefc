"""The qualification page says how to obtain the qualification by its awarding route, in both
languages, and never speaks of certifying institutions where none award it."""

import datetime
from decimal import Decimal

import pytest

from qualifications.models import Category, QuarterlyReport
from qualifications.routes import ROUTES, awarding_route
from tests.factories import CertificationRightFactory, QualificationFactory

pytestmark = pytest.mark.django_db

NO_INSTITUTION_PL = "Żadna instytucja nie może jeszcze nadawać tej kwalifikacji"
NO_INSTITUTION_EN = "No institution may award this qualification yet"


def page(client, qualification, language):
    prefix = "/kwalifikacje" if language == "pl" else "/en/qualifications"
    response = client.get(f"{prefix}/{qualification.zrk_id}-{qualification.slug}/")
    assert response.status_code == 200
    # The page's own content: the site footer links the certification check on every page.
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def how_to_obtain(html):
    start = html.index('<section aria-labelledby="how-to-obtain"')
    return html[start : html.index("</section>", start)]


def test_every_category_has_a_route():
    assert set(ROUTES) == set(Category.values)
    assert awarding_route("no-such-category") is ROUTES[Category.FREE_MARKET]


def test_free_market_route_goes_through_certifying_institutions_with_the_fee(client, roles):
    qualification = QualificationFactory(
        category=Category.FREE_MARKET, document_name_pl="Certyfikat", document_name_en="Certificate", validity_months=60
    )
    right = CertificationRightFactory(qualification=qualification, institution__name_pl="Centrum Egzaminacyjne")
    QuarterlyReport.objects.create(
        right=right, year=2025, quarter=4, documents_issued=10, average_fee=Decimal("1200"), revenue=Decimal("12000")
    )
    html = page(client, qualification, "pl")
    block = how_to_obtain(html)
    assert "Jak ją uzyskać" in block and "zgłoś się do walidacji" in block
    assert "Instytucje certyfikujące, którym właściwy minister nadał uprawnienia do certyfikowania." in block
    assert "Certyfikat; ważny 5 lat" in block
    assert "średnio 1\xa0200,00 zł" in block
    assert "Centrum Egzaminacyjne" in html  # the institutions follow the block
    assert 'href="#how-to-obtain"' in html and 'href="#institutions"' in html

    block = how_to_obtain(page(client, qualification, "en"))
    assert "How to obtain it" in block and "apply for validation" in block
    assert "Certificate; valid for 5 years" in block
    assert "on average 1,200.00 zł" in block


def test_market_route_without_institutions_says_it_cannot_be_obtained_yet(client, roles):
    qualification = QualificationFactory(category=Category.MARKET, status="included")
    html = page(client, qualification, "pl")
    block = how_to_obtain(html)
    assert "na razie nie można jej uzyskać" in block
    assert "Każda instytucja certyfikująca sama ustala opłatę" in block
    assert "Certyfikat" in block  # the category's document when the record names none
    assert NO_INSTITUTION_PL in html
    assert "nie można jej uzyskać" not in how_to_obtain(page(client, qualification, "en"))
    assert "cannot be obtained at the moment" in how_to_obtain(page(client, qualification, "en"))


def test_sectoral_route(client, roles):
    qualification = QualificationFactory(category=Category.SECTORAL)
    block = how_to_obtain(page(client, qualification, "pl"))
    assert "działające w danym sektorze" in block and "Certyfikat kwalifikacji sektorowej" in block
    block = how_to_obtain(page(client, qualification, "en"))
    assert "active in the sector" in block and "Sectoral qualification certificate" in block


def test_craft_route_names_the_craft_chambers_and_keeps_the_institutions(client, roles):
    qualification = QualificationFactory(
        category=Category.CRAFT,
        name_pl="Piekarz - dyplom mistrzowski",
        document_name_pl="Dyplom mistrzowski",
        validity_indefinite=True,
    )
    CertificationRightFactory(qualification=qualification, institution__name_pl="Izba Testowa")
    html = page(client, qualification, "pl")
    block = how_to_obtain(html)
    assert "izby rzemieślnicze" in block and "ustawy z dnia 22 marca 1989 r. o rzemiośle" in block
    assert "egzamin czeladniczy lub mistrzowski" in block
    assert "Dyplom mistrzowski; ważny bezterminowo" in block
    assert "Izba Testowa" in html
    block = how_to_obtain(page(client, qualification, "en"))
    assert "craft chambers" in block and "Crafts Act of 22 March 1989" in block


def test_vocational_route_is_the_vocational_exam_and_never_certification_rights(client, roles):
    qualification = QualificationFactory(
        category=Category.VOCATIONAL, symbol="FRK.01", ministry=None, prk_level=None, status="included"
    )
    html = page(client, qualification, "pl")
    block = how_to_obtain(html)
    assert "Okręgowe komisje egzaminacyjne (OKE), w drodze egzaminu zawodowego." in block
    assert "Certyfikat kwalifikacji zawodowej" in block
    assert "dyplom zawodowy" in block
    assert "Opłata" not in block
    for wrong in (NO_INSTITUTION_PL, "uprawnienia do certyfikowania", 'id="institutions"', "jeszcze nadawać"):
        assert wrong not in html
    assert "Kto ją nadaje, opisano w części „Jak ją uzyskać”." in html  # the status explanation

    html = page(client, qualification, "en")
    block = how_to_obtain(html)
    assert "district examination boards" in block and "vocational examination" in block
    for wrong in (NO_INSTITUTION_EN, "grants certification rights", 'id="institutions"', "may award it yet"):
        assert wrong not in html


def test_higher_education_route(client, roles):
    qualification = QualificationFactory(category=Category.HIGHER_EDUCATION, type="full", ministry=None)
    html = page(client, qualification, "pl")
    assert "Uczelnia wydaje dyplom ukończenia studiów." in how_to_obtain(html)
    assert NO_INSTITUTION_PL not in html and 'id="institutions"' not in html
    html = page(client, qualification, "en")
    assert "The university issues the higher-education diploma." in how_to_obtain(html)
    assert NO_INSTITUTION_EN not in html


def test_postgraduate_route(client, roles):
    qualification = QualificationFactory(category=Category.POSTGRADUATE, ministry=None)
    html = page(client, qualification, "pl")
    assert "świadectwo ukończenia studiów podyplomowych" in how_to_obtain(html)
    assert NO_INSTITUTION_PL not in html
    html = page(client, qualification, "en")
    assert "certificate of completion of postgraduate studies" in how_to_obtain(html)
    assert NO_INSTITUTION_EN not in html


def test_regulated_route_follows_its_act(client, roles):
    qualification = QualificationFactory(category=Category.REGULATED, document_name_pl="Świadectwo kwalifikacji")
    html = page(client, qualification, "pl")
    block = how_to_obtain(html)
    assert "Podmiot wskazany w przepisach regulujących tę kwalifikację." in block
    assert "Świadectwo kwalifikacji" in block
    assert NO_INSTITUTION_PL not in html
    html = page(client, qualification, "en")
    assert "The body named in the legislation that regulates the qualification." in how_to_obtain(html)
    assert NO_INSTITUTION_EN not in html


def test_general_education_route(client, roles):
    qualification = QualificationFactory(category=Category.GENERAL_EDUCATION, type="full", ministry=None)
    html = page(client, qualification, "pl")
    block = how_to_obtain(html)
    assert "świadectwo dojrzałości" in block and "Szkoły" in block
    assert NO_INSTITUTION_PL not in html
    html = page(client, qualification, "en")
    assert "matura certificate" in how_to_obtain(html)
    assert NO_INSTITUTION_EN not in html


def test_a_vocational_record_with_a_stray_right_still_lists_no_institution(client, roles):
    """Data entered by mistake must not bring the certification message back on a vocational page."""
    qualification = QualificationFactory(category=Category.VOCATIONAL, ministry=None, status="included")
    CertificationRightFactory(
        qualification=qualification, institution__name_pl="Omyłkowa Instytucja", decision_date=datetime.date(2024, 1, 1)
    )
    html = page(client, qualification, "pl")
    assert "Omyłkowa Instytucja" not in html and 'id="institutions"' not in html


def test_api_detail_names_the_awarding_route_in_the_language_asked_for(client, roles):
    vocational = QualificationFactory(category=Category.VOCATIONAL, ministry=None)
    market = QualificationFactory(category=Category.FREE_MARKET)
    body = client.get(f"/api/v1/qualifications/{vocational.zrk_id}/", {"lang": "en"}).json()
    assert body["awarding_route"]["code"] == "vocational_exam"
    assert body["awarding_route"]["certifying_institutions"] is False
    assert "district examination boards" in body["awarding_route"]["awarded_by"]
    body = client.get(f"/api/v1/qualifications/{vocational.zrk_id}/").json()
    assert body["awarding_route"]["awarded_by"].startswith("Okręgowe komisje egzaminacyjne")
    body = client.get(f"/api/v1/qualifications/{market.zrk_id}/").json()
    assert body["awarding_route"]["code"] == "certifying_institution"
    assert body["awarding_route"]["certifying_institutions"] is True
    assert len(body["awarding_route"]["steps"]) == 4


def test_search_results_count_certifying_institutions_only_where_they_award_it(client, roles):
    QualificationFactory(category=Category.VOCATIONAL, name_pl="Wykonywanie usług fryzjerskich", ministry=None)
    QualificationFactory(category=Category.FREE_MARKET, name_pl="Obsługa procesów księgowych")

    def result(html, name):
        start = html.index(name)
        return html[start : html.index("</li>", start)]

    html = client.get("/kwalifikacje/").content.decode()
    assert "Instytucje certyfikujące" not in result(html, "Wykonywanie usług fryzjerskich")
    assert "Instytucje certyfikujące" in result(html, "Obsługa procesów księgowych")


def test_an_archived_record_says_it_is_no_longer_awarded_instead_of_giving_steps(client, roles):
    qualification = QualificationFactory(category=Category.VOCATIONAL, status="archived", ministry=None)
    block = how_to_obtain(page(client, qualification, "pl"))
    assert "nie jest już nadawana" in block
    assert "Zgłoś się na egzamin" not in block and "Kto ją nadaje" not in block
    block = how_to_obtain(page(client, qualification, "en"))
    assert "no longer awarded" in block and "Register for the vocational examination" not in block


def test_a_suspended_record_says_awarding_is_suspended(client, roles):
    qualification = QualificationFactory(category=Category.MARKET, status="suspended")
    block = how_to_obtain(page(client, qualification, "pl"))
    assert "czasowo wstrzymane" in block and "zgłoś się do walidacji" not in block
    assert "temporarily suspended" in how_to_obtain(page(client, qualification, "en"))
