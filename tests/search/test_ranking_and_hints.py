"""Ranking (names before prose, the minister's name last, families below exact forms, English
queries) and what the page says around its results: did you mean, some words not found, the query
without its filters, examples in the page's language."""

import re

import pytest

from tests.factories import LearningOutcomeFactory, QualificationFactory

pytestmark = pytest.mark.django_db

SEARCH = "/kwalifikacje/"


def titles(response) -> list[str]:
    found = re.findall(r'<h3 class="result__title"><a [^>]*>(.*?)</a>', response.content.decode(), re.S)
    return [re.sub(r"<[^>]+>", "", title).strip() for title in found]


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_records_found_only_through_their_ministers_name_come_last(client, demo_register):
    found = titles(client.get(SEARCH, {"q": "turystyka"}))
    assert set(found[:2]) == {"Przewodnictwo turystyczne", "Pilotowanie imprez turystycznych"}
    # The sport qualifications of the Minister of Sport and Tourism follow, never before them.
    assert "Nauczanie wakeboardu" in found[2:]


def test_english_accounting_puts_the_accounting_qualifications_first(client, demo_register):
    found = titles(client.get("/en/qualifications/", {"q": "accounting"}))
    assert set(found[:3]) == {
        "Assisting in handling accounting processes",
        "Handling accounting processes",
        "Managing accounting processes",
    }


def test_a_family_word_finds_the_record_below_the_exact_form(client, roles):
    QualificationFactory(name_pl="Obsługa spraw kadrowych", name_en="")
    QualificationFactory(name_pl="Kadry w małej firmie", name_en="")
    assert titles(client.get(SEARCH, {"q": "kadry"})) == ["Kadry w małej firmie", "Obsługa spraw kadrowych"]


def test_jezdziec_finds_jezdziectwo(client, demo_register):
    assert "Jeździectwo i trening koni" in titles(client.get(SEARCH, {"q": "jeździec"}))


def test_a_typo_offers_the_registers_spelling(client, demo_register):
    response = client.get(SEARCH, {"q": "piekrz"})
    assert titles(response)[0] == "Piekarz - dyplom mistrzowski"
    assert 'Czy chodziło o: <a href="?q=piekarz">piekarz</a>?' in response.content.decode()


def test_words_nothing_has_are_named_and_the_rest_searched(client, demo_register):
    # (A query whose names are merely misspelt goes to the typo fallback first: see above.)
    response = client.get(SEARCH, {"q": "piekarz bvcmtrplkjhgfdsa"})
    assert titles(response) == ["Piekarz - dyplom mistrzowski"]
    expected = "Żadna kwalifikacja nie ma wszystkich słów; te mają niektóre z nich. Nie znaleziono: „bvcmtrplkjhgfdsa”."
    assert expected in text_of(response)


def test_no_result_under_filters_offers_the_query_without_them(client, demo_register):
    response = client.get(SEARCH, {"q": "piekarz", "level": "6"})
    assert titles(response) == []
    assert 'href="/kwalifikacje/?q=piekarz"' in response.content.decode()
    assert "szukaj „piekarz” bez filtrów (1 kwalifikacja)" in text_of(response)


@pytest.mark.parametrize(
    ("url", "examples", "not_there"),
    [
        (SEARCH, ["piekarz", "księgowość", "przewodnik turystyczny"], "baker"),
        ("/en/qualifications/", ["baker", "accounting", "tour guide"], "piekarz"),
    ],
)
def test_no_result_gives_examples_in_the_pages_language(client, roles, url, examples, not_there):
    response = client.get(url, {"q": "qwzxqwzx"})
    html = response.content.decode()
    listed = re.findall(r'<ul class="search-examples">(.*?)</ul>', html, re.S)[0]
    for example in examples:
        assert f">{example}</a>" in listed
    assert not_there not in listed


def test_outcome_only_matches_follow_name_matches_with_synonyms(client, roles):
    prose = QualificationFactory(name_pl="Obsługa magazynu", name_en="")
    LearningOutcomeFactory(outcome_set__qualification=prose, text_pl="Prowadzi zajęcia z klientami")
    QualificationFactory(name_pl="Instruktor pływania", name_en="")
    assert titles(client.get(SEARCH, {"q": "instruktor"}))[0] == "Instruktor pływania"
