"""The text search's copies kept per register version as arrays (qualifications/search/text_pages.py,
facet_index.py): the bitmaps and their members agree, an order is walked a stretch at a time without
losing or repeating a record, the name statement's rows are set apart as the loop over them did, the
copies read back from the shared cache give the same page, and an institution no record names is
no error."""

import pickle

import numpy as np
import pytest
from django.http import QueryDict
from django.utils.http import urlencode

from qualifications import page_cache
from qualifications.search import pipeline
from qualifications.search.facet_index import _bitmap_counts, bitmap, index, members
from qualifications.search.facets import facets
from qualifications.search.text_pages import STRETCH, Order, _in_order, _set_apart, ids_of
from tests.factories import CertificationRightFactory

SEARCH = "/kwalifikacje/"


def test_a_bitmap_lists_its_ids_and_members():
    bits = bitmap([10, 12, 17, 3], 10)
    assert bits == 0b10000101
    assert ids_of(bits, 10).tolist() == [10, 12, 17]
    held = members(bits, 20)
    assert len(held) >= 20
    assert np.flatnonzero(held).tolist() == [0, 2, 7]
    assert bitmap(np.array([], dtype=np.int32), 1) == 0
    assert ids_of(0, 1).tolist() == []


@pytest.mark.parametrize("density", [0.01, 0.3, 0.9])
def test_an_order_gives_its_records_once_each_in_its_order(density):
    # More records than a stretch, so a dense result is gathered over several of them.
    span, first_id = 3 * STRETCH + 123, 1000
    rng = np.random.default_rng(7)
    offsets = rng.permutation(span).astype(np.int32)
    place = np.zeros(span, dtype=np.int32)
    place[offsets] = np.arange(span, dtype=np.int32)
    chosen = np.flatnonzero(rng.random(span) < density)
    bits = bitmap(chosen + first_id, first_id)

    parts = list(_in_order(bits, Order(offsets, place), first_id, span))

    held = set(chosen.tolist())
    expected = [int(pk) + first_id for pk in offsets if pk in held]
    assert np.concatenate(parts).tolist() == expected
    assert list(_in_order(0, Order(offsets, place), first_id, span)) == []


def test_the_name_statements_rows_are_set_apart_as_ranked():
    first_id, span = 100, 50
    matched = bitmap([100, 101, 102, 103, 104], first_id)
    context = bitmap([102], first_id)
    floor = 0.0607927
    rows = [
        (100, True, False, 0.5, floor),  # exact
        (101, False, True, 0.2, floor),  # every word
        (102, False, False, 0.3, floor),  # ranked above the floor, its minister matched
        (103, False, False, floor, floor),  # the floor: follows in name order, not set apart
        (99, False, False, 0.0, floor),  # below the first id: not a public match
        (900, False, False, 0.0, floor),  # beyond the register: not a public match
        (105, False, False, 0.0, floor),  # in no match: left out
    ]
    ids, flags, ranks = _set_apart(rows, matched, context, first_id, span)
    assert ids.tolist() == [100, 101, 102]
    assert flags.tolist() == [1, 2, 4]
    assert ranks.dtype == np.float32
    assert ranks.tolist() == [np.float32(0.5), np.float32(0.2), np.float32(0.3)]
    # A match ranked below the floor cannot be placed among the unranked: the statement orders it.
    assert _set_apart([*rows, (104, False, False, 0.01, floor)], matched, context, first_id, span) is None
    assert [len(part) for part in _set_apart([], matched, context, first_id, span)] == [0, 0, 0]


def _shown(params: dict):
    found = pipeline.run_search(QueryDict(urlencode(params, doseq=True)))
    return (
        [row.pk for row in found.page],
        found.page.paginator.count,
        [(facet.name, [(option.value, option.count) for option in facet.options]) for facet in found.facets],
    )


@pytest.mark.parametrize("sort", ["", "name", "-included"])
def test_the_copies_read_back_from_the_shared_cache_give_the_same_page(demo_register, sort):
    queries = [{"q": "kwalifikacja", "sort": sort}, {"q": "kwalifikacja", "sort": sort, "per_page": "10", "page": "2"}]
    built = [_shown(params) for params in queries]
    page_cache._local.clear()  # this process's copies: the next searches unpickle the cache's
    assert [_shown(params) for params in queries] == built
    assert all(count for _ids, count, _facets in built)


def test_the_facet_index_is_kept_without_its_matrix(demo_register):
    facet_index = index()
    found = pipeline.run(QueryDict("level=4"))
    counts = _bitmap_counts(found.filterset, facet_index, facet_index.everything, [], [])
    assert facet_index.matrix.shape[0] == sum(len(options) for options in facet_index.options.values())

    copy = pickle.loads(pickle.dumps(facet_index))  # noqa: S301 - the test's own object, as the cache pickles it

    assert "matrix" not in copy.__dict__
    assert _bitmap_counts(found.filterset, copy, copy.everything, [], []) == counts


def test_an_institution_no_record_names_is_an_empty_choice_not_an_error(client, db):
    right = CertificationRightFactory(qualification__name_pl="Obsługa magazynu")
    for institution in ("999999999", str(right.institution.pk)):
        response = client.get(SEARCH, {"q": "magazynu", "institution": institution})
        assert response.status_code == 200
    query = QueryDict(urlencode({"q": "magazynu", "institution": "999999999"}))
    shown = pipeline.run_search(query)
    found = pipeline.run(query)
    expected, _total = facets(found.filterset, found.text.queryset, facet_index=None)
    assert [(f.name, [(o.value, o.count) for o in f.options]) for f in shown.facets] == [
        (f.name, [(o.value, o.count) for o in f.options]) for f in expected
    ]
    assert shown.page.paginator.count == 0
