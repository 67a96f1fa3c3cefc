"""What every kind of application shares: the ministry of each officer, the rules checked on save,
and an abstract base with the common fields and one declared map of state -> deadline field, from
which both the ``current_deadline`` annotation and the ``deadline`` property derive."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.fields import BooleanField
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from applications import rules
from applications.portal.kinds import DRAFT
from applications.roles import MINISTRY_OFFICER
from institutions.models import Ministry

DUE_SOON_DAYS = 7


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

    def fee_paid_before_filing(self) -> bool:
        """Whether the fee is paid, and its proof attached, before the application is filed."""
        return True

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


@dataclass(frozen=True)
class Requirement:
    """One thing a kind of application must contain before it may be filed: a condition on the
    application's row (true when it lacks it) and the portal section where the applicant gives it."""

    code: str
    label: Promise
    lacking: Q
    section: str


def blank(field: str) -> Q:
    return Q(**{field: ""}) | Q(**{f"{field}__regex": r"^\s*$"})


def missing_requirements(application, requirements: tuple[Requirement, ...]) -> list[Requirement]:
    """The requirements the saved application lacks, in the table's order (one query)."""
    if application.pk is None or not requirements:
        return list(requirements)
    flag = {
        f"lacks_{r.code}": Case(When(r.lacking, then=Value(True)), default=Value(False), output_field=BooleanField())
        for r in requirements
    }
    flags = type(application).objects.filter(pk=application.pk).annotate(**flag).values(*flag).first()
    if flags is None:
        return list(requirements)
    return [r for r in requirements if flags[f"lacks_{r.code}"]]


class ApplicationQuerySet(models.QuerySet):
    def with_deadline(self):
        """Annotate ``current_deadline``: the deadline that runs in the application's state."""
        by_field: dict[str, list[str]] = {}
        for state, name in self.model.DEADLINES.items():
            by_field.setdefault(name, []).append(state)
        return self.annotate(
            current_deadline=Case(
                *(When(state__in=states, then=F(name)) for name, states in by_field.items()),
                default=None,
                output_field=models.DateField(),
            )
        )

    def open(self):
        return self.exclude(state__in=self.model.TERMINAL_STATES)

    def filed(self):
        """Without the drafts an organisation is still preparing in the applicant portal: those
        exist for the back-office, statistics and public pages only once submitted."""
        return self.exclude(state=DRAFT)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.with_deadline().filter(current_deadline__lt=today)

    def due_soon(self, today=None):
        today = today or timezone.localdate()
        return self.with_deadline().filter(
            current_deadline__gte=today, current_deadline__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
        )


def deadlines_of(states, ministry_states) -> dict[str, str]:
    """A kind's ``DEADLINES``: the formal check's and the completion's, then the minister's while the
    application is in ``ministry_states``."""
    return {
        states.SUBMITTED: "formal_check_due",
        states.FORMAL_CHECK: "formal_check_due",
        states.COMPLETION_REQUESTED: "completion_due",
        **dict.fromkeys(ministry_states, "minister_due"),
    }


def application_constraints(states, *, numbers: str, rules: str) -> list[models.BaseConstraint]:
    """The rules every kind's table holds: a number used once among its filed applications and none
    before filing, no negative fee, no refusal without its reason. The constraint names start with
    ``numbers`` or ``rules`` as the kind's first migration named them."""
    return [
        models.UniqueConstraint(
            fields=["number"],
            condition=~Q(number=""),
            name=f"{numbers}_number_unique",
            violation_error_message=_("Another application has this number."),
        ),
        models.CheckConstraint(
            condition=~Q(state=states.DRAFT) | Q(number=""),
            name=f"{numbers}_draft_has_no_number",
            violation_error_message=_("An application in preparation has no number yet."),
        ),
        models.CheckConstraint(
            condition=Q(fee__gte=0),
            name=f"{rules}_fee_not_negative",
            violation_error_message=_("The fee cannot be negative."),
        ),
        models.CheckConstraint(
            condition=~Q(state=states.REFUSED) | ~Q(refusal_reason=""),
            name=f"{rules}_refusal_has_reason",
            violation_error_message=_("A refused application needs the reason for refusal."),
        ),
    ]


class BaseApplication(FeeAndDatesRule, models.Model):
    """The fields and rules common to every kind. Each kind declares ``DEADLINES`` (state -> the date
    field whose deadline runs in it) and ``TERMINAL_STATES``."""

    DEADLINES: dict[str, str] = {}
    TERMINAL_STATES: tuple[str, ...] = ()
    NUMBER_PREFIX = ""  # "ZSK", "IC", "PZZJ": the number is PREFIX/year of submission/id

    # Unique among filed applications only (a constraint of each kind): a draft has no number yet.
    number = models.CharField(_("number"), max_length=20, blank=True, editable=False)
    fee_paid_on = models.DateField(_("fee paid on"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)
    formal_check_due = models.DateField(_("formal check due"), null=True, blank=True)
    completion_due = models.DateField(_("completion due"), null=True, blank=True)
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    minister_due = models.DateField(_("minister's deadline"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    fee_reference = models.CharField(
        _("transfer reference"),
        max_length=140,
        blank=True,
        help_text=_("The title of the bank transfer of the fee, as the applicant gave it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.number or _('new application')}: {self.applicant if self.applicant_id else ''}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.number and self.state != DRAFT:
            self.assign_number()
            type(self).objects.filter(pk=self.pk).update(number=self.number)

    def assign_number(self) -> None:
        """The number the back-office and the portal's Submit both give: prefix, year, id."""
        self.number = f"{self.NUMBER_PREFIX}/{self.submitted_on.year}/{self.pk:04d}"

    @property
    def is_draft(self) -> bool:
        return self.state == DRAFT

    @property
    def is_terminal(self) -> bool:
        return self.state in self.TERMINAL_STATES

    @property
    def deadline(self) -> datetime.date | None:
        """The deadline that runs in the current state (None when none runs)."""
        name = self.DEADLINES.get(self.state)
        return getattr(self, name) if name else None

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
