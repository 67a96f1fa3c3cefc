"""Queries over the similarity index: the register entries nearest to a record (a draft or a
public one), why they are near, and which of their learning outcomes overlap with the record's.

Score of an entry = CONTENT_SHARE x cosine of the tf-idf vectors (qualifications/similarity/sql.py)
+ NAME_SHARE x trigram similarity of the Polish names. The shares were chosen on the evaluation
pairs (``manage.py eval_similar``, demo register among 20,000 generated records): content alone
gave precision@5 0.853 / recall@10 0.891 on the demo pairs, 0.9/0.1 gave 0.891 / 0.910, 0.8/0.2
0.859 / 0.878, 0.7/0.3 0.750 / 0.769. Content finds the family ("Obsługa procesów księgowych" and
"Zarządzanie procesami księgowymi" share their vocabulary), the name breaks ties between close
records.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection

from qualifications.models import LearningOutcome, Qualification
from qualifications.similarity import sql
from qualifications.similarity.index import documents

CONTENT_SHARE = 0.9
NAME_SHARE = 0.1
QUERY_LEXEMES = 40  # the query's heaviest lexemes looked up in the inverted index
POSTINGS = 2_000  # postings read per lexeme, heaviest first
CANDIDATES = 50
DUPLICATE_NAME_THRESHOLD = 0.8  # trigram similarity of two names that are, for a reader, the same
CLOSE_OUTCOME = 0.3  # cosine of two outcomes that share their key words (tuned on the demo register)
SHOWN_OUTCOME = 0.1  # below this an outcome is not near at all
SHOWN_WORDS = 5


@dataclass
class Match:
    entry: Qualification
    score: float
    content: float
    name: float
    shared_words: list[str] = field(default_factory=list)
    shared_outcomes: int = 0  # the record's outcomes with a close counterpart in this entry
    best_pair: tuple[str, str] | None = None  # (the record's outcome, the entry's outcome)

    @property
    def percent(self) -> int:
        return round(100 * self.score)

    @property
    def name_percent(self) -> int:
        return round(100 * self.name)


@dataclass
class NearOutcome:
    score: float
    text: str
    entry: Qualification

    @property
    def percent(self) -> int:
        return round(100 * self.score)


@dataclass
class OutcomeOverlap:
    text: str
    nearest: list[NearOutcome]


ENTRY_FIELDS = ("id", "zrk_id", "name_pl", "name_en", "name", "status", "prk_level_id", "ministry_id", "isced_code")


def query_vector(qualification_id: int) -> list[tuple[str, float]]:
    """The record's normalised tf-idf vector, computed afresh from its text (heaviest first)."""
    with connection.cursor() as cursor:
        cursor.execute(sql.QUERY_VECTOR, {"id": qualification_id, "documents": documents()})
        return [(lexeme, weight) for lexeme, weight in cursor.fetchall() if weight]


def stored_vector(qualification_id: int, limit: int | None = None) -> list[tuple[str, float]]:
    with connection.cursor() as cursor:
        cursor.execute(sql.STORED_VECTOR, {"id": qualification_id, "limit": limit})
        return cursor.fetchall()


def nearest(vector, exclude: int, limit: int = CANDIDATES, postings: int = POSTINGS) -> dict[int, float]:
    """Indexed records by cosine with ``vector`` (its heaviest lexemes), best first."""
    vector = vector[:QUERY_LEXEMES]
    if not vector:
        return {}
    lexemes, weights = zip(*vector, strict=True)
    with connection.cursor() as cursor:
        cursor.execute(
            sql.NEAREST,
            {
                "lexemes": list(lexemes),
                "weights": list(weights),
                "exclude": exclude,
                "limit": limit,
                "postings": postings,
            },
        )
        return dict(cursor.fetchall())


def similar_names(name: str, exclude: int, limit: int = 20) -> dict[int, float]:
    if not name.strip():
        return {}
    with connection.cursor() as cursor:
        cursor.execute(sql.SIMILAR_NAMES, {"name": name[:400], "exclude": exclude, "limit": limit})
        return dict(cursor.fetchall())


def _name_scores(name: str, ids) -> dict[int, float]:
    if not ids or not name.strip():
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, similarity(lower(name_pl), lower(%s)) FROM qualifications_qualification WHERE id = ANY(%s)",
            [name[:400], list(ids)],
        )
        return dict(cursor.fetchall())


def cosines(vector, ids) -> dict[int, float]:
    """The exact cosine of the whole ``vector`` with each of the records ``ids``."""
    if not vector or not ids:
        return {}
    lexemes, weights = zip(*vector, strict=True)
    with connection.cursor() as cursor:
        cursor.execute(sql.COSINES, {"lexemes": list(lexemes), "weights": list(weights), "ids": list(ids)})
        return dict(cursor.fetchall())


def ranked(
    qualification: Qualification, limit: int = 10, vector=None, postings: int = POSTINGS, by_name: int = 20
) -> list[Match]:
    """The public register entries most like ``qualification``, best first. Candidates come from
    the inverted index (content) and the name index; each is then scored exactly."""
    vector = query_vector(qualification.pk) if vector is None else vector
    name = qualification.name_pl or ""
    candidates = set(nearest(vector, exclude=qualification.pk, postings=postings))
    candidates |= set(similar_names(name, qualification.pk, by_name))
    content = cosines(vector, candidates)
    names = _name_scores(name, candidates)
    scores = {pk: CONTENT_SHARE * content.get(pk, 0.0) + NAME_SHARE * names.get(pk, 0.0) for pk in candidates}
    best = sorted(scores, key=lambda pk: (-scores[pk], pk))[:limit]
    entries = Qualification.objects.public().only(*ENTRY_FIELDS).in_bulk(best)
    return [Match(entries[pk], scores[pk], content.get(pk, 0.0), names.get(pk, 0.0)) for pk in best if pk in entries]


