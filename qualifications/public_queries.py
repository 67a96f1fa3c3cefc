"""Read-side queries of the public institution, PRK-level and sector-framework pages.

Plain functions returning querysets, lists and dicts for the views in ``qualifications.views.institutions``
and ``qualifications.views.frameworks``. Every page runs a fixed number of SQL queries whatever the
number of rows: related rows come through select_related / prefetch_related, counts through annotate
and subqueries.
"""

import re
from dataclasses import dataclass, field

from django.db.models import CharField, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Collate, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _

from institutions.models import Organisation, PzzjEntry, PzzjValidity, Voivodeship
from qualifications.fees import with_reported_figures
from qualifications.models import (
    AWARDABLE_STATUSES,
    CURRENT_RIGHT_STATUSES,
    PUBLIC_STATUSES,
    Category,
    CertificationRight,
    PrkLevel,
    Qualification,
    SectorFramework,
)
from qualifications.search.text import search
from zrk.i18n import current_language
from zrk.params import is_ascii_number

POLISH_COLLATION = "pl-x-icu"
QUERY_MAX_LENGTH = 200
ROLE_IC = "ic"
ROLE_PZZJ = "pzzj"
ROLES = (ROLE_IC, ROLE_PZZJ)
TERYT_CODE = re.compile(r"^[0-9]{2}$")
NIP_SEPARATORS = re.compile(r"[\s\-]")

__all__ = [
    "InstitutionFilters",
    "institution_detail",
    "institution_list",
    "institution_results",
    "listed_organisations",
    "parse_institution_filters",
    "prk_level_detail",
    "prk_level_qualifications",
    "prk_levels",
    "sector_frameworks",
]


def _name_in_language(prefix: str = "") -> Coalesce | F:
    """The translated ``name`` column in the current language, falling back to Polish."""
    if current_language() == "pl":
        return F(f"{prefix}name_pl")
    return Coalesce(NullIf(F(f"{prefix}name_en"), Value("")), F(f"{prefix}name_pl"), output_field=CharField())


def _by_name(prefix: str = ""):
    """Ordering by name in Polish collation (Ł after L, not after Z)."""
    return Collate(_name_in_language(prefix), POLISH_COLLATION).asc()


# --- Organisations ---------------------------------------------------------------------------


def _public_rights():
    return CertificationRight.objects.filter(qualification__status__in=PUBLIC_STATUSES)


def _is_current_ic():
    """The organisation may certify today (the one rule: ``CertificationRight.objects.certifying_on``)."""
    return Exists(CertificationRight.objects.certifying_on().filter(institution=OuterRef("pk")))


def _is_current_pzzj():
    return Exists(PzzjEntry.objects.valid_on().filter(organisation=OuterRef("pk")))


