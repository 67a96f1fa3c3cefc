"""Read side of the qualification page: the record with everything the page shows, in a fixed
number of queries whatever the number of outcomes or institutions."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from institutions.models import Voivodeship
from qualifications.filters import QualificationFilter
from qualifications.models import (
    CURRENT_RIGHT_STATUSES,
    CertificationRight,
    LearningOutcome,
    LearningOutcomeSet,
    Qualification,
    RightStatus,
)

NOT_SHOWN = ["search_vector", "search_names"]


@dataclass
class QualificationPage:
    qualification: Qualification
    outcome_sets: list[LearningOutcomeSet]
    current_rights: list[CertificationRight]
    past_rights: list[CertificationRight]
    regions: list[Voivodeship]  # the regions of current institutions, for the region filter
    region: Voivodeship | None
    related: list[Qualification]
    last_updated: object

    @property
    def shown_rights(self) -> list[CertificationRight]:
        if self.region is None:
            return self.current_rights
        return [right for right in self.current_rights if right.institution.voivodeship_id == self.region.code]

    @property
    def outcome_count(self) -> int:
        return sum(len(outcome_set.outcomes.all()) for outcome_set in self.outcome_sets)


def public_qualification(zrk_id: int) -> Qualification:
    queryset = Qualification.objects.public().select_related("prk_level", "ministry", "sector_framework")
    return get_object_or_404(queryset.defer(*NOT_SHOWN), zrk_id=zrk_id)


def _rights(qualification: Qualification) -> QuerySet:
    return (
        qualification.certification_rights.select_related("institution__voivodeship", "pzzj")
        .order_by("institution__name_pl", "-decision_date")
    )


def qualification_page(qualification: Qualification, region_code: str | None) -> QualificationPage:
    sets = list(
        qualification.outcome_sets.order_by("position", "pk").prefetch_related(
            Prefetch(
                "outcomes",
                queryset=LearningOutcome.objects.order_by("position", "pk").prefetch_related("criteria"),
            )
        )
    )
    english = (get_language() or "pl")[:2] == "en"
    for outcome_set in sets:
        # A set shown in English only when all of it is translated; otherwise it reads in Polish
        # as a whole, marked lang="pl", rather than switching language line by line.
        texts = [outcome_set.name_en] + [o.text_en for o in outcome_set.outcomes.all()]
        texts += [c.text_en for o in outcome_set.outcomes.all() for c in o.criteria.all()]
        outcome_set.lang = "en" if not english or all(texts) else "pl"

    rights = list(_rights(qualification))
    current = [right for right in rights if right.status in CURRENT_RIGHT_STATUSES]
    past = [right for right in rights if right.status not in CURRENT_RIGHT_STATUSES]
    regions = sorted(
        {right.institution.voivodeship for right in current if right.institution.voivodeship},
        key=lambda voivodeship: voivodeship.code,
    )
    region = next((v for v in regions if v.code == region_code), None)
    related = list(
        qualification.related_qualifications.public().select_related("prk_level").defer(*NOT_SHOWN).order_by("name_pl")
    )
    history = qualification.history.order_by("-history_date").values_list("history_date", flat=True).first()
    return QualificationPage(
        qualification=qualification,
        outcome_sets=sets,
        current_rights=sorted(current, key=lambda right: right.status != RightStatus.ACTIVE),
        past_rights=past,
        regions=regions,
        region=region,
        related=related,
        last_updated=history or qualification.updated_at,
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
