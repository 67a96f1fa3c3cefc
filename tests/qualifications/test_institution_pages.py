"""The public institution list and institution pages, in Polish and English."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from institutions.models import Ministry, Voivodeship
from tests.factories import (
    CertificationRightFactory,
    OrganisationFactory,
    PzzjEntryFactory,
    QualificationFactory,
    right_on_a_draft,
    valid_nip,
)

pytestmark = pytest.mark.django_db


def polish(name, *args):
    """The Polish address of a page (unprefixed: /instytucje/...)."""
    with translation.override("pl"):
        return reverse(name, args=args)


def results(response):
    return [organisation.pk for organisation in response.context["organisations"]]


def facet(response, name, value):
    return next(option for option in response.context["facets"][name] if option["value"] == value)


@pytest.fixture
def register():
    """An IC in Kraków, a PZZJ in Warsaw, an IC whose rights all ended, and an organisation with no role."""
    krakow = OrganisationFactory(
        name_pl="Łódzka Akademia Zawodowa", name_en="", city="Kraków", voivodeship=Voivodeship.objects.get(code="12")
    )
    CertificationRightFactory(institution=krakow, qualification=QualificationFactory(status="functioning"))
    CertificationRightFactory(
        institution=krakow, status="suspended", qualification=QualificationFactory(status="functioning")
    )
    pzzj = OrganisationFactory(name_pl="Instytut Jakości", name_en="Quality Institute", nip=valid_nip(7))
    PzzjEntryFactory(organisation=pzzj)
    former = OrganisationFactory(name_pl="Dawna Szkoła", city="Gdańsk", voivodeship=Voivodeship.objects.get(code="22"))
    CertificationRightFactory(
        institution=former, status="withdrawn", ended_on=datetime.date(2025, 1, 1), qualification=QualificationFactory()
    )
    outsider = OrganisationFactory(name_pl="Firma bez roli")
    return {"krakow": krakow, "pzzj": pzzj, "former": former, "outsider": outsider}


def test_list_in_polish_shows_institutions_with_their_roles_and_counts(client, register):
    response = client.get(polish("institution_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="pl">' in html
    assert html.count("<h1") == 1
    assert set(results(response)) == {register["krakow"].pk, register["pzzj"].pk, register["former"].pk}
    assert "Firma bez roli" not in html
    assert response.context["page_obj"].paginator.count == 3
    row = next(o for o in response.context["organisations"] if o.pk == register["krakow"].pk)
    assert row.certifiable == 1 and row.is_ic and not row.is_pzzj  # the suspended right does not count
    assert f'href="{polish("institution_detail", register["krakow"].pk)}"' in html
    assert "Kraków" in html
    assert "małopolskie" in html


def test_list_in_english_has_english_headings_and_language(client, register):
    response = client.get("/en/institutions/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Certifying institutions and PZZJ bodies</h1>" in html
    assert "Filter institutions" in html
    assert "3 institutions found" in html
    assert "Quality Institute" in html
    # An organisation without an English name shows the Polish one, marked as Polish.
    assert '<span lang="pl">Łódzka Akademia Zawodowa</span>' in html


def test_results_sort_in_polish_order(client, register):
    names = [o.name_pl for o in client.get(polish("institution_list")).context["organisations"]]
    assert names == ["Dawna Szkoła", "Instytut Jakości", "Łódzka Akademia Zawodowa"]


def test_role_filters_and_their_counts(client, register):
    response = client.get(polish("institution_list"), {"role": "ic"})
    assert results(response) == [register["krakow"].pk]
    assert facet(response, "role", "ic")["count"] == 1
    assert facet(response, "role", "pzzj")["count"] == 1
    assert facet(response, "role", "ic")["selected"]
    html = response.content.decode()
    assert 'id="role-ic" checked' in html
    assert response.context["page_obj"].paginator.count == 1

    response = client.get(polish("institution_list"), {"role": "pzzj"})
    assert results(response) == [register["pzzj"].pk]

    response = client.get(polish("institution_list"), {"role": ["ic", "pzzj"]})
    assert set(results(response)) == {register["krakow"].pk, register["pzzj"].pk}


def test_an_expired_pzzj_entry_is_not_a_current_pzzj(client):
    old = OrganisationFactory(name_pl="Stary PZZJ")
    PzzjEntryFactory(organisation=old, decision_date=datetime.date(2010, 1, 1))
    response = client.get(polish("institution_list"), {"role": "pzzj"})
    assert results(response) == []
    assert facet(response, "role", "pzzj")["count"] == 0
    # Still listed without the filter: the body was on the list.
    assert results(client.get(polish("institution_list"))) == [old.pk]


def test_region_filter_and_disjunctive_counts(client, register):
    response = client.get(polish("institution_list"), {"region": "12"})
    assert results(response) == [register["krakow"].pk]
    regions = {option["value"]: option["count"] for option in response.context["facets"]["region"]}
    # Region counts ignore the region filter itself, so other voivodeships can still be added.
    assert regions == {"12": 1, "14": 1, "22": 1}
    # Role counts follow the region filter.
    assert facet(response, "role", "ic")["count"] == 1
    assert facet(response, "role", "pzzj")["count"] == 0
    html = response.content.decode()
    assert re.search(r'id="region-12" checked>\s*<label for="region-12">małopolskie</label>', html)

    response = client.get(polish("institution_list"), {"region": ["12", "22"], "role": "ic"})
    assert results(response) == [register["krakow"].pk]
    regions = {option["value"]: option["count"] for option in response.context["facets"]["region"]}
    assert regions == {"12": 1, "22": 0}  # 22 stays visible because it is selected


def test_each_active_filter_can_be_removed_and_ignored_values_are_dropped(client, register):
    response = client.get("/en/institutions/", {"q": "akademia", "role": "ic", "region": ["12", "xx"]})
    html = response.content.decode()
    assert '<a class="selected-filters__tag" href="/en/institutions/?role=ic&amp;region=12">' in html
    assert "Remove filter: search “akademia”" in html
    assert '<a class="selected-filters__tag" href="/en/institutions/?q=akademia&amp;region=12">' in html
    assert "Remove filter: certifying institutions" in html
    assert '<a class="selected-filters__tag" href="/en/institutions/?q=akademia&amp;role=ic">' in html
    assert "Remove filter: Małopolskie" in html


def test_search_by_name_ignores_case_and_diacritics(client, register):
    for query in ("lodzka akademia", "ŁÓDZKA", "akademia łódzka", "krakow"):
        assert results(client.get(polish("institution_list"), {"q": query})) == [register["krakow"].pk], query
    assert results(client.get(polish("institution_list"), {"q": "quality"})) == [register["pzzj"].pk]
    response = client.get("/en/institutions/", {"q": "nic takiego"})
    assert results(response) == []
    html = response.content.decode()
    assert "0 institutions found" in html
    assert "No institution matches your search." in html


@pytest.mark.parametrize(
    "typed",
    [
        lambda nip: nip,
        lambda nip: f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}",
        lambda nip: f" {nip[:3]}-{nip[3:5]}-{nip[5:7]}-{nip[7:]} ",
        lambda nip: f"{nip[:3]} {nip[3:6]} {nip[6:]}",
    ],
    ids=["plain", "dashes-3-3-2-2", "dashes-3-2-2-3", "spaces"],
)
def test_search_by_nip_with_or_without_dashes(client, register, typed):
    response = client.get(polish("institution_list"), {"q": typed(register["pzzj"].nip)})
    assert results(response) == [register["pzzj"].pk]


def test_search_keeps_filters_and_counts_follow_the_search(client, register):
    response = client.get(polish("institution_list"), {"q": "akademia", "role": "ic"})
    assert results(response) == [register["krakow"].pk]
    assert facet(response, "role", "pzzj")["count"] == 0
    html = response.content.decode()
    assert '<input type="hidden" name="role" value="ic">' in html
    assert '<input type="hidden" name="q" value="akademia">' in html


def test_pagination_keeps_filters(client):
    qualification = QualificationFactory(status="functioning")
    for n in range(25):
        CertificationRightFactory(
            institution=OrganisationFactory(name_pl=f"Instytucja {n:02d}"), qualification=qualification
        )
    response = client.get(polish("institution_list"), {"role": "ic"})
    assert len(results(response)) == 20
    html = response.content.decode()
    assert 'href="?role=ic&amp;page=2"' in html
    second = client.get("/en/institutions/", {"role": "ic", "page": "2"})
    assert len(results(second)) == 5
    assert "25 institutions found" in second.content.decode()
    assert 'href="?role=ic&amp;page=1"' in second.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"region": "xx", "page": "abc", "role": "bogus"},
        {"page": "99999"},
        {"page": "-1"},
        {"q": "a\x00b"},
        {"q": "x" * 5000},
        {"region": "99"},
        {"q": "%_\\'\""},
    ],
)
def test_bad_parameters_never_crash(client, register, params):
    response = client.get(polish("institution_list"), params)
    assert response.status_code == 200


def test_bad_filter_values_are_reported_and_ignored(client, register):
    response = client.get(polish("institution_list"), {"region": "xx", "page": "abc", "role": "bogus"})
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "bogus" in html and "xx" in html
    assert 'href="#filter-role"' in html and 'href="#filter-region"' in html
    assert len(results(response)) == 3  # the filters were ignored, page 1 shown


def test_english_error_messages(client, register):
    html = client.get("/en/institutions/", {"role": "bogus"}).content.decode()
    assert "There is a problem" in html
    assert "“bogus” is not a role you can filter by; it was ignored." in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_query_count_does_not_grow_with_rows(client):
    qualification = QualificationFactory(status="functioning")

    def add(count):
        for _ in range(count):
            organisation = OrganisationFactory()
            CertificationRightFactory(institution=organisation, qualification=qualification)
            PzzjEntryFactory(organisation=OrganisationFactory())

    add(5)  # 10 organisations
    small = _queries(client, polish("institution_list"))
    add(20)  # 50 organisations, 20 on the page
    assert _queries(client, polish("institution_list")) == small
    assert _queries(client, polish("institution_list") + "?role=ic&region=14&q=test") == small


def test_detail_query_count_does_not_grow_with_rights(client):
    institution = OrganisationFactory()
    pzzj = OrganisationFactory()
    entry = PzzjEntryFactory(organisation=pzzj)
    entry.ministries.set(Ministry.objects.all()[:3])

    def add(count):
        for _ in range(count):
            CertificationRightFactory(institution=institution, pzzj=pzzj)
            CertificationRightFactory(institution=institution, status="expired", ended_on=datetime.date(2025, 1, 1))

    add(5)
    small_ic, small_pzzj = (
        _queries(client, polish("institution_detail", institution.pk)),
        _queries(client, polish("institution_detail", pzzj.pk)),
    )
    add(20)
    assert _queries(client, polish("institution_detail", institution.pk)) == small_ic
    assert _queries(client, polish("institution_detail", pzzj.pk)) == small_pzzj


def test_institution_page_shows_details_and_current_rights_first(client):
    organisation = OrganisationFactory(
        name_pl="Centrum Certyfikacji",
        name_en="Certification Centre",
        short_name="CC",
        legal_form="foundation",
        nip=valid_nip(3),
        regon="123456785",
        krs="0000123456",
        street="ul. Prosta 1",
        postal_code="00-950",
        city="Warszawa",
        website="https://example.org/",
        email="biuro@example.org",
        phone="+48 22 123 45 67",
    )
    current = CertificationRightFactory(
        institution=organisation,
        decision_date=datetime.date(2022, 5, 4),
        qualification=QualificationFactory(name_pl="Obsługa wózków", status="functioning"),
    )
    CertificationRightFactory(
        institution=organisation,
        status="withdrawn",
        decision_date=datetime.date(2019, 1, 2),
        ended_on=datetime.date(2023, 3, 31),
        qualification=QualificationFactory(name_pl="Stara kwalifikacja"),
    )
    right_on_a_draft(QualificationFactory(name_pl="Szkic", status="draft"), institution=organisation)

    response = client.get(polish("institution_detail", organisation.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "<h1>Centrum Certyfikacji</h1>" in html
    for text in (
        "CC",
        "fundacja",
        "ul. Prosta 1",
        "00-950 Warszawa",
        "mazowieckie",
        organisation.nip,
        "123456785",
        "0000123456",
        "https://example.org/",
        "mailto:biuro@example.org",
        "+48 22 123 45 67",
    ):
        assert text in html, text
    q = current.qualification
    assert f'href="{polish("qualification_detail", q.zrk_id, q.slug)}"' in html
    assert html.index("Obsługa wózków") < html.index('id="history-heading"') < html.index("Stara kwalifikacja")
    assert 'class="tag tag--active">aktywne' in html
    assert 'class="tag tag--withdrawn"' in html
    assert "4 maja 2022" in html
    assert "31 marca 2023" in html
    assert "Szkic" not in html  # drafts are not public
    assert 'class="breadcrumbs"' in html
    assert f'<a href="{polish("institution_list")}">' in html
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html


def test_institution_page_in_english(client):
    organisation = OrganisationFactory(name_pl="Centrum Certyfikacji", name_en="Certification Centre")
    CertificationRightFactory(institution=organisation, qualification=QualificationFactory(status="functioning"))
    response = client.get(f"/en/institutions/{organisation.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "<h1>Certification Centre</h1>" in html
    assert "Qualifications it may certify" in html
    assert "Status of the right" in html
    assert "Mazowieckie voivodeship" in html
    assert "/en/qualifications/" in html


def test_pzzj_page_shows_its_entries_groups_and_assignments(client):
    pzzj = OrganisationFactory(name_pl="Instytut Jakości")
    entry = PzzjEntryFactory(organisation=pzzj, decision_date=datetime.date(2022, 10, 3), decision_number="DZ/1/2022")
    ministry = Ministry.objects.exclude(department_pl="").first()
    entry.ministries.add(ministry)
    institution = OrganisationFactory(name_pl="Szkoła Rzemiosła")
    right = CertificationRightFactory(
        institution=institution, pzzj=pzzj, qualification=QualificationFactory(name_pl="Piekarz", status="functioning")
    )
    html = client.get(polish("institution_detail", pzzj.pk)).content.decode()
    assert 'id="pzzj-heading"' in html
    assert "3 października 2022" in html
    assert "3 października 2028" in html  # six years
    assert "DZ/1/2022" in html
    assert ministry.name_pl in html and ministry.department_pl in html
    assert "Szkoła Rzemiosła" in html and "Piekarz" in html
    assert f'href="{polish("institution_detail", institution.pk)}"' in html
    assert f'href="{polish("qualification_detail", right.qualification.zrk_id, right.qualification.slug)}"' in html
    english = client.get(f"/en/institutions/{pzzj.pk}/").content.decode()
    assert "Entries on the PZZJ list" in english
    assert ministry.name_en in english


def test_unknown_or_non_public_institution_is_404(client):
    assert client.get(polish("institution_detail", 999999)).status_code == 404
    assert client.get("/en/institutions/999999/").status_code == 404
    outsider = OrganisationFactory()
    assert client.get(polish("institution_detail", outsider.pk)).status_code == 404


def test_applicant_of_a_public_qualification_has_a_page(client):
    applicant = OrganisationFactory(name_pl="Wnioskodawca")
    QualificationFactory(applicant=applicant, status="included")
    assert client.get(polish("institution_detail", applicant.pk)).status_code == 200
    response = client.get(f"/en/institutions/{applicant.pk}/")
    assert "No current role in the system." in response.content.decode()


def test_demo_register_pages_render(client, demo_register):
    response = client.get(polish("institution_list"))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count > 0
    for organisation in response.context["organisations"]:
        assert client.get(polish("institution_detail", organisation.pk)).status_code == 200
    assert client.get("/en/institutions/", {"role": "pzzj"}).status_code == 200
