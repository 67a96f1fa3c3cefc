"""The applicant and the registry act at the same moment: the row lock lets one step through and the
other is refused clearly, with nothing half done."""

import pytest

from applications.models import State
from applications.portal import case as rules
from applications.portal.kinds import KINDS
from applications.workflow import perform
from tests.applications.test_concurrency import run_concurrently
from tests.portal.case_support import MemberRole, filed, member, staff_users

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_withdrawal_while_the_operator_forwards(in_english):
    staff = staff_users()
    application = filed("inclusion", State.FORMAL_CHECK)
    owner = member(application.applicant, MemberRole.OWNER, "owner")
    results, blocked = run_concurrently(
        lambda: perform(application.pk, "forward", staff["operator"], expected_state="formal_check").state,
        lambda: rules.withdraw(KINDS["inclusion"], application, owner, comment="", expected_state="formal_check").state,
    )
    assert blocked, "the withdrawal did not wait for the row lock"
    assert results["first"] == State.FORWARDED
    assert "Someone else has just changed this application" in results["second_refused"]
    application.refresh_from_db()
    assert application.state == State.FORWARDED
    assert list(application.events.values_list("action", flat=True)) == ["submit", "forward"]
