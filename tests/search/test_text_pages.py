"""The search page of a text query read from the copies kept per register version
(qualifications/search/text_pages.py): the same results, order, counts and facets as the pipeline's
statement the API and the downloads read, for every order, filter, page and language; the page's
statement reads only the page's rows; the same words with another filter or page read no statement
over their matches; an edit of the register shows at once."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.http import urlencode

from qualifications.search import pipeline
from qualifications.search.facet_index import index
from qualifications.search.facets import _counts, facets
from tests.factories import CertificationRightFactory, QualificationFactory

pytestmark = pytest.mark.django_db

SEARCH = "/kwalifikacje/"
API = "/api/v1/qualifications/"

# Words, phrases, families, synonyms, a minister's word ("turystyka": Sportu i Turystyki), English,
# no diacritics, a word in every record, some words unknown (a partial match).
QUERIES = [
    "dyplom",
    "ksiegowych",
    "turystyka",
    "trener",
    "pilot wycieczek",
    "accounting",
    "fryzjer",
    "kwalifikacja",
    "osoba",
    "zarządzanie zzzz",
]
SORTS = ["", "name", "level", "-included"]


def _page_and_statement(params: dict) -> tuple[list[int], list[int], int, int]:
    """The page's ids and the pipeline statement's ids for the same page, and both counts."""
    query = QueryDict(urlencode(params, doseq=True))
    results = pipeline.run_search(query)
    page = results.page
    rows = pipeline.run(query).rows
    start = (page.number - 1) * page.paginator.per_page
    expected = list(rows.values_list("pk", flat=True)[start : start + page.paginator.per_page])
    return [row.pk for row in page], expected, page.paginator.count, rows.count()


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("sort", SORTS)
def test_every_page_lists_the_pipelines_order(demo_register, language, sort):
    with translation.override(language):
        for words in QUERIES:
            for extra in ({}, {"per_page": "10", "page": "2"}, {"level": ["4", "5"]}, {"category": "market"}):
                params = {"q": words, "sort": sort, **extra}
                shown, expected, count, expected_count = _page_and_statement(params)
                assert shown == expected, params
                assert count == expected_count, params


def test_the_page_and_the_api_agree_for_text_queries(client, demo_register):
    for words in QUERIES[:6]:
        for sort in SORTS:
            params = {"q": words, "sort": sort, "per_page": "50"}
            page = client.get(SEARCH, params)
            api = client.get(API, {"q": words, "sort": sort, "page_size": "50"}).json()
            assert [row.zrk_id for row in page.context["page_obj"]] == [row["id"] for row in api["results"]]
            assert page.context["page_obj"].paginator.count == api["count"]


def test_the_facets_count_as_the_sql_statement_does(demo_register):
    everything = pipeline.run_search(QueryDict())
    options = {facet.name: [option.value for option in facet.options] for facet in everything.facets}
    filters = [
        [],
        [("level", options["level"][0])],
        [("level", options["level"][0]), ("region", options["region"][0])],
        [("institution", options["institution"][0])],
        [("institution", options["institution"][0]), ("category", options["category"][0])],
        [("ministry", options["ministry"][0]), ("status", options["status"][0])],
    ]
    for words in QUERIES:
        for pairs in filters:
            query = QueryDict(urlencode([("q", words), *pairs], doseq=True))
            shown = pipeline.run_search(query)
            found = pipeline.run(query)
            by_sql, total = _counts(found.filterset, found.text.queryset)
            expected, _total = facets(found.filterset, found.text.queryset, facet_index=None)
            assert shown.page.paginator.count == total, (words, pairs)
            assert [(f.name, [(o.value, o.count) for o in f.options]) for f in shown.facets] == [
                (f.name, [(o.value, o.count) for o in f.options]) for f in expected
            ], (words, pairs)


@pytest.mark.parametrize("level", ["", "4"])
def test_a_word_in_most_records_counts_institutions_as_the_statement_does(level):
    # Most of the records (under the other filter) match: the counts are those of all of them less
    # those of the one the word is not in. Twelve institutions: the facet lists ten, ties by id.
    holders = [CertificationRightFactory(qualification__name_pl=f"Obsługa magazynu {n}").institution for n in range(12)]
    for n in range(3):
        CertificationRightFactory(institution=holders[n], qualification__name_pl=f"Obsługa magazynu bis {n}")
    CertificationRightFactory(institution=holders[0], qualification__name_pl="Pieczenie chleba")
    query = QueryDict(urlencode({"q": "magazynu", "level": level}))
    shown = pipeline.run_search(query)
    found = pipeline.run(query)
    expected, _total = facets(found.filterset, found.text.queryset, facet_index=None)
    institution = [facet for facet in shown.facets if facet.name == "institution"][0]
    assert [(o.value, o.count) for o in institution.options] == [
        (o.value, o.count) for o in [facet for facet in expected if facet.name == "institution"][0].options
    ]
    assert {o.value: o.count for o in institution.options}[str(holders[0].pk)] == 2


def _statements(params: dict) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        list(pipeline.run_search(QueryDict(urlencode(params, doseq=True))).page)
    return [query["sql"] for query in captured.captured_queries]


def test_the_page_reads_only_its_own_rows(demo_register):
    rows = [sql for sql in _statements({"q": "dyplom", "per_page": "10"}) if "institution_count" in sql]
    assert len(rows) == 1
    assert "ORDER BY" not in rows[0]
    assert rows[0].count(" = ANY(") == 1  # the page's ids, one array


def test_the_same_words_with_other_filters_and_pages_read_no_statement_over_their_matches(demo_register):
    _statements({"q": "dyplom"})
    for params in ({"q": "dyplom", "level": "4"}, {"q": "dyplom", "page": "2", "per_page": "10"}):
        # The text query is tested on the page's rows only, picked by id (and by the probe, which
        # reads one row).
        statements = _statements(params)
        over_matches = [sql for sql in statements if "@@" in sql and '"id" IN (' not in sql and "LIMIT 1" not in sql]
        assert not over_matches, params


def test_a_text_search_after_the_first_of_a_version_takes_few_queries(client, demo_register, settings):
    settings.PAGE_CACHE = False
    client.get(SEARCH, {"q": "dyplom"})
    with CaptureQueriesContext(connection) as captured:
        assert client.get(SEARCH, {"q": "dyplom", "level": "4", "page": "2", "per_page": "10"}).status_code == 200
    # The register version (read once per request), whether the words are a code, and the page's
    # rows; the facets' labels are kept per register version.
    assert len(captured.captured_queries) <= 3


def test_an_edit_of_the_register_shows_at_once(client, settings):
    settings.PAGE_CACHE = False
    QualificationFactory(name_pl="Obsługa magazynu")
    assert len(client.get(SEARCH, {"q": "magazynu", "sort": "name"}).context["page_obj"]) == 1
    QualificationFactory(name_pl="Magazynu prowadzenie")
    after = client.get(SEARCH, {"q": "magazynu", "sort": "name"}).context["page_obj"]
    assert [row.name_pl for row in after] == ["Magazynu prowadzenie", "Obsługa magazynu"]


def test_without_the_facet_index_the_statement_orders_the_page(demo_register, monkeypatch):
    monkeypatch.setattr(pipeline, "index", lambda: None)
    shown, expected, count, expected_count = _page_and_statement({"q": "turystyka"})
    assert shown == expected
    assert count == expected_count
    assert index() is not None  # only the pipeline was told there is none


def test_a_new_worker_builds_the_copies_before_its_first_text_search(client, settings):
    from zrk import warmup

    settings.PAGE_CACHE = False
    QualificationFactory(name_pl="Obsługa magazynu", status="functioning")
    assert warmup.warm_figures()
    for address in ("/kwalifikacje/", "/en/qualifications/"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address, {"q": "magazynu", "sort": "name"}).status_code == 200
        # Neither the register's name order nor each record's institutions are read again.
        assert not [query["sql"] for query in captured if "length(" in query["sql"] or "unnest" in query["sql"]]
        assert not [query["sql"] for query in captured if '"active_institutions" FROM' in query["sql"]]
