"""Inclusion applications (docs/domain.md#the-inclusion-workflow): the application, its append-only event log, its
public consultation with moderated comments, its PDF attachments, and the ministry of each officer.

The proposed description is a draft ``Qualification`` (one schema for drafts and register entries);
publication turns that same row into a register entry. The rules live in ``applications.workflow``.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications import rules
from applications.attachments import attachment_storage
from applications.roles import MINISTRY_OFFICER
from applications.validators import validate_pdf
from institutions.models import Ministry, Organisation, PzzjEntry
from qualifications.models import Qualification

FEE = Decimal("2000.00")
DUE_SOON_DAYS = 7


class State(models.TextChoices):
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


class OfficerProfile(models.Model):
    """The one ministry a ministry officer works for: it bounds everything they see and do."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer_profile", verbose_name=_("user")
    )
    ministry = models.ForeignKey(
        Ministry, on_delete=models.PROTECT, related_name="officers", verbose_name=_("ministry")
    )

    class Meta:
        verbose_name = _("ministry officer")
        verbose_name_plural = _("ministry officers")

    def __str__(self):
        return f"{self.user} ({self.ministry})"


def officers_of(ministry_id):
    """The active officers of one ministry: the only people an application of that ministry may be
    assigned to."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=MINISTRY_OFFICER, officer_profile__ministry_id=ministry_id)
        .order_by("last_name", "username")
    )


class AssignedOfficerRule:
    """For applications with a competent ministry and an assigned officer: the officer works for
    that ministry (the admin offers only them; this re-checks any other path, e.g. a changed ministry)."""

    def clean(self):
        super().clean()
        if (
            self.assigned_officer_id is not None
            and self.ministry_id is not None
            and not officers_of(self.ministry_id).filter(pk=self.assigned_officer_id).exists()
        ):
            raise ValidationError(
                _("The assigned officer does not work for the competent minister's ministry: choose one who does.")
            )


class FeeAndDatesRule:
    """For every kind of application: the submission and payment dates are not in the future (nor
    before the system existed), and the fee is the statutory one (``statutory_fee_due``). Checked
    per field, so that a form reports it next to the field, and only for the fields the form edits."""

    def statutory_fee_due(self) -> Decimal:
        raise NotImplementedError

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as invalid:
            errors = invalid.update_error_dict(errors)
        skip = set(exclude or ()) | set(errors)
        today = timezone.localdate()
        found = {name: rules.date_error(getattr(self, name), today) for name in ("submitted_on", "fee_paid_on")}
        found["fee"] = rules.fee_error(self.fee, self.statutory_fee_due())
        for name, message in found.items():
            if message and name not in skip:
                errors[name] = [ValidationError(message)]
        if errors:
            raise ValidationError(errors)


class InclusionApplicationQuerySet(models.QuerySet):
    def with_deadline(self):
        """Annotate ``current_deadline``: the deadline that runs in the application's state."""
        return self.annotate(
            current_deadline=Case(
                When(state__in=[State.SUBMITTED, State.FORMAL_CHECK], then=F("formal_check_due")),
                When(state=State.COMPLETION_REQUESTED, then=F("completion_due")),
                When(state__in=MINISTRY_STATES, then=F("minister_due")),
                default=None,
                output_field=models.DateField(),
            )
        )

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.with_deadline().filter(current_deadline__lt=today)

    def due_soon(self, today=None):
        today = today or timezone.localdate()
        return self.with_deadline().filter(
            current_deadline__gte=today, current_deadline__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
        )

    def open(self):
        return self.exclude(state__in=TERMINAL_STATES)


