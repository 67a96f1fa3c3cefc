"""Comparing qualifications (/kwalifikacje/porownaj/, /en/qualifications/compare/): chosen from the
search results or a qualification's page, differences first, fields chosen by the reader, a
shareable address, and never a draft or a server error whatever the address says."""

import re

import pytest

from institutions.models import Ministry
from qualifications.models import PrkLevel
from tests.factories import CertificationRightFactory, QualificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def baker():
    return QualificationFactory(
        name_pl="Piekarz", name_en="Baker", code="TEST-PIEK", workload_hours=120, validity_indefinite=True
    )


@pytest.fixture
def confectioner():
    return QualificationFactory(
        name_pl="Cukiernik",
        name_en="",
        code="TEST-CUK",
        prk_level=PrkLevel.objects.get(level=5),
        workload_hours=120,
        validity_months=60,
        ministry=Ministry.objects.get(code="msit"),
    )


def _section(html: str, table_id: str) -> str:
    start = html.index(f'id="compare-{table_id}"')
    return html[start : html.index("</table>", start)]


def _row_labels(section: str) -> list[str]:
    return re.findall(r'<th scope="row">([^<]+)</th>', section)


def test_differences_first_then_what_is_the_same(client, baker, confectioner):
    CertificationRightFactory(qualification=baker)
    response = client.get(f"/kwalifikacje/porownaj/?id={baker.zrk_id}&id={confectioner.zrk_id}")
    assert response.status_code == 200
    html = response.content.decode()
    differences, same = _section(html, "differences"), _section(html, "same")
    assert html.index('id="compare-differences"') < html.index('id="compare-same"')
    assert _row_labels(differences) == [
        "Poziom PRK",
        "Minister właściwy",
        "Instytucje certyfikujące",
        "Ważność dokumentu",
    ] or {"Poziom PRK", "Minister właściwy", "Ważność dokumentu"} <= set(_row_labels(differences))
    assert "Orientacyjny nakład pracy" in _row_labels(same)  # 120 hours each
    assert "Kod" in _row_labels(differences)
    # Columns in the order of the address, each linking to the qualification's page.
    assert html.index("Piekarz") < html.index("Cukiernik")
    assert f'href="/kwalifikacje/{baker.zrk_id}-piekarz/"' in html
    assert "ważny bezterminowo" in differences and "ważny 5 lat" in differences
    assert "poziom 5 PRK" in differences


def test_english_page_marks_polish_only_text(client, baker, confectioner):
    html = client.get(f"/en/qualifications/compare/?id={baker.zrk_id}&id={confectioner.zrk_id}").content.decode()
    assert "What differs" in html and "Baker" in html
    assert '<span lang="pl">Cukiernik</span>' in html


def test_reader_chooses_the_fields(client, baker, confectioner):
    html = client.get(
        f"/en/qualifications/compare/?id={baker.zrk_id}&id={confectioner.zrk_id}&field=workload&field=level"
    ).content.decode()
    rows = _row_labels(html)
    assert rows == ["PRK level", "Indicative workload"]
    # The choices are kept in the form, ready to change.
    assert 'id="field-level" checked' in html and 'id="field-status">' in html
    # Removing a qualification keeps the chosen fields.
    assert f"?id={confectioner.zrk_id}&amp;field=level&amp;field=workload" in html


def test_shareable_address_and_links_from_search_and_qualification_pages(client, baker, confectioner):
    html = client.get(f"/kwalifikacje/porownaj/?id={baker.zrk_id}&id={confectioner.zrk_id}").content.decode()
    assert f"http://testserver/kwalifikacje/porownaj/?id={baker.zrk_id}&amp;id={confectioner.zrk_id}" in html or (
        f"/kwalifikacje/porownaj/?id={baker.zrk_id}&amp;id={confectioner.zrk_id}</a>" in html
    )
    search = client.get("/kwalifikacje/").content.decode()
    assert '<form id="compare-form" method="get" action="/kwalifikacje/porownaj/">' in search
    assert f'name="id" value="{baker.zrk_id}" id="compare-{baker.zrk_id}" form="compare-form"' in search
    assert 'type="submit" form="compare-form"' in search
    detail = client.get(f"/kwalifikacje/{baker.zrk_id}-piekarz/").content.decode()
    assert f'href="/kwalifikacje/porownaj/?id={baker.zrk_id}">Dodaj do porównania</a>' in detail


