"""Hostile input: the property-based tests (many examples per test) run against the demo register,
loaded once for the session by tests/conftest.py (``demo_register``); each test runs in its own savepoint."""

import pytest

from tests.hostile.targets import COMMENT_FORM, COMMENT_FORM_EXAMPLES, PATH_TARGETS, QUERY_TARGETS, RUN


@pytest.fixture
def demo_ids(demo_register, db):
    """Ids of demo records with public pages, for the address templates of targets.py."""
    from applications.models import Consultation
    from qualifications.models import Qualification
    from qualifications.selectors.institutions import listed_organisations

    qualification = Qualification.objects.public().exclude(prk_level=None).order_by("zrk_id").first()
    return {
        "zrk_id": qualification.zrk_id,
        "slug": qualification.slug,
        "institution": listed_organisations().order_by("pk").first().pk,
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