def similar_entries(qualification: Qualification, limit: int = 10) -> list[Match]:
    """``ranked`` with the reasons: the words the record shares with each entry (the heaviest in
    both) and how many of the record's learning outcomes have a close counterpart there."""
    vector = query_vector(qualification.pk)
    matches = ranked(qualification, limit, vector)
    if not matches:
        return matches
    weights = dict(vector)
    with connection.cursor() as cursor:
        cursor.execute(sql.POLISH_WORDS, {"id": qualification.pk})
        polish = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT qualification_id, lexeme, weight FROM qualifications_qualificationterm"
            " WHERE qualification_id = ANY(%s) AND lexeme = ANY(%s)",
            [[m.entry.pk for m in matches], sorted(polish & set(weights))],
        )
        shared = defaultdict(list)
        for pk, lexeme, weight in cursor.fetchall():
            shared[pk].append((weights[lexeme] * weight, lexeme))
    own = _outcomes([qualification.pk])
    theirs = _outcomes([m.entry.pk for m in matches])
    for match in matches:
        match.shared_words = _distinct_words(lexeme for _w, lexeme in sorted(shared[match.entry.pk], reverse=True))
        candidates = theirs.get(match.entry.pk, [])
        best_score = 0.0
        for text, outcome_vector in own.get(qualification.pk, []):
            score, counterpart = max(
                ((_cosine(outcome_vector, other), other_text) for other_text, other in candidates),
                default=(0.0, ""),
            )
            if score >= CLOSE_OUTCOME:
                match.shared_outcomes += 1
            if score > best_score:
                best_score, match.best_pair = score, (text, counterpart)
    return matches


def overlap_report(qualification: Qualification, per_outcome: int = 3, entries: int = 30) -> list[OutcomeOverlap]:
    """Each learning outcome of ``qualification`` with the nearest outcomes of the register. The
    outcomes compared are those of the ``entries`` most similar records: an outcome can only be
    near one of a record that is near as a whole, and this keeps the report to a few hundred
    comparisons at any size of register."""
    candidates = ranked(qualification, entries)
    by_pk = {match.entry.pk: match.entry for match in candidates}
    own = _outcomes([qualification.pk]).get(qualification.pk, [])
    theirs = _outcomes(list(by_pk))
    report = []
    for text, vector in own:
        near = [
            NearOutcome(_cosine(vector, other), other_text, by_pk[pk])
            for pk, outcomes in theirs.items()
            for other_text, other in outcomes
        ]
        near = sorted((n for n in near if n.score >= SHOWN_OUTCOME), key=lambda n: -n.score)[:per_outcome]
        report.append(OutcomeOverlap(text, near))
    return report


def duplicate_names(qualification: Qualification, threshold: float = DUPLICATE_NAME_THRESHOLD) -> list[Match]:
    """Register entries whose Polish name is, but for a letter or an ending, the record's own."""
    names = {
        pk: score
        for pk, score in similar_names(qualification.name_pl or "", qualification.pk).items()
        if score >= threshold
    }
    entries = Qualification.objects.public().only(*ENTRY_FIELDS).in_bulk(list(names))
    return [
        Match(entries[pk], names[pk], 0.0, names[pk])
        for pk in sorted(names, key=lambda pk: -names[pk])
        if pk in entries
    ]


def _outcomes(qualification_ids: list[int]) -> dict[int, list[tuple[str, dict[str, float]]]]:
    """The learning outcomes of some records, each as (text, normalised tf-idf vector), in order."""
    if not qualification_ids:
        return {}
    rows = list(
        LearningOutcome.objects.filter(outcome_set__qualification_id__in=qualification_ids)
        .order_by("outcome_set__qualification_id", "outcome_set__position", "position", "pk")
        .values_list("pk", "outcome_set__qualification_id", "text_pl")
    )
    counts = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql.OUTCOME_TERMS, {"ids": qualification_ids})
        for outcome_id, lexeme, frequency in cursor.fetchall():
            counts[outcome_id][lexeme] = frequency
        lexemes = sorted({lexeme for terms in counts.values() for lexeme in terms})
        cursor.execute("SELECT lexeme, documents FROM qualifications_similarityterm WHERE lexeme = ANY(%s)", [lexemes])
        frequencies = dict(cursor.fetchall())
    total = documents()
    result = defaultdict(list)
    for outcome_id, qualification_id, text in rows:
        vector = {
            lexeme: math.log(1 + count) * math.log((total + 1) / max(frequencies.get(lexeme, 0), 1))
            for lexeme, count in counts.get(outcome_id, {}).items()
        }
        norm = math.sqrt(sum(w * w for w in vector.values()))
        result[qualification_id].append((text or "", {k: w / norm for k, w in vector.items()} if norm else {}))
    return result


def _distinct_words(words) -> list[str]:
    """The first SHOWN_WORDS words, leaving out a second lemma of the same word (the dictionary
    offers "księgowy" and "księgowa" for "księgowych")."""
    shown: list[str] = []
    for word in words:
        if not any(word[:5] == other[:5] for other in shown):
            shown.append(word)
        if len(shown) == SHOWN_WORDS:
            break
    return shown


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(lexeme, 0.0) for lexeme, weight in a.items())


__all__ = ["Match", "NearOutcome", "OutcomeOverlap", "duplicate_names", "overlap_report", "ranked", "similar_entries"]
