"""Migration applications 0009 (portal drafts) runs forward on a populated database: filed
applications keep their numbers (unique among filed ones), gain an empty transfer reference, and the
register version stops following drafts."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import ensure_roles

BEFORE = [("applications", "0008_applicant_files")]
AFTER = [("applications", "0009_portal_drafts")]


def version():
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM qualifications_registerversion WHERE id = 1")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_drafts_migration_keeps_filed_applications():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        organisation = old.get_model("institutions", "Organisation").objects.create(
            name="Wnioskodawca", name_pl="Wnioskodawca"
        )
        ministry = old.get_model("institutions", "Ministry").objects.get(code="mrit")
        draft = old.get_model("qualifications", "Qualification").objects.create(
            name="Stara kwalifikacja",
            name_pl="Stara kwalifikacja",
            category="free_market",
            type="partial",
            status="draft",
        )
        old.get_model("applications", "InclusionApplication").objects.create(
            number="ZSK/2025/0001",
            applicant=organisation,
            ministry=ministry,
            draft=draft,
            state="submitted",
            submitted_on=datetime.date(2025, 3, 1),
            fee=2000,
        )
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        applications = new.get_model("applications", "InclusionApplication").objects
        application = applications.get()
        assert application.number == "ZSK/2025/0001" and application.fee_reference == ""
        # A draft (no number, no minister) is now possible, and saving it leaves the register version.
        second = old.get_model("qualifications", "Qualification").objects.create(
            code="MIG-2", name="Nowa", name_pl="Nowa", category="free_market", type="partial", status="draft"
        )
        before = version()
        applications.create(applicant_id=organisation.pk, draft_id=second.pk, state="draft", fee=2000)
        assert version() == before
        applications.filter(pk=application.pk).update(contact_email="a@example.org")
        assert version() > before
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
        ensure_roles()
