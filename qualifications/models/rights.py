"""Certification rights: which institution may award which qualification, under which PZZJ.

``certifying_condition`` is the one rule for "may certify on day D"; every public surface that
counts, tags or lists certifying institutions goes through it (``CertificationRight.objects
.certifying_on``), and the SQL function ``zrk_right_certifies`` (qualifications/sql.py) is its twin
for the denormalised columns the database keeps. A test holds the two to the same answers.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from institutions.models import Organisation, PzzjEntry
from qualifications.models.qualification import Qualification, Status

MAX_PZZJ_PER_QUALIFICATION = 5


class RightStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    WITHDRAWN = "withdrawn", _("withdrawn")
    EXPIRED = "expired", _("expired")


# Rights that still bind the institution and count towards the PZZJ limit.
CURRENT_RIGHT_STATUSES = (RightStatus.ACTIVE, RightStatus.SUSPENDED)
ENDED_RIGHT_STATUSES = (RightStatus.WITHDRAWN, RightStatus.EXPIRED)
# A qualification can be awarded only while it is in the register and not suspended or archived.
AWARDABLE_STATUSES = (Status.INCLUDED, Status.FUNCTIONING)


def certifying_condition(day: datetime.date, prefix: str = "") -> Q:
    """May the right's institution certify on ``day``: the right was decided by then, and on that day
    it is neither suspended, nor withdrawn, nor expired. A right ended with a date after ``day`` was
    still in force on ``day``. Dates are compared, not only the stored status, so the answer is right
    on every day, whatever day the row was last written."""
    return Q(**{f"{prefix}decision_date__lte": day}) & (
        Q(**{f"{prefix}status": RightStatus.ACTIVE})
        | Q(**{f"{prefix}status__in": ENDED_RIGHT_STATUSES, f"{prefix}ended_on__gt": day})
    )


def right_certifies(status: str, decision_date, ended_on, day: datetime.date) -> bool:
    """``certifying_condition`` for one right already in memory."""
    if decision_date > day:
        return False
    return status == RightStatus.ACTIVE or (status in ENDED_RIGHT_STATUSES and ended_on is not None and ended_on > day)


class CertificationRightQuerySet(models.QuerySet):
    def certifying_on(self, day: datetime.date | None = None):
        """Rights under which their institution may certify on ``day`` (today by default): the rule of
        ``certifying_condition`` on a qualification that can be awarded."""
        day = day or timezone.localdate()
        return self.filter(certifying_condition(day), qualification__status__in=AWARDABLE_STATUSES)

    def active(self):
        """The same as ``certifying_on()`` (today), for callers that ask for "active" rights."""
        return self.certifying_on()

    def current(self):
        """Rights that still bind: active or suspended (uniqueness, the PZZJ limit)."""
        return self.filter(status__in=CURRENT_RIGHT_STATUSES)

    def with_pzzj_validity(self, day: datetime.date | None = None):
        """Annotate ``pzzj_valid`` (the designated PZZJ has a list entry valid on ``day`` for the
        qualification's group) and ``pzzj_valid_until`` (the end of its latest entry for that group),
        inside the rights' own query."""
        day = day or timezone.localdate()
        entries = PzzjEntry.objects.filter(
            organisation=OuterRef("pzzj_id"), ministries=OuterRef("qualification__ministry_id")
        )
        return self.annotate(
            pzzj_valid=Exists(entries.valid_on(day)),
            pzzj_valid_until=Subquery(entries.order_by("-valid_until").values("valid_until")[:1]),
        )


class CertificationRight(models.Model):
    qualification = models.ForeignKey(
        Qualification, on_delete=models.PROTECT, related_name="certification_rights", verbose_name=_("qualification")
    )
    institution = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="certification_rights",
        verbose_name=_("certifying institution"),
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"))
    status = models.CharField(_("status"), max_length=10, choices=RightStatus.choices, default=RightStatus.ACTIVE)
    pzzj = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pzzj_assignments",
        verbose_name=_("PZZJ"),
        help_text=_("The external quality-assurance body designated for this right."),
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    status_since = models.DateField(
        _("status since"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The day the current status took effect: the decision, or the change that led to it."),
    )
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why the right was suspended, withdrawn or expired.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CertificationRightQuerySet.as_manager()

    class Meta:
        ordering = ["qualification", "institution__name"]
        verbose_name = _("certification right")
        verbose_name_plural = _("certification rights")
        constraints = [
            models.UniqueConstraint(
                fields=["qualification", "institution"],
                condition=Q(status__in=CURRENT_RIGHT_STATUSES),
                name="right_one_current_per_institution",
                violation_error_message=_("This institution already holds a current right for this qualification."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("decision_date")),
                name="right_ended_after_decision",
                violation_error_message=_("A right cannot end before its decision date."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=CURRENT_RIGHT_STATUSES) | Q(ended_on__isnull=False),
                name="right_ended_has_date",
                violation_error_message=_("A withdrawn or expired right needs the date it ended."),
            ),
            models.CheckConstraint(
                condition=Q(pzzj__isnull=True) | ~Q(pzzj=F("institution")),
                name="right_pzzj_not_institution",
                violation_error_message=_("An institution cannot be its own PZZJ."),
            ),
        ]
        indexes = [
            models.Index(fields=["qualification", "status"], name="right_qualification_status"),
            models.Index(fields=["institution", "status"], name="right_institution_status"),
        ]

    def __str__(self):
        return f"{self.institution} → {self.qualification}"

    def save(self, *args, **kwargs):
        if self.status_since is None and self.decision_date is not None:
            self.status_since = self.ended_on if self.status in ENDED_RIGHT_STATUSES else self.decision_date
        super().save(*args, **kwargs)

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_RIGHT_STATUSES

    def certifies_on(self, day: datetime.date | None = None) -> bool:
        return right_certifies(self.status, self.decision_date, self.ended_on, day or timezone.localdate())

    @property
    def since(self) -> datetime.date:
        """The day the right's current status took effect (kept by qualifications.rights)."""
        return self.status_since or self.decision_date

    def pzzj_problem(self, day: datetime.date | None = None) -> str:
        """ "" or why the designated PZZJ cannot assure the right on ``day``; needs ``with_pzzj_validity``."""
        if not self.pzzj_id or getattr(self, "pzzj_valid", True):
            return ""
        return "expired" if getattr(self, "pzzj_valid_until", None) else "not_listed"

    def clean(self):
        from qualifications.rights import right_errors  # the rules of the grant step, in one place

        errors = right_errors(self)
        if errors:
            raise ValidationError(errors)
        if self.pzzj_id and self.qualification_id and self.is_current:
            others = (
                CertificationRight.objects.current()
                .filter(qualification_id=self.qualification_id, pzzj__isnull=False)
                .exclude(pk=self.pk)
                .values_list("pzzj_id", flat=True)
                .distinct()
            )
            existing = set(others)
            if self.pzzj_id not in existing and len(existing) >= MAX_PZZJ_PER_QUALIFICATION:
                raise ValidationError(
                    {
                        "pzzj": _("A qualification may have at most %(max)d different PZZJ; it already has %(count)d.")
                        % {"max": MAX_PZZJ_PER_QUALIFICATION, "count": len(existing)}
                    }
                )
