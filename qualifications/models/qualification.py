"""Qualifications: one schema for published records and for drafts proposed in applications."""

import datetime

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Coalesce, Collate, NullIf, Upper
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from institutions.models import Ministry, Organisation
from qualifications.models.frameworks import PrkLevel, SectorFramework

# New records take their public ZRK id from this sequence; ids below it are imported or real.
ZRK_ID_SEQUENCE = "qualifications_zrk_id_seq"
ZRK_ID_START = 100_000
# The Act on the Integrated Qualifications System came into force: nothing is included before it.
ACT_IN_FORCE = datetime.date(2016, 1, 15)


class QualificationType(models.TextChoices):
    FULL = "full", _("full")
    PARTIAL = "partial", _("partial")


class Category(models.TextChoices):
    FREE_MARKET = "free_market", _("free-market")
    MARKET = "market", _("market (before 2024)")
    SECTORAL = "sectoral", _("sectoral")
    CRAFT = "craft", _("craft")
    REGULATED = "regulated", _("regulated")
    VOCATIONAL = "vocational", _("vocational education")
    POSTGRADUATE = "postgraduate", _("post-graduate studies")
    HIGHER_EDUCATION = "higher_education", _("higher-education diploma")
    GENERAL_EDUCATION = "general_education", _("general education")


FULL_CATEGORIES = (Category.HIGHER_EDUCATION, Category.GENERAL_EDUCATION)


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    INCLUDED = "included", _("included")
    FUNCTIONING = "functioning", _("functioning")
    SUSPENDED = "suspended", _("suspended (before 2024)")
    ARCHIVED = "archived", _("archived (before 2024)")


PUBLIC_STATUSES = (Status.INCLUDED, Status.FUNCTIONING, Status.SUSPENDED, Status.ARCHIVED)

STATUS_EXPLANATIONS = {
    Status.DRAFT: _("A proposed description in an application; not part of the register."),
    Status.INCLUDED: _("Included in the Integrated Qualifications System, but no institution may award it yet."),
    Status.FUNCTIONING: _("Included, and at least one certifying institution may award it: you can obtain it."),
    Status.SUSPENDED: _("Temporarily not awarded (a status used before 2024)."),
    Status.ARCHIVED: _("No longer awarded; kept for the record (a status used before 2024)."),
}


def make_slug(name: str) -> str:
    """The address slug of a qualification's Polish name."""
    # slugify drops "ł" (it has no decomposition), which would turn "Obsługa" into "obsuga".
    return slugify(name.translate(str.maketrans("łŁ", "lL")))[:80].strip("-")


class QualificationQuerySet(models.QuerySet):
    def public(self):
        # "Not a draft" rather than "status IN (the four public ones)": the same rows, but the
        # planner does not waste an index scan on a condition that matches nearly every row.
        return self.exclude(status=Status.DRAFT)


