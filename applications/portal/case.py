"""The rules of the applicant's case page: which filed application a user may open, what is applied
for, which events of the log the applicant sees (and as whose), the applicant's answers with their
files, and the applicant's two steps (answering a completion request, withdrawing), both run through
the workflow engine.

What the applicant sees of the log: every step that changed the state (the applicant is a party to
the proceedings and entitled to know where the case stands), the extension of the minister's deadline,
and their own steps. A comment is shown only where it is addressed to the applicant: the steps the
back-office writes to the applicant about (``notifications.SUBJECTS``: the comment goes into that
letter) and the applicant's own messages. Every other comment is an internal note and stays hidden.
Staff are never named: the actor is the registry or the ministry; a member of the applying
organisation is named, since the organisation's members know each other.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from applications.notifications import SUBJECTS
from applications.portal.kinds import DRAFT, KINDS, Kind, kind_of
from applications.roles import REGISTRY_OPERATOR
from applications.uploads import files_of, store_upload
from applications.workflow import engine
from institutions import membership
from institutions.models import Membership

ANSWER = "answer_completion"
WITHDRAW = "withdraw_online"
APPLICANT_ACTIONS = (ANSWER, WITHDRAW)
COMPLETION_SECTION = "completion"
LETTER_ACTIONS = frozenset(SUBJECTS)
FORMAL_CHECK_STATES = ("", "submitted", "formal_check", "completion_requested")

REGISTRY = gettext_lazy("Registry (IBE)")
MINISTRY = pgettext_lazy("who acted on an application", "Ministry")

TITLES = {
    "submit": gettext_lazy("Application filed"),
    "extend_deadline": gettext_lazy("The minister's deadline extended by 4 months"),
    "receive_completion": gettext_lazy("Completion received"),
    ANSWER: gettext_lazy("Answer to the completion request sent"),
    WITHDRAW: gettext_lazy("Application withdrawn"),
}


def open_case(user, kind_slug: str, pk: int) -> tuple[Kind, object]:
    """The filed application a member of the applying organisation opens; 404 for anything else (an
    unknown kind, no such application, a draft, another organisation's application), so that an
    address tells nothing to those who may not see it."""
    kind = KINDS.get(kind_slug)
    if kind is None:
        raise Http404(_("There is no such application."))
    application = kind.model.objects.select_related("applicant").filter(pk=pk).first()
    if application is None or application.state == DRAFT or not membership.may_view(user, application.applicant_id):
        raise Http404(_("There is no such application."))
    return kind, application


def subject(application, kind: Kind) -> str:
    """What is applied for, in a line."""
    if kind.slug == "inclusion":
        return application.draft.name
    if kind.slug == "rights":
        return application.qualification.name
    return ", ".join(str(ministry) for ministry in application.ministries.all())


def action_labels(kind: Kind) -> dict[str, str]:
    return {action: t.label for action, t in kind.workflow.transitions.items()}


@dataclass
class VisibleEvent:
    when: datetime.datetime
    title: str
    actor: str
    comment: str
    action: str
    files: list = field(default_factory=list)


def _actor_label(event, member_ids: set[int]) -> str:
    actor = event.actor
    if actor is not None and (event.action in APPLICANT_ACTIONS or actor.pk in member_ids):
        return actor.get_full_name() or actor.get_username()
    if event.from_state in FORMAL_CHECK_STATES:
        return str(REGISTRY)
    if actor is not None and any(group.name == REGISTRY_OPERATOR for group in actor.groups.all()):
        return str(REGISTRY)  # a publication recorded by the registry
    return str(MINISTRY)


def is_visible(event) -> bool:
    return (
        event.action in LETTER_ACTIONS
        or event.action in APPLICANT_ACTIONS
        or event.action == "submit"
        or event.from_state != event.to_state
    )


def visible_events(application) -> list[VisibleEvent]:
    """The application's log as the applicant sees it, oldest first, with the files of each answer."""
    member_ids = set(
        Membership.objects.filter(organisation_id=application.applicant_id).values_list("user_id", flat=True)
    )
    states = dict(type(application)._meta.get_field("state").choices)
    events = application.events.select_related("actor").prefetch_related("actor__groups")
    answer_files = files_by_answer(application)
    shown = []
    for event in events:
        if not is_visible(event):
            continue
        title = TITLES.get(event.action) or capfirst(str(states.get(event.to_state, event.to_state)))
        addressed = event.action in LETTER_ACTIONS or event.action in APPLICANT_ACTIONS
        shown.append(
            VisibleEvent(
                when=event.created_at,
                title=title,
                actor=_actor_label(event, member_ids),
                comment=event.comment if addressed else "",
                action=event.action,
                files=answer_files.get(event.pk, []),
            )
        )
    return shown


def files_by_answer(application) -> dict[int, list]:
    """The files sent with each answer (event id -> files): an answer's files are stored right after
    its event, in the same transaction, so each file belongs to the last answer before it."""
    answers = list(application.events.filter(action=ANSWER).order_by("created_at", "pk"))
    grouped: dict[int, list] = {event.pk: [] for event in answers}
    for upload in files_of(application, COMPLETION_SECTION).order_by("uploaded_at", "pk"):
        owner = None
        for event in answers:
            if event.created_at <= upload.uploaded_at:
                owner = event
        if owner is not None:
            grouped[owner.pk].append(upload)
    return grouped


def completion_request(application):
    """The latest completion request (its event, whose comment is the letter), or None."""
    return application.events.filter(action="request_completion").order_by("-created_at", "-pk").first()


def may_take(application, user, action: str) -> bool:
    """Whether the user may take the applicant's step ``action`` now (the state and their role)."""
    transition = kind_of(application).workflow.transitions.get(action)
    return (
        transition is not None
        and application.state in transition.sources
        and membership.may_edit(user, application.applicant_id)
    )


def answer(kind: Kind, application, user, *, message: str, uploads, expected_state: str, today=None):
    """Send the applicant's answer: the engine's ``answer_completion`` step (the message is its
    event's comment, in the append-only log) and the files, stored in the same transaction. A refusal
    (state, role, deadline, a duplicate file) raises TransitionRefused or ValidationError and leaves
    nothing behind, not even a file on the disk."""
    stored = []
    try:
        with transaction.atomic():
            application = engine.perform(
                application.pk,
                ANSWER,
                user,
                workflow=kind.workflow,
                expected_state=expected_state,
                today=today,
                comment=message,
            )
            for upload in uploads:
                stored.append(store_upload(application, upload, section=COMPLETION_SECTION, user=user))
    except BaseException:
        for record in stored:
            record.file.delete(save=False)
        raise
    return application


def withdraw(kind: Kind, application, user, *, comment: str, expected_state: str, today=None):
    return engine.perform(
        application.pk,
        WITHDRAW,
        user,
        workflow=kind.workflow,
        expected_state=expected_state,
        today=today,
        comment=comment,
    )


def with_last_action(queryset):
    """Annotate ``last_action``: the action of the application's latest event. The staff's queue of
    answers is ``last_action == ANSWER``: the applicant answered and nobody has acted since."""
    events = queryset.model._meta.get_field("events").related_model
    latest = events.objects.filter(application=OuterRef("pk")).order_by("-created_at", "-pk").values("action")[:1]
    return queryset.annotate(last_action=Subquery(latest))
