"""The back-office of every kind of application is built from its workflow: the registry operator's
stage, the fields only the steps write, the step buttons (never an applicant's step) and the
deadlines all follow the kind's transition table."""

import dataclasses

import pytest
from django.contrib import admin
from django.utils import translation
from django.utils.translation import gettext_lazy

from applications.models import (
    OPERATOR_STATES,
    PZZJ_OPERATOR_STATES,
    RIGHTS_OPERATOR_STATES,
    InclusionApplication,
    PzzjState,
    RightsState,
    State,
)
from applications.workflow import APPLICANT, INCLUSION, OPERATOR, Transition
from applications.workflow.pzzj import PZZJ
from applications.workflow.rights import RIGHTS
from institutions.models import MemberRole, Membership
from tests.applications.conftest import make_application
from tests.applications.test_pzzj_applications import make_pzzj_application
from tests.applications.test_rights_applications import make_rights_application
from tests.workflow_steps import admin_url, step

pytestmark = pytest.mark.django_db


def test_the_operators_stage_of_each_kind_follows_from_its_transitions():
    assert set(INCLUSION.states_of(OPERATOR)) == set(OPERATOR_STATES)
    assert set(RIGHTS.states_of(OPERATOR)) == set(RIGHTS_OPERATOR_STATES)
    assert set(PZZJ.states_of(OPERATOR)) == set(PZZJ_OPERATOR_STATES)


def applications_of_each_kind(ministry):
    return [
        make_application(ministry, State.FORMAL_CHECK),
        make_rights_application(ministry, RightsState.FORMAL_CHECK),
        make_pzzj_application([ministry], PzzjState.FORMAL_CHECK),
    ]


def test_what_the_steps_write_is_never_a_form_field(clients, ministry):
    """Even for the registry operator during the formal check, when most fields are open to them."""
    for application in applications_of_each_kind(ministry):
        workflow = admin.site._registry[type(application)].workflow
        page = clients["operator"].get(admin_url(application, "change"))
        assert page.status_code == 200
        form = page.context["adminform"].form
        assert "fee_paid_on" in form.fields  # the operator corrects the payment date here
        assert not workflow.managed_fields & set(form.fields), type(application).__name__
        assert b'name="refusal_reason"' not in page.content and b'name="state"' not in page.content


def test_a_closed_application_is_read_only_for_everyone(clients, ministry):
    application = make_application(ministry, State.REFUSED)
    for role in ("operator", "officer"):
        page = clients[role].get(admin_url(application, "change"))
        assert page.status_code == 200
        assert not page.context["adminform"].form.fields, role


def test_an_applicants_step_is_never_offered_in_the_back_office(clients, users, ministry, monkeypatch):
    """Not even to a registry operator who is also an editor of the applying organisation (the engine
    would let them take it as the applicant): in the admin it is no step at all."""
    application = make_application(ministry, State.SUBMITTED)
    Membership.objects.create(organisation=application.applicant, user=users["operator"], role=MemberRole.EDITOR)
    own_withdrawal = Transition(
        action="withdraw_online",
        label=gettext_lazy("Withdraw the application"),
        sources=(State.SUBMITTED,),
        target=State.WITHDRAWN,
        roles=frozenset({APPLICANT}),
    )
    with_applicant = dataclasses.replace(
        INCLUSION, transitions={**INCLUSION.transitions, "withdraw_online": own_withdrawal}
    )
    monkeypatch.setattr(admin.site._registry[InclusionApplication], "workflow", with_applicant)

    page = clients["operator"].get(admin_url(application, "change"))
    assert admin_url(application, "transition", "start_formal_check").encode() in page.content
    assert admin_url(application, "transition", "withdraw_online").encode() not in page.content
    response = clients["operator"].post(
        admin_url(application, "transition", "withdraw_online"), {"withdraw_online-expected_state": State.SUBMITTED}
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.state == State.SUBMITTED and not application.events.filter(action="withdraw_online").exists()
    # The staff steps still run as before.
    step(clients["operator"], application, "start_formal_check")
    assert application.state == State.FORMAL_CHECK


def test_each_kind_lists_the_deadlines_of_its_states_in_its_own_words(clients, ministry):
    forwarded = [
        make_application(ministry, State.FORWARDED),
        make_rights_application(ministry, RightsState.FORWARDED),
        make_pzzj_application([ministry], PzzjState.FORWARDED),
    ]
    shown = {}
    for application in forwarded:
        page = clients["operator"].get(admin_url(application, "change"))
        with translation.override("en"):
            shown[type(application).__name__] = [str(label) for label, _date in page.context["workflow"]["deadlines"]]
        assert application.minister_due.isoformat() in str(page.context["workflow"]["current_deadline"])
    assert shown == {
        "InclusionApplication": ["Formal check due", "Minister's deadline"],
        "CertificationRightsApplication": ["Formal check due", "Minister's deadline"],
        "PzzjApplication": ["Formal check due", "Coordinating minister's deadline"],
    }
