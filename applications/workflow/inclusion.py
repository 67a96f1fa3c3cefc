"""The inclusion workflow (docs/domain.md#the-inclusion-workflow): its guards, side effects and
transition table, run by ``applications.workflow.engine``."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import deadlines
from applications.models import (
    Consultation,
    InclusionApplication,
    State,
)
from applications.notifications import notify_applicant
from applications.portal import rules as portal_rules
from applications.prk_lock import allow_logged_change
from applications.rules import unpaid_fee_refusal
from applications.workflow import engine
from applications.workflow.engine import OFFICER, OPERATOR, Transition, TransitionRefused, Workflow
from applications.workflow.steps import (
    assign_to_me_step,
    formal_check_steps,
    refusal_step,
    set_completion_due,
    withdrawal_steps,
)
from qualifications.completeness import as_text, description_gaps
from qualifications.models import PrkLevel, Status
from qualifications.notices import notice_errors

# --- guards ----------------------------------------------------------------------------------------


def _gaps_refusal(application, prefix):
    gaps = description_gaps(application.draft)
    if gaps:
        return _("%(prefix)s The description of the qualification lacks: %(missing)s.") % {
            "prefix": prefix,
            "missing": as_text(gaps),
        }
    return None


def _completion_wanted(application, data, today):
    # The gaps of the description are listed by themselves; a comment is needed only for what
    # the description check cannot see (a missing fee, a signature...).
    if not (data.get("comment") or "").strip() and not description_gaps(application.draft):
        return _(
            "The description has every required element: write what the applicant must complete; "
            "the comment is required."
        )
    return None


def _fee_paid(application, data, today):
    refusal = unpaid_fee_refusal(application, today)
    if refusal:
        return refusal
    return _gaps_refusal(application, _("Request completion instead of forwarding."))


def _closes_on_valid(application, data, today):
    closes_on = data.get("closes_on")
    if not isinstance(closes_on, datetime.date):
        return _("Enter the date the consultation closes.")
    if closes_on <= today:
        return _("The consultation must close after today.")
    return None


def _expert_review_allowed(application, data, today):
    if application.state == State.CONSULTATION:
        consultation = Consultation.objects.filter(application=application).first()
        if consultation and today <= consultation.closes_on:
            return _("The consultation is still open (until %(date)s); the expert review starts after it closes.") % {
                "date": consultation.closes_on.isoformat()
            }
    return None


def _prk_level(data):
    level = data.get("prk_level")
    if isinstance(level, PrkLevel):
        return level
    try:
        number = int(level)
    except (TypeError, ValueError):
        return None
    return PrkLevel.objects.filter(level=number).first()


def _prk_level_given(application, data, today):
    if _prk_level(data) is None:
        return _("Assign a PRK level (1 to 8) to decide.")
    decision_date = data.get("decision_date")
    if decision_date is not None and not isinstance(decision_date, datetime.date):
        return _("Enter the date of the decision.")
    if decision_date is not None and decision_date > today:
        return _("The decision date cannot be in the future.")
    return None


def _level_change_allowed(application, data, today):
    level = _prk_level(data)
    if level is None:
        return _("Choose the new PRK level (1 to 8).")
    if level.pk == application.draft.prk_level_id:
        return _("The qualification already has this PRK level.")
    if not (data.get("comment") or "").strip():
        return _("Give the reason for changing the PRK level decided: it goes into the timeline.")
    return None


def _extension_unused(application, data, today):
    if application.deadline_extended:
        return _("The minister's deadline has already been extended once; the law allows one extension.")
    return None


def _mp_reference_given(application, data, today):
    missing = []
    year, position, date = data.get("mp_year"), data.get("mp_position"), data.get("mp_date")
    if not isinstance(year, int) or not 2016 <= year <= 2100:
        missing.append(_("the Monitor Polski year (2016 or later)"))
    if not isinstance(position, int) or position < 1:
        missing.append(_("the position in Monitor Polski"))
    if not isinstance(date, datetime.date):
        missing.append(_("the date of the notice"))
    if missing:
        return _("To publish, enter %(missing)s.") % {"missing": ", ".join(missing)}
    included_on = data.get("included_on")
    errors = notice_errors(
        mp_year=year,
        mp_position=position,
        mp_date=date,
        included_on=included_on if isinstance(included_on, datetime.date) else None,
        today=today,
        exclude_pk=application.draft_id,
    )
    if errors:
        return " ".join(errors.values())
    if application.draft.prk_level_id is None:
        return _("The qualification has no PRK level: it must be decided first.")
    return _gaps_refusal(application, _("Complete the description from the notice before publishing."))


# --- side effects ----------------------------------------------------------------------------------


def _request_completion(application, data, user, today):
    set_completion_due(application, data, user, today)
    gaps = description_gaps(application.draft)
    if gaps:
        # The request is official Polish correspondence (the event's comment goes into the letter).
        with translation.override("pl"):
            listed = _("Missing elements of the qualification description: %(missing)s.") % {"missing": as_text(gaps)}
        data["comment"] = "\n\n".join(part for part in ((data.get("comment") or "").strip(), listed) if part)


def _forward(application, data, user, today):
    application.forwarded_on = today
    application.minister_due = deadlines.minister_due(today)
    officer = data.get("officer")
    if officer is not None:
        application.assigned_officer = officer


def _extend(application, data, user, today):
    application.deadline_extended = True
    application.minister_due = deadlines.minister_due(application.forwarded_on, extended=True)


def _open_consultation(application, data, user, today):
    Consultation.objects.update_or_create(
        application=application, defaults={"opens_on": today, "closes_on": data["closes_on"]}
    )


def _decide(application, data, user, today):
    draft = application.draft
    draft.prk_level = _prk_level(data)
    draft.save(update_fields=["prk_level", "updated_at"])
    # The decision's own date when the officer gives it (it may precede its entry here), else today.
    application.decision_date = data.get("decision_date") or today
    application.decision_number = (data.get("decision_number") or "").strip()
    application.decided_on = application.decision_date


def _change_level(application, data, user, today):
    # The only way to change a decided level: the event written by ``perform`` keeps the reason.
    draft = application.draft
    draft.prk_level = _prk_level(data)
    allow_logged_change(draft)
    draft.save(update_fields=["prk_level", "updated_at"])


def _refuse(application, data, user, today):
    application.refusal_reason = data["reason"].strip()


def _publish(application, data, user, today):
    draft = application.draft
    draft.status = Status.INCLUDED
    draft.mp_year = data["mp_year"]
    draft.mp_position = data["mp_position"]
    draft.mp_date = data["mp_date"]
    draft.included_on = data.get("included_on") or data["mp_date"]
    draft.ministry = application.ministry
    draft.applicant = application.applicant
    try:
        with transaction.atomic():  # a savepoint: the refused UPDATE is undone before the refusal is raised
            draft.save()
    except IntegrityError as error:
        # The guard checked the notice; only a concurrent publication can get here (two steps
        # taking one Monitor Polski reference at once), or data the guard does not know about.
        constraint = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
        if constraint == "qualification_mp_reference_unique":
            raise TransitionRefused(
                _("M.P. %(year)s poz. %(position)s is already the notice of another qualification.")
                % {"year": data["mp_year"], "position": data["mp_position"]}
            ) from None
        raise TransitionRefused(
            _("The register refused these publication data (%(rule)s); nothing was published.")
            % {"rule": constraint or _("a database rule")}
        ) from None
    application.published_on = today


NON_TERMINAL = (
    State.SUBMITTED,
    State.FORMAL_CHECK,
    State.COMPLETION_REQUESTED,
    State.FORWARDED,
    State.CONSULTATION,
    State.EXPERT_REVIEW,
    State.DECIDED,
)
AT_MINISTRY = (State.FORWARDED, State.CONSULTATION, State.EXPERT_REVIEW, State.DECIDED)

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        *formal_check_steps(
            State, completion_guard=_completion_wanted, request_effect=_request_completion, notify=True
        ),
        portal_rules.submit_online_step(State),
        Transition(
            action="forward",
            label=gettext_lazy("Forward to the competent minister"),
            sources=(State.FORMAL_CHECK,),
            target=State.FORWARDED,
            roles=frozenset({OPERATOR}),
            guard=_fee_paid,
            effect=_forward,
            notify=True,
            fields=("officer", "comment"),
        ),
        assign_to_me_step(AT_MINISTRY),
        Transition(
            action="extend_deadline",
            label=gettext_lazy("Extend the deadline by 4 months"),
            sources=(State.FORWARDED, State.CONSULTATION, State.EXPERT_REVIEW),
            target=None,
            roles=frozenset({OFFICER}),
            guard=_extension_unused,
            effect=_extend,
            notify=True,
            fields=("comment",),
        ),
        Transition(
            action="open_consultation",
            label=gettext_lazy("Open the public consultation"),
            sources=(State.FORWARDED,),
            target=State.CONSULTATION,
            roles=frozenset({OFFICER}),
            guard=_closes_on_valid,
            effect=_open_consultation,
            notify=True,
            fields=("closes_on", "comment"),
        ),
        Transition(
            action="start_expert_review",
            label=gettext_lazy("Start the expert review"),
            sources=(State.FORWARDED, State.CONSULTATION),
            target=State.EXPERT_REVIEW,
            roles=frozenset({OFFICER}),
            guard=_expert_review_allowed,
            fields=("comment",),
        ),
        Transition(
            action="decide",
            label=gettext_lazy("Decide to include and assign the PRK level"),
            sources=(State.EXPERT_REVIEW,),
            target=State.DECIDED,
            roles=frozenset({OFFICER}),
            guard=_prk_level_given,
            effect=_decide,
            notify=True,
            fields=("prk_level", "decision_number", "decision_date", "comment"),
        ),
        Transition(
            action="change_prk_level",
            label=gettext_lazy("Change the PRK level decided"),
            sources=(State.DECIDED,),
            target=None,
            roles=frozenset({OFFICER}),
            guard=_level_change_allowed,
            effect=_change_level,
            fields=("prk_level", "comment"),
        ),
        refusal_step(
            State,
            (State.FORWARDED, State.EXPERT_REVIEW),
            roles={OFFICER},
            label=gettext_lazy("Refuse"),
            effect=_refuse,
            notify=True,
        ),
        Transition(
            action="publish",
            label=gettext_lazy("Publish (notice in Monitor Polski)"),
            sources=(State.DECIDED,),
            target=State.PUBLISHED,
            roles=frozenset({OPERATOR, OFFICER}),
            guard=_mp_reference_given,
            effect=_publish,
            notify=True,
            fields=("mp_year", "mp_position", "mp_date", "included_on", "comment"),
        ),
        *withdrawal_steps(State, NON_TERMINAL, notify=True),
    ]
}


INCLUSION = Workflow(
    InclusionApplication,
    TRANSITIONS,
    ("draft", "applicant"),
    notifier=notify_applicant,
    step_fields=("deadline_extended", "published_on", "decision_number", "decision_date"),
)


def available_transitions(application, user, workflow: Workflow = INCLUSION) -> list[Transition]:
    return engine.available_transitions(application, user, workflow)


def perform(application_id: int, action: str, user, *, workflow: Workflow = INCLUSION, **kwargs):
    return engine.perform(application_id, action, user, workflow=workflow, **kwargs)
