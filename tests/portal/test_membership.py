"""The membership rules the applicant portal and the workflow rely on."""

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError

from applications.workflow.engine import APPLICANT, Transition, may_act
from institutions import membership
from institutions.models import MemberRole, Membership, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return Organisation.objects.create(name="Stowarzyszenie Testowe")


def member(organisation, role, username):
    user = User.objects.create_user(username, f"{username}@example.org", "x-Strong-pass-91")
    Membership.objects.create(organisation=organisation, user=user, role=role)
    return user


def test_roles_decide_what_a_member_may_do(organisation):
    owner = member(organisation, MemberRole.OWNER, "owner")
    editor = member(organisation, MemberRole.EDITOR, "editor")
    viewer = member(organisation, MemberRole.VIEWER, "viewer")
    stranger = User.objects.create_user("stranger", "s@example.org", "x-Strong-pass-91")
    assert [membership.may_edit(u, organisation.pk) for u in (owner, editor, viewer, stranger)] == [
        True,
        True,
        False,
        False,
    ]
    assert [membership.may_view(u, organisation.pk) for u in (owner, editor, viewer, stranger)] == [
        True,
        True,
        True,
        False,
    ]
    assert membership.is_owner(owner, organisation.pk) and not membership.is_owner(editor, organisation.pk)
    assert list(membership.organisations_of(viewer)) == [organisation]
    assert not membership.organisations_of(stranger).exists()
    editor.is_active = False
    assert not membership.may_edit(editor, organisation.pk)


def test_one_membership_per_person_and_organisation(organisation):
    user = member(organisation, MemberRole.EDITOR, "twice")
    with pytest.raises(IntegrityError):
        Membership.objects.create(organisation=organisation, user=user, role=MemberRole.VIEWER)


def test_applicant_steps_are_open_to_editors_of_the_applying_organisation_only(organisation):
    other = Organisation.objects.create(name="Inna Fundacja")
    step = Transition(action="x", label="x", sources=("a",), target="b", roles=frozenset({APPLICANT}))

    class Application:
        applicant_id = organisation.pk
        ministry_id = None

    assert may_act(step, Application, member(organisation, MemberRole.EDITOR, "e"))
    assert not may_act(step, Application, member(organisation, MemberRole.VIEWER, "v"))
    assert not may_act(step, Application, member(other, MemberRole.OWNER, "o"))
