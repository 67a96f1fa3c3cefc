"""Read side of the qualification page: the record with everything the page shows, in a fixed
number of queries whatever the number of outcomes or institutions."""

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.http import Http404, QueryDict
from django.utils import timezone

from qualifications.filters import QualificationFilter
from qualifications.models import (
    AWARDABLE_STATUSES,
    CURRENT_RIGHT_STATUSES,
    CertificationRight,
    LearningOutcomeSet,
    Qualification,
    RightStatus,
)
from qualifications.models.rights import right_certifies
from qualifications.selectors.fees import FeeFigures, ReportedFee, fee_figures, fees_and_totals
from qualifications.similarity.related import RelatedQualification, related_for
from zrk.compiled import CompiledQuery
from zrk.i18n import is_english

NOT_SHOWN = ["search_vector", "name_vector", "search_names", "active_regions", "active_institutions"]


@dataclass
class Criterion:
    text_pl: str
    text_en: str
    text: str  # in the language the set is shown in


@dataclass
class Outcome:
    text_pl: str
    text_en: str
    text: str
    criteria: list[Criterion] = field(default_factory=list)


@dataclass
class OutcomeSet:
    """A set of learning outcomes as the page shows it. Plain values rather than model instances:
    a qualification has tens of outcomes and criteria, and the page only reads their text."""

    name_pl: str
    name_en: str
    name: str
    workload_hours: int | None
    lang: str  # "pl" when any part lacks English: the set then reads in Polish as a whole
    outcomes: list[Outcome] = field(default_factory=list)


@dataclass(frozen=True)
class Region:
    code: str
    name: str


@dataclass
class OrganisationRef:
    pk: int
    name_pl: str
    name_en: str
    city: str = ""
    voivodeship: Region | None = None


@dataclass
class Right:
    """A certification right as the page shows it (plain values: a qualification may have many)."""

    pk: int
    status: str
    decision_date: object
    ended_on: object
    institution: OrganisationRef
    pzzj: OrganisationRef | None
    fee: ReportedFee | None = None  # the institution's latest reported average fee
    since: object = None  # the day the status took effect (the event that caused it)
    may_certify: bool = False  # the one rule, for today
    pzzj_valid: bool = True  # the PZZJ has a list entry valid today for the qualification's group
    pzzj_valid_until: object = None  # the end of its latest entry for that group

    @property
    def pzzj_problem(self) -> str:
        if self.pzzj is None or self.pzzj_valid:
            return ""
        return "expired" if self.pzzj_valid_until else "not_listed"

    @property
    def institution_id(self) -> int:
        return self.institution.pk

    @property
    def pzzj_id(self) -> int | None:
        return self.pzzj.pk if self.pzzj else None

    def get_status_display(self) -> str:
        return str(RightStatus(self.status).label)


@dataclass
class QualificationPage:
    qualification: Qualification
    outcome_sets: list[OutcomeSet]
    current_rights: list[Right]
    past_rights: list[Right]
    regions: list[Region]  # the regions of current institutions, for the region filter
    region: Region | None
    related: list[RelatedQualification]
    last_updated: object
    figures: FeeFigures

    @property
    def certifying_count(self) -> int:
        """Institutions that may award the qualification today."""
        return len({right.institution_id for right in self.current_rights if right.may_certify})

    @property
    def shown_rights(self) -> list[Right]:
        if self.region is None:
            return self.current_rights
        return [right for right in self.current_rights if right.institution.voivodeship == self.region]

    @property
    def outcome_count(self) -> int:
        return sum(len(outcome_set.outcomes) for outcome_set in self.outcome_sets)


def _public_record(zrk_id):
    latest = Qualification.history.filter(id=OuterRef("pk")).order_by("-history_date").values("history_date")[:1]
    return (
        Qualification.objects.public()
        .select_related("prk_level", "ministry", "sector_framework")
        .annotate(last_history=Subquery(latest))
        .defer(*NOT_SHOWN)
        .filter(zrk_id=zrk_id)
    )


