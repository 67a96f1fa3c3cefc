"""Certification rights: which institution may award which qualification, under which PZZJ."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from institutions.models import Organisation
from qualifications.models.qualification import Qualification

MAX_PZZJ_PER_QUALIFICATION = 5


class RightStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    WITHDRAWN = "withdrawn", _("withdrawn")
    EXPIRED = "expired", _("expired")


# Rights that still bind the institution and count towards the PZZJ limit.
CURRENT_RIGHT_STATUSES = (RightStatus.ACTIVE, RightStatus.SUSPENDED)


class CertificationRightQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=RightStatus.ACTIVE)

    def current(self):
        return self.filter(status__in=CURRENT_RIGHT_STATUSES)


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

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_RIGHT_STATUSES

    def clean(self):
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
