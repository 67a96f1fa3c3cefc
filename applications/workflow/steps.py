"""The steps every kind of application shares, written once: the registry operator's formal check,
the withdrawal (recorded by the operator or taken online by the applicant), assigning a case to
oneself and a reasoned refusal, with the guards and effects they use. Each kind's table
(``inclusion``, ``rights``, ``pzzj``) adds these to its own steps, naming its states and, where the
kinds differ, its roles, labels and effects."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import deadlines
from applications.workflow.engine import APPLICANT, OFFICER, OPERATOR, Transition

# --- guards ------------------------------------------------------------------------------------------


def _comment_required(application, data, today):
    if not (data.get("comment") or "").strip():
        return _("Write what the applicant must complete: the comment is required.")
    return None


def _completion_late(application, data, today):
    if application.completion_due and today <= application.completion_due:
        return _("The applicant still has time to complete the application (until %(date)s).") % {
            "date": application.completion_due.isoformat()
        }
    return None


def _answer_in_time(application, data, today):
    # Past the deadline the answer is no longer accepted online: the registry operator leaves the
    # application unprocessed (``leave_unprocessed``), exactly as for a letter that came too late.
    if application.completion_due and today > application.completion_due:
        return _(
            "The deadline for completing the application passed on %(date)s: an answer can no longer be "
            "sent. The application will be left unprocessed."
        ) % {"date": application.completion_due.isoformat()}
    return None


def _reason_given(application, data, today):
    if not (data.get("reason") or "").strip():
        return _("Give the reason for refusal.")
    return None


# --- effects ---------------------------------------------------------------------------------------


def set_completion_due(application, data, user, today):
    application.completion_due = deadlines.completion_due(today)


def set_formal_check_due(application, data, user, today):
    application.formal_check_due = deadlines.formal_check_due(today)


def assign_to_me(application, data, user, today):
    application.assigned_officer = user


def record_refusal(application, data, user, today):
    """A refusal decided by a minister: its reason, and the day as the decision's."""
    application.refusal_reason = data["reason"].strip()
    application.decided_on = today


def decision_date_refusal(data, today, missing) -> str | None:
    """Why the step's ``decision_date`` cannot be taken (``missing`` when there is none), or None."""
    decision_date = data.get("decision_date")
    if not isinstance(decision_date, datetime.date):
        return missing
    if decision_date > today:
        return _("The decision date cannot be in the future.")
    return None


# --- the formal check and the applicant's own steps --------------------------------------------------


def formal_check_steps(states, *, completion_guard=_comment_required, request_effect=set_completion_due, notify=False):
    """The registry operator's formal check, the same for every kind: start it, request completion,
    record the completion, leave the application unprocessed when the applicant is late; and the
    applicant's answer to the completion request sent through the portal, which takes the application
    back to the formal check like the operator's recorded completion. ``states`` is the kind's state
    enum (it names SUBMITTED, FORMAL_CHECK, COMPLETION_REQUESTED, LEFT_UNPROCESSED)."""
    operator = frozenset({OPERATOR})
    return [
        Transition(
            action="start_formal_check",
            label=gettext_lazy("Start the formal check"),
            sources=(states.SUBMITTED,),
            target=states.FORMAL_CHECK,
            roles=operator,
        ),
        Transition(
            action="request_completion",
            label=gettext_lazy("Request completion"),
            sources=(states.FORMAL_CHECK,),
            target=states.COMPLETION_REQUESTED,
            roles=operator,
            guard=completion_guard,
            effect=request_effect,
            notify=notify,
            fields=("comment",),
        ),
        Transition(
            action="receive_completion",
            label=gettext_lazy("Record the completion"),
            sources=(states.COMPLETION_REQUESTED,),
            target=states.FORMAL_CHECK,
            roles=operator,
            effect=set_formal_check_due,
            notify=notify,
            fields=("comment",),
        ),
        Transition(
            action="leave_unprocessed",
            label=gettext_lazy("Leave unprocessed (not completed in time)"),
            sources=(states.COMPLETION_REQUESTED,),
            target=states.LEFT_UNPROCESSED,
            roles=operator,
            guard=_completion_late,
            notify=notify,
            fields=("comment",),
        ),
        Transition(
            action="answer_completion",
            label=gettext_lazy("Answer the completion request"),
            sources=(states.COMPLETION_REQUESTED,),
            target=states.FORMAL_CHECK,
            roles=frozenset({APPLICANT}),
            guard=_answer_in_time,
            effect=set_formal_check_due,
            notify=notify,
            notify_staff=True,
            fields=("comment",),
        ),
    ]


def withdraw_online_step(states, sources, *, notify=False):
    """The applicant's own withdrawal through the portal (an owner or editor of the applying
    organisation), from every filed state that has not ended (``sources``) to the kind's WITHDRAWN."""
    return Transition(
        action="withdraw_online",
        label=gettext_lazy("Withdraw the application"),
        sources=tuple(sources),
        target=states.WITHDRAWN,
        roles=frozenset({APPLICANT}),
        notify=notify,
        notify_staff=True,
        fields=("comment",),
    )


def already_assigned_to_user(application, user) -> bool:
    return application.assigned_officer_id is not None and application.assigned_officer_id == user.pk


# --- builders ----------------------------------------------------------------------------------------


def withdrawal_steps(states, sources, *, notify=False):
    """The applicant's withdrawal from every filed state that has not ended (``sources``): recorded by
    the registry operator (a letter) or taken by the applicant in the portal."""
    sources = tuple(sources)
    return [
        Transition(
            action="withdraw",
            label=gettext_lazy("Record the applicant's withdrawal"),
            sources=sources,
            target=states.WITHDRAWN,
            roles=frozenset({OPERATOR}),
            notify=notify,
            fields=("comment",),
        ),
        withdraw_online_step(states, sources, notify=notify),
    ]


def assign_to_me_step(sources):
    """A ministry officer takes the case (offered only to one who does not have it yet)."""
    return Transition(
        action="assign_to_me",
        label=gettext_lazy("Assign to me"),
        sources=tuple(sources),
        target=None,
        roles=frozenset({OFFICER}),
        effect=assign_to_me,
        idle=already_assigned_to_user,
    )


def refusal_step(states, sources, *, roles, label, effect=record_refusal, notify=False):
    """The minister's refusal, which always states its reason; ``label`` as each kind words it."""
    return Transition(
        action="refuse",
        label=label,
        sources=tuple(sources),
        target=states.REFUSED,
        roles=frozenset(roles),
        guard=_reason_given,
        effect=effect,
        notify=notify,
        fields=("reason",),
    )
