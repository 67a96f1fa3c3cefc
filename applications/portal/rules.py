"""The applicant portal's rules about a draft: when the organisation may change its application, what
it still lacks (section by section) and whether it may be filed. The Submit step of every kind's
transition table asks ``submit_refusal``; the task list and the section pages ask the same functions,
so what a page calls complete is exactly what Submit accepts."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import State
from applications.portal.kinds import DRAFT, kind_of
from applications.portal.sections import missing_by_section, sections_of
from applications.workflow.engine import APPLICANT, Transition

COMPLETION_REQUESTED = "completion_requested"  # the same value in the three kinds' state enums
EDITABLE_STATES = (DRAFT, COMPLETION_REQUESTED)


def editable_by_applicant(application) -> bool:
    """While a draft, or when the registry operator has asked for completion."""
    return application.state in EDITABLE_STATES


def _joint_refusal(application) -> str | None:
    """A rights application filed jointly goes in with its inclusion application: after it has been
    submitted, and not once that one has ended without the qualification being included."""
    if not getattr(application, "filed_jointly", False):
        return None
    joint = application.inclusion_application
    if joint.state == DRAFT:
        return _(
            "Submit the inclusion application this one is filed jointly with first (%(name)s); then submit this one."
        ) % {"name": joint.draft.name_pl}
    if joint.state in (State.REFUSED, State.WITHDRAWN, State.LEFT_UNPROCESSED):
        return _(
            "The inclusion application this one was to be filed jointly with has been closed: it can no longer be "
            "submitted. Discard this draft; rights to a qualification in the register are applied for separately."
        )
    return None


def submit_refusal(application, data=None, today=None) -> str | None:
    """Why the draft cannot be filed yet (what is missing, section by section), or None. Also the
    guard of the ``submit_online`` transitions: (application, data, today)."""
    refusal = _joint_refusal(application)
    if refusal:
        return refusal
    missing = missing_by_section(application)
    if not missing:
        return None
    titles = {section.slug: section.title for section in sections_of(kind_of(application).slug)}
    listed = "; ".join(
        f"{titles[slug]}: {', '.join(str(item.label) for item in items)}" for slug, items in missing.items()
    )
    return _("The application is not complete yet. Missing: %(missing)s.") % {"missing": listed}


def file_online(application, data, user, today) -> None:
    """The effect of ``submit_online``: the application gets what the back-office gives one typed in
    by an operator (its number, the submission date, the formal-check deadline)."""
    from applications.workflow import steps

    application.submitted_on = today
    application.assign_number()
    steps.set_formal_check_due(application, data, user, today)
    draft = getattr(application, "draft", None)
    if draft is not None and draft.ministry_id != application.ministry_id:
        # The back-office keeps the proposed qualification's minister equal to the application's.
        draft.ministry_id = application.ministry_id
        draft.save(update_fields=["ministry", "updated_at"])


def submit_online_step(states):
    """The applicant's Submit through the portal, the same for every kind: from the kind's DRAFT to
    SUBMITTED, guarded by ``submit_refusal`` and filed by ``file_online``."""
    return Transition(
        action="submit_online",
        label=gettext_lazy("Submit the application"),
        sources=(states.DRAFT,),
        target=states.SUBMITTED,
        roles=frozenset({APPLICANT}),
        guard=submit_refusal,
        effect=file_online,
        notify=True,
    )
