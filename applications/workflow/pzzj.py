"""The PZZJ list workflow (docs/domain.md#pzzj-rules, art. 51-56) on the engine of
``applications.workflow.engine``: formal check by the registry operator (14 days, 30 days for completion),
then the coordinating minister (the coordinator role) enters the body on the list for 6 years and
the groups of qualifications applied for, or refuses. The coordinator's deadline is the Code of
Administrative Procedure default of one month (art. 35 § 3)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from applications import deadlines
from applications.models import PzzjApplication, PzzjState
from applications.portal import rules as portal_rules
from applications.portal.notifications import confirm_submission
from applications.roles import COORDINATOR
from applications.rules import unpaid_fee_refusal
from applications.workflow.engine import OPERATOR, Transition, Workflow
from applications.workflow.engine import perform as _perform
from applications.workflow.engine import submit as _submit
from applications.workflow.steps import decision_date_refusal, formal_check_steps, refusal_step, withdrawal_steps
from institutions.models import PzzjEntry

COORDINATOR_MONTHS = 1


def _ready_to_forward(application, data, today):
    refusal = unpaid_fee_refusal(application, today)
    if refusal:
        return refusal
    if not application.ministries.exists():
        return _("The application names no group of qualifications (ministry).")
    return None


def _decision_date_given(application, data, today):
    return decision_date_refusal(data, today, _("Enter the date of the decision."))


def _forward(application, data, user, today):
    application.forwarded_on = today
    application.minister_due = deadlines.add_months(today, COORDINATOR_MONTHS)


def _enter(application, data, user, today):
    entry = PzzjEntry.objects.create(
        organisation=application.applicant,
        decision_date=data["decision_date"],
        decision_number=(data.get("decision_number") or "").strip(),
    )
    entry.ministries.set(application.ministries.all())
    application.entry = entry
    application.decided_on = data["decision_date"]


NON_TERMINAL = (PzzjState.SUBMITTED, PzzjState.FORMAL_CHECK, PzzjState.COMPLETION_REQUESTED, PzzjState.FORWARDED)
COORD = frozenset({COORDINATOR})
OP = frozenset({OPERATOR})

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        *formal_check_steps(PzzjState),
        portal_rules.submit_online_step(PzzjState),
        Transition(
            action="forward",
            label=gettext_lazy("Forward to the coordinating minister"),
            sources=(PzzjState.FORMAL_CHECK,),
            target=PzzjState.FORWARDED,
            roles=OP,
            guard=_ready_to_forward,
            effect=_forward,
            fields=("comment",),
        ),
        Transition(
            action="enter",
            label=gettext_lazy("Enter on the PZZJ list (6 years)"),
            sources=(PzzjState.FORWARDED,),
            target=PzzjState.ENTERED,
            roles=COORD,
            guard=_decision_date_given,
            effect=_enter,
            fields=("decision_number", "decision_date", "comment"),
        ),
        refusal_step(
            PzzjState, (PzzjState.FORWARDED,), roles=COORD, label=pgettext_lazy("PZZJ list application", "Refuse")
        ),
        *withdrawal_steps(PzzjState, NON_TERMINAL),
    ]
}

PZZJ = Workflow(PzzjApplication, TRANSITIONS, ("applicant",), step_fields=("entry",), notifier=confirm_submission)


def perform(application_id: int, action: str, user, **kwargs) -> PzzjApplication:
    return _perform(application_id, action, user, workflow=PZZJ, **kwargs)


def submit(application: PzzjApplication, user, comment: str = "") -> None:
    _submit(application, user, comment)
