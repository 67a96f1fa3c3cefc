"""Read-side queries of the public institution list and institution pages.

Plain functions returning querysets, lists and dicts for the views in ``qualifications.views.institutions``,
its API and its download. Every page runs a fixed number of SQL queries whatever the number of rows:
related rows come through select_related / prefetch_related, counts through annotate and subqueries.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Collate
from django.utils import timezone
from django.utils.translation import gettext as _

from institutions.models import Organisation, PzzjEntry, Voivodeship
from qualifications.models import (
    AWARDABLE_STATUSES,
    CURRENT_RIGHT_STATUSES,
    PUBLIC_STATUSES,
    CertificationRight,
    Qualification,
    RightStatus,
)
from qualifications.models.qualification import make_slug
from qualifications.models.rights import right_certifies
from qualifications.selectors.common import POLISH_COLLATION, by_name, name_in_language
from qualifications.selectors.fees import with_reported_figures
from zrk.params import is_ascii_number

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
]


# --- Organisations ---------------------------------------------------------------------------


def public_rights():
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
        Exists(public_rights().filter(institution=OuterRef("pk")))
        | Exists(PzzjEntry.objects.filter(organisation=OuterRef("pk")))
        | Exists(Qualification.objects.public().filter(applicant=OuterRef("pk")))
    )


def listed_organisations(*, former_institutions: bool = True):
    """Organisations in the institution list and its download: certifying institutions of public
    qualifications and bodies that are or were on the PZZJ list. The list also shows former
    certifying institutions (every right ended), whose pages stay; the download leaves them out
    (``former_institutions=False``): it lists those holding a current (active or suspended) right."""
    rights = public_rights()
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


def text_condition(q: str) -> Q:
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
    text = text_condition(filters.q) if filters.q else Q()
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
        .order_by(by_name(), "pk")
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
    for voivodeship in Voivodeship.objects.order_by(Collate(name_in_language(), POLISH_COLLATION)):
        count = region_counts.get(voivodeship.code, 0)
        selected = voivodeship.code in filters.regions
        if count or selected:
            region_facet.append(
                {"value": voivodeship.code, "label": voivodeship.name, "count": count, "selected": selected}
            )

    return institution_results(filters), {"role": role_facet, "region": region_facet}


def voivodeship_codes() -> set[str]:
    return set(Voivodeship.objects.values_list("code", flat=True))


@dataclass(slots=True)
class NamedRef:
    """A qualification or an organisation as a row of the assignments table shows it."""

    pk: int
    name_pl: str
    name_en: str
    zrk_id: int | None = None
    status: str = ""

    @property
    def slug(self) -> str:
        return make_slug(self.name_pl)


@dataclass(slots=True)
class Assignment:
    """A right for which the organisation is the designated PZZJ, as plain values: a PZZJ body may
    be assigned thousands, and a model instance for each right, qualification and institution
    cost a large part of the page's time and memory."""

    pk: int
    status: str
    decision_date: object
    ended_on: object
    qualification: NamedRef
    institution: NamedRef
    pzzj_valid: bool
    pzzj_valid_until: object
    may_certify: bool = False

    @property
    def institution_id(self) -> int:
        return self.institution.pk

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_RIGHT_STATUSES

    @property
    def pzzj_problem(self) -> str:
        """As ``CertificationRight.pzzj_problem`` (the right always has its PZZJ here)."""
        if self.pzzj_valid:
            return ""
        return "expired" if self.pzzj_valid_until else "not_listed"

    def get_status_display(self) -> str:
        return str(RightStatus(self.status).label)


ASSIGNMENT_COLUMNS = [
    "pk",
    "status",
    "decision_date",
    "ended_on",
    "qualification_id",
    "qualification__zrk_id",
    "qualification__name_pl",
    "qualification__name_en",
    "qualification__status",
    "institution_id",
    "institution__name_pl",
    "institution__name_en",
    "pzzj_valid",
    "pzzj_valid_until",
]


def _assignments(organisation, today) -> list[Assignment]:
    rows = (
        public_rights()
        .filter(pzzj=organisation)
        .with_pzzj_validity(today)
        .order_by(by_name("qualification__"), by_name("institution__"), "pk")
        .values_list(*ASSIGNMENT_COLUMNS)
    )
    assignments = []
    for pk, status, decided, ended, q_pk, zrk_id, q_pl, q_en, q_status, i_pk, i_pl, i_en, valid, until in rows:
        assignments.append(
            Assignment(
                pk=pk,
                status=status,
                decision_date=decided,
                ended_on=ended,
                qualification=NamedRef(q_pk, q_pl, q_en or "", zrk_id, q_status),
                institution=NamedRef(i_pk, i_pl, i_en or ""),
                pzzj_valid=bool(valid),
                pzzj_valid_until=until,
                may_certify=q_status in AWARDABLE_STATUSES and right_certifies(status, decided, ended, today),
            )
        )
    return assignments


def _right_columns() -> list[str]:
    """The columns a listed right is read with: its own, and of its qualification and PZZJ only
    what the tables show (a qualification row has some sixty columns, among them its texts and
    search vectors; reading and building them for every row cost more than the statement)."""
    own = [field.name for field in CertificationRight._meta.concrete_fields]
    shown = ["zrk_id", "name", "name_pl", "name_en", "status", "prk_level"]
    return own + [f"qualification__{name}" for name in shown] + ["pzzj__name", "pzzj__name_pl", "pzzj__name_en"]


def institution_detail(pk: int):
    """One organisation with everything its page shows, in four or five queries (a sixth for an
    organisation with neither rights nor list entries: whether it applied for a public
    qualification); None when it is not public (``public_organisations``).

    Its roles today are read off its rows rather than asked of the database: it is a certifying
    institution when one of its rights may certify (``mark_certifying``, the rule of
    ``_is_current_ic``), a PZZJ when one of its list entries is valid. Building the statement with
    those conditions, and the public ones, as subqueries cost more than the rest of the page's SQL."""
    organisation = Organisation.objects.select_related("voivodeship").filter(pk=pk).first()
    if organisation is None:
        return None
    today = timezone.localdate()
    rights = list(
        with_reported_figures(public_rights().filter(institution=organisation).with_pzzj_validity(today))
        .select_related("qualification", "pzzj")
        .only(*_right_columns())
        .order_by(by_name("qualification__"), "-decision_date", "pk")
    )
    entries = list(
        organisation.pzzj_entries.annotate(
            is_valid=Exists(PzzjEntry.objects.valid_on().filter(pk=OuterRef("pk")))
        ).prefetch_related("ministries")
    )
    if not rights and not entries and not Qualification.objects.public().filter(applicant=organisation).exists():
        return None
    assignments = _assignments(organisation, today)
    for right in rights:
        mark_certifying(right, today)
    organisation.is_ic = any(right.may_certify for right in rights)
    organisation.is_pzzj = any(entry.is_valid for entry in entries)
    current = [right for right in rights if right.is_current or right.may_certify]
    current_ids = {right.pk for right in current}
    return {
        "organisation": organisation,
        "current_rights": sorted(current, key=lambda right: not right.may_certify),
        "certifying_count": len({right.qualification_id for right in current if right.may_certify}),
        "past_rights": [right for right in rights if right.pk not in current_ids],
        "pzzj_entries": entries,
        "assignments": sorted(assignments, key=lambda right: not right.is_current),
    }


def mark_certifying(right, today):
    """Set ``may_certify`` on a right read with its qualification: the rule of ``certifying_on``."""
    right.may_certify = right.qualification.status in AWARDABLE_STATUSES and right.certifies_on(today)
    return right
