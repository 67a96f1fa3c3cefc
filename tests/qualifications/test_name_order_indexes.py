"""The search page's default order (by name, Polish collation) is read from an index in both
languages, so a page of results costs the same whatever the register's size: the index expressions
must stay those of ``name_order`` (qualifications/search/pipeline.py)."""

import pytest
from django.db import connection, transaction
from django.utils import translation

from qualifications.models import Qualification
from qualifications.search.pipeline import name_order
from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "index"), [("pl", "qualification_name_pl_icu"), ("en", "qualification_name_en_icu")]
)
def test_the_name_order_of_each_language_reads_its_index(language, index):
    QualificationFactory.create_batch(3)
    with translation.override(language):
        rows = Qualification.objects.public().order_by(name_order(), "pk").values("pk")[:20]
        sql, params = rows.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # A handful of rows would be sorted in memory: forbid that to see whether the index fits.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan
