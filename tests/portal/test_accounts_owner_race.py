"""Two owners demoting each other at the same moment: the organisation's row lock serialises them, so
one succeeds and the other is refused, and the organisation keeps an owner."""

import threading
import time

import pytest
from django.db import connection

from applications.portal import organisations as rules
from institutions.models import MemberRole, Membership
from tests.portal.accounts_helpers import applicant, organisation


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_owners_demoting_each_other_at_once_leave_one_owner(monkeypatch):
    first, second = applicant("pierwszy@example.org"), applicant("drugi@example.org")
    org = organisation(owner=[first, second])
    first_membership = Membership.objects.get(user=first)
    second_membership = Membership.objects.get(user=second)

    # Widen the window between counting the owners and writing the new role: without the lock both
    # requests would count one other owner and both demote.
    count = rules._owners_left_without

    def slow_count(*args):
        result = count(*args)
        time.sleep(1)
        return result

    monkeypatch.setattr(rules, "_owners_left_without", slow_count)
    barrier = threading.Barrier(2)
    outcomes = []

    def demote(actor, target):
        try:
            Membership.objects.exists()  # connect first: a new connection takes longer than the window
            barrier.wait()
            rules.change_role(org.pk, actor, target.pk, MemberRole.EDITOR)
            outcomes.append("changed")
        except rules.MembershipError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=demote, args=(first, second_membership)),
        threading.Thread(target=demote, args=(second, first_membership)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["changed", "refused"]
    assert Membership.objects.filter(organisation=org, role=MemberRole.OWNER).count() == 1
