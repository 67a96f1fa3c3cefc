"""The facet index (qualifications/search/facet_index.py): the counts of a search without a text
query come from bitmaps kept per register version, and must be exactly those of the SQL facet
statement (which text searches still use) for every filter and combination of filters."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils.http import urlencode

from qualifications.filters import QualificationFilter
from qualifications.models import Qualification
from qualifications.search import facet_index, pipeline
from qualifications.search.facets import FACET_NAMES, _counts
from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_register):
    """The demo register, loaded once for the session (tests/conftest.py) and rolled back after each test."""


def _both(pairs):
    query = QueryDict(urlencode(pairs, doseq=True))
    filterset = QualificationFilter(query, queryset=Qualification.objects.public())
    public = Qualification.objects.public()
    by_sql = _counts(filterset, public)
    by_index = facet_index.counts(filterset, public, facet_index.index())
    return by_sql, by_index


def _combinations(options):
    searches = [[]]
    for name in FACET_NAMES:
        searches += [[(name, value)] for value in options[name]]
        searches.append([(name, value) for value in options[name][:3]])
    searches += [
        [(name, options[name][0]) for name in FACET_NAMES],
        [("level", options["level"][0]), ("region", options["region"][0])],
        [("level", options["level"][0]), ("level", options["level"][-1]), ("category", options["category"][-1])],
        [
            ("region", options["region"][-1]),
            ("institution", options["institution"][0]),
            ("status", options["status"][0]),
        ],
        [("ministry", options["ministry"][0]), ("srk", options["srk"][0])],
        [("institution", "999999999")],  # nobody: every count 0, the selected institution still listed
        [("level", "99"), ("institution", "abc")],  # invalid: left out on both sides
    ]
    return searches


def test_the_index_counts_every_facet_as_the_sql_statement_does(demo):
    everything = pipeline.run_search(QueryDict())
    options = {facet.name: [option.value for option in facet.options] for facet in everything.facets}
    for pairs in _combinations(options):
        by_sql, by_index = _both(pairs)
        assert by_index == by_sql, pairs


@pytest.mark.parametrize("words", ["dyplom", "ksiegowych", "kosmetyczak", "mistrzowski", "zzzz"])
def test_with_a_text_query_too(demo, words):
    everything = pipeline.run_search(QueryDict())
    options = {facet.name: [option.value for option in facet.options] for facet in everything.facets}
    for pairs in _combinations(options)[::3]:
        query = QueryDict(urlencode([("q", words), *pairs], doseq=True))
        found = pipeline.run(query)
        by_sql = _counts(found.filterset, found.text.queryset)
        by_index = facet_index.text_counts(found.filterset, found.text.queryset, facet_index.index())
        assert by_index == by_sql, (words, pairs)


def test_a_search_without_text_reads_no_statement_over_the_register(client, demo, settings):
    settings.PAGE_CACHE = False
    client.get("/kwalifikacje/")  # builds the index for this version
    for params in ({}, {"level": "4", "region": "14"}, {"category": "market", "page": "2"}):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/kwalifikacje/", params).status_code == 200
        statements = [query["sql"] for query in captured]
        assert not [sql for sql in statements if "GROUPING SETS" in sql], params
        # Only the institution facet is counted by the database, over the rows the filters leave.
        unnesting = [sql for sql in statements if "unnest" in sql]
        assert all("prk_level_id" in sql or "category" in sql for sql in unnesting) and (params or not unnesting)


def test_the_index_follows_the_register_version(client, settings):
    settings.PAGE_CACHE = False
    QualificationFactory(status="functioning", category="craft")
    assert facet_index.index().everything.bit_count() == 1
    QualificationFactory(status="included", category="craft")
    QualificationFactory(status="draft", category="craft")  # not public
    page = client.get("/kwalifikacje/", {"category": "craft"})
    assert page.context["page_obj"].paginator.count == 2
    assert facet_index.index().options["category"]["craft"].bit_count() == 2


def test_ids_far_apart_leave_the_counts_to_the_database(client, settings):
    settings.PAGE_CACHE = False
    QualificationFactory(status="functioning")
    far = QualificationFactory(status="functioning")
    Qualification.objects.filter(pk=far.pk).update(id=far.pk + 10_000_000)
    assert facet_index.index() is None
    page = client.get("/kwalifikacje/")
    assert page.context["page_obj"].paginator.count == 2


def test_bitmaps_hold_ids_from_the_lowest():
    assert facet_index.bitmap([10, 12, 17], 10) == 0b10000101
    assert facet_index.bitmap([], 10) == 0
    assert facet_index.bitmap([3], 10) == 0
