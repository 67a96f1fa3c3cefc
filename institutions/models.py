"""Institutions: government departments and their ministries, organisations, the PZZJ list."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, F, Func, Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from institutions.validators import validate_krs, validate_nip, validate_postal_code, validate_regon

PZZJ_ENTRY_YEARS = 6
# How early the coordinator is warned that a PZZJ list entry runs out: a renewal is a new
# application (formal check, decision), and rights that rely on the body need a new PZZJ in time.
PZZJ_EXPIRY_WARNING_DAYS = 180


class Voivodeship(models.Model):
    """One of the 16 voivodeships, keyed by its two-digit TERYT code."""

    code = models.CharField(_("TERYT code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=40)

    class Meta:
        ordering = ["code"]
        verbose_name = _("voivodeship")
        verbose_name_plural = _("voivodeships")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^(0[2-8]|[12][02468]|3[02])$"),
                name="voivodeship_teryt_code",
                violation_error_message=_("A voivodeship TERYT code is an even number from 02 to 32."),
            )
        ]

    def __str__(self):
        return self.name


class Ministry(models.Model):
    """A competent minister's ministry. Legal competence follows the government department (dział),
    so the department is kept beside the (changing) ministry name."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    department = models.CharField(
        _("government department"),
        max_length=300,
        blank=True,
        help_text=_("Dział administracji rządowej, e.g. “kultura fizyczna”."),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Unticked for ministries that no longer exist under this name.")
    )

    class Meta:
        ordering = ["-active", "name"]
        verbose_name = _("ministry")
        verbose_name_plural = _("ministries")

    def __str__(self):
        return self.name


class LegalForm(models.TextChoices):
    COMPANY = "company", _("company")
    ASSOCIATION = "association", _("association")
    FOUNDATION = "foundation", _("foundation")
    CHAMBER = "chamber", _("chamber of commerce or crafts")
    UNIVERSITY = "university", _("university")
    RESEARCH_INSTITUTE = "research_institute", _("research institute")
    PUBLIC_BODY = "public_body", _("public body")
    SOLE_TRADER = "sole_trader", _("sole trader")
    OTHER = "other", _("other")


