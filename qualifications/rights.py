"""Certification rights: the qualification status rule, the lifecycle of a right, PZZJ designation.

* ``refresh_status`` is the one place where a qualification's status follows its rights: included
  becomes functioning when the first active right exists, functioning becomes included when none is
  left. The legacy statuses (suspended, archived) and drafts are left alone. A signal on every save
  and delete of a right calls it, so the admin, the workflow, the demo loader and the shell all
  follow it.
* ``suspend``, ``reinstate``, ``withdraw`` and ``expire`` change a right with a reason and a date, in
  one transaction with the right locked, and append a ``RightEvent``. A change that may not happen
  raises ``RightChangeRefused`` with a translated message and changes nothing.
* ``eligible_pzzj`` and ``pzzj_refusal`` say which PZZJ may be designated for a qualification.
* ``right_errors`` holds the rules of the grant step; the admin form (the model's ``clean``),
  ``grant`` (used by the rights application workflow and the demo loader) all apply it.
* ``archive`` is the archival decision on a qualification: its binding rights expire with it.

Dates: a decision and a change are recorded on or after the day they take effect, never ahead of
it, so the stored status of a right is always its state today; ``certifying_condition`` compares
the dates anyway, so rows written before this rule are judged right on every day.
"""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from institutions.models import Organisation, PzzjEntry
from qualifications.models import (
    AWARDABLE_STATUSES,
    MAX_PZZJ_PER_QUALIFICATION,
    CertificationRight,
    Qualification,
    RightAction,
    RightEvent,
    RightStatus,
    Status,
    certifying_condition,
)

PZZJ_LIMIT_CONSTRAINT = "right_pzzj_limit"


class RightChangeRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


# --- the status rule ------------------------------------------------------------------------------


def refresh_status(qualification) -> str | None:
    """Make the qualification's status follow its rights. Returns the new status when it changed."""
    qualification_id = getattr(qualification, "pk", qualification)
    with transaction.atomic():
        current = Qualification.objects.select_for_update().filter(pk=qualification_id).first()
        if current is None or current.status not in (Status.INCLUDED, Status.FUNCTIONING):
            return None
        today = timezone.localdate()
        has_active = CertificationRight.objects.filter(
            certifying_condition(today), qualification_id=qualification_id
        ).exists()
        if current.status == Status.INCLUDED and has_active:
            current.status = Status.FUNCTIONING
            current._change_reason = "Status: first active certification right"
        elif current.status == Status.FUNCTIONING and not has_active:
            current.status = Status.INCLUDED
            current._change_reason = "Status: no active certification right left"
        else:
            return None
        current.save(update_fields=["status", "updated_at"])
    if isinstance(qualification, Qualification):
        qualification.status = current.status
    return current.status


@receiver(post_save, sender=CertificationRight, dispatch_uid="qualifications_right_saved")
def _right_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_status(instance.qualification_id)


@receiver(post_delete, sender=CertificationRight, dispatch_uid="qualifications_right_deleted")
def _right_deleted(sender, instance, **kwargs):
    refresh_status(instance.qualification_id)


# --- the lifecycle of a right ---------------------------------------------------------------------

# action: (statuses it starts from, status it leads to, whether the right ends, reason required)
LIFECYCLE = {
    RightAction.SUSPEND: ((RightStatus.ACTIVE,), RightStatus.SUSPENDED, False, True),
    RightAction.REINSTATE: ((RightStatus.SUSPENDED,), RightStatus.ACTIVE, False, True),
    RightAction.WITHDRAW: ((RightStatus.ACTIVE, RightStatus.SUSPENDED), RightStatus.WITHDRAWN, True, True),
    RightAction.EXPIRE: ((RightStatus.ACTIVE, RightStatus.SUSPENDED), RightStatus.EXPIRED, True, False),
}


def change(right, action: str, *, reason: str = "", on: datetime.date | None = None, user=None):
    """Run one lifecycle step on a right (a ``CertificationRight`` or its id)."""
    sources, target, ends, reason_required = LIFECYCLE[action]
    reason = (reason or "").strip()
    if reason_required and not reason:
        raise RightChangeRefused(_("Give the reason for this change."))
    if not isinstance(on, datetime.date):
        raise RightChangeRefused(_("Enter the date from which the change applies."))
    right_id = getattr(right, "pk", right)
    with transaction.atomic():
        locked = CertificationRight.objects.select_for_update().filter(pk=right_id).first()
        if locked is None:
            raise RightChangeRefused(_("This certification right does not exist."))
        if locked.status not in sources:
            raise RightChangeRefused(
                _("A right that is “%(status)s” cannot be changed to “%(action)s”.")
                % {"action": RightAction(action).label, "status": locked.get_status_display()}
            )
        if on < locked.decision_date:
            raise RightChangeRefused(
                _("The date cannot be before the decision granting the right (%(date)s).")
                % {"date": locked.decision_date.isoformat()}
            )
        if on > timezone.localdate():
            raise RightChangeRefused(
                _("A change is recorded on or after the day it takes effect: the date cannot be in the future.")
            )
        if locked.status_since and on < locked.status_since:
            raise RightChangeRefused(
                _("The date cannot be before the right's last change (%(date)s).")
                % {"date": locked.status_since.isoformat()}
            )
        from_status = locked.status
        locked.status = target
        locked.status_since = on
        locked.ended_on = on if ends else None
        locked.reason_pl = reason if action != RightAction.REINSTATE else ""
        locked._change_reason = f"{action}: {reason}"[:100]
        locked.save()
        RightEvent.objects.create(
            right=locked,
            action=action,
            from_status=from_status,
            to_status=target,
            effective_on=on,
            reason=reason,
            actor=user if getattr(user, "is_authenticated", False) else None,
        )
    if isinstance(right, CertificationRight):
        right.refresh_from_db()
    return locked