class Qualification(models.Model):
    zrk_id = models.PositiveIntegerField(
        _("ZRK id"),
        unique=True,
        db_default=Func(Value(ZRK_ID_SEQUENCE), function="nextval"),
        help_text=_("The public number of the record, used in addresses. Assigned automatically."),
    )
    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        blank=True,
        help_text=_("Unique ZRK code. Left empty, it is set to the ZRK id."),
    )
    symbol = models.CharField(_("symbol"), max_length=20, blank=True, help_text=_("E.g. FRK.01 or CECB."))
    name = models.CharField(_("name"), max_length=400)
    type = models.CharField(
        _("type"), max_length=10, choices=QualificationType.choices, default=QualificationType.PARTIAL
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    prk_level = models.ForeignKey(
        PrkLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="qualifications",
        verbose_name=_("PRK level"),
        error_messages={"invalid": _("A PRK level is a number from 1 to 8.")},
        help_text=_("Equal to the EQF level."),
    )
    sector_framework = models.ForeignKey(
        SectorFramework,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="qualifications",
        verbose_name=_("sector framework (SRK)"),
    )
    srk_level = models.PositiveSmallIntegerField(_("SRK level"), null=True, blank=True)
    ministry = models.ForeignKey(
        Ministry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="qualifications",
        verbose_name=_("competent minister"),
    )
    vocational_branch = models.CharField(
        _("vocational branch"), max_length=10, blank=True, help_text=_("Branch code in vocational education, e.g. FRK.")
    )
    included_on = models.DateField(_("included in the ZSK on"), null=True, blank=True)
    mp_year = models.PositiveSmallIntegerField(_("Monitor Polski year"), null=True, blank=True)
    mp_position = models.PositiveIntegerField(_("Monitor Polski position"), null=True, blank=True)
    mp_date = models.DateField(_("date of the notice"), null=True, blank=True)
    document_name = models.CharField(_("confirming document"), max_length=300, blank=True)
    validity_months = models.PositiveSmallIntegerField(_("document validity (months)"), null=True, blank=True)
    validity_indefinite = models.BooleanField(_("document valid indefinitely"), default=False)
    renewal_conditions = models.TextField(_("conditions for renewing the document"), blank=True)
    workload_hours = models.PositiveIntegerField(_("indicative workload (hours)"), null=True, blank=True)
    characteristic = models.TextField(_("short characteristic"), blank=True)
    entitlements = models.TextField(_("entitlements"), blank=True)
    target_groups = models.TextField(_("target groups"), blank=True)
    entry_conditions = models.TextField(_("conditions for entering validation"), blank=True)
    validation_requirements = models.TextField(_("validation requirements"), blank=True)
    ic_additional_conditions = models.TextField(_("additional conditions for certifying institutions"), blank=True)
    demand = models.TextField(_("demand for the qualification"), blank=True)
    typical_uses = models.TextField(_("typical uses"), blank=True)
    isced_code = models.CharField(_("ISCED field code"), max_length=4, blank=True)
    pkd_code = models.CharField(_("PKD code"), max_length=7, blank=True)
    polon_id = models.PositiveIntegerField(_("POL-on number"), null=True, blank=True)
    related_qualifications = models.ManyToManyField(
        "self", symmetrical=False, blank=True, verbose_name=_("related qualifications")
    )
    applicant = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applied_qualifications",
        verbose_name=_("applicant"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    # Kept up to date by database triggers (qualifications/search/sql/) from the names,
    # codes, characteristic and learning outcomes in both languages; see qualifications/search/text.py.
    search_vector = SearchVectorField(null=True, editable=False)
    name_vector = SearchVectorField(null=True, editable=False)  # the names part, for ranking
    search_names = models.TextField(default="", editable=False)
    # Where the qualification can be obtained today, kept by database triggers from the active
    # certification rights (qualifications/sql.py: ACTIVE_RIGHTS_TRIGGERS): the search filters and
    # counts by region and institution read these instead of joining 200,000 rights per request.
    active_regions = ArrayField(models.CharField(max_length=2), default=list, blank=True, editable=False)
    active_institutions = ArrayField(models.IntegerField(), default=list, blank=True, editable=False)

    objects = QualificationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="qualification_status_known",
                violation_error_message=_("Unknown status."),
            ),
            models.CheckConstraint(
                condition=Q(prk_level__isnull=True) | Q(prk_level__gte=1, prk_level__lte=8),
                name="qualification_prk_1_to_8",
                violation_error_message=_("A PRK level is a number from 1 to 8."),
            ),
            models.CheckConstraint(
                condition=Q(sector_framework__isnull=True, srk_level__isnull=True)
                | Q(sector_framework__isnull=False, srk_level__gte=1, srk_level__lte=8),
                name="qualification_srk_level_with_framework",
                violation_error_message=_("An SRK level (1-8) goes together with its sector framework."),
            ),
            models.CheckConstraint(
                condition=Q(type=QualificationType.FULL, category__in=FULL_CATEGORIES)
                | (Q(type=QualificationType.PARTIAL) & ~Q(category__in=FULL_CATEGORIES)),
                name="qualification_type_matches_category",
                violation_error_message=_(
                    "Only general-education and higher-education qualifications are full; all others are partial."
                ),
            ),
            models.CheckConstraint(
                condition=Q(validity_indefinite=False) | Q(validity_months__isnull=True),
                name="qualification_validity_either",
                violation_error_message=_("A document is either valid indefinitely or for a number of months."),
            ),
            models.CheckConstraint(
                # Spelled out with isnull on both sides: a NULL comparison would let a half
                # reference pass the CHECK.
                condition=Q(mp_year__isnull=True, mp_position__isnull=True)
                | Q(
                    mp_year__isnull=False,
                    mp_position__isnull=False,
                    mp_year__gte=2016,
                    mp_year__lte=2100,
                    mp_position__gte=1,
                ),
                name="qualification_mp_reference",
                violation_error_message=_(
                    "A Monitor Polski reference needs both a year (2016 or later) and a position."
                ),
            ),
            models.CheckConstraint(
                condition=Q(mp_date__isnull=True) | Q(mp_year__isnull=True) | Q(mp_date__year=F("mp_year")),
                name="qualification_notice_date_in_its_year",
                violation_error_message=_("The date of the notice must fall in its Monitor Polski year."),
            ),
            models.CheckConstraint(
                condition=(Q(mp_date__isnull=True) | Q(mp_date__gte=ACT_IN_FORCE))
                & (Q(included_on__isnull=True) | Q(included_on__gte=ACT_IN_FORCE)),
                name="qualification_dates_not_before_act",
                violation_error_message=_(
                    "Neither the notice nor the inclusion can be dated before the Act came into force (2016-01-15)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(included_on__isnull=True) | Q(mp_date__isnull=True) | Q(included_on__gte=F("mp_date")),
                name="qualification_included_after_notice",
                violation_error_message=_("A qualification is included on or after the date of its notice."),
            ),
            # NULLs are distinct in a unique constraint: records without a notice never collide.
            models.UniqueConstraint(
                fields=["mp_year", "mp_position"],
                name="qualification_mp_reference_unique",
                violation_error_message=_("This Monitor Polski reference is already used by another qualification."),
            ),
            models.CheckConstraint(
                condition=Q(isced_code="") | Q(isced_code__regex=r"^\d{2,4}$"),
                name="qualification_isced_format",
                violation_error_message=_("An ISCED-F field code is 2 to 4 digits, e.g. 1012."),
            ),
            models.CheckConstraint(
                condition=Q(pkd_code="") | Q(pkd_code__regex=r"^\d{2}(\.\d{1,2}(\.[A-Z])?)?$"),
                name="qualification_pkd_format",
                violation_error_message=_("A PKD code looks like 85.59.B."),
            ),
            models.CheckConstraint(
                condition=Q(workload_hours__isnull=True) | Q(workload_hours__gte=1),
                name="qualification_workload_positive",
                violation_error_message=_("The workload is a positive number of hours."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "prk_level"], name="qualification_status_level"),
            models.Index(fields=["category"], name="qualification_category"),
            models.Index(fields=["ministry"], name="qualification_ministry"),
            GinIndex(fields=["search_vector"], name="qualification_search"),
            # The names matching a query's words: the records the search page's relevance ranks
            # (qualifications/search/text_pages.py); the other matches follow in name order.
            GinIndex(fields=["name_vector"], name="qualification_name_words"),
            GinIndex(fields=["search_names"], opclasses=["gin_trgm_ops"], name="qualification_names_trgm"),
            GinIndex(fields=["active_regions"], name="qualification_active_regions"),
            GinIndex(fields=["active_institutions"], name="qualification_active_inst"),
            # Exact code and symbol lookups beside the full-text match (an OR the planner can
            # answer with a bitmap of three indexes instead of a sequential scan).
            models.Index(Upper("code"), name="qualification_code_upper"),
            models.Index(Upper("symbol"), name="qualification_symbol_upper"),
            # The default order of the search page: Polish alphabetical order, read from an index.
            models.Index(Collate("name_pl", "pl-x-icu"), "id", name="qualification_name_pl_icu"),
            # The same in English: the English name, else the Polish one (search/pipeline.py, name_order).
            models.Index(
                Collate(Coalesce(NullIf(F("name_en"), Value("")), F("name_pl")), "pl-x-icu"),
                "id",
                name="qualification_name_en_icu",
            ),
            # "Newest first" (home page, search sort): inclusion date, else the date of the notice.
            models.Index(
                Coalesce("included_on", "mp_date").desc(nulls_last=True),
                F("zrk_id").desc(),
                name="qualification_newest",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.code:
            # zrk_id is only known after the insert (database sequence).
            self.refresh_from_db(fields=["zrk_id"])
            self.code = str(self.zrk_id)
            type(self).objects.filter(pk=self.pk).update(code=self.code)

    def clean(self):
        errors = {}
        framework = self.sector_framework
        if framework and self.srk_level is not None:
            low, high = framework.level_min, framework.level_max
            if (low and self.srk_level < low) or (high and self.srk_level > high):
                errors["srk_level"] = _("This framework has levels %(low)s to %(high)s.") % {"low": low, "high": high}
        if (
            self.status != Status.DRAFT
            and self.prk_level_id is None
            and self.category
            in (
                Category.FREE_MARKET,
                Category.SECTORAL,
            )
        ):
            errors["prk_level"] = _("An included qualification must have a PRK level.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def status_explanation(self):
        from qualifications.routes import status_note  # the routes table imports this module

        return status_note(self.category, self.status) or STATUS_EXPLANATIONS.get(self.status, "")

    @property
    def awarding_route(self):
        from qualifications.routes import awarding_route

        return awarding_route(self.category)

    @property
    def default_document(self):
        """The document its category confers, for records that do not name their own."""
        from qualifications.routes import default_document

        return default_document(self.category)

    @property
    def mp_reference(self) -> str:
        if self.mp_year and self.mp_position:
            return f"M.P. {self.mp_year} poz. {self.mp_position}"
        return ""

    @property
    def slug(self) -> str:
        return make_slug(self.name_pl or self.name or "")
