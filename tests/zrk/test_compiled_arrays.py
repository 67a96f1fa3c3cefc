"""A list of ids as one array parameter of a compiled statement (zrk.compiled.AnyOf), and the
search page reading its page's records through one (qualifications/search/pipeline.py)."""

import pytest
from django.db import connection
from django.db.models import F, Value
from django.test.utils import CaptureQueriesContext

from qualifications.models import Qualification
from qualifications.search import pipeline
from tests.factories import CertificationRightFactory, QualificationFactory
from zrk.compiled import AnyOf, CompiledQuery

pytestmark = pytest.mark.django_db


def _by_ids(ids):
    return Qualification.objects.filter(AnyOf(F("pk"), Value(ids))).only("id", "name_pl")


def test_a_list_of_ids_of_any_length_reads_those_records(roles):
    records = [QualificationFactory(name_pl=f"Kwalifikacja {n}") for n in range(5)]
    query = CompiledQuery(Qualification, _by_ids, ids=list)
    for ids in ([records[0].pk], [records[3].pk, records[1].pk], [record.pk for record in records], [2**40, -1]):
        found = query.rows(ids=ids)
        assert sorted(row.pk for row in found) == sorted(pk for pk in ids if pk in {r.pk for r in records})
        assert sorted(row.pk for row in found) == sorted(row.pk for row in _by_ids(ids))  # the queryset agrees


def test_the_statement_is_compiled_once_for_every_length(roles, monkeypatch):
    records = [QualificationFactory() for _ in range(3)]
    query = CompiledQuery(Qualification, _by_ids, ids=list)
    built = []
    monkeypatch.setattr(query, "build", lambda ids: built.append(ids) or _by_ids(ids))
    query.rows(ids=[records[0].pk])
    query.rows(ids=[record.pk for record in records])
    assert len(built) == 1


def test_the_search_page_reads_its_records_in_one_statement_with_their_counts(client, roles, settings):
    settings.PAGE_CACHE = False
    for n in range(25):
        qualification = QualificationFactory(name_pl=f"Prowadzenie magazynu {n:02d}")
        for _ in range(n % 3):
            CertificationRightFactory(qualification=qualification)
    for page in ("1", "2"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/kwalifikacje/", {"q": "magazynu", "sort": "name", "page": page})
        shown = response.context["shown_results"]
        expected = list(
            pipeline.with_institution_counts(Qualification.objects.public())
            .filter(name_pl__contains="magazynu")
            .order_by("name_pl")
        )[(int(page) - 1) * 20 : int(page) * 20]
        assert [(row.zrk_id, row.institution_count) for row in shown] == [
            (str(row.zrk_id), str(row.institution_count)) for row in expected
        ]
        # The records of the page come in one statement, whatever the number of results on it.
        assert sum("ANY(" in str(query["sql"]) or query["sql"] is None for query in captured) <= 1


def test_an_empty_page_reads_nothing():
    assert list(pipeline.PageRows().filter(pk__in=[]).order_by()) == []