def suspend(right, reason, on, user=None):
    return change(right, RightAction.SUSPEND, reason=reason, on=on, user=user)


def reinstate(right, reason, on, user=None):
    return change(right, RightAction.REINSTATE, reason=reason, on=on, user=user)


def withdraw(right, reason, on, user=None):
    return change(right, RightAction.WITHDRAW, reason=reason, on=on, user=user)


def expire(right, on, reason="", user=None):
    return change(right, RightAction.EXPIRE, reason=reason, on=on, user=user)


# --- granting and PZZJ designation ----------------------------------------------------------------


def eligible_pzzj(qualification, on: datetime.date | None = None):
    """Organisations that may be designated as PZZJ for the qualification on the day: a PZZJ list
    entry valid that day whose groups include the qualification's ministry."""
    on = on or timezone.localdate()
    entries = PzzjEntry.objects.valid_on(on).filter(ministries=qualification.ministry_id)
    return Organisation.objects.filter(pk__in=entries.values("organisation_id")).order_by("name_pl")


def pzzj_refusal(qualification, pzzj, institution=None, on: datetime.date | None = None) -> str | None:
    """Why the organisation may not be designated as PZZJ for the qualification (None: it may)."""
    if pzzj is None:
        return _("Designate the PZZJ (external quality assurance) for the right.")
    if institution is not None and pzzj.pk == institution.pk:
        return _("An institution cannot be its own PZZJ.")
    if not eligible_pzzj(qualification, on).filter(pk=pzzj.pk).exists():
        return _("%(pzzj)s has no PZZJ list entry valid today that covers the qualifications of %(ministry)s.") % {
            "pzzj": pzzj,
            "ministry": qualification.ministry or _("the competent minister"),
        }
    designated = set(
        CertificationRight.objects.current()
        .filter(qualification=qualification, pzzj__isnull=False)
        .values_list("pzzj_id", flat=True)
    )
    if pzzj.pk not in designated and len(designated) >= MAX_PZZJ_PER_QUALIFICATION:
        return pzzj_limit_message(len(designated))
    return None


def pzzj_limit_message(count: int = MAX_PZZJ_PER_QUALIFICATION) -> str:
    return _(
        "This qualification already has %(count)d different PZZJ, the most the law allows (%(max)d): "
        "designate one of them."
    ) % {"count": count, "max": MAX_PZZJ_PER_QUALIFICATION}


