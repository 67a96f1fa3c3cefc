"""Figures that summarise the whole register (the home page's numbers, tiles and newest entries; the
search page's facet counts before any filter or text) are computed once per register version and
day: a visitor between two edits reads the register's version, not the register; any edit shows at
once. Measured with the page cache off (PAGE_CACHE=0), as a page is built after an edit."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qualifications.models import PrkLevel
from qualifications.page_cache import per_register_version
from tests.factories import CertificationRightFactory, QualificationFactory

pytestmark = pytest.mark.django_db

QUALIFICATIONS_TABLE = '"qualifications_qualification"'


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE = False


def _get(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return response, [query["sql"] for query in captured]


def _stat(html: str, label: str) -> str:
    return re.search(rf'<dt class="stat__label">{label}</dt><dd class="stat__value">([^<]+)</dd>', html).group(1)


def test_the_page_cache_off_builds_every_page_afresh(client):
    QualificationFactory(status="functioning")
    for _ in range(2):
        response, queries = _get(client, "/kwalifikacje/", {"q": "kwalifikacja"})
        assert "X-Cache" not in response
        assert queries


def test_the_home_page_reads_the_register_once_per_version(client):
    CertificationRightFactory(qualification=QualificationFactory(status="functioning"))
    first, first_queries = _get(client, "/")
    assert _stat(first.content.decode(), "kwalifikacje w rejestrze") == "1"
    again, queries = _get(client, "/")
    assert again.content == first.content
    assert not [sql for sql in queries if QUALIFICATIONS_TABLE in sql]
    assert len(queries) < len(first_queries)
    # An edit of the register changes its version: the next visitor sees the new figures.
    QualificationFactory(status="included", name_pl="Nowo włączona kwalifikacja", included_on=datetime.date(2026, 1, 5))
    html = _get(client, "/")[0].content.decode()
    assert _stat(html, "kwalifikacje w rejestrze") == "2"
    assert _stat(html, "w tym możliwe do uzyskania obecnie") == "1"
    assert "Nowo włączona kwalifikacja" in html


def test_the_home_page_figures_are_kept_per_language(client):
    QualificationFactory(status="functioning", category="craft")
    english = _get(client, "/en/")[0].content.decode()
    polish = _get(client, "/")[0].content.decode()
    assert '<html lang="en">' in english and '<html lang="pl">' in polish
    assert _get(client, "/en/")[0].content.decode() == english


def _level_count(html: str, level: int) -> int:
    match = re.search(
        rf'value="{level}" id="f-level-\d+"[^>]*>\s*<label[^>]*>{level} <span class="facet__count">\((\d+)', html
    )
    return int(match.group(1)) if match else 0


def _result_count(html: str) -> str:
    return re.search(r'<h2 class="result-count" id="result-count">([^<]+)</h2>', html).group(1)


def test_the_whole_register_facet_counts_are_read_once_per_version(client):
    four, five = PrkLevel.objects.get(level=4), PrkLevel.objects.get(level=5)
    QualificationFactory.create_batch(3, prk_level=four, status="functioning")
    QualificationFactory(prk_level=five, status="included")
    QualificationFactory(prk_level=five, status="draft")  # not public
    first, first_queries = _get(client, "/kwalifikacje/")
    html = first.content.decode()
    assert _result_count(html) == "4 kwalifikacje"
    assert (_level_count(html, 4), _level_count(html, 5)) == (3, 1)
    assert [sql for sql in first_queries if QUALIFICATIONS_TABLE in sql and "active_regions" in sql]
    again, queries = _get(client, "/kwalifikacje/", {"page": "1", "sort": "name"})
    assert not [sql for sql in queries if "active_regions" in sql]
    assert _result_count(again.content.decode()) == "4 kwalifikacje"
    QualificationFactory(prk_level=five, status="functioning")
    html = _get(client, "/kwalifikacje/")[0].content.decode()
    assert _result_count(html) == "5 kwalifikacji"
    assert (_level_count(html, 4), _level_count(html, 5)) == (3, 2)


def test_a_filter_or_a_text_query_counts_what_it_narrows(client):
    four, five = PrkLevel.objects.get(level=4), PrkLevel.objects.get(level=5)
    QualificationFactory.create_batch(2, prk_level=four, status="functioning", name_pl="Spawanie blach")
    QualificationFactory(prk_level=five, status="included")
    _get(client, "/kwalifikacje/")
    # Disjunctive counts: a level filter leaves the level facet's own counts as they were.
    filtered, queries = _get(client, "/kwalifikacje/", {"level": "5"})
    html = filtered.content.decode()
    assert _result_count(html) == "1 kwalifikacja"
    assert (_level_count(html, 4), _level_count(html, 5)) == (2, 1)
    text, queries = _get(client, "/kwalifikacje/", {"q": "spawanie"})
    # The text query's matches are read afresh.
    assert [sql for sql in queries if "array_agg" in sql]
    assert _result_count(text.content.decode()) == "2 kwalifikacje"


def test_figures_are_computed_again_for_a_new_version_only(django_assert_num_queries):
    calls = []

    def compute():
        calls.append(1)
        return {"n": len(calls)}

    assert per_register_version("test", compute) == {"n": 1}
    assert per_register_version("test", compute) == {"n": 1}
    QualificationFactory()
    assert per_register_version("test", compute) == {"n": 2}
    with django_assert_num_queries(1):  # the register's version only
        assert per_register_version("test", compute) == {"n": 2}
