"""How well the similarity engine finds what a reader would call related (``manage.py eval_similar``,
``make eval-similar``, and a floor in the tests).

Two sources of truth: the pairs of the demo register listed in eval_pairs.json, and the
near-duplicate pairs that ``generate_data --near-duplicates`` plants (symbols NEAR01A / NEAR01B).
For each record of a pair (the query), the engine ranks the register; its related records are its
partners in all pairs. precision@5 is the share of the first five places that are related, out of
what the query could fill (min(5, related)): a record with one partner scores 1.0 when that
partner is among the five. recall@10 is the share of the related records among the first ten.
Both are averaged over the queries.
"""

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from qualifications.generator import GENERATED_CODE_PREFIX, NEAR_DUPLICATE_MARK
from qualifications.models import Qualification
from qualifications.similarity.engine import ranked

EVAL_PAIRS = Path(__file__).with_name("eval_pairs.json")
PLANTED = re.compile(rf"^{NEAR_DUPLICATE_MARK}(\d+)([AB])$")


@dataclass
class Score:
    source: str
    queries: int = 0
    precision: float = 0.0  # precision@5, averaged
    recall: float = 0.0  # recall@10, averaged
    misses: list[tuple[str, str]] = field(default_factory=list)  # (query, a related record not in the ten)


def demo_pairs(path: Path = EVAL_PAIRS) -> list[tuple[int, int]]:
    """The listed pairs, as pairs of primary keys of the records present and public here."""
    listed = json.loads(path.read_text(encoding="utf-8"))["pairs"]
    ids = dict(Qualification.objects.public().values_list("zrk_id", "pk"))
    return [(ids[a], ids[b]) for a, b, _label in listed if a in ids and b in ids]


def planted_pairs() -> list[tuple[int, int]]:
    sides = defaultdict(dict)
    rows = Qualification.objects.public().filter(
        code__startswith=GENERATED_CODE_PREFIX, symbol__startswith=NEAR_DUPLICATE_MARK
    )
    for pk, symbol in rows.values_list("pk", "symbol"):
        match = PLANTED.match(symbol)
        if match:
            sides[match[1]][match[2]] = pk
    return [(pair["A"], pair["B"]) for pair in sides.values() if len(pair) == 2]


def evaluate(source: str, pairs: list[tuple[int, int]]) -> Score:
    related = defaultdict(set)
    for a, b in pairs:
        related[a].add(b)
        related[b].add(a)
    score = Score(source)
    records = Qualification.objects.in_bulk(list(related))
    for pk, wanted in sorted(related.items()):
        found = [match.entry.pk for match in ranked(records[pk], 10)]
        score.queries += 1
        score.precision += len(wanted & set(found[:5])) / min(5, len(wanted))
        score.recall += len(wanted & set(found)) / len(wanted)
        score.misses += [
            (records[pk].name_pl, records[other].name_pl if other in records else str(other))
            for other in sorted(wanted - set(found))
        ]
    if score.queries:
        score.precision /= score.queries
        score.recall /= score.queries
    return score


def evaluate_all() -> list[Score]:
    demo, planted = demo_pairs(), planted_pairs()
    scores = [evaluate("demo register", demo), evaluate("planted near-duplicates", planted)]
    scores.append(evaluate("all", demo + planted))
    return scores
