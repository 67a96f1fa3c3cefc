"""PZZJ list applications (docs/domain.md#pzzj-rules)."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.models.base import (
    ApplicationQuerySet,
    BaseApplication,
    Requirement,
    application_constraints,
    blank,
    deadlines_of,
)
from applications.portal.kinds import DRAFT
from institutions.models import Ministry, Organisation, PzzjEntry

PZZJ_FEE = Decimal("2000.00")


class PzzjState(models.TextChoices):
    DRAFT = DRAFT, _("in preparation")
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
    # What the applicant states in the portal (art. 52-53); empty for applications entered by an
    # operator, whose paper file holds it.
    experience = models.TextField(_("at least 10 years of activity"), blank=True)
    staff = models.TextField(_("staff prepared for external quality assurance"), blank=True)
    quality_system = models.TextField(_("internal quality assurance system"), blank=True)
    no_arrears_declared = models.BooleanField(_("declares no arrears in taxes and contributions"), default=False)
    entry = models.OneToOneField(
        PzzjEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("PZZJ list entry"),
    )

    DEADLINES = deadlines_of(PzzjState, (PzzjState.FORWARDED,))
    NUMBER_PREFIX = "PZZJ"
    TERMINAL_STATES = PZZJ_TERMINAL_STATES

    objects = ApplicationQuerySet.as_manager()

    deadline_extended = False
    ministry_id = None  # no competent ministry: the coordinating minister decides (workflow.may_act)

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("PZZJ list application")
        verbose_name_plural = _("PZZJ list applications")
        constraints = [
            *application_constraints(PzzjState, numbers="pzzj_application", rules="pzzj_application"),
            models.CheckConstraint(
                condition=~Q(state=PzzjState.ENTERED) | Q(entry__isnull=False),
                name="pzzj_application_entered_has_entry",
                violation_error_message=_("An application entered on the list needs its list entry."),
            ),
        ]

    def statutory_fee_due(self) -> Decimal:
        return PZZJ_FEE


# What the applicant must give before filing online (art. 52-53); the fee and its proof are asked of
# every kind by the portal.
SUBMIT_REQUIREMENTS = (
    Requirement(
        "groups",
        _("groups of qualifications (ministries)"),
        # A join: one row per group named, all with the same answer.
        Q(ministries__isnull=True),
        "groups",
    ),
    Requirement("experience", _("at least 10 years of activity"), blank("experience"), "experience"),
    Requirement("staff", _("staff prepared for external quality assurance"), blank("staff"), "staff"),
    Requirement("quality_system", _("internal quality assurance system"), blank("quality_system"), "quality"),
    Requirement(
        "no_arrears",
        _("declaration of no arrears in taxes and contributions"),
        Q(no_arrears_declared=False),
        "declarations",
    ),
)