# The page's statements are the same for every record but for the values: compiled once per process.
_PUBLIC_RECORD = CompiledQuery(Qualification, _public_record, zrk_id=int)


def public_qualification(zrk_id: int) -> Qualification:
    """The public record with what its pages show beside it; ``last_history`` is the time of its
    latest historical version (the page's "last updated"), read in the same statement."""
    qualification = _PUBLIC_RECORD.first(zrk_id=zrk_id)
    if qualification is None:
        raise Http404("No public qualification has this number.")
    return qualification


RIGHT_COLUMNS = [
    "pk",
    "status",
    "decision_date",
    "ended_on",
    "institution_id",
    "institution__name_pl",
    "institution__name_en",
    "institution__city",
    "institution__voivodeship__code",
    "institution__voivodeship__name_pl",
    "institution__voivodeship__name_en",
    "pzzj_id",
    "pzzj__name_pl",
    "pzzj__name_en",
    "status_since",
    "pzzj_valid",
    "pzzj_valid_until",
]


def _rights_of(qualification_id, day):
    return (
        CertificationRight.objects.filter(qualification_id=qualification_id)
        .with_pzzj_validity(day)
        .order_by("institution__name_pl", "-decision_date")
        .values_list(*RIGHT_COLUMNS)
    )


_RIGHTS = CompiledQuery(CertificationRight, _rights_of, qualification_id=int, day=datetime.date)


def _rights(qualification: Qualification, fees: dict[int, ReportedFee]) -> list[Right]:
    english = is_english()
    today = timezone.localdate()
    awardable = qualification.status in AWARDABLE_STATUSES
    rights = []
    for row in _RIGHTS.rows(qualification_id=qualification.pk, day=today):
        pk, status, decided, ended, org, org_pl, org_en, city, code, region_pl, region_en, pzzj, pzzj_pl, pzzj_en = row[
            :14
        ]
        since, pzzj_valid, pzzj_valid_until = row[14:]
        region = Region(code, (region_en if english and region_en else region_pl)) if code else None
        rights.append(
            Right(
                pk=pk,
                status=status,
                decision_date=decided,
                ended_on=ended,
                institution=OrganisationRef(org, org_pl, org_en or "", city, region),
                pzzj=OrganisationRef(pzzj, pzzj_pl, pzzj_en or "") if pzzj else None,
                fee=fees.get(pk),
                since=since or decided,
                may_certify=awardable and right_certifies(status, decided, ended, today),
                pzzj_valid=bool(pzzj_valid),
                pzzj_valid_until=pzzj_valid_until,
            )
        )
    return rights


def _outcomes_of(qualification_id):
    return (
        LearningOutcomeSet.objects.filter(qualification_id=qualification_id)
        .order_by(
            "position",
            "pk",
            "outcomes__position",
            "outcomes__pk",
            "outcomes__criteria__position",
            "outcomes__criteria__pk",
        )
        .values_list(
            "pk",
            "name_pl",
            "name_en",
            "workload_hours",
            "outcomes__pk",
            "outcomes__text_pl",
            "outcomes__text_en",
            "outcomes__criteria__pk",
            "outcomes__criteria__text_pl",
            "outcomes__criteria__text_en",
        )
    )


_OUTCOMES = CompiledQuery(LearningOutcomeSet, _outcomes_of, qualification_id=int)


