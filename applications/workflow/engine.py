"""The workflow engine shared by every kind of application: a transition table (``Transition``: source
states, target state, allowed roles, guard, side effect) per kind, and ``perform``, which runs one transition.

Every transition runs in one transaction with the application row locked (SELECT ... FOR UPDATE),
re-checks the state under the lock, writes an append-only event and, where the step concerns the
applicant, hands the application and its event to the kind's notifier once the transaction has
committed. A refusal (wrong role, wrong state, a guard) raises ``TransitionRefused`` with a
translated message and changes nothing. The admin and the tests both call ``perform``.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import deadlines
from applications.roles import COORDINATOR, MINISTRY_OFFICER, REGISTRY_OPERATOR
from institutions import membership

OPERATOR = REGISTRY_OPERATOR
OFFICER = MINISTRY_OFFICER
# Not a Django group: a member (owner or editor) of the applying organisation, acting through the
# applicant portal. ``may_act`` checks the membership against the application's ``applicant``.
APPLICANT = "applicant"


class TransitionRefused(Exception):
    """A transition that may not happen; ``message`` says why, in the user's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


@dataclass(frozen=True, kw_only=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: the state stays (e.g. extending the deadline)
    roles: frozenset[str]
    guard: Callable | None = None  # (application, data, today) -> refusal message or None
    effect: Callable | None = None  # (application, data, user, today) -> None
    notify: bool = False  # e-mail the applicant
    fields: tuple[str, ...] = field(default=())  # the data the step takes (admin forms)
    # (application, user) -> True when the step would change nothing (e.g. assigning a case to the
    # officer who already has it): such a step is neither offered nor performed.
    idle: Callable | None = None


# --- steps shared by every kind ----------------------------------------------------------------------


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


def _reason_given(application, data, today):
    if not (data.get("reason") or "").strip():
        return _("Give the reason for refusal.")
    return None


@dataclass(frozen=True)
class Workflow:
    """One kind of application run by ``perform``: its model (with a ``state`` field, a ``ministry``
    and an ``events`` relation of the ApplicationEvent shape), its transition table and the relations
    to load with the locked row."""

    model: type
    transitions: dict[str, Transition]
    related: tuple[str, ...] = ()
    # Called after commit with (application, event) for transitions marked ``notify``. Each kind
    # brings its own, since the letters name what is applied for.
    notifier: Callable | None = None

    def __post_init__(self):
        if self.notifier is None and any(t.notify for t in self.transitions.values()):
            raise ValueError(f"{self.model.__name__}: notifying transitions need a notifier.")


# --- roles -----------------------------------------------------------------------------------------


def set_completion_due(application, data, user, today):
    application.completion_due = deadlines.completion_due(today)


def set_formal_check_due(application, data, user, today):
    application.formal_check_due = deadlines.formal_check_due(today)


def formal_check_steps(states, *, completion_guard=_comment_required, request_effect=set_completion_due, notify=False):
    """The registry operator's formal check, the same for every kind: start it, request completion,
    record the completion, leave the application unprocessed when the applicant is late. ``states`` is
    the kind's state enum (it names SUBMITTED, FORMAL_CHECK, COMPLETION_REQUESTED, LEFT_UNPROCESSED)."""
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
    ]


def already_assigned_to_user(application, user) -> bool:
    return application.assigned_officer_id is not None and application.assigned_officer_id == user.pk


def user_roles(user) -> set[str]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return {OPERATOR, OFFICER, COORDINATOR}
    return set(user.groups.values_list("name", flat=True))


def officer_ministry_id(user) -> int | None:
    profile = getattr(user, "officer_profile", None) if user.is_authenticated else None
    return profile.ministry_id if profile else None


def may_act(transition: Transition, application, user, roles: set[str] | None = None) -> bool:
    """Whether the user's role allows the transition on this application (the state aside)."""
    roles = user_roles(user) if roles is None else roles
    if OPERATOR in roles and OPERATOR in transition.roles:
        return True
    if COORDINATOR in roles and COORDINATOR in transition.roles:
        return True
    if OFFICER in roles and OFFICER in transition.roles:
        return user.is_superuser or officer_ministry_id(user) == application.ministry_id
    if APPLICANT in transition.roles:
        return membership.may_edit(user, application.applicant_id)
    return False


def available_transitions(application, user, workflow: Workflow) -> list[Transition]:
    """The transitions this user may take from the application's current state."""
    roles = user_roles(user)
    return [
        t
        for t in workflow.transitions.values()
        if application.state in t.sources
        and may_act(t, application, user, roles)
        and not (t.idle and t.idle(application, user))
    ]


# --- running a transition --------------------------------------------------------------------------


def perform(
    application_id: int,
    action: str,
    user,
    *,
    expected_state: str | None = None,
    today: datetime.date | None = None,
    workflow: Workflow,
    **data,
):
    """Run one transition. ``expected_state`` is the state the user saw when they clicked: if
    someone else moved the application meanwhile, the click is refused instead of acting twice."""
    transition = workflow.transitions.get(action)
    if transition is None:
        raise TransitionRefused(_("Unknown action."))
    today = today or timezone.localdate()
    model = workflow.model
    with transaction.atomic():
        try:
            application = (
                model.objects.select_for_update(of=("self",)).select_related(*workflow.related).get(pk=application_id)
            )
        except model.DoesNotExist:
            raise TransitionRefused(_("This application does not exist.")) from None
        if expected_state and application.state != expected_state:
            raise TransitionRefused(
                _(
                    "Someone else has just changed this application: it is now “%(state)s”. "
                    "Nothing was done; check the timeline and try again if still needed."
                )
                % {"state": application.get_state_display()}
            )
        if not may_act(transition, application, user):
            raise TransitionRefused(
                _("Your role does not allow “%(action)s” on this application.") % {"action": transition.label}
            )
        if application.state not in transition.sources:
            raise TransitionRefused(
                _("“%(action)s” is not possible while the application is “%(state)s”.")
                % {"action": transition.label, "state": application.get_state_display()}
            )
        if transition.idle and transition.idle(application, user):
            raise TransitionRefused(
                _("“%(action)s” would change nothing: it is already done.") % {"action": transition.label}
            )
        if transition.guard:
            refusal = transition.guard(application, data, today)
            if refusal:
                raise TransitionRefused(refusal)
        from_state = application.state
        if transition.effect:
            transition.effect(application, data, user, today)
        if transition.target:
            application.state = transition.target
        application.save()
        comment = (data.get("comment") or data.get("reason") or "").strip()
        event = application.events.create(
            action=transition.action,
            from_state=from_state,
            to_state=application.state,
            actor=user,
            comment=comment,
        )
        if transition.notify:
            notifier = workflow.notifier
            transaction.on_commit(lambda: notifier(application, event))
    return application


def submit(application, user, comment: str = "") -> None:
    """Record a new application: its first event and the formal-check deadline (14 days)."""
    with transaction.atomic():
        application.formal_check_due = deadlines.formal_check_due(application.submitted_on)
        application.save()
        application.events.create(
            action="submit", from_state="", to_state=application.state, actor=user, comment=comment
        )
