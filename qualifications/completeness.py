"""What a qualification's description lacks, by category: one table of rules, read by every place
that must say so (the qualification admin, the formal check and its completion request, the
publication step, the data-quality view and its command, later the applicant portal).

Each element is a condition on the Qualification table ("this row lacks it"), so the same rule
answers for one record (one query) and counts the whole register (one aggregate query). Elements
belong to a stage:

- ``description``: what the applicant writes in an inclusion application (art. 15) or what the
  source of the record supplies for categories included by law; required before an application
  is forwarded and before it is published;
- ``record``: what inclusion adds (competent minister, applicant, date, Monitor Polski notice);
  the publication step sets these itself, so they are checked on register records only;
- ``translation``: the English texts of the English pages and of Europass. Not a condition of
  publication: the notice in Monitor Polski is Polish and includes the qualification by law, so
  the register must show it at once; a missing English text is listed in the data-quality view
  for the registry operator to supply.
"""

import operator
from dataclasses import dataclass
from functools import reduce

from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When
from django.db.models.fields import BooleanField
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from qualifications.models import (
    Category,
    LearningOutcome,
    LearningOutcomeSet,
    Qualification,
    VerificationCriterion,
)

DESCRIPTION = "description"
RECORD = "record"
TRANSLATION = "translation"
ALL_STAGES = (DESCRIPTION, RECORD, TRANSLATION)


@dataclass(frozen=True)
class Element:
    code: str
    label: Promise
    stage: str
    lacking: Q  # true for a row that lacks the element
    field: str = ""  # the admin form field (or inline) where it is entered


@dataclass(frozen=True)
class Missing:
    """One gap, as every page renders it: a stable code and a translated label."""

    code: str
    label: Promise

    def __str__(self):
        return str(self.label)


def _blank(field: str) -> Q:
    # Translated text columns are nullable; whitespace alone is no text.
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__regex": r"^\s*$"})


_sets = LearningOutcomeSet.objects.filter(qualification=OuterRef("pk"))
_set_without_outcomes = _sets.filter(~Exists(LearningOutcome.objects.filter(outcome_set=OuterRef("pk"))))
_outcome_without_criteria = LearningOutcome.objects.filter(outcome_set__qualification=OuterRef("pk")).filter(
    ~Exists(VerificationCriterion.objects.filter(outcome=OuterRef("pk")))
)

