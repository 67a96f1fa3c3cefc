"""Certification-rights applications (art. 41-45)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.models.base import (
    ApplicationQuerySet,
    AssignedOfficerRule,
    BaseApplication,
    Requirement,
    application_constraints,
    blank,
    deadlines_of,
)
from applications.models.inclusion import InclusionApplication
from applications.portal.kinds import DRAFT
from institutions.models import Ministry, Organisation
from qualifications.models import Qualification

RIGHTS_FEE = Decimal("10000.00")
RIGHTS_FEE_JOINT = Decimal("5000.00")  # filed together with the inclusion application (art. 43 ust. 1)


class RightsState(models.TextChoices):
    DRAFT = DRAFT, _("in preparation")
    SUBMITTED = "submitted", _("submitted")
    FORMAL_CHECK = "formal_check", _("formal check")
    COMPLETION_REQUESTED = "completion_requested", _("completion requested")
    FORWARDED = "forwarded", _("forwarded to the minister")
    GRANTED = "granted", _("rights granted")
    # The context keeps it apart from the inclusion application's "refused" (a refusal to include).
    REFUSED = "refused", pgettext_lazy("certification-rights application", "refused")
    WITHDRAWN = "withdrawn", _("withdrawn by the applicant")
    LEFT_UNPROCESSED = "left_unprocessed", _("left unprocessed")


RIGHTS_TERMINAL_STATES = (RightsState.GRANTED, RightsState.REFUSED, RightsState.WITHDRAWN, RightsState.LEFT_UNPROCESSED)
RIGHTS_OPERATOR_STATES = (RightsState.SUBMITTED, RightsState.FORMAL_CHECK, RightsState.COMPLETION_REQUESTED)


class CertificationRightsApplication(AssignedOfficerRule, BaseApplication):
    """An institution's application for the right to certify one qualification (art. 41-45). It runs
    through the same workflow engine as inclusion applications and ends, when granted, in a
    ``CertificationRight`` with its designated PZZJ."""

    applicant = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="rights_applications", verbose_name=_("applicant")
    )
    contact_email = models.EmailField(_("applicant's e-mail"), blank=True)
    qualification = models.ForeignKey(
        Qualification, on_delete=models.PROTECT, related_name="rights_applications", verbose_name=_("qualification")
    )
    ministry = models.ForeignKey(
        Ministry, on_delete=models.PROTECT, related_name="rights_applications", verbose_name=_("competent minister")
    )
    inclusion_application = models.ForeignKey(
        InclusionApplication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rights_applications",
        verbose_name=_("filed with the inclusion application"),
        help_text=_("Filed together with the inclusion application: the fee is 5,000 zł instead of 10,000 zł."),
    )
    state = models.CharField(_("state"), max_length=20, choices=RightsState.choices, default=RightsState.SUBMITTED)
    fee = models.DecimalField(_("fee (PLN)"), max_digits=8, decimal_places=2, blank=True)
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_rights_applications",
        verbose_name=_("assigned officer"),
    )
    # What the applicant states in the portal (art. 41 ust. 2, art. 63); empty for applications
    # entered by an operator, whose paper file holds it.
    validation_staff = models.TextField(_("validating staff"), blank=True)
    validation_conditions = models.TextField(_("organisational and material conditions for validation"), blank=True)
    quality_system = models.TextField(_("internal quality assurance system"), blank=True)
    no_arrears_declared = models.BooleanField(_("declares no arrears in taxes and contributions"), default=False)
    right = models.OneToOneField(
        "qualifications.CertificationRight",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("certification right granted"),
    )

    DEADLINES = deadlines_of(RightsState, (RightsState.FORWARDED,))
    NUMBER_PREFIX = "IC"
    TERMINAL_STATES = RIGHTS_TERMINAL_STATES

    objects = ApplicationQuerySet.as_manager()

    deadline_extended = False  # the template of the inclusion workflow asks; no extension here

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("certification rights application")
        verbose_name_plural = _("certification rights applications")
        constraints = [
            *application_constraints(RightsState, numbers="rights_application", rules="rights_application"),
            models.CheckConstraint(
                condition=~Q(state=RightsState.GRANTED) | Q(right__isnull=False),
                name="rights_application_granted_has_right",
                violation_error_message=_("A granted application needs its certification right."),
            ),
        ]
        indexes = [models.Index(fields=["ministry", "state"], name="rights_application_ministry")]

    def save(self, *args, **kwargs):
        if self.fee is None:
            self.fee = self.statutory_fee(bool(self.inclusion_application_id))
        if not self.ministry_id and self.qualification_id:
            self.ministry_id = self.qualification.ministry_id
        super().save(*args, **kwargs)

    @staticmethod
    def statutory_fee(joint: bool) -> Decimal:
        return RIGHTS_FEE_JOINT if joint else RIGHTS_FEE

    def statutory_fee_due(self) -> Decimal:
        return self.statutory_fee(bool(self.inclusion_application_id))

    def fee_paid_before_filing(self) -> bool:
        return not self.filed_jointly  # paid after the notice in Monitor Polski (art. 43)

    @property
    def filed_jointly(self) -> bool:
        """Filed jointly with the inclusion application of its qualification (art. 43): the lower fee,
        paid only after the notice in Monitor Polski."""
        return self.inclusion_application_id is not None


# What the applicant must give before filing online (art. 41 ust. 2, art. 63); the fee and its proof
# are asked of every kind by the portal.
SUBMIT_REQUIREMENTS = (
    Requirement("validation_staff", _("validating staff"), blank("validation_staff"), "staff"),
    Requirement(
        "validation_conditions",
        _("organisational and material conditions for validation"),
        blank("validation_conditions"),
        "conditions",
    ),
    Requirement("quality_system", _("internal quality assurance system"), blank("quality_system"), "quality"),
    Requirement(
        "no_arrears",
        _("declaration of no arrears in taxes and contributions"),
        Q(no_arrears_declared=False),
        "declarations",
    ),
)
