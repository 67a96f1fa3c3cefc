"""The narrow copy of the qualifications' searched columns (qualifications/models/search_rows.py),
kept by triggers, from which a text query's matches are read: it follows every insert, edit and
deletion, and a search sees an edit at once."""

import pytest
from django.db import connection

from qualifications.models import Qualification, SearchRow
from qualifications.search.search_rows import on_search_rows
from tests.factories import LearningOutcomeFactory, QualificationFactory

pytestmark = pytest.mark.django_db

COPIED = ["id", "zrk_id", "code", "symbol", "status", "ministry_id", "sector_framework_id"]


def _same_as_the_table():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM qualifications_qualification q
              FULL JOIN qualification_search_rows s USING (id)
             WHERE q.id IS NULL OR s.id IS NULL OR (q.zrk_id, q.code, q.symbol, q.status, q.ministry_id,
                   q.sector_framework_id, q.name_vector, q.search_vector)
                   IS DISTINCT FROM (s.zrk_id, s.code, s.symbol, s.status, s.ministry_id,
                   s.sector_framework_id, s.name_vector, s.search_vector)
            """
        )
        return cursor.fetchone()[0] == 0


def test_the_copy_follows_inserts_edits_and_deletions():
    kept = QualificationFactory(name_pl="Montaż instalacji fotowoltaicznych", symbol="FOT.01")
    draft = QualificationFactory(name_pl="Projekt kwalifikacji", status="draft")
    assert SearchRow.objects.count() == 2
    assert _same_as_the_table()
    kept.name_pl = "Serwis pomp ciepła"
    kept.save()
    LearningOutcomeFactory(outcome_set__qualification=kept, text_pl="Dobiera sprężarki")
    Qualification.objects.filter(pk=draft.pk).update(status="included")
    assert _same_as_the_table()
    Qualification.objects.filter(pk=draft.pk).update(status="draft")
    Qualification.objects.filter(pk=draft.pk).delete()
    assert list(SearchRow.objects.values_list("id", flat=True)) == [kept.pk]
    assert _same_as_the_table()


def test_a_search_sees_an_edit_and_an_unpublished_record_at_once(client, settings):
    settings.PAGE_CACHE = False
    record = QualificationFactory(name_pl="Prowadzenie pasieki")
    QualificationFactory(name_pl="Prowadzenie sklepu")

    def titles(words):
        return [row.name_pl for row in client.get("/kwalifikacje/", {"q": words}).context["page_obj"]]

    assert titles("pasieki") == ["Prowadzenie pasieki"]
    record.name_pl = "Prowadzenie hodowli pszczół"
    record.save()
    assert titles("pasieki") == []
    assert titles("pszczół") == ["Prowadzenie hodowli pszczół"]
    Qualification.objects.filter(pk=record.pk).update(status="draft")
    assert titles("pszczół") == []


def test_only_statements_over_the_copied_columns_are_read_from_the_copy():
    matched = Qualification.objects.public().filter(search_vector="pszczoła").order_by().values("pk", "ministry_id")
    sql, _params = matched.query.sql_with_params()
    assert 'FROM "qualification_search_rows" AS "qualifications_qualification" WHERE' in on_search_rows(sql)
    for other in (
        Qualification.objects.public().filter(search_vector="pszczoła").values("pk", "name_pl"),
        Qualification.objects.filter(ministry__name_pl="Zdrowia").values("pk"),
    ):
        sql, _params = other.query.sql_with_params()
        assert on_search_rows(sql) == sql