def _certifiable_count():
    """How many qualifications the organisation may certify today."""
    counts = (
        CertificationRight.objects.certifying_on()
        .filter(institution=OuterRef("pk"))
        .order_by()
        .values("institution")
        .annotate(n=Count("qualification", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def public_organisations():
    """Organisations shown on the public institution pages: certifying institutions (current or past)
    of public qualifications, bodies that are or were on the PZZJ list, and applicants of public
    qualifications."""
    return Organisation.objects.filter(
        Exists(_public_rights().filter(institution=OuterRef("pk")))
        | Exists(PzzjEntry.objects.filter(organisation=OuterRef("pk")))
        | Exists(Qualification.objects.public().filter(applicant=OuterRef("pk")))
    )


def listed_organisations(*, former_institutions: bool = True):
    """Organisations in the institution list and its download: certifying institutions of public
    qualifications and bodies that are or were on the PZZJ list. The list also shows former
    certifying institutions (every right ended), whose pages stay; the download leaves them out
    (``former_institutions=False``): it lists those holding a current (active or suspended) right."""
    rights = _public_rights()
    if not former_institutions:
        rights = rights.filter(status__in=CURRENT_RIGHT_STATUSES)
    return Organisation.objects.filter(
        Exists(rights.filter(institution=OuterRef("pk")))
        | Exists(PzzjEntry.objects.filter(organisation=OuterRef("pk")))
    )


@dataclass
class InstitutionFilters:
    q: str = ""
    roles: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.q or self.roles or self.regions)


def parse_institution_filters(params, region_codes=None) -> InstitutionFilters:
    """Read ``q``, ``role`` and ``region`` from a QueryDict: the one parser of the institution list,
    its API and its download. Values that make no sense are dropped and reported in ``errors``
    (anchor, message) for the error summary; nothing here raises. Without ``region_codes`` (the
    voivodeships' TERYT codes) they are read from the database, only when a region is asked for."""
    filters = InstitutionFilters()
    if region_codes is None:
        region_codes = voivodeship_codes() if params.getlist("region") else set()
    q = params.get("q", "").replace("\x00", "").strip()
    filters.q = " ".join(q.split())[:QUERY_MAX_LENGTH]
    for value in params.getlist("role"):
        if value in ROLES:
            if value not in filters.roles:
                filters.roles.append(value)
        elif value:
            filters.errors.append(
                ("filter-role", _("“%(value)s” is not a role you can filter by; it was ignored.") % {"value": value})
            )
    for value in params.getlist("region"):
        if TERYT_CODE.match(value) and value in region_codes:
            if value not in filters.regions:
                filters.regions.append(value)
        elif value:
            filters.errors.append(
                (
                    "filter-region",
                    _("“%(value)s” is not the TERYT code of a voivodeship; it was ignored.") % {"value": value},
                )
            )
    return filters


def _text_condition(q: str) -> Q:
    """Every word must appear in the name (either language), the short name or the city, ignoring case
    and diacritics; a query made of digits (a NIP typed with or without dashes) matches the NIP."""
    condition = Q()
    for word in q.split():
        condition &= (
            Q(name_pl__unaccent__icontains=word)
            | Q(name_en__unaccent__icontains=word)
            | Q(short_name__unaccent__icontains=word)
            | Q(city__unaccent__icontains=word)
        )
    digits = NIP_SEPARATORS.sub("", q)
    if is_ascii_number(digits) and len(digits) >= 3:
        condition |= Q(nip__contains=digits) if len(digits) < 10 else Q(nip=digits)
    return condition


def _role_condition(roles) -> Q:
    condition = Q()
    if ROLE_IC in roles:
        condition |= Q(_is_current_ic())
    if ROLE_PZZJ in roles:
        condition |= Q(_is_current_pzzj())
    return condition


def _filter_conditions(filters: InstitutionFilters) -> tuple[Q, Q, Q]:
    """(text, roles, regions): each filter as a condition, an empty Q when it is not used."""
    text = _text_condition(filters.q) if filters.q else Q()
    roles = _role_condition(filters.roles)
    regions = Q(voivodeship_id__in=filters.regions) if filters.regions else Q()
    return text, roles, regions


def institution_results(filters: InstitutionFilters, *, former_institutions: bool = True):
    """The listed organisations under every filter, annotated with their roles today and the number
    of qualifications they may certify, by name (in the page's language, Polish collation)."""
    text, roles, regions = _filter_conditions(filters)
    return (
        listed_organisations(former_institutions=former_institutions)
        .filter(text, roles, regions)
        .select_related("voivodeship")
        .annotate(
            is_ic=_is_current_ic(),
            is_pzzj=_is_current_pzzj(),
            certifiable=_certifiable_count(),
        )
        .order_by(_by_name(), "pk")
    )


def institution_list(filters: InstitutionFilters):
    """The filtered organisations (``institution_results``: not yet paginated) and the facet counts.

    Facet counts are disjunctive: each facet's counts apply every other active filter but its own.
    Three queries here (regions, role counts, region counts) plus two when the page is read
    (count and rows)."""
    base = listed_organisations()
    text, roles, regions = _filter_conditions(filters)

    role_counts = (
        base.filter(text, regions)
        .order_by()
        .aggregate(
            ic=Count("pk", filter=_is_current_ic()),
            pzzj=Count("pk", filter=_is_current_pzzj()),
        )
    )
    region_counts = dict(
        base.filter(text, roles)
        .filter(voivodeship__isnull=False)
        .order_by()
        .values_list("voivodeship_id")
        .annotate(n=Count("pk"))
    )
    role_facet = [
        {"value": ROLE_IC, "label": _("certifying institutions"), "count": role_counts["ic"]},
        {"value": ROLE_PZZJ, "label": _("external quality-assurance bodies (PZZJ)"), "count": role_counts["pzzj"]},
    ]
    for option in role_facet:
        option["selected"] = option["value"] in filters.roles
    region_facet = []
    for voivodeship in Voivodeship.objects.order_by(Collate(_name_in_language(), POLISH_COLLATION)):
        count = region_counts.get(voivodeship.code, 0)
        selected = voivodeship.code in filters.regions
        if count or selected:
            region_facet.append(
                {"value": voivodeship.code, "label": voivodeship.name, "count": count, "selected": selected}
            )

    return institution_results(filters), {"role": role_facet, "region": region_facet}


def voivodeship_codes() -> set[str]:
    return set(Voivodeship.objects.values_list("code", flat=True))


def institution_detail(pk: int):
    """One organisation with everything its page shows, in five queries; None when it is not public."""
    organisation = (
        public_organisations()
        .select_related("voivodeship")
        .annotate(is_ic=_is_current_ic(), is_pzzj=_is_current_pzzj())
        .filter(pk=pk)
        .first()
    )
    if organisation is None:
        return None
    today = timezone.localdate()
    rights = list(
        with_reported_figures(_public_rights().filter(institution=organisation).with_pzzj_validity(today))
        .select_related("qualification", "pzzj")
        .order_by(_by_name("qualification__"), "-decision_date", "pk")
    )
    entries = list(
        organisation.pzzj_entries.annotate(
            is_valid=Exists(PzzjEntry.objects.valid_on().filter(pk=OuterRef("pk")))
        ).prefetch_related("ministries")
    )
    assignments = list(
        _public_rights()
        .filter(pzzj=organisation)
        .with_pzzj_validity(today)
        .select_related("qualification", "institution")
        .order_by(_by_name("qualification__"), _by_name("institution__"), "pk")
    )
    for right in rights + assignments:
        mark_certifying(right, today)
    current = [right for right in rights if right.is_current or right.may_certify]
    return {
        "organisation": organisation,
        "current_rights": sorted(current, key=lambda right: not right.may_certify),
        "certifying_count": len({right.qualification_id for right in current if right.may_certify}),
        "past_rights": [right for right in rights if right not in current],
        "pzzj_entries": entries,
        "assignments": sorted(assignments, key=lambda right: not right.is_current),
    }


def mark_certifying(right, today):
    """Set ``may_certify`` on a right read with its qualification: the rule of ``certifying_on``."""
    right.may_certify = right.qualification.status in AWARDABLE_STATUSES and right.certifies_on(today)
    return right


# --- The certification check: choosing by name ------------------------------------------------

CHECK_CHOICES = 15  # the most matches the check lists to choose from; more means "be more precise"


def _clean_text(text: str) -> str:
    return " ".join((text or "").replace("\x00", "").split())[:QUERY_MAX_LENGTH]


def qualifications_named(text: str) -> list:
    """Public qualifications matching ``text`` as the search page would (name, code, ZRK id, Polish
    inflection, typos), best first; at most CHECK_CHOICES + 1, so that the caller knows there are more."""
    text = _clean_text(text)
    if not text:
        return []
    found = search(Qualification.objects.public(), text)
    rows = found.ranked(found.queryset).only("pk", "zrk_id", "name_pl", "name_en", "code", "prk_level_id")
    order = [F("name_hit").desc(), F("rank").desc()] if found.annotations else []
    return list(rows.order_by(*order, _by_name(), "pk")[: CHECK_CHOICES + 1])


def institutions_named(text: str) -> list:
    """Organisations that hold or held a certification right, matching ``text`` by name, short name,
    city or NIP (as the institution list does), by name; at most CHECK_CHOICES + 1."""
    text = _clean_text(text)
    if not text:
        return []
    holders = Organisation.objects.filter(Exists(_public_rights().filter(institution=OuterRef("pk"))))
    return list(
        holders.filter(_text_condition(text))
        .only("pk", "name_pl", "name_en", "city")
        .order_by(_by_name(), "pk")[: CHECK_CHOICES + 1]
    )


def certifiable_qualifications(organisation) -> list:
    """The public qualifications ``organisation`` may award today (an active right), by name."""
    return list(
        Qualification.objects.public()
        .filter(
            Exists(
                CertificationRight.objects.certifying_on().filter(
                    qualification=OuterRef("pk"), institution=organisation
                )
            )
        )
        .only("pk", "zrk_id", "name_pl", "name_en")
        .order_by(_by_name(), "pk")
    )


def pzzj_list(today):
    """The coordinating minister's list of external quality-assurance bodies, as the public sees it:
    (entries in force or not yet in force, expired entries), each entry with its validity on ``today``
    and its groups of qualifications; by the body's name, then newest decision first."""
    entries = list(
        PzzjEntry.objects.select_related("organisation")
        .prefetch_related("ministries")
        .order_by(_by_name("organisation__"), "-decision_date", "pk")
    )
    for entry in entries:
        entry.state = entry.validity(today)
        entry.days_left = (entry.valid_until - today).days
    current = [entry for entry in entries if entry.state != PzzjValidity.EXPIRED]
    expired = [entry for entry in entries if entry.state == PzzjValidity.EXPIRED]
    return current, expired


# --- PRK levels and sector frameworks --------------------------------------------------------


def prk_levels():
    """The eight PRK levels, each with the number of public qualifications at it (one query)."""
    return list(
        PrkLevel.objects.annotate(
            public_count=Count("qualifications", filter=Q(qualifications__status__in=PUBLIC_STATUSES))
        ).order_by("level")
    )


def prk_level_detail(level: int):
    """The level and its public qualifications counted by category (two queries); None when unknown."""
    prk_level = PrkLevel.objects.filter(level=level).first()
    if prk_level is None:
        return None
    counted = dict(
        Qualification.objects.public()
        .filter(prk_level=prk_level)
        .order_by()
        .values_list("category")
        .annotate(n=Count("pk"))
    )
    by_category = [
        {"value": value, "label": label, "count": counted[value]}
        for value, label in Category.choices
        if counted.get(value)
    ]
    return {"level": prk_level, "by_category": by_category, "total": sum(counted.values())}


def prk_level_qualifications(prk_level):
    """Public qualifications at a level, ordered by name, to be paginated."""
    return Qualification.objects.public().filter(prk_level=prk_level).order_by(_by_name(), "pk")


def sector_frameworks():
    """Every sector framework with the number of public qualifications referencing it (one query)."""
    return list(
        SectorFramework.objects.annotate(
            public_count=Count("qualifications", filter=Q(qualifications__status__in=PUBLIC_STATUSES))
        ).order_by(Collate(_name_in_language(), POLISH_COLLATION), "pk")
    )
