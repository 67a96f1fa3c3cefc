"""A text query matching a small part of the register is ordered by name or date on the search page
without their indexes (qualifications/search/pipeline.py, ``ordering``): the order must stay the one
the API gives for the same address, and a broad query keeps the indexed order."""

import datetime

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from qualifications.models import Qualification
from qualifications.search import pipeline
from qualifications.search.pipeline import ordering, run, run_search
from qualifications.search.text import search
from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/qualifications/"


@pytest.fixture
def register():
    """Five warehouse qualifications among sixty others: the word matches under a tenth of the register.
    Names in an order the collation decides (Ł after L), equal names, an empty English name, and
    dates with gaps (some only a publication date, one neither)."""
    names = ["Łączenie magazynu", "Lokalizacja magazynu", "magazynu obsługa", "Magazynu obsługa", "Ćwiczenia magazynu"]
    for n, name in enumerate(names):
        QualificationFactory(
            name_pl=name,
            name_en="" if n == 2 else f"Warehouse {5 - n}",
            included_on=None if n in (1, 4) else datetime.date(2024, 1, 1 + n),
            mp_date=datetime.date(2023, 6, 1) if n == 1 else None,
        )
    QualificationFactory.create_batch(60)


def _page(client, base: str, params: dict) -> list[int]:
    response = client.get(base, params)
    assert response.status_code == 200
    return [qualification.zrk_id for qualification in response.context["results"].page]


def _api(client, params: dict) -> list[int]:
    response = client.get(API, params)
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize("sort", ["name", "-included", "level"])
def test_a_narrow_text_search_lists_its_results_in_the_order_of_the_api(client, register, sort):
    params = {"q": "magazynu", "sort": sort}

    shown = _page(client, "/kwalifikacje/", params)

    assert len(shown) == 5
    assert shown == _api(client, params)


@pytest.mark.parametrize("sort", ["name", "-included"])
def test_the_english_page_of_a_narrow_search_lists_the_pipelines_order(client, register, sort):
    shown = _page(client, "/en/qualifications/", {"q": "magazynu", "sort": sort})

    with translation.override("en"):
        rows = run(QueryDict(f"q=magazynu&sort={sort}")).rows
        assert shown == [qualification.zrk_id for qualification in rows]


def test_the_polish_name_order_of_a_narrow_search_follows_the_collation(client, register):
    shown = _page(client, "/kwalifikacje/", {"q": "magazynu", "sort": "name"})

    names = [Qualification.objects.get(zrk_id=zrk_id).name_pl for zrk_id in shown]
    assert names[0] == "Ćwiczenia magazynu"
    assert names.index("Lokalizacja magazynu") < names.index("Łączenie magazynu")


@pytest.mark.parametrize("sort", ["name", "-included"])
def test_the_unindexed_order_is_the_indexed_one(register, sort):
    text = search(Qualification.objects.public(), "magazynu")
    rows = text.ranked(text.queryset)

    indexed = list(rows.order_by(*ordering(sort, text)).values_list("pk", flat=True))
    unindexed = list(rows.order_by(*ordering(sort, text, indexed=False)).values_list("pk", flat=True))

    assert unindexed == indexed


def _row_order(address: str, monkeypatch) -> str:
    """The ORDER BY of the statement reading the page's rows, where the page is read by that
    statement (a search the copies kept per version do not order: text_pages.py)."""
    monkeypatch.setattr(pipeline, "text_page", lambda *args: None)
    with CaptureQueriesContext(connection) as captured:
        list(run_search(QueryDict(address)).page)
    rows = [query["sql"] for query in captured.captured_queries if "institution_count" in query["sql"]]
    assert len(rows) == 1
    return rows[0].split("ORDER BY")[1]


def test_a_broad_text_search_keeps_the_indexed_name_order(register, monkeypatch):
    # "kwalifikacja" is in every record of the register: the name index finds a page at once.
    assert "COALESCE" not in _row_order("q=kwalifikacja&sort=name", monkeypatch)


def test_a_narrow_text_search_orders_without_the_name_index(register, monkeypatch):
    assert "COALESCE" in _row_order("q=magazynu&sort=name", monkeypatch)
