"""The "Related qualifications" block of a public qualification page: the links the register
itself records, then computed ones: the next and the previous PRK level of the same field (the
same ISCED code, or the same competent minister, among similar records), then the most similar
records. Public records only, at most RELATED_LIMIT computed links. One query; the page cache
keeps the result under the register version, which a refresh of the index raises."""

from dataclasses import dataclass

from qualifications.models import Qualification
from qualifications.models.qualification import make_slug
from qualifications.similarity import engine, sql
from zrk.compiled import prepared_cursor
from zrk.db_router import read_alias

RELATED_LIMIT = 5
RELATED_MIN_SCORE = 0.15  # below this a "similar" record shares little more than common words
# Kept small for the page's budget (a few milliseconds): the record's 12 heaviest lexemes, the 150
# heaviest postings of each, 15 candidates by content and 5 by name. Measured on 20,000 generated
# records: 25 lexemes x 300 postings cost about twice as much for the same links on the demo.
RELATED_LEXEMES = 12
RELATED_POSTINGS = 150
RELATED_CANDIDATES = 15
RELATED_BY_NAME = 5

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


@dataclass
class Candidate:
    zrk_id: int
    name_pl: str
    name_en: str
    prk_level_id: int | None
    ministry_id: int | None
    isced_code: str
    score: float
    linked: bool


def same_field(a, b) -> bool:
    """The same ISCED field where both have a code, else the same competent minister."""
    if a.isced_code and b.isced_code:
        return a.isced_code == b.isced_code
    return a.ministry_id is not None and a.ministry_id == b.ministry_id


def related_for(qualification: Qualification) -> list[RelatedQualification]:
    """The whole block in one query: the links the register records (by name), then at most
    RELATED_LIMIT computed ones."""
    with prepared_cursor(read_alias(Qualification)) as cursor:
        cursor.execute(
            sql.RELATED,
            {
                "id": qualification.pk,
                "name": (qualification.name_pl or "")[:400],
                "lexemes": RELATED_LEXEMES,
                "postings": RELATED_POSTINGS,
                "candidates": RELATED_CANDIDATES,
                "by_name": RELATED_BY_NAME,
                "limit": RELATED_CANDIDATES,
                "content_share": engine.CONTENT_SHARE,
                "name_share": engine.NAME_SHARE,
            },
        )
        rows = [Candidate(*row) for row in cursor.fetchall()]
    linked = [_entry(row, LINKED) for row in rows if row.linked]
    candidates = [row for row in rows if not row.linked]
    picked: list[RelatedQualification] = []
    used: set[int] = set()
    level = qualification.prk_level_id
    if level:
        for kind, wanted in ((NEXT_LEVEL, level + 1), (PREVIOUS_LEVEL, level - 1)):
            for candidate in candidates:
                if (
                    candidate.zrk_id not in used
                    and candidate.prk_level_id == wanted
                    and candidate.score >= RELATED_MIN_SCORE / 2
                    and same_field(qualification, candidate)
                ):
                    picked.append(_entry(candidate, kind))
                    used.add(candidate.zrk_id)
                    break
    for candidate in candidates:
        if len(picked) >= RELATED_LIMIT or candidate.score < RELATED_MIN_SCORE:
            break
        if candidate.zrk_id not in used:
            picked.append(_entry(candidate, SIMILAR))
            used.add(candidate.zrk_id)
    return linked + picked


def _entry(candidate: Candidate, kind: str) -> RelatedQualification:
    return RelatedQualification(
        candidate.zrk_id, candidate.name_pl, candidate.name_en or "", candidate.prk_level_id, kind
    )