def test_adding_by_number_or_code_redirects_to_the_comparison(client, baker, confectioner):
    response = client.get(f"/kwalifikacje/porownaj/?id={baker.zrk_id}&add=test-cuk")
    assert response.status_code == 302
    assert response["Location"] == f"/kwalifikacje/porownaj/?id={baker.zrk_id}&id={confectioner.zrk_id}"
    response = client.get(f"/en/qualifications/compare/?add={baker.zrk_id}")
    assert response["Location"] == f"/en/qualifications/compare/?id={baker.zrk_id}"
    response = client.get(f"/kwalifikacje/porownaj/?id={baker.zrk_id}&add=nie-ma-takiej")
    assert response.status_code == 200
    assert "Żadna publiczna kwalifikacja nie ma numeru ani kodu „nie-ma-takiej”." in response.content.decode()


def test_at_most_four_with_a_clear_message(client):
    ids = [QualificationFactory().zrk_id for _ in range(5)]
    query = "&".join(f"id={zrk_id}" for zrk_id in ids)
    html = client.get(f"/en/qualifications/compare/?{query}").content.decode()
    assert f"You can compare up to 4 qualifications at a time; qualification {ids[4]} was left out." in html
    assert html.count('<th scope="col">') == 4 * 2  # four columns in each table
    assert 'name="add"' not in html  # full: nothing more can be added
    response = client.get(f"/en/qualifications/compare/?id={ids[0]}&id={ids[1]}&id={ids[2]}&id={ids[3]}&add={ids[4]}")
    assert (
        response.status_code == 200 and "You can compare up to 4 qualifications at a time." in response.content.decode()
    )


def test_drafts_are_never_shown(client, baker):
    draft = QualificationFactory(status="draft", name_pl="Projekt tajny", code="DRAFT-1")
    html = client.get(f"/kwalifikacje/porownaj/?id={baker.zrk_id}&id={draft.zrk_id}").content.decode()
    assert "Projekt tajny" not in html and "DRAFT-1" not in html
    assert f"Żadna publiczna kwalifikacja nie ma numeru {draft.zrk_id} – pominięto go." in html
    response = client.get(f"/kwalifikacje/porownaj/?id={baker.zrk_id}&add=DRAFT-1")
    assert response.status_code == 200 and "Projekt tajny" not in response.content.decode()
    response = client.get(f"/kwalifikacje/porownaj/?add={draft.zrk_id}")
    assert response.status_code == 200 and "Projekt tajny" not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "id=abc",
        "id=-1",
        "id=0",
        "id=99999999999999999999",
        "id=" + "9" * 5000,
        "id=%00",
        "id=1%0A",
        "id=%EF%BC%91",  # a full-width digit
        "field=<script>",
        "field=level&field=level",
        "add=" + "x" * 5000,
        "add=%00",
        "id=1&id=1&id=1",
        "id=",
    ],
)
def test_hostile_parameters_are_reported_not_failed(client, baker, query):
    for path in ("/kwalifikacje/porownaj/", "/en/qualifications/compare/"):
        response = client.get(f"{path}?{query}")
        assert response.status_code in (200, 302), query
        if response.status_code == 200:
            html = response.content.decode()
            assert "<script>" not in html
            summary = html[html.find("error-summary") : html.find("</ul>", html.find("error-summary"))]
            assert "x" * 100 not in summary


def test_no_selection_explains_how_to_choose(client):
    html = client.get("/en/qualifications/compare/").content.decode()
    assert "Choose up to 4 qualifications" in html and 'href="/en/qualifications/"' in html
    assert "<table" not in html


def test_language_switch_leads_to_the_same_comparison(client, baker, confectioner):
    html = client.get(f"/kwalifikacje/porownaj/?id={baker.zrk_id}&id={confectioner.zrk_id}").content.decode()
    assert f'hreflang="en" href="http://testserver/en/qualifications/compare/?id={baker.zrk_id}' in html or (
        "/en/qualifications/compare/?id=" in html
    )


def test_comparison_is_cached_and_refreshed(client, baker, confectioner):
    address = f"/kwalifikacje/porownaj/?id={baker.zrk_id}&id={confectioner.zrk_id}"
    client.get(address)
    assert client.get(address)["X-Cache"] == "hit"
    baker.name_pl = "Piekarz mistrz"
    baker.save()
    assert "Piekarz mistrz" in client.get(address).content.decode()


def test_a_cached_comparison_does_not_hide_a_message(client, baker, confectioner):
    address = f"/en/qualifications/compare/?id={baker.zrk_id}&id={confectioner.zrk_id}"
    client.get(address)
    assert client.get(address)["X-Cache"] == "hit"
    html = client.get(f"{address}&id=abc&field=colour").content.decode()
    assert "“abc” is not a qualification number; it was left out." in html
    assert "“colour” is not a field that can be compared." in html
