"""Guards of the one search pipeline: the facet statement, written in SQL of its own, must narrow by
every filter exactly as the FilterSet does (its total is the paginator's count); the page, the API
and the downloads must list the same qualifications in the same order; the OpenAPI description
must name every parameter of the FilterSet; the database must run the live search SQL."""

import json

import django_filters
import pytest
from django.db import connection
from django.http import QueryDict
from django.utils.http import urlencode

from qualifications.filters import NON_FILTERS, QualificationFilter
from qualifications.search import pipeline
from qualifications.search.facets import FACET_NAMES
from qualifications.search.versions import LIVE_SEARCH_FUNCTIONS, SQL_DIR, sql_text

pytestmark = pytest.mark.django_db

FILTERS = [name for name in QualificationFilter.base_filters if name not in NON_FILTERS]


@pytest.fixture
def demo(demo_register):
    """The demo register, loaded once for the session (tests/conftest.py)."""


def params(pairs) -> QueryDict:
    return QueryDict(urlencode(pairs, doseq=True))


def facet_total(query: QueryDict) -> int:
    return pipeline.run_search(query).page.paginator.count


def filtered_count(query: QueryDict) -> int:
    return pipeline.run(query).narrowed.count()


def test_every_filter_has_its_facet_condition():
    assert sorted(FACET_NAMES) == sorted(FILTERS)


def _searches(facets) -> list[list[tuple[str, str]]]:
    """One search per option of every facet, each facet with two options, and a few mixed ones."""
    options = {facet.name: [option.value for option in facet.options] for facet in facets}
    searches = []
    for name in FILTERS:
        assert options[name], f"the demo register has no value of {name} to test with"
        searches += [[(name, value)] for value in options[name]]
        searches.append([(name, value) for value in options[name][:2]])
    searches += [
        [("q", "ksiegowych")],
        [("q", "kosmetyczak")],  # the typo fallback
        [("q", "dyplom"), ("level", "4"), ("level", "5")],
        [(name, options[name][0]) for name in FILTERS],
        [("q", "mistrzowski"), ("region", options["region"][0]), ("category", options["category"][0])],
        [("level", "99"), ("institution", "abc")],  # invalid values are left out on both sides
    ]
    return searches


def test_facet_total_equals_the_filtered_count_for_every_filter(demo):
    everything = pipeline.run_search(QueryDict())
    assert everything.page.paginator.count == filtered_count(QueryDict()) > 0
    for pairs in _searches(everything.facets):
        query = params(pairs)
        assert facet_total(query) == filtered_count(query), pairs


def test_each_option_count_is_the_count_of_ticking_it_too(demo):
    # Disjunctive: an option's count is what the search finds with the option added to its facet.
    base = [("q", "dyplom")]
    results = pipeline.run_search(params(base))
    for facet in results.facets:
        for option in facet.options:
            assert option.count == filtered_count(params([*base, (facet.name, option.value)])), (facet.name, option)


def test_page_api_and_downloads_list_the_same_qualifications_in_the_same_order(client, demo):
    for query in ({"q": "dyplom"}, {"sort": "level"}, {"sort": "-included", "level": ["4", "5"]}, {}):
        page = client.get("/kwalifikacje/", {**query, "per_page": "100"})
        on_page = [qualification.zrk_id for qualification in page.context["page_obj"]]
        api = client.get("/api/v1/qualifications/", {**query, "page_size": "100"}).json()
        downloaded = json.loads(b"".join(client.get("/api/v1/downloads/qualifications.json", query).streaming_content))
        assert on_page, query
        assert [row["id"] for row in api["results"]] == on_page, query
        assert [row["id"] for row in downloaded] == on_page, query
        assert page.context["page_obj"].paginator.count == api["count"] == len(downloaded), query


def test_openapi_names_every_search_parameter_with_its_multiplicity(client):
    parameters = {
        parameter["name"]: parameter
        for parameter in client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/qualifications/"]["get"][
            "parameters"
        ]
    }
    for name, filter_ in QualificationFilter.base_filters.items():
        if name == "per_page":  # the API pages with page_size
            continue
        assert name in parameters, name
        assert parameters[name]["description"], name
        repeated = parameters[name]["schema"]["type"] == "array"
        assert repeated == isinstance(filter_, django_filters.MultipleChoiceFilter), name
    assert parameters["level"]["schema"]["items"]["enum"] == [str(level) for level in range(1, 9)]
    assert "page_size" in parameters and "per_page" not in parameters


def test_the_database_runs_the_live_search_sql():
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'zrk_qualification_search'")
        (source,) = cursor.fetchone()
    assert source.strip() in sql_text(LIVE_SEARCH_FUNCTIONS)
    for older in ("v2", "v3"):
        assert source.strip() not in sql_text(older)


def test_every_search_sql_file_is_a_full_version():
    # Written out in full: no file is a patch of another, and none is empty.
    for path in SQL_DIR.glob("*.sql"):
        text = sql_text(path.stem)
        assert "CREATE" in text or "UPDATE" in text, path.name