class Organisation(models.Model):
    """Any organisation in the register. Its roles (certifying institution, PZZJ, applicant) follow
    from its relations, not from a flag."""

    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    nip = models.CharField(_("NIP"), max_length=10, blank=True, null=True, unique=True, validators=[validate_nip])
    regon = models.CharField(_("REGON"), max_length=14, blank=True, validators=[validate_regon])
    krs = models.CharField(_("KRS"), max_length=10, blank=True, validators=[validate_krs])
    legal_form = models.CharField(_("legal form"), max_length=30, choices=LegalForm.choices, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True, validators=[validate_postal_code])
    city = models.CharField(_("city"), max_length=100, blank=True)
    voivodeship = models.ForeignKey(
        Voivodeship,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("voivodeship"),
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(nip__isnull=True)
                | Func(F("nip"), function="zrk_nip_is_valid", output_field=BooleanField()),
                name="organisation_nip_checksum",
                violation_error_message=_("Enter a valid NIP: 10 digits without dashes, with a correct check digit."),
            ),
            models.CheckConstraint(
                condition=Q(regon="") | Func(F("regon"), function="zrk_regon_is_valid", output_field=BooleanField()),
                name="organisation_regon_checksum",
                violation_error_message=_("Enter a valid REGON: 9 or 14 digits with a correct check digit."),
            ),
            # The page links to it: an import that skips the form must not bring in javascript: links.
            # The schemes are URLValidator's, so whatever the form accepts the database accepts.
            models.CheckConstraint(
                condition=Q(website="") | Q(website__iregex=r"^(https?|ftps?)://"),
                name="organisation_website_scheme",
                violation_error_message=_("Enter a web address starting with http:// or https://."),
            ),
            models.CheckConstraint(
                condition=Q(postal_code="") | Q(postal_code__regex=r"^\d{2}-\d{3}$"),
                name="organisation_postal_code_format",
                violation_error_message=_("Enter a postal code in the form NN-NNN, e.g. 00-950."),
            ),
            models.CheckConstraint(
                condition=Q(krs="") | Q(krs__regex=r"^\d{10}$"),
                name="organisation_krs_format",
                violation_error_message=_("Enter a valid KRS number: 10 digits."),
            ),
        ]
        indexes = [models.Index(fields=["voivodeship"], name="organisation_voivodeship")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # An empty NIP is stored as NULL so that the unique constraint allows many organisations without one.
        self.nip = self.nip or None
        super().save(*args, **kwargs)


def six_years_after(day: date) -> date:
    try:
        return day.replace(year=day.year + PZZJ_ENTRY_YEARS)
    except ValueError:  # 29 February
        return day.replace(year=day.year + PZZJ_ENTRY_YEARS, day=28)


class PzzjValidity(models.TextChoices):
    # The entry's state; the context keeps "expired" apart from a right's (a different Polish gender).
    VALID = "valid", pgettext_lazy("PZZJ list entry", "valid")
    EXPIRING = "expiring", pgettext_lazy("PZZJ list entry", "expiring soon")
    EXPIRED = "expired", pgettext_lazy("PZZJ list entry", "expired")
    NOT_YET = "not_yet", pgettext_lazy("PZZJ list entry", "not yet in force")


class PzzjEntryQuerySet(models.QuerySet):
    def valid_on(self, day=None):
        day = day or Now()
        return self.filter(decision_date__lte=day, valid_until__gte=day)

    def expiring(self, day: date, within_days: int = PZZJ_EXPIRY_WARNING_DAYS):
        """Valid on ``day`` but not ``within_days`` later."""
        return self.valid_on(day).filter(valid_until__lt=day + timedelta(days=within_days))

    def expired(self, day: date):
        return self.filter(valid_until__lt=day)


class PzzjEntry(models.Model):
    """An entry on the coordinating minister's list of external quality-assurance bodies (PZZJ)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="pzzj_entries", verbose_name=_("organisation")
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"))
    valid_until = models.DateField(
        _("valid until"), blank=True, help_text=_("Leave empty for the statutory 6 years from the decision date.")
    )
    ministries = models.ManyToManyField(
        Ministry,
        related_name="pzzj_entries",
        verbose_name=_("groups of qualifications (ministries)"),
        help_text=_("The government departments whose qualifications this body may assure."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PzzjEntryQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "-decision_date"]
        verbose_name = _("PZZJ list entry")
        verbose_name_plural = _("PZZJ list entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=F("decision_date")),
                name="pzzjentry_valid_after_decision",
                violation_error_message=_("“Valid until” must be after the decision date."),
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.decision_date:%Y-%m-%d} – {self.valid_until:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if self.valid_until is None and self.decision_date:
            self.valid_until = six_years_after(self.decision_date)
        super().save(*args, **kwargs)

    def validity(self, day: date) -> PzzjValidity:
        if self.decision_date > day:
            return PzzjValidity.NOT_YET
        if self.valid_until < day:
            return PzzjValidity.EXPIRED
        if self.valid_until < day + timedelta(days=PZZJ_EXPIRY_WARNING_DAYS):
            return PzzjValidity.EXPIRING
        return PzzjValidity.VALID

    def clean(self):
        if self.valid_until is None and self.decision_date:
            self.valid_until = six_years_after(self.decision_date)


class MemberRole(models.TextChoices):
    """What a person may do for an organisation in the applicant portal. Owners manage the members
    (and may hand ownership over, so that applications outlive staff turnover); editors prepare and
    file applications and answer the ministry; viewers only read."""

    OWNER = "owner", pgettext_lazy("organisation member", "owner")
    EDITOR = "editor", pgettext_lazy("organisation member", "editor")
    VIEWER = "viewer", pgettext_lazy("organisation member", "viewer")


class Membership(models.Model):
    """A person acting for an organisation in the applicant portal."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.VIEWER)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["organisation", "user"]
        verbose_name = _("organisation member")
        verbose_name_plural = _("organisation members")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="membership_one_per_organisation"),
            models.CheckConstraint(
                condition=Q(role__in=[choice.value for choice in MemberRole]), name="membership_role_known"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.organisation}, {self.get_role_display()})"


class Invitation(models.Model):
    """An owner's invitation to join the organisation with a role, sent by e-mail as a signed link that
    expires and can be used once (applications/portal/organisations.py). Only the person who signs in
    with the invited e-mail address may accept it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("organisation")
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.VIEWER)
    # Part of the signed link: a new invitation to the same address gets a new one, so an older link dies.
    nonce = models.CharField(max_length=32, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        ordering = ["organisation", "-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[choice.value for choice in MemberRole]), name="invitation_role_known"
            ),
            models.CheckConstraint(condition=Q(expires_at__gt=F("created_at")), name="invitation_expires_later"),
            # One open invitation per address and organisation: inviting again replaces it.
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True),
                name="invitation_one_open_per_address",
            ),
        ]

    def __str__(self):
        return f"{self.email} ({self.organisation}, {self.get_role_display()})"


class RequestState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("membership request", "waiting for the operator")
    CONFIRMED = "confirmed", pgettext_lazy("membership request", "confirmed")
    REFUSED = "refused", pgettext_lazy("membership request", "refused")


class MembershipRequest(models.Model):
    """A person asks to act for an organisation already in the register (its NIP was taken): nobody
    takes an organisation over by typing its NIP; a registry operator confirms the request in the admin
    after checking that the person represents it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="membership_requests", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership_requests",
        verbose_name=_("user"),
    )
    state = models.CharField(_("state"), max_length=10, choices=RequestState.choices, default=RequestState.PENDING)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("membership request")
        verbose_name_plural = _("membership requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=[choice.value for choice in RequestState]), name="membership_request_state"
            ),
            models.CheckConstraint(
                condition=Q(state=RequestState.PENDING, decided_at__isnull=True)
                | (~Q(state=RequestState.PENDING) & Q(decided_at__isnull=False)),
                name="membership_request_decided_when_decided",
            ),
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(state=RequestState.PENDING),
                name="membership_request_one_pending",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation}"