ELEMENTS: dict[str, Element] = {
    e.code: e
    for e in [
        # Description (art. 15 for applications; art. 83 lit. a-l for the register entry).
        Element("name", _("name"), DESCRIPTION, _blank("name_pl"), "name_pl"),
        Element(
            "characteristic", _("short characteristic"), DESCRIPTION, _blank("characteristic_pl"), "characteristic_pl"
        ),
        Element(
            "prk_level", _("PRK level (proposed, then assigned)"), DESCRIPTION, Q(prk_level__isnull=True), "prk_level"
        ),
        Element("target_groups", _("target groups"), DESCRIPTION, _blank("target_groups_pl"), "target_groups_pl"),
        Element(
            "workload", _("indicative workload (hours)"), DESCRIPTION, Q(workload_hours__isnull=True), "workload_hours"
        ),
        Element(
            "document_name",
            _("name of the confirming document"),
            DESCRIPTION,
            _blank("document_name_pl"),
            "document_name_pl",
        ),
        Element(
            "validity",
            _("validity of the document (months or indefinite)"),
            DESCRIPTION,
            Q(validity_indefinite=False, validity_months__isnull=True),
            "validity_months",
        ),
        Element(
            "entry_conditions",
            _("conditions for entering validation (or “none”)"),
            DESCRIPTION,
            _blank("entry_conditions_pl"),
            "entry_conditions_pl",
        ),
        Element(
            "validation_requirements",
            _("validation requirements"),
            DESCRIPTION,
            _blank("validation_requirements_pl"),
            "validation_requirements_pl",
        ),
        Element("demand", _("demand for the qualification"), DESCRIPTION, _blank("demand_pl"), "demand_pl"),
        Element("typical_uses", _("typical uses"), DESCRIPTION, _blank("typical_uses_pl"), "typical_uses_pl"),
        Element("outcome_sets", _("sets of learning outcomes"), DESCRIPTION, Q(~Exists(_sets)), "outcome_sets"),
        Element(
            "outcomes",
            _("learning outcomes in every set"),
            DESCRIPTION,
            Q(Exists(_set_without_outcomes)),
            "outcome_sets",
        ),
        Element(
            "criteria",
            _("verification criteria for every learning outcome"),
            DESCRIPTION,
            Q(Exists(_outcome_without_criteria)),
            "outcome_sets",
        ),
        Element("isced_code", _("ISCED field code"), DESCRIPTION, Q(isced_code=""), "isced_code"),
        Element("pkd_code", _("PKD code"), DESCRIPTION, Q(pkd_code=""), "pkd_code"),
        Element("symbol", _("symbol"), DESCRIPTION, Q(symbol=""), "symbol"),
        Element("vocational_branch", _("vocational branch"), DESCRIPTION, Q(vocational_branch=""), "vocational_branch"),
        Element("polon_id", _("POL-on number"), DESCRIPTION, Q(polon_id__isnull=True), "polon_id"),
        Element(
            "university", _("university or institute awarding it"), DESCRIPTION, Q(applicant__isnull=True), "applicant"
        ),
        # What inclusion adds.
        Element("ministry", _("competent minister"), RECORD, Q(ministry__isnull=True), "ministry"),
        Element("applicant", _("applicant"), RECORD, Q(applicant__isnull=True), "applicant"),
        Element("included_on", _("date of inclusion in the ZSK"), RECORD, Q(included_on__isnull=True), "included_on"),
        Element(
            "mp_reference",
            _("Monitor Polski reference (year and position)"),
            RECORD,
            Q(mp_year__isnull=True) | Q(mp_position__isnull=True),
            "mp_year",
        ),
        Element("mp_date", _("date of the notice"), RECORD, Q(mp_date__isnull=True), "mp_date"),
        # English.
        Element("name_en", _("English name"), TRANSLATION, _blank("name_en"), "name_en"),
        Element(
            "characteristic_en",
            _("English short characteristic"),
            TRANSLATION,
            _blank("characteristic_en"),
            "characteristic_en",
        ),
    ]
}

# The full description of an application under art. 15 (market, free-market, craft and sectoral
# qualifications), then what its inclusion adds (notice in Monitor Polski).
_ART_15 = (
    "name",
    "characteristic",
    "prk_level",
    "target_groups",
    "workload",
    "document_name",
    "validity",
    "entry_conditions",
    "validation_requirements",
    "demand",
    "outcome_sets",
    "outcomes",
    "criteria",
    "isced_code",
    "pkd_code",
)
_BY_NOTICE = ("ministry", "applicant", "included_on", "mp_reference", "mp_date")
_ENGLISH = ("name_en", "characteristic_en")

