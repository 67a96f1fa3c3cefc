"""The certification-rights workflow (docs/domain.md#certification-rights), on the engine of
``applications.workflow.engine``: the same ``Transition`` rows, ``perform`` with ``workflow=RIGHTS``.

submitted -> formal_check (registry operator, 14 days) -> completion_requested (30 days) ->
formal_check ... -> forwarded to the competent minister -> granted (a CertificationRight with its
PZZJ) or refused; withdrawn by the applicant or left unprocessed end it early. The minister's
deadline is the Code of Administrative Procedure default of one month (art. 35 § 3): the act sets
none for these decisions.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from applications import deadlines
from applications.models import CertificationRightsApplication, RightsState
from applications.portal import rules as portal_rules
from applications.portal.notifications import confirm_submission
from applications.rules import unpaid_fee_refusal
from applications.workflow.engine import OFFICER, OPERATOR, Transition, TransitionRefused, Workflow
from applications.workflow.engine import perform as _perform
from applications.workflow.engine import submit as _submit
from applications.workflow.steps import (
    assign_to_me_step,
    decision_date_refusal,
    formal_check_steps,
    refusal_step,
    withdrawal_steps,
)
from qualifications import rights
from qualifications.models import Status

MINISTER_MONTHS = 1
REGISTER_STATUSES = (Status.INCLUDED, Status.FUNCTIONING)


# --- guards ----------------------------------------------------------------------------------------


def _ready_to_forward(application, data, today):
    refusal = unpaid_fee_refusal(application, today)
    if refusal:
        return refusal
    if application.qualification.status not in REGISTER_STATUSES:
        return _(
            "The qualification is not in the register yet: an application filed with the inclusion "
            "application is forwarded after the notice in Monitor Polski."
        )
    return None


def _grant_allowed(application, data, today):
    refusal = decision_date_refusal(data, today, _("Enter the date of the decision granting the rights."))
    if refusal:
        return refusal
    if rights.eligible_pzzj(application.qualification, today).filter(pk=application.applicant_id).exists():
        return _("The applicant is a PZZJ for this group of qualifications: it may not certify in its own group.")
    return rights.pzzj_refusal(application.qualification, data.get("pzzj"), application.applicant, today)


# --- side effects ----------------------------------------------------------------------------------


def _forward(application, data, user, today):
    application.forwarded_on = today
    application.minister_due = deadlines.add_months(today, MINISTER_MONTHS)
    if data.get("officer") is not None:
        application.assigned_officer = data["officer"]


def _grant(application, data, user, today):
    try:
        application.right = rights.grant(
            application.qualification,
            application.applicant,
            decision_date=data["decision_date"],
            decision_number=(data.get("decision_number") or "").strip(),
            pzzj=data["pzzj"],
            user=user,
        )
    except rights.RightChangeRefused as refusal:
        raise TransitionRefused(refusal.message) from None
    application.decided_on = data["decision_date"]


NON_TERMINAL = (
    RightsState.SUBMITTED,
    RightsState.FORMAL_CHECK,
    RightsState.COMPLETION_REQUESTED,
    RightsState.FORWARDED,
)

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        *formal_check_steps(RightsState),
        portal_rules.submit_online_step(RightsState),
        Transition(
            action="forward",
            label=gettext_lazy("Forward to the competent minister"),
            sources=(RightsState.FORMAL_CHECK,),
            target=RightsState.FORWARDED,
            roles=frozenset({OPERATOR}),
            guard=_ready_to_forward,
            effect=_forward,
            fields=("officer", "comment"),
        ),
        assign_to_me_step((RightsState.FORWARDED,)),
        Transition(
            action="grant",
            label=gettext_lazy("Grant the rights and designate the PZZJ"),
            sources=(RightsState.FORWARDED,),
            target=RightsState.GRANTED,
            roles=frozenset({OFFICER}),
            guard=_grant_allowed,
            effect=_grant,
            fields=("decision_number", "decision_date", "pzzj", "comment"),
        ),
        refusal_step(
            RightsState,
            (RightsState.FORWARDED,),
            roles={OFFICER},
            label=pgettext_lazy("certification-rights application", "Refuse"),
        ),
        *withdrawal_steps(RightsState, NON_TERMINAL),
    ]
}

RIGHTS = Workflow(
    CertificationRightsApplication,
    TRANSITIONS,
    ("qualification", "applicant"),
    step_fields=("right",),
    notifier=confirm_submission,
)


def perform(application_id: int, action: str, user, **kwargs) -> CertificationRightsApplication:
    return _perform(application_id, action, user, workflow=RIGHTS, **kwargs)


def submit(application: CertificationRightsApplication, user, comment: str = "") -> None:
    """Record a new application: its first event and the formal-check deadline (14 days)."""
    _submit(application, user, comment)
