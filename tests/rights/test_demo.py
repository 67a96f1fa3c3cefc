"""The demo register has rights in each state, each change logged, and rights applications in each state."""

import pytest

from applications.models import CertificationRightsApplication
from qualifications.models import CertificationRight

pytestmark = pytest.mark.django_db


def test_demo_rights_in_each_state_with_their_log_and_applications(demo_register):
    statuses = set(CertificationRight.objects.values_list("status", flat=True))
    assert statuses == {"active", "suspended", "withdrawn", "expired"}
    for right in CertificationRight.objects.exclude(status="active"):
        assert right.events.filter(to_status=right.status).exists()
    states = set(CertificationRightsApplication.objects.values_list("state", flat=True))
    assert {"submitted", "completion_requested", "forwarded", "granted", "refused"} <= states
    granted = CertificationRightsApplication.objects.get(state="granted")
    assert granted.right.status == "active" and granted.qualification.status == "functioning"
    # That a second load adds no right, event or application: tests/applications/test_load_demo.py.
