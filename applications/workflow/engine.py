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

from applications import deadlines
from applications.roles import COORDINATOR, MINISTRY_OFFICER, REGISTRY_OPERATOR
from applications.staff_notifications import notify_staff
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
    notify_staff: bool = False  # e-mail the staff handling the application (an applicant's own step)
    fields: tuple[str, ...] = field(default=())  # the data the step takes (admin forms)
    # (application, user) -> True when the step would change nothing (e.g. assigning a case to the
    # officer who already has it): such a step is neither offered nor performed.
    idle: Callable | None = None


# The fields of every kind that only its steps write (``submit`` and the shared formal check set the
# first deadlines, the kinds' steps the rest): the back-office shows them and never edits them.
STEP_FIELDS = (
    "state",
    "formal_check_due",
    "completion_due",
    "forwarded_on",
    "minister_due",
    "decided_on",
    "refusal_reason",
)
STAFF_ROLES = frozenset({OPERATOR, OFFICER, COORDINATOR})


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
    # The kind's own fields written by its steps only, in addition to ``STEP_FIELDS``.
    step_fields: tuple[str, ...] = ()

    def __post_init__(self):
        if self.notifier is None and any(t.notify for t in self.transitions.values()):
            raise ValueError(f"{self.model.__name__}: notifying transitions need a notifier.")

    @property
    def managed_fields(self) -> frozenset[str]:
        return frozenset(STEP_FIELDS + self.step_fields)

    @property
    def staff_transitions(self) -> dict[str, Transition]:
        """The steps taken in the back-office: applicants' own steps (taken in the applicant portal)
        are never offered there, even to staff who are members of the applying organisation."""
        return {action: t for action, t in self.transitions.items() if t.roles & STAFF_ROLES}

    @property
    def staff_roles(self) -> frozenset[str]:
        return frozenset().union(*(t.roles for t in self.transitions.values())) & STAFF_ROLES

    def states_of(self, role: str) -> tuple[str, ...]:
        """The states in which only ``role`` acts among the staff (e.g. the registry operator's formal
        check): the states that every staff step leaving them is that role's."""
        states = []
        for state in self.model._meta.get_field("state").choices:
            roles = {r for t in self.transitions.values() if state[0] in t.sources for r in t.roles}
            if roles & STAFF_ROLES == {role}:
                states.append(state[0])
        return tuple(states)


# --- roles -----------------------------------------------------------------------------------------


class _System:
    """The register itself taking a step, not a person: the demo register replays its applications'
    past with it where no demo account may take the step. It holds every staff role (the states and
    guards are checked as for anyone), is no applicant, and is recorded as no one (the timeline says
    "system"). No request ever carries it: only code passes it to ``perform``."""

    is_authenticated = False  # no session, no membership, no log entry in its name
    is_active = True
    is_superuser = True
    pk = None

    def __str__(self):
        return "system"


SYSTEM = _System()


def user_roles(user) -> set[str]:
    if user is SYSTEM:
        return set(STAFF_ROLES)
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
    recorded_at: datetime.datetime | None = None,
    **data,
):
    """Run one transition. ``expected_state`` is the state the user saw when they clicked: if
    someone else moved the application meanwhile, the click is refused instead of acting twice.
    ``today`` and ``recorded_at`` (the event's time) are for replaying a past step (the demo)."""
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
            actor=None if user is SYSTEM else user,
            comment=comment,
            created_at=recorded_at or timezone.now(),
        )
        if transition.notify:
            notifier = workflow.notifier
            transaction.on_commit(lambda: notifier(application, event))
        if transition.notify_staff:
            transaction.on_commit(lambda: notify_staff(application, event))
    return application


def submit(application, user, comment: str = "", *, recorded_at: datetime.datetime | None = None) -> None:
    """Record a new application: its first event and the formal-check deadline (14 days)."""
    with transaction.atomic():
        application.formal_check_due = deadlines.formal_check_due(application.submitted_on)
        application.save()
        application.events.create(
            action="submit",
            from_state="",
            to_state=application.state,
            actor=user,
            comment=comment,
            created_at=recorded_at or timezone.now(),
        )
