"""The first search of words reads its matches and the names that can be ranked among them in one
pass (qualifications/search/text_pages.py: ``Copies.matched``), and the order is the pipeline's
whether the ranking takes the names from that pass or reads them again through the name index."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils.http import urlencode

from qualifications.search import pipeline
from zrk.cache import copies

pytestmark = pytest.mark.django_db

WORDS = ["ksiegowych", "pilot wycieczek", "turystyka", "fryzjer", "osoba", "zarządzanie zzzz", "accounting"]


def _page(params: dict) -> tuple[list[int], list[int], list[str], str]:
    """The page's ids, the pipeline statement's ids for it, the statements the page ran and the
    text query's mode."""
    query = QueryDict(urlencode(params))
    with CaptureQueriesContext(connection) as captured:
        page = list(pipeline.run_search(query).page)
    found = pipeline.run(query)
    expected = list(found.rows.values_list("pk", flat=True)[: len(page) or 20])
    return [row.pk for row in page], expected, [query["sql"] for query in captured.captured_queries], found.text.mode


def test_the_first_search_reads_matches_and_names_in_one_statement(demo_register):
    for words in WORDS:
        shown, expected, statements, mode = _page({"q": words, "per_page": "50"})
        assert shown == expected, words
        if mode not in ("exact", "partial"):
            continue  # a typo's similar names: the pipeline's statement orders them
        over_names = [sql for sql in statements if "AS r CROSS JOIN q" in sql]
        assert not over_names, words
        assert len([sql for sql in statements if "array_agg" in sql and "any_word" in sql]) == 1, words
        if mode == "exact":
            # The probe for a match is that read, not a scan of the index of its own.
            assert not [sql for sql in statements if sql.startswith("SELECT EXISTS")], words


def test_without_the_names_of_that_pass_the_ranking_reads_them_through_the_name_index(demo_register, monkeypatch):
    real_set = copies.set

    def forgetting_names(key, value, *args, **kwargs):
        if ":names:" not in key:
            real_set(key, value, *args, **kwargs)

    monkeypatch.setattr(copies, "set", forgetting_names)
    for words in WORDS:
        shown, expected, _statements, _mode = _page({"q": words, "per_page": "50"})
        assert shown == expected, words
    # At least one of the words has names to rank, read again through their index.
    cache.clear()
    _shown, _expected, statements, _mode = _page({"q": "ksiegowych"})
    assert [sql for sql in statements if "AS r CROSS JOIN q" in sql]