class InclusionApplication(FeeAndDatesRule, AssignedOfficerRule, models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True, blank=True, editable=False)
    applicant = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="inclusion_applications", verbose_name=_("applicant")
    )
    contact_email = models.EmailField(
        _("applicant's e-mail"), blank=True, help_text=_("Notices about the application go here (Polish).")
    )
    ministry = models.ForeignKey(
        Ministry, on_delete=models.PROTECT, related_name="inclusion_applications", verbose_name=_("competent minister")
    )
    draft = models.OneToOneField(
        Qualification,
        on_delete=models.PROTECT,
        related_name="inclusion_application",
        verbose_name=_("proposed qualification"),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    fee = models.DecimalField(_("fee (PLN)"), max_digits=8, decimal_places=2, default=FEE)
    fee_paid_on = models.DateField(_("fee paid on"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_applications",
        verbose_name=_("assigned officer"),
    )
    formal_check_due = models.DateField(_("formal check due"), null=True, blank=True)
    completion_due = models.DateField(_("completion due"), null=True, blank=True)
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    minister_due = models.DateField(_("minister's deadline"), null=True, blank=True)
    deadline_extended = models.BooleanField(_("minister's deadline extended"), default=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = InclusionApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("inclusion application")
        verbose_name_plural = _("inclusion applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(fee__gte=0),
                name="application_fee_not_negative",
                violation_error_message=_("The fee cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(state=State.REFUSED) | ~Q(refusal_reason=""),
                name="application_refusal_has_reason",
                violation_error_message=_("A refused application needs the reason for refusal."),
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

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.number:
            self.number = f"ZSK/{self.submitted_on.year}/{self.pk:04d}"
            type(self).objects.filter(pk=self.pk).update(number=self.number)

    def statutory_fee_due(self) -> Decimal:
        return FEE

    @property
    def is_terminal(self) -> bool:
        return self.state in TERMINAL_STATES

    @property
    def deadline(self) -> datetime.date | None:
        """The deadline that runs in the current state (None when none runs)."""
        if self.state in (State.SUBMITTED, State.FORMAL_CHECK):
            return self.formal_check_due
        if self.state == State.COMPLETION_REQUESTED:
            return self.completion_due
        if self.state in MINISTRY_STATES:
            return self.minister_due
        return None

    def deadline_status(self, today=None) -> str:
        """ "overdue", "due_soon" or "" for the current deadline."""
        today = today or timezone.localdate()
        deadline = self.deadline
        if deadline is None:
            return ""
        if deadline < today:
            return "overdue"
        if deadline <= today + datetime.timedelta(days=DUE_SOON_DAYS):
            return "due_soon"
        return ""

    @property
    def notice_email(self) -> str:
        return self.contact_email or self.applicant.email


class AppendOnlyEvent(models.Model):
    """One step of an application of any kind: who, when, which action, and why. Subclasses add the
    application and its from/to states. Append-only: the model refuses updates and deletes, and so
    does a database trigger on each table (migrations 0002-0004)."""

    action = models.CharField(_("action"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("who")
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.application_id}: {self.from_state} → {self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Application events cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Application events cannot be deleted."))


class ApplicationEvent(AppendOnlyEvent):
    """One step of an application: who, when, from which state to which, and why. Append-only: the
    model refuses updates and deletes, and so does a database trigger (migration 0002)."""

    application = models.ForeignKey(
        InclusionApplication, on_delete=models.PROTECT, related_name="events", verbose_name=_("application")
    )
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)

    class Meta(AppendOnlyEvent.Meta):
        verbose_name = _("application event")
        verbose_name_plural = _("application events")


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


# --- certification-rights applications -------------------------------------------------------------

RIGHTS_FEE = Decimal("10000.00")
RIGHTS_FEE_JOINT = Decimal("5000.00")  # filed together with the inclusion application (art. 43 ust. 1)


class RightsState(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    FORMAL_CHECK = "formal_check", _("formal check")
    COMPLETION_REQUESTED = "completion_requested", _("completion requested")
    FORWARDED = "forwarded", _("forwarded to the minister")
    GRANTED = "granted", _("rights granted")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn by the applicant")
    LEFT_UNPROCESSED = "left_unprocessed", _("left unprocessed")


RIGHTS_TERMINAL_STATES = (RightsState.GRANTED, RightsState.REFUSED, RightsState.WITHDRAWN, RightsState.LEFT_UNPROCESSED)
RIGHTS_OPERATOR_STATES = (RightsState.SUBMITTED, RightsState.FORMAL_CHECK, RightsState.COMPLETION_REQUESTED)


class CertificationRightsApplicationQuerySet(models.QuerySet):
    def with_deadline(self):
        return self.annotate(
            current_deadline=Case(
                When(state__in=[RightsState.SUBMITTED, RightsState.FORMAL_CHECK], then=F("formal_check_due")),
                When(state=RightsState.COMPLETION_REQUESTED, then=F("completion_due")),
                When(state=RightsState.FORWARDED, then=F("minister_due")),
                default=None,
                output_field=models.DateField(),
            )
        )

    def open(self):
        return self.exclude(state__in=RIGHTS_TERMINAL_STATES)


class CertificationRightsApplication(FeeAndDatesRule, AssignedOfficerRule, models.Model):
    """An institution's application for the right to certify one qualification (art. 41-45). It runs
    through the same workflow engine as inclusion applications and ends, when granted, in a
    ``CertificationRight`` with its designated PZZJ."""

    number = models.CharField(_("number"), max_length=20, unique=True, blank=True, editable=False)
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
    fee_paid_on = models.DateField(_("fee paid on"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_rights_applications",
        verbose_name=_("assigned officer"),
    )
    formal_check_due = models.DateField(_("formal check due"), null=True, blank=True)
    completion_due = models.DateField(_("completion due"), null=True, blank=True)
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    minister_due = models.DateField(_("minister's deadline"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    right = models.OneToOneField(
        "qualifications.CertificationRight",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("certification right granted"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CertificationRightsApplicationQuerySet.as_manager()

    deadline_extended = False  # the template of the inclusion workflow asks; no extension here

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("certification rights application")
        verbose_name_plural = _("certification rights applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(fee__gte=0),
                name="rights_application_fee_not_negative",
                violation_error_message=_("The fee cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(state=RightsState.REFUSED) | ~Q(refusal_reason=""),
                name="rights_application_refusal_has_reason",
                violation_error_message=_("A refused application needs the reason for refusal."),
            ),
            models.CheckConstraint(
                condition=~Q(state=RightsState.GRANTED) | Q(right__isnull=False),
                name="rights_application_granted_has_right",
                violation_error_message=_("A granted application needs its certification right."),
            ),
        ]
        indexes = [models.Index(fields=["ministry", "state"], name="rights_application_ministry")]

    def __str__(self):
        return f"{self.number or _('new application')}: {self.applicant if self.applicant_id else ''}"

    def save(self, *args, **kwargs):
        if self.fee is None:
            self.fee = self.statutory_fee(bool(self.inclusion_application_id))
        if not self.ministry_id and self.qualification_id:
            self.ministry_id = self.qualification.ministry_id
        super().save(*args, **kwargs)
        if not self.number:
            self.number = f"IC/{self.submitted_on.year}/{self.pk:04d}"
            type(self).objects.filter(pk=self.pk).update(number=self.number)

    @staticmethod
    def statutory_fee(joint: bool) -> Decimal:
        return RIGHTS_FEE_JOINT if joint else RIGHTS_FEE

    def statutory_fee_due(self) -> Decimal:
        return self.statutory_fee(bool(self.inclusion_application_id))

    @property
    def is_terminal(self) -> bool:
        return self.state in RIGHTS_TERMINAL_STATES

    @property
    def deadline(self) -> datetime.date | None:
        if self.state in (RightsState.SUBMITTED, RightsState.FORMAL_CHECK):
            return self.formal_check_due
        if self.state == RightsState.COMPLETION_REQUESTED:
            return self.completion_due
        if self.state == RightsState.FORWARDED:
            return self.minister_due
        return None

    deadline_status = InclusionApplication.deadline_status

    @property
    def notice_email(self) -> str:
        return self.contact_email or self.applicant.email


class RightsApplicationEvent(AppendOnlyEvent):
    """One step of a certification-rights application. Append-only (model and database trigger)."""

    application = models.ForeignKey(
        CertificationRightsApplication,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("application"),
    )
    from_state = models.CharField(_("from"), max_length=20, choices=RightsState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=RightsState.choices)

    class Meta(AppendOnlyEvent.Meta):
        verbose_name = _("rights application event")
        verbose_name_plural = _("rights application events")


# --- PZZJ list applications (docs/domain.md#pzzj-rules) -------------------------------------------

PZZJ_FEE = Decimal("2000.00")


class PzzjState(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    FORMAL_CHECK = "formal_check", _("formal check")
    COMPLETION_REQUESTED = "completion_requested", _("completion requested")
    FORWARDED = "forwarded", _("forwarded to the coordinating minister")
    ENTERED = "entered", _("entered on the PZZJ list")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn by the applicant")
    LEFT_UNPROCESSED = "left_unprocessed", _("left unprocessed")


PZZJ_TERMINAL_STATES = (PzzjState.ENTERED, PzzjState.REFUSED, PzzjState.WITHDRAWN, PzzjState.LEFT_UNPROCESSED)
PZZJ_OPERATOR_STATES = (PzzjState.SUBMITTED, PzzjState.FORMAL_CHECK, PzzjState.COMPLETION_REQUESTED)


class PzzjApplicationQuerySet(models.QuerySet):
    def with_deadline(self):
        return self.annotate(
            current_deadline=Case(
                When(state__in=[PzzjState.SUBMITTED, PzzjState.FORMAL_CHECK], then=F("formal_check_due")),
                When(state=PzzjState.COMPLETION_REQUESTED, then=F("completion_due")),
                When(state=PzzjState.FORWARDED, then=F("minister_due")),
                default=None,
                output_field=models.DateField(),
            )
        )


class PzzjApplication(FeeAndDatesRule, models.Model):
    """An application for entry on the PZZJ list (art. 51-56): formal check by the registry operator,
    decision by the coordinating minister (the coordinator role); ends in a ``PzzjEntry`` valid for
    6 years for the groups of qualifications (ministries) applied for."""

    number = models.CharField(_("number"), max_length=20, unique=True, blank=True, editable=False)
    applicant = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="pzzj_applications", verbose_name=_("applicant")
    )
    contact_email = models.EmailField(_("applicant's e-mail"), blank=True)
    ministries = models.ManyToManyField(
        Ministry, related_name="pzzj_applications", verbose_name=_("groups of qualifications (ministries)")
    )
    state = models.CharField(_("state"), max_length=20, choices=PzzjState.choices, default=PzzjState.SUBMITTED)
    fee = models.DecimalField(_("fee (PLN)"), max_digits=8, decimal_places=2, default=PZZJ_FEE)
    fee_paid_on = models.DateField(_("fee paid on"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)
    formal_check_due = models.DateField(_("formal check due"), null=True, blank=True)
    completion_due = models.DateField(_("completion due"), null=True, blank=True)
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    minister_due = models.DateField(_("minister's deadline"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    entry = models.OneToOneField(
        PzzjEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("PZZJ list entry"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PzzjApplicationQuerySet.as_manager()

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

    @property
    def is_terminal(self) -> bool:
        return self.state in PZZJ_TERMINAL_STATES

    @property
    def deadline(self) -> datetime.date | None:
        if self.state in (PzzjState.SUBMITTED, PzzjState.FORMAL_CHECK):
            return self.formal_check_due
        if self.state == PzzjState.COMPLETION_REQUESTED:
            return self.completion_due
        if self.state == PzzjState.FORWARDED:
            return self.minister_due
        return None

    deadline_status = InclusionApplication.deadline_status

    @property
    def notice_email(self) -> str:
        return self.contact_email or self.applicant.email


class PzzjApplicationEvent(AppendOnlyEvent):
    """One step of a PZZJ list application. Append-only (model and database trigger)."""

    application = models.ForeignKey(
        PzzjApplication, on_delete=models.PROTECT, related_name="events", verbose_name=_("application")
    )
    from_state = models.CharField(_("from"), max_length=20, choices=PzzjState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=PzzjState.choices)

    class Meta(AppendOnlyEvent.Meta):
        verbose_name = _("PZZJ application event")
        verbose_name_plural = _("PZZJ application events")
