"""The legacy XML list at depth: page N starts at the id where the N-th hundred begins (kept per
register version), so a page far down reads its rows like page 1 and an edit of the register
moves the pages at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from qualifications.models import Qualification
from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db

LIST = "/api/xml/kwalifikacje/"


def ids(client, page) -> list[int]:
    root = etree.fromstring(client.get(LIST, {"page": str(page)}).content)
    return [int(item.findtext("id")) for item in root.findall("kwalifikacja")]


def public_ids() -> list[int]:
    return list(Qualification.objects.public().order_by("zrk_id").values_list("zrk_id", flat=True))


def test_pages_follow_the_id_order_across_drafts_and_gaps(client, roles):
    for n in range(250):
        QualificationFactory(status="draft" if n % 7 == 3 else "functioning")
    expected = public_ids()
    assert len(expected) > 200
    pages = [ids(client, page) for page in (1, 2, 3, 4)]
    assert [len(page) for page in pages] == [100, 100, len(expected) - 200, 0]
    assert sum(pages, []) == expected


def test_an_edit_moves_the_pages_on_the_next_request(client, roles):
    QualificationFactory.create_batch(120)
    before = ids(client, 2)
    assert len(before) == 20
    first = Qualification.objects.public().order_by("zrk_id").first()
    first.status = "draft"  # withdrawn from the public register: every later id moves up a place
    first.save()
    after = ids(client, 2)
    assert len(after) == 19 and after == before[1:]
    QualificationFactory.create_batch(3)
    root = etree.fromstring(client.get(LIST, {"page": "2"}).content)
    assert root.get("liczba") == "122"
    assert ids(client, 2) == public_ids()[100:]


def test_a_deep_page_takes_as_many_queries_as_the_first(client, roles, settings):
    settings.PAGE_CACHE = False
    QualificationFactory.create_batch(310)
    client.get(LIST)  # the page starts, kept for this register version
    with CaptureQueriesContext(connection) as first:
        client.get(LIST, {"page": "1"})
    with CaptureQueriesContext(connection) as deep:
        client.get(LIST, {"page": "4"})
    assert len(deep) == len(first)
    rows = [query["sql"] for query in deep if "name_pl" in query["sql"]]
    assert len(rows) == 1 and "OFFSET" not in rows[0] and "COUNT(" not in " ".join(q["sql"] for q in deep)
