"""The qualification page's statements kept prepared per connection (zrk.compiled.prepared_cursor),
and DATABASE_PREPARED_STATEMENTS=0 for a connection pooler that cannot carry them."""

import re

import pytest
from django.db import connection

from tests.factories import (
    CertificationRightFactory,
    LearningOutcomeFactory,
    OrganisationFactory,
    QualificationFactory,
    VerificationCriterionFactory,
)
from tests.zrk.test_cluster_settings import REPLICA, shown_with

pytestmark = pytest.mark.django_db


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def _records(count: int):
    records = []
    for n in range(count):
        record = QualificationFactory(name_pl=f"Prowadzenie magazynu {n}", status="functioning")
        outcome = LearningOutcomeFactory(outcome_set__qualification=record, text_pl=f"Planuje dostawy {n}")
        VerificationCriterionFactory(outcome=outcome)
        CertificationRightFactory(qualification=record, institution=OrganisationFactory(name_pl=f"Szkoła {n}"))
        records.append(record)
    return records


def _without_nonce(html: str) -> str:
    return re.sub(r'nonce="[^"]*"', "", html)


def _page(client, record) -> str:
    response = client.get(f"/kwalifikacje/{record.zrk_id}-{record.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_after_a_few_pages_their_statements_are_prepared_and_the_pages_unchanged(client, roles, settings):
    settings.PAGE_CACHE = False
    records = _records(4)
    first = [_page(client, record) for record in records]
    again = [_page(client, record) for record in records]
    assert [_without_nonce(page) for page in again] == [_without_nonce(page) for page in first]
    for n, page in enumerate(again):
        assert f"Planuje dostawy {n}" in page and f"Szkoła {n}" in page
    prepared = _prepared()
    # The record, its rights, its outcomes, its reported fees, the related block.
    for table in (
        "qualifications_historicalqualification",
        "institutions_pzzjentry",
        "qualifications_verificationcriterion",
        "qualifications_quarterlyreport",
        "qualifications_qualificationterm",
    ):
        assert any(table in statement for statement in prepared), table


def test_with_prepared_statements_off_nothing_is_prepared(client, roles, settings):
    settings.PAGE_CACHE = False
    records = _records(2)
    raw = connection.connection
    threshold = raw.prepare_threshold
    raw.prepare_threshold = None  # what DATABASE_PREPARED_STATEMENTS=0 gives a new connection
    try:
        with connection.cursor() as cursor:
            cursor.execute("DEALLOCATE ALL")  # psycopg forgets its prepared statements with it
        for _ in range(4):
            for n, record in enumerate(records):
                assert f"Planuje dostawy {n}" in _page(client, record)
        assert _prepared() == []
    finally:
        raw.prepare_threshold = threshold


def test_the_setting_reaches_both_databases():
    shown = shown_with(DATABASE_REPLICA_URL=REPLICA)
    assert {db["OPTIONS"]["prepare_threshold"] for db in shown["databases"].values()} == {2}
    shown = shown_with(DATABASE_REPLICA_URL=REPLICA, DATABASE_PREPARED_STATEMENTS="0")
    assert {db["OPTIONS"]["prepare_threshold"] for db in shown["databases"].values()} == {None}
