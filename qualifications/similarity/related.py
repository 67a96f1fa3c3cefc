"""The "Related qualifications" block of a public qualification page: the links the register
itself records, then computed ones: the next and the previous PRK level of the same field (the
same ISCED code, or the same competent minister, among similar records), then the most similar
records. Public records only, at most RELATED_LIMIT computed links, cached under the register
version like the page itself."""

from dataclasses import dataclass

from django.core.cache import cache

from qualifications.models import Qualification
from qualifications.models.qualification import make_slug
from qualifications.page_cache import register_version
from qualifications.similarity import engine

RELATED_LIMIT = 5
RELATED_MIN_SCORE = 0.15  # below this a "similar" record shares little more than common words
RELATED_POSTINGS = 300
CACHE_SECONDS = 24 * 3600

LINKED, NEXT_LEVEL, PREVIOUS_LEVEL, SIMILAR = "linked", "next", "previous", "similar"


@dataclass
class RelatedQualification:
    zrk_id: int
    name_pl: str
    name_en: str
    prk_level_id: int | None
    kind: str = LINKED

    @property
    def slug(self) -> str:
        return make_slug(self.name_pl)


def _entry(qualification, kind: str) -> RelatedQualification:
    return RelatedQualification(
        qualification.zrk_id, qualification.name_pl, qualification.name_en or "", qualification.prk_level_id, kind
    )


def same_field(a: Qualification, b: Qualification) -> bool:
    if a.isced_code and b.isced_code:
        return a.isced_code == b.isced_code
    return a.ministry_id is not None and a.ministry_id == b.ministry_id


def computed_related(qualification: Qualification) -> list[RelatedQualification]:
    """The computed links of a public record (not cached)."""
    vector = engine.stored_vector(qualification.pk)
    if not vector:
        return []
    matches = engine.ranked(qualification, 30, vector, postings=RELATED_POSTINGS, by_name=10)
    entries = {match.entry.pk: match.entry for match in matches}
    scores = {match.entry.pk: match.score for match in matches}
    order = list(entries)
    picked: list[RelatedQualification] = []
    used: set[int] = set()
    level = qualification.prk_level_id
    if level:
        for kind, wanted in ((NEXT_LEVEL, level + 1), (PREVIOUS_LEVEL, level - 1)):
            for pk in order:
                entry = entries[pk]
                if (
                    pk not in used
                    and entry.prk_level_id == wanted
                    and scores[pk] >= RELATED_MIN_SCORE / 2
                    and same_field(qualification, entry)
                ):
                    picked.append(_entry(entry, kind))
                    used.add(pk)
                    break
    for pk in order:
        if len(picked) >= RELATED_LIMIT or scores[pk] < RELATED_MIN_SCORE:
            break
        if pk not in used:
            picked.append(_entry(entries[pk], SIMILAR))
            used.add(pk)
    return picked[:RELATED_LIMIT]


def related_for(qualification: Qualification) -> list[RelatedQualification]:
    """The whole block: recorded links first (by name), then computed ones not already there."""
    linked = [
        RelatedQualification(*row)
        for row in qualification.related_qualifications.public()
        .order_by("name_pl")
        .values_list("zrk_id", "name_pl", "name_en", "prk_level_id")
    ]
    key = f"related:{register_version()}:{qualification.pk}"
    computed = cache.get(key)
    if computed is None:
        computed = computed_related(qualification)
        cache.set(key, computed, CACHE_SECONDS)
    seen = {entry.zrk_id for entry in linked}
    return linked + [entry for entry in computed if entry.zrk_id not in seen and entry.zrk_id != qualification.zrk_id]