def outcome_sets(qualification: Qualification) -> list[OutcomeSet]:
    """The sets, their outcomes and criteria in order, in one query: each row a criterion with its
    outcome and set (outer joins, so an outcome without criteria and a set without outcomes come as
    one row with the missing parts NULL)."""
    rows = _OUTCOMES.rows(qualification_id=qualification.pk)
    sets: dict[int, tuple] = {}  # in order: set id -> (name_pl, name_en, workload)
    by_set: dict[int, dict[int, tuple]] = {}  # set id -> outcome id -> (text_pl, text_en)
    by_outcome: dict[int, list[tuple[str, str]]] = {}
    for set_id, name_pl, name_en, workload, outcome_id, text_pl, text_en, criterion_id, pl, en in rows:
        sets.setdefault(set_id, (name_pl, name_en, workload))
        outcomes = by_set.setdefault(set_id, {})
        if outcome_id is None:
            continue
        outcomes.setdefault(outcome_id, (text_pl, text_en or ""))
        criteria = by_outcome.setdefault(outcome_id, [])
        if criterion_id is not None:
            criteria.append((pl, en or ""))
    english = is_english()
    result = []
    for set_id, (name_pl, name_en, workload) in sets.items():
        outcomes = by_set[set_id]
        texts = [name_en, *(text_en for _pl, text_en in outcomes.values())]
        texts += [en for outcome_id in outcomes for _pl, en in by_outcome[outcome_id]]
        # Shown in English only when all of it is translated; otherwise it reads in Polish as a
        # whole, marked lang="pl", rather than switching language line by line.
        lang = "en" if english and all(texts) else "pl"

        def pick(pl: str, en: str | None, lang=lang) -> str:
            return en if lang == "en" and en else pl

        result.append(
            OutcomeSet(
                name_pl=name_pl,
                name_en=name_en or "",
                name=pick(name_pl, name_en),
                workload_hours=workload,
                lang=lang,
                outcomes=[
                    Outcome(
                        text_pl=text_pl,
                        text_en=text_en,
                        text=pick(text_pl, text_en),
                        criteria=[Criterion(pl, en, pick(pl, en)) for pl, en in by_outcome[outcome_id]],
                    )
                    for outcome_id, (text_pl, text_en) in outcomes.items()
                ],
            )
        )
    return result


# The Polish alphabet's letters with diacritics, each sorted just after its base letter.
_POLISH_ORDER = str.maketrans(
    {"ą": "a~", "ć": "c~", "ę": "e~", "ł": "l~", "ń": "n~", "ó": "o~", "ś": "s~", "ź": "z~", "ż": "z~~"}
)


def _collation_key(name: str) -> str:
    return name.lower().translate(_POLISH_ORDER)


def qualification_page(qualification: Qualification, region_code: str | None) -> QualificationPage:
    fees, totals = fees_and_totals(qualification.pk)
    rights = _rights(qualification, fees)
    current = [right for right in rights if right.status in CURRENT_RIGHT_STATUSES or right.may_certify]
    past = [right for right in rights if right not in current]
    regions = sorted(
        {right.institution.voivodeship for right in current if right.institution.voivodeship},
        # By name as the page shows it (Polish and English names differ in order: "Śląskie" after "Podlaskie").
        key=lambda voivodeship: _collation_key(voivodeship.name),
    )
    region = next((v for v in regions if v.code == region_code), None)
    related = related_for(qualification)
    if hasattr(qualification, "last_history"):
        history = qualification.last_history
    else:
        history = qualification.history.order_by("-history_date").values_list("history_date", flat=True).first()
    return QualificationPage(
        qualification=qualification,
        outcome_sets=outcome_sets(qualification),
        current_rights=sorted(current, key=lambda right: not right.may_certify),
        past_rights=past,
        regions=regions,
        region=region,
        related=related,
        last_updated=history or qualification.updated_at,
        figures=fee_figures(qualification.pk, fees, [right.pk for right in current if right.may_certify], totals),
    )


def back_to_results(raw: str) -> str:
    """The search query string a visitor came from, rebuilt from known parameters only, so the
    back link can never point anywhere but the search page."""
    if not raw or len(raw) > 2000:
        return ""
    params = QueryDict(raw)
    known = QueryDict(mutable=True)
    for name in (*QualificationFilter.base_filters, "page"):
        values = [value[:200] for value in params.getlist(name)[:20]]
        if values:
            known.setlist(name, values)
    return known.urlencode()
