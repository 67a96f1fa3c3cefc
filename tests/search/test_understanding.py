"""Query understanding: levels, categories and codes typed in the search box become filters, shown
as removable chips, with the rest of the query searched as text; the API reads queries the same way."""

import html
import re

import pytest
from django.http import QueryDict

from qualifications.search.understanding import find_codes, rewrite, understand

pytestmark = pytest.mark.django_db

SEARCH = "/kwalifikacje/"


def chips(response) -> list[str]:
    html = response.content.decode()
    found = re.findall(r'<a class="selected-filters__tag" href="([^"]*)">(.*?)</a>', html, re.S)
    return [(href, re.sub(r"<[^>]+>|\s+", " ", text).split("×")[0].strip()) for href, text in found]


def titles(response) -> list[str]:
    found = re.findall(r'<h3 class="result__title"><a [^>]*>(.*?)</a>', response.content.decode(), re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", title).strip()) for title in found]


@pytest.mark.parametrize(
    ("query", "text", "filters"),
    [
        ("poziom 5", "", {"level": ["5"]}),
        ("PRK 6 księgowość", "księgowość", {"level": ["6"]}),
        ("level 5 baker", "baker", {"level": ["5"]}),
        ("EQF 4 accounting", "accounting", {"level": ["4"]}),
        ("prk5 kosmetyczka", "kosmetyczka", {"level": ["5"]}),
        ("kwalifikacje rynkowe", "", {"category": ["market"]}),
        ("kwalifikacja rzemieślnicza fotograf", "fotograf", {"category": ["craft"]}),
        ("craft qualifications", "", {"category": ["craft"]}),
        ("wolnorynkowe lean", "lean", {"category": ["free_market"]}),
        ("poziom poziom 5", "poziom", {"level": ["5"]}),
    ],
)
def test_levels_and_categories_are_read_from_the_words(query, text, filters):
    assert understand(query).text == text
    assert understand(query).filters == filters


@pytest.mark.parametrize(
    "query", ["marketing", "poziom lean", "poziom 9", "level", '"poziom 5"', "rynek pracy", "5", "FRK.01"]
)
def test_other_words_stay_text(query):
    assert not understand(query).changed


def test_a_code_among_words_is_found_with_the_registers_spelling(demo_register):
    assert find_codes("fryzjer FRK.03") == (["FRK.03"], "fryzjer")
    assert find_codes("fryzjer frk.03") == (["FRK.03"], "fryzjer")
    # A plain word is a code only in capitals, and only if a public qualification has it.
    assert find_codes("zarządzanie CECB") == (["CECB"], "zarządzanie")
    assert find_codes("zarządzanie cecb") == ([], "zarządzanie cecb")
    assert find_codes("fryzjer XYZ.99") == ([], "fryzjer XYZ.99")


def test_the_search_page_moves_the_words_to_filters_and_shows_them_as_removable_chips(client, demo_register):
    response = client.get(SEARCH, {"q": "piekarz poziom 5", "page": "3"})
    assert response.status_code == 302
    params = QueryDict(response["Location"].split("?", 1)[1])
    assert params.getlist("q") == ["piekarz"] and params.getlist("level") == ["5"] and "page" not in params
    page = client.get(response["Location"])
    assert titles(page) == ["Piekarz - dyplom mistrzowski"]
    assert 'value="piekarz"' in page.content.decode()
    [(href, label)] = chips(page)
    assert label.endswith("poziom PRK: 5")
    # Removing the chip keeps the words and drops the level.
    assert QueryDict(href.lstrip("?")).dict() == {"q": "piekarz"}


def test_a_level_typed_is_added_to_the_levels_ticked(client, demo_register):
    response = client.get(SEARCH, {"q": "poziom 6", "level": "4"})
    assert QueryDict(response["Location"].split("?", 1)[1]).getlist("level") == ["4", "6"]


def test_a_category_typed_alone_lists_that_category(client, demo_register):
    page = client.get(SEARCH, {"q": "kwalifikacje rynkowe"}, follow=True)
    assert page.redirect_chain[0][1] == 302
    assert "category=market" in page.redirect_chain[0][0] and "q=" not in page.redirect_chain[0][0]
    ticked = client.get(SEARCH, {"category": "market"})
    assert titles(page) == titles(ticked) and len(titles(page)) == 20  # a full first page


def test_a_code_with_other_words_names_its_qualification_with_a_removable_chip(client, demo_register):
    page = client.get(SEARCH, {"q": "fryzjer FRK.03", "level": "3"})
    assert page.status_code == 200
    assert titles(page) == []  # FRK.03 has no PRK level: the level filter still applies
    page = client.get(SEARCH, {"q": "fryzjer FRK.03"})
    assert titles(page) == ["Projektowanie i wykonywanie fryzur"]
    [(href, label)] = chips(page)
    assert label.endswith("Kod: FRK.03")
    assert QueryDict(href.lstrip("?").replace("&amp;", "&")).dict() == {"q": "fryzjer"}


def test_the_english_page_reads_english_words(client, demo_register):
    response = client.get("/en/qualifications/", {"q": "level 5 baker"})
    assert response["Location"].startswith("/en/qualifications/?")
    assert titles(client.get(response["Location"]))[0] == "Baker - master craftsman's diploma"


def test_a_quoted_query_is_taken_literally(client, demo_register):
    response = client.get(SEARCH, {"q": '"poziom lean"'})
    assert response.status_code == 200


def test_the_api_and_downloads_read_the_query_the_same_way(client, demo_register):
    typed = client.get("/api/v1/qualifications/", {"q": "poziom 5"}).json()
    ticked = client.get("/api/v1/qualifications/", {"level": "5"}).json()
    assert typed["count"] == ticked["count"] == 11
    assert [row["id"] for row in typed["results"]] == [row["id"] for row in ticked["results"]]
    csv = client.get("/api/v1/downloads/qualifications.csv", {"q": "piekarz poziom 5"})
    assert b"Piekarz - dyplom mistrzowski" in b"".join(csv.streaming_content)


def test_rewrite_ignores_a_query_too_long_to_be_valid():
    assert rewrite(QueryDict(f"q=poziom 5 {'x' * 300}")) is None
