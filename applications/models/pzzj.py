"""PZZJ list applications (docs/domain.md#pzzj-rules)."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.models.base import ApplicationQuerySet, BaseApplication
from institutions.models import Ministry, Organisation, PzzjEntry

PZZJ_FEE = Decimal("2000.00")


class PzzjState(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    FORMAL_CHECK = "formal_check", _("formal check")
    COMPLETION_REQUESTED = "completion_requested", _("completion requested")
    FORWARDED = "forwarded", _("forwarded to the coordinating minister")
    ENTERED = "entered", _("entered on the PZZJ list")
    # The context keeps it apart from the inclusion application's "refused" (a refusal to include).
    REFUSED = "refused", pgettext_lazy("PZZJ list application", "refused")
    WITHDRAWN = "withdrawn", _("withdrawn by the applicant")
    LEFT_UNPROCESSED = "left_unprocessed", _("left unprocessed")


PZZJ_TERMINAL_STATES = (PzzjState.ENTERED, PzzjState.REFUSED, PzzjState.WITHDRAWN, PzzjState.LEFT_UNPROCESSED)
PZZJ_OPERATOR_STATES = (PzzjState.SUBMITTED, PzzjState.FORMAL_CHECK, PzzjState.COMPLETION_REQUESTED)


class PzzjApplication(BaseApplication):
    """An application for entry on the PZZJ list (art. 51-56): formal check by the registry operator,
    decision by the coordinating minister (the coordinator role); ends in a ``PzzjEntry`` valid for
    6 years for the groups of qualifications (ministries) applied for."""

    applicant = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="pzzj_applications", verbose_name=_("applicant")
    )
    contact_email = models.EmailField(_("applicant's e-mail"), blank=True)
    ministries = models.ManyToManyField(
        Ministry, related_name="pzzj_applications", verbose_name=_("groups of qualifications (ministries)")
    )
    state = models.CharField(_("state"), max_length=20, choices=PzzjState.choices, default=PzzjState.SUBMITTED)
    fee = models.DecimalField(_("fee (PLN)"), max_digits=8, decimal_places=2, default=PZZJ_FEE)
    entry = models.OneToOneField(
        PzzjEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("PZZJ list entry"),
    )

    DEADLINES = {
        PzzjState.SUBMITTED: "formal_check_due",
        PzzjState.FORMAL_CHECK: "formal_check_due",
        PzzjState.COMPLETION_REQUESTED: "completion_due",
        PzzjState.FORWARDED: "minister_due",
    }
    TERMINAL_STATES = PZZJ_TERMINAL_STATES

    objects = ApplicationQuerySet.as_manager()

    deadline_extended = False
    ministry_id = None  # no competent ministry: the coordinating minister decides (workflow.may_act)

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("PZZJ list application")
        verbose_name_plural = _("PZZJ list applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(fee__gte=0),
                name="pzzj_application_fee_not_negative",
                violation_error_message=_("The fee cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(state=PzzjState.REFUSED) | ~Q(refusal_reason=""),
                name="pzzj_application_refusal_has_reason",
                violation_error_message=_("A refused application needs the reason for refusal."),
            ),
            models.CheckConstraint(
                condition=~Q(state=PzzjState.ENTERED) | Q(entry__isnull=False),
                name="pzzj_application_entered_has_entry",
                violation_error_message=_("An application entered on the list needs its list entry."),
            ),
        ]

    def __str__(self):
        return f"{self.number or _('new application')}: {self.applicant if self.applicant_id else ''}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.number:
            self.number = f"PZZJ/{self.submitted_on.year}/{self.pk:04d}"
            type(self).objects.filter(pk=self.pk).update(number=self.number)

    def statutory_fee_due(self) -> Decimal:
        return PZZJ_FEE