def right_errors(right, today: datetime.date | None = None) -> dict[str, str]:
    """The rules of the grant step for a right being created or changed (field: message; empty when
    it may be saved). The decision is not in the future; a new right is for a qualification in the
    register that can be awarded (not a draft); the PZZJ is on the list for the qualification's group
    on the decision date and is not the institution itself; an institution that is a PZZJ for the
    group may not certify in it. Checks of fields that did not change are not repeated, so an old
    right stays editable after the PZZJ's entry ran out."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    before = CertificationRight.objects.filter(pk=right.pk).first() if right.pk else None

    def changed(*names):
        return before is None or any(getattr(before, name) != getattr(right, name) for name in names)

    decided = right.decision_date
    if decided is not None and decided > today and changed("decision_date"):
        errors["decision_date"] = _("The decision date cannot be in the future.")
    # A right added inline with a new qualification points to the unsaved record (no id yet).
    qualification = right._meta.get_field("qualification").get_cached_value(right, None)
    if qualification is None and right.qualification_id:
        qualification = right.qualification
    if qualification is not None and changed("qualification_id") and qualification.status not in AWARDABLE_STATUSES:
        # Not tied to the qualification field: added inline on a qualification's page that field is hidden.
        errors[NON_FIELD_ERRORS] = _(
            "Certification rights are granted only for a qualification in the register that can be awarded "
            "(included or functioning); this one is “%(status)s”."
        ) % {"status": qualification.get_status_display()}
    if qualification is None or decided is None or errors.get("decision_date"):
        return errors
    institution = right.institution if right.institution_id else None
    if (
        institution is not None
        and changed("institution_id", "qualification_id", "decision_date")
        and eligible_pzzj(qualification, decided).filter(pk=institution.pk).exists()
    ):
        errors["institution"] = _(
            "This institution is a PZZJ for this group of qualifications: it may not certify in its own group."
        )
    if right.pzzj_id and changed("pzzj_id", "qualification_id", "decision_date", "institution_id"):
        # A right's first PZZJ is designated with the decision; a later designation (the former
        # body's entry ran out) must be a body on the list on the day it is made.
        designated_on = decided if before is None or before.pzzj_id == right.pzzj_id else today
        if institution is not None and right.pzzj_id == institution.pk:
            errors["pzzj"] = _("An institution cannot be its own PZZJ.")
        elif not eligible_pzzj(qualification, designated_on).filter(pk=right.pzzj_id).exists():
            errors["pzzj"] = _(
                "%(pzzj)s has no PZZJ list entry valid on %(date)s that covers the qualifications of %(ministry)s."
            ) % {
                "pzzj": right.pzzj,
                "date": designated_on.isoformat(),
                "ministry": qualification.ministry or _("the competent minister"),
            }
    return errors


def grant(qualification, institution, *, decision_date, decision_number="", pzzj=None, user=None):
    """Create an active right with its first event, under the rules of ``right_errors``. The database
    trigger on the PZZJ limit is the last word: a concurrent designation that breaks it is refused
    with the same clear message."""
    if CertificationRight.objects.current().filter(qualification=qualification, institution=institution).exists():
        raise RightChangeRefused(_("This institution already holds a current right for this qualification."))
    right = CertificationRight(
        qualification=qualification,
        institution=institution,
        decision_date=decision_date,
        decision_number=decision_number,
        pzzj=pzzj,
        status=RightStatus.ACTIVE,
        status_since=decision_date,
    )
    errors = right_errors(right)
    if errors:
        raise RightChangeRefused(next(iter(errors.values())))
    try:
        with transaction.atomic():
            right._change_reason = "grant"
            right.save()
    except IntegrityError as error:
        constraint = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None) or str(error)
        if PZZJ_LIMIT_CONSTRAINT in constraint:
            raise RightChangeRefused(pzzj_limit_message()) from None
        if "right_one_current_per_institution" in constraint:
            raise RightChangeRefused(
                _("This institution already holds a current right for this qualification.")
            ) from None
        raise
    record_grant(right, user)
    return right


def record_grant(right, user=None):
    """The first event of a right saved as granted (by ``grant`` or the admin's add form)."""
    RightEvent.objects.create(
        right=right,
        action=RightAction.GRANT,
        from_status="",
        to_status=RightStatus.ACTIVE,
        effective_on=right.decision_date,
        reason=right.decision_number,
        actor=user if getattr(user, "is_authenticated", False) else None,
    )


# --- the archival decision --------------------------------------------------------------------------


def archive(qualification, *, reason: str, on: datetime.date, user=None):
    """Archive a qualification in the register: no institution may award it any more, so each of its
    binding rights expires on the same day, with the reason, in the rights' own log."""
    reason = (reason or "").strip()
    if not reason:
        raise RightChangeRefused(_("Give the reason for this change."))
    if not isinstance(on, datetime.date):
        raise RightChangeRefused(_("Enter the date from which the change applies."))
    if on > timezone.localdate():
        raise RightChangeRefused(
            _("A change is recorded on or after the day it takes effect: the date cannot be in the future.")
        )
    qualification_id = getattr(qualification, "pk", qualification)
    with transaction.atomic():
        locked = Qualification.objects.select_for_update().filter(pk=qualification_id).first()
        if locked is None or locked.status not in AWARDABLE_STATUSES:
            raise RightChangeRefused(_("Only a qualification that is included or functioning can be archived."))
        for right in CertificationRight.objects.current().filter(qualification_id=qualification_id):
            change(
                right,
                RightAction.EXPIRE,
                reason=reason,
                on=max(on, right.status_since or right.decision_date),
                user=user,
            )
        locked.refresh_from_db(fields=["status"])
        locked.status = Status.ARCHIVED
        locked._change_reason = f"Status: archived ({on.isoformat()}): {reason}"[:100]
        locked.save(update_fields=["status", "updated_at"])
    if isinstance(qualification, Qualification):
        qualification.status = Status.ARCHIVED
    return locked


def last_status_change(qualification):
    """(date, cause) of the latest change of the qualification's status, from its history."""
    previous = None
    found = None
    for status, moment, reason in qualification.history.order_by("history_date", "history_id").values_list(
        "status", "history_date", "history_change_reason"
    ):
        if status != previous:
            found = (moment, reason or "", status)
        previous = status
    return found


# --- the public check -----------------------------------------------------------------------------


def latest_right(qualification, institution):
    """The institution's current right for the qualification, else its most recent former one
    (annotated with its PZZJ's list entry validity today)."""
    rights = (
        CertificationRight.objects.filter(qualification=qualification, institution=institution)
        .select_related("pzzj", "qualification")
        .with_pzzj_validity()
    )
    return (
        rights.current().order_by("-decision_date", "-pk").first()
        or rights.order_by("-ended_on", "-decision_date", "-pk").first()
    )
