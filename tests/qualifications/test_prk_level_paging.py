"""The PRK level page's list at depth: the level's ids in name order are kept per register version
and language, so a page far down reads its 50 rows by id (no OFFSET), in the language's order,
and an edit of the register shows on the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qualifications.models import PrkLevel
from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db

PL = "/poziomy-prk/3/"
EN = "/en/prk-levels/3/"


def names(client, url, page) -> list[str]:
    response = client.get(url, {"page": str(page)})
    assert response.status_code == 200
    return [q.name_pl for q in response.context["page_obj"]]


@pytest.fixture
def level():
    return PrkLevel.objects.get(level=3)


def test_pages_far_down_follow_the_polish_and_the_english_name_order(client, level, settings):
    settings.PAGE_CACHE = False
    # Polish order puts Ł after L; the English names run the other way round.
    for n in range(120):
        QualificationFactory(
            prk_level=level, status="functioning", name_pl=f"Łowienie {n:03d}", name_en=f"A {119 - n:03d}"
        )
    for n in range(10):
        QualificationFactory(prk_level=level, status="functioning", name_pl=f"Lakierowanie {n}", name_en=f"Z {n}")
    QualificationFactory(prk_level=level, status="draft", name_pl="Lakierowanie szkic")
    polish = [name for page in (1, 2, 3) for name in names(client, PL, page)]
    assert polish == [f"Lakierowanie {n}" for n in range(10)] + [f"Łowienie {n:03d}" for n in range(120)]
    english = [name for page in (1, 2, 3) for name in names(client, EN, page)]
    assert english == [f"Łowienie {n:03d}" for n in reversed(range(120))] + [f"Lakierowanie {n}" for n in range(10)]
    assert names(client, PL, 99) == names(client, PL, 3)  # past the end: the last page, as before


def test_an_edit_shows_on_the_next_request(client, level):
    QualificationFactory.create_batch(60, prk_level=level, status="functioning")
    assert len(names(client, PL, 2)) == 10
    QualificationFactory(prk_level=level, status="included", name_pl="Żeglowanie")
    page = client.get(PL, {"page": "2"})
    assert [q.name_pl for q in page.context["page_obj"]][-1] == "Żeglowanie"
    assert page.context["total"] == 61


def test_a_deep_page_takes_as_many_queries_as_the_first_and_no_offset(client, level, settings):
    settings.PAGE_CACHE = False
    QualificationFactory.create_batch(260, prk_level=level, status="functioning")
    client.get(PL)  # the level's list, kept for this register version
    with CaptureQueriesContext(connection) as first:
        client.get(PL, {"page": "1"})
    with CaptureQueriesContext(connection) as deep:
        client.get(PL, {"page": "6"})
    assert len(deep) == len(first)
    assert not any("OFFSET" in query["sql"] or "COUNT(" in query["sql"] for query in deep)
