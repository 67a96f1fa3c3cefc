"""Hostile input: the property-based tests (many examples per test) run against the demo register,
loaded once for the session by tests/conftest.py (``demo_register``); each test runs in its own savepoint."""

import pytest


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
