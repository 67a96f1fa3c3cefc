"""Hostile input: one demo register for the whole tests/hostile package, loaded once inside a
transaction that is rolled back when the package ends, so the property-based tests (many examples
per test) run against real data without reloading it for every test or module."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.hostile.targets import COMMENT_FORM, COMMENT_FORM_EXAMPLES, PATH_TARGETS, QUERY_TARGETS, RUN


@pytest.fixture(scope="package")
def demo_register(django_db_setup, django_db_blocker):
    """The demo register, for every test of the package; each test still runs in its own savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("setup_roles", verbosity=0, stdout=io.StringIO())
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_ids(demo_register, db):
    """Ids of demo records with public pages, for the address templates of targets.py."""
    from applications.models import Consultation
    from qualifications import public_queries
    from qualifications.models import Qualification

    qualification = Qualification.objects.public().exclude(prk_level=None).order_by("zrk_id").first()
    return {
        "zrk_id": qualification.zrk_id,
        "slug": qualification.slug,
        "institution": public_queries.listed_organisations().order_by("pk").first().pk,
        "consultation": Consultation.objects.order_by("pk").first().pk,
    }


def pytest_terminal_summary(terminalreporter):
    if not RUN:
        return
    terminalreporter.section("hostile input: requests per address")
    limits = {target.name: target.examples for target in (*QUERY_TARGETS, *PATH_TARGETS)}
    limits[COMMENT_FORM] = COMMENT_FORM_EXAMPLES
    terminalreporter.write_line(f"{'address':<34} hypothesis examples (max)   fixed-list requests")
    for name in sorted({name for name, _kind in RUN}):
        examples, fixed = RUN[name, "hypothesis"], RUN[name, "fixed"]
        terminalreporter.write_line(f"{name:<34} {examples:8d} ({limits.get(name, 0):4d}) {fixed:21d}")
    total = sum(count for (_name, kind), count in RUN.items() if kind == "hypothesis")
    terminalreporter.write_line(f"{'in all':<34} {total:8d}        {sum(RUN.values()) - total:21d}")
