"""Querysets compiled once per process (zrk.compiled): the same rows as the queryset itself for
any values, and the qualification page built from them without compiling its statements again."""

import datetime

import pytest
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from qualifications.models import CertificationRight, LearningOutcomeSet, Qualification
from qualifications.selectors import qualification as selectors
from tests.factories import (
    CertificationRightFactory,
    LearningOutcomeFactory,
    OrganisationFactory,
    QualificationFactory,
    VerificationCriterionFactory,
)
from tests.qualifications.test_detail_page import page_url
from zrk.compiled import CompiledQuery

pytestmark = pytest.mark.django_db


def test_model_instances_come_with_their_related_records_and_annotations(roles, django_assert_num_queries):
    query = CompiledQuery(Qualification, selectors._public_record, zrk_id=int)
    first = QualificationFactory(name_pl="Prowadzenie magazynu", status="functioning")
    second = QualificationFactory(name_pl="Montaż mebli", status="included")
    for record in (first, second):
        with django_assert_num_queries(1):
            found = query.first(zrk_id=record.zrk_id)
            # select_related: the level and the minister come with the record, no query of their own.
            assert (found.prk_level, found.ministry) == (record.prk_level, record.ministry)
        assert (found.pk, found.name_pl, found.status) == (record.pk, record.name_pl, record.status)
        assert found.last_history is not None  # the annotation
        assert found._state.adding is False and found._state.db == "default"


def test_values_list_rows_keep_the_order_asked_for_whatever_the_values(roles):
    qualification = QualificationFactory(status="functioning")
    pzzj = OrganisationFactory()
    for _ in range(3):
        CertificationRightFactory(qualification=qualification, pzzj=pzzj)
    CertificationRightFactory()  # another qualification's
    query = CompiledQuery(CertificationRight, selectors._rights_of, qualification_id=int, day=datetime.date)
    for day in (datetime.date(2020, 1, 1), datetime.date.today()):
        expected = list(selectors._rights_of(qualification.pk, day))
        assert len(expected) == 3
        assert query.rows(qualification_id=qualification.pk, day=day) == expected


def test_the_outcomes_statement_reads_each_records_own_outcomes(roles):
    records = []
    for n in range(2):
        outcome = LearningOutcomeFactory(text_pl=f"Efekt {n}")
        VerificationCriterionFactory(outcome=outcome, text_pl=f"Kryterium {n}")
        records.append(outcome.outcome_set.qualification)
    query = CompiledQuery(LearningOutcomeSet, selectors._outcomes_of, qualification_id=int)
    for n, record in enumerate(records):
        rows = query.rows(qualification_id=record.pk)
        assert rows == list(selectors._outcomes_of(record.pk))
        assert [(row[5], row[8]) for row in rows] == [(f"Efekt {n}", f"Kryterium {n}")]


def test_a_number_no_column_can_hold_matches_nothing_instead_of_failing(client, roles):
    query = CompiledQuery(Qualification, selectors._public_record, zrk_id=int)
    assert query.rows(zrk_id=2**40) == []
    assert query.rows(zrk_id=-1) == []
    assert client.get(f"/kwalifikacje/{2**40}/").status_code == 404
    assert client.get(f"/kwalifikacje/{10**30}-x/").status_code == 404


def test_a_value_that_is_not_an_exact_match_parameter_is_refused(roles):
    rewritten = CompiledQuery(
        Qualification, lambda zrk_id: Qualification.objects.filter(code__contains=zrk_id), zrk_id=int
    )
    with pytest.raises(ValueError, match="zrk_id"):
        rewritten.rows(zrk_id=5)
    unused = CompiledQuery(Qualification, lambda zrk_id: Qualification.objects.filter(pk=1), zrk_id=int)
    with pytest.raises(ValueError, match="zrk_id"):
        unused.rows(zrk_id=5)
    flat = CompiledQuery(
        Qualification, lambda pk: Qualification.objects.filter(pk=pk).values_list("pk", flat=True), pk=int
    )
    with pytest.raises(ValueError, match="values_list"):
        flat.rows(pk=5)


def test_the_page_compiles_its_statements_once_and_reads_each_record_right(client, roles, settings, monkeypatch):
    settings.PAGE_CACHE = False
    pzzj = OrganisationFactory(name_pl="Instytut Jakości")
    records = []
    for n, name in enumerate(("Prowadzenie magazynu", "Montaż mebli", "Obsługa klienta")):
        record = QualificationFactory(name_pl=name, status="functioning")
        outcome = LearningOutcomeFactory(outcome_set__qualification=record, text_pl=f"Wykonuje zadanie {name}")
        VerificationCriterionFactory(outcome=outcome, text_pl=f"Kryterium {n}")
        CertificationRightFactory(
            qualification=record, pzzj=pzzj, institution=OrganisationFactory(name_pl=f"Szkoła {n}")
        )
        records.append(record)
    client.get(page_url(records[0]))  # compiled here (or by an earlier test in this process)
    compiled = []
    original = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(self) or original(self, *a, **k))
    for n, record in enumerate(records):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(page_url(record)).content.decode()
        assert f"Wykonuje zadanie {record.name_pl}" in html
        assert f"Kryterium {n}" in html
        assert f"Szkoła {n}" in html
        assert sum(f"Szkoła {m}" in html for m in range(3)) == 1
        assert len(queries) <= 5
    assert compiled == []  # no statement of the page went through the ORM's compiler again


def test_each_language_gets_the_page_in_it(client, roles, settings):
    settings.PAGE_CACHE = False
    record = QualificationFactory(name_pl="Prowadzenie magazynu", name_en="Running a warehouse", status="functioning")
    LearningOutcomeFactory(
        outcome_set__qualification=record,
        outcome_set__name_en="Deliveries",
        text_pl="Planuje dostawy",
        text_en="Plans deliveries",
    )
    for _ in range(2):
        polish = client.get(page_url(record)).content.decode()
        english = client.get(page_url(record, "en")).content.decode()
        assert "Planuje dostawy" in polish and "Plans deliveries" not in polish
        assert "Plans deliveries" in english and "Running a warehouse" in english
