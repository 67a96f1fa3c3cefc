"""Inclusion applications (docs/domain.md#the-inclusion-workflow): the application, its public
consultation with moderated comments and its PDF attachments.

The proposed description is a draft ``Qualification`` (one schema for drafts and register entries);
publication turns that same row into a register entry. The rules live in ``applications.workflow``.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.attachments import attachment_storage
from applications.models.base import (
    ApplicationQuerySet,
    AssignedOfficerRule,
    BaseApplication,
    application_constraints,
    deadlines_of,
)
from applications.portal.kinds import DRAFT
from applications.validators import validate_pdf
from institutions.models import Ministry, Organisation
from qualifications.models import Qualification

FEE = Decimal("2000.00")


class State(models.TextChoices):
    DRAFT = DRAFT, _("in preparation")
    SUBMITTED = "submitted", _("submitted")
    FORMAL_CHECK = "formal_check", _("formal check")
    COMPLETION_REQUESTED = "completion_requested", _("completion requested")
    FORWARDED = "forwarded", _("forwarded to the minister")
    CONSULTATION = "consultation", _("in public consultation")
    EXPERT_REVIEW = "expert_review", _("expert review")
    DECIDED = "decided", _("decided (PRK level assigned)")
    PUBLISHED = "published", _("published")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn by the applicant")
    LEFT_UNPROCESSED = "left_unprocessed", _("left unprocessed")


TERMINAL_STATES = (State.PUBLISHED, State.REFUSED, State.WITHDRAWN, State.LEFT_UNPROCESSED)
OPERATOR_STATES = (State.SUBMITTED, State.FORMAL_CHECK, State.COMPLETION_REQUESTED)
MINISTRY_STATES = (State.FORWARDED, State.CONSULTATION, State.EXPERT_REVIEW)


class InclusionApplicationQuerySet(ApplicationQuerySet):
    """Kept as a name of its own: migrations and other modules refer to it."""


class InclusionApplication(AssignedOfficerRule, BaseApplication):
    DEADLINES = deadlines_of(State, MINISTRY_STATES)
    NUMBER_PREFIX = "ZSK"
    TERMINAL_STATES = TERMINAL_STATES

    applicant = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="inclusion_applications", verbose_name=_("applicant")
    )
    contact_email = models.EmailField(
        _("applicant's e-mail"), blank=True, help_text=_("Notices about the application go here (Polish).")
    )
    # Empty only while a draft: the applicant names the minister in the portal before Submit.
    ministry = models.ForeignKey(
        Ministry,
        on_delete=models.PROTECT,
        null=True,
        related_name="inclusion_applications",
        verbose_name=_("competent minister"),
    )
    draft = models.OneToOneField(
        Qualification,
        on_delete=models.PROTECT,
        related_name="inclusion_application",
        verbose_name=_("proposed qualification"),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    fee = models.DecimalField(_("fee (PLN)"), max_digits=8, decimal_places=2, default=FEE)
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_applications",
        verbose_name=_("assigned officer"),
    )
    deadline_extended = models.BooleanField(_("minister's deadline extended"), default=False)
    published_on = models.DateField(_("published on"), null=True, blank=True)

    # The minister's decision to include (the decide step): its number and the date it bears.
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)

    objects = InclusionApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("inclusion application")
        verbose_name_plural = _("inclusion applications")
        constraints = [
            *application_constraints(State, numbers="inclusion_application", rules="application"),
            models.CheckConstraint(
                condition=Q(state=State.DRAFT) | Q(ministry__isnull=False),
                name="application_filed_has_ministry",
                violation_error_message=_("A filed application names the competent minister."),
            ),
            models.CheckConstraint(
                condition=Q(minister_due__isnull=True)
                | Q(forwarded_on__isnull=False, minister_due__gt=F("forwarded_on")),
                name="application_minister_due_after_forwarding",
                violation_error_message=_("The minister's deadline comes after the forwarding date."),
            ),
        ]
        indexes = [models.Index(fields=["ministry", "state"], name="application_ministry_state")]

    def __str__(self):
        return f"{self.number or _('new application')}: {self.draft.name if self.draft_id else ''}"

    def statutory_fee_due(self) -> Decimal:
        return FEE


class Consultation(models.Model):
    application = models.OneToOneField(
        InclusionApplication, on_delete=models.PROTECT, related_name="consultation", verbose_name=_("application")
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))

    class Meta:
        ordering = ["-closes_on", "-pk"]
        verbose_name = _("public consultation")
        verbose_name_plural = _("public consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="consultation_closes_after_opening",
                violation_error_message=_("A consultation cannot close before it opens."),
            )
        ]

    def __str__(self):
        return str(self.application)

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.application.state == State.CONSULTATION and self.opens_on <= today <= self.closes_on


class Moderation(models.TextChoices):
    PENDING = "pending", _("awaiting moderation")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("rejected")


class ConsultationComment(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="comments", verbose_name=_("consultation")
    )
    author_name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail (not published)"))
    text = models.TextField(_("comment"), max_length=10_000)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING
    )
    # A keyed hash of the sender's IP address: enough to rate-limit, useless to identify anyone.
    ip_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("consultation comment")
        verbose_name_plural = _("consultation comments")

    def __str__(self):
        return f"{self.author_name}: {self.text[:60]}"


def attachment_path(instance, filename):
    return f"applications/{instance.application_id}/{timezone.now():%Y%m%d%H%M%S}.pdf"


class ApplicationAttachment(models.Model):
    application = models.ForeignKey(
        InclusionApplication, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("application")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file (PDF)"),
        upload_to=attachment_path,
        storage=attachment_storage,
        validators=[validate_pdf],
        help_text=_("PDF only, at most 10 MB."),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self._refuse_if_closed()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self._refuse_if_closed()

    def _refuse_if_closed(self):
        # A closed application's file is the record of what was decided: nothing is added to it.
        if self.pk is None and self.application_id is not None:
            state = InclusionApplication.objects.filter(pk=self.application_id).values_list("state", flat=True).first()
            if state in TERMINAL_STATES:
                raise ValidationError(_("The application is closed: no attachment can be added to it."))