# Which elements each category must have. Categories included by law come from other sources
# (core curricula, POL-on, a university's resolution) and have no application or notice.
RULES: dict[str, tuple[str, ...]] = {
    Category.FREE_MARKET: _ART_15 + _BY_NOTICE + _ENGLISH,
    Category.MARKET: _ART_15 + _BY_NOTICE + _ENGLISH,
    Category.CRAFT: _ART_15 + _BY_NOTICE + _ENGLISH,
    Category.SECTORAL: _ART_15 + _BY_NOTICE + _ENGLISH,
    # Included by the competent minister after a review of the department's regulated qualifications.
    Category.REGULATED: ("name", "characteristic", "prk_level", "document_name", "ministry", "included_on") + _ENGLISH,
    # From the core curriculum of vocational education: symbol and branch, outcomes with criteria.
    Category.VOCATIONAL: (
        "name",
        "symbol",
        "vocational_branch",
        "characteristic",
        "prk_level",
        "outcome_sets",
        "outcomes",
        "criteria",
    )
    + _ENGLISH,
    # The information the regulation on post-graduate qualifications lists (Dz.U. 2024 poz. 81, par. 2).
    Category.POSTGRADUATE: (
        "name",
        "prk_level",
        "isced_code",
        "characteristic",
        "target_groups",
        "typical_uses",
        "outcome_sets",
        "outcomes",
        "entry_conditions",
        "document_name",
        "university",
        "included_on",
    )
    + _ENGLISH,
    # Imported from POL-on.
    Category.HIGHER_EDUCATION: ("name", "prk_level", "polon_id", "name_en"),
    Category.GENERAL_EDUCATION: ("name", "prk_level", "characteristic") + _ENGLISH,
}


def requirements(category: str, stages=ALL_STAGES) -> list[Element]:
    """The elements a record of this category must have, in the table's order."""
    return [ELEMENTS[code] for code in RULES.get(category, ()) if ELEMENTS[code].stage in stages]


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def missing_elements(qualification: Qualification, stages=ALL_STAGES) -> list[Missing]:
    """What the saved record lacks among the elements its category requires (one query)."""
    elements = requirements(qualification.category, stages)
    if qualification.pk is None or not elements:
        return []
    flags = (
        Qualification.objects.filter(pk=qualification.pk)
        .annotate(**{f"lacks_{e.code}": _flag(e.lacking) for e in elements})
        .values(*(f"lacks_{e.code}" for e in elements))
        .first()
    )
    if flags is None:
        return []
    return [Missing(e.code, e.label) for e in elements if flags[f"lacks_{e.code}"]]


def description_gaps(qualification: Qualification) -> list[Missing]:
    """What an application's proposed description lacks: refuses forwarding and publication."""
    return missing_elements(qualification, (DESCRIPTION,))


def as_text(missing: list[Missing]) -> str:
    """The gaps as one line, in the active language."""
    return "; ".join(str(m) for m in missing)


def lacking(code: str) -> Q:
    """Register rows that lack this element while their category requires it (admin list filter)."""
    element = ELEMENTS[code]
    categories = [category for category, codes in RULES.items() if code in codes]
    return Q(category__in=categories) & element.lacking


@dataclass
class Gap:
    """One row of the data-quality table."""

    element: Element
    missing: int  # records lacking it
    required: int  # records whose category requires it
    by_category: dict[str, int]  # category -> records lacking it


@dataclass
class Report:
    gaps: list[Gap]
    records: int  # public records
    incomplete: int  # public records lacking at least one element


def register_gaps(queryset=None) -> Report:
    """For each element, how many public records lack it among those that must have it; one
    aggregate query grouped by category, whatever the size of the register."""
    queryset = Qualification.objects.public() if queryset is None else queryset
    any_gap = reduce(operator.or_, (lacking(code) for code in ELEMENTS))
    rows = (
        queryset.order_by()
        .values("category")
        .annotate(
            records=Count("pk"),
            incomplete=Count("pk", filter=any_gap),
            **{f"lacks_{code}": Count("pk", filter=element.lacking) for code, element in ELEMENTS.items()},
        )
    )
    per_category = {row["category"]: row for row in rows}
    gaps = []
    for code, element in ELEMENTS.items():
        categories = [c for c, codes in RULES.items() if code in codes and c in per_category]
        by_category = {c: per_category[c][f"lacks_{code}"] for c in categories}
        gaps.append(
            Gap(
                element=element,
                missing=sum(by_category.values()),
                required=sum(per_category[c]["records"] for c in categories),
                by_category={c: n for c, n in by_category.items() if n},
            )
        )
    return Report(
        gaps=gaps,
        records=sum(row["records"] for row in per_category.values()),
        incomplete=sum(row["incomplete"] for row in per_category.values()),
    )
