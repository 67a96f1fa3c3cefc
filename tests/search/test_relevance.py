"""The relevance set (qualifications/search/relevance.py) over the demo register: its metrics stay
above the floor, and `manage.py eval_search` (make relevance) prints them."""

from io import StringIO

import pytest
from django.core.management import call_command

from qualifications.search.relevance import JUDGED

pytestmark = pytest.mark.django_db

# Raise these when the search gets better; never lower them. Measured when they were set: all
# 0.983 hit@3, 0.971 nDCG@10; held out 0.971 hit@3, 0.956 nDCG@10 (the search before this set was
# written: all 0.749 / 0.719, held out 0.600 / 0.574).
FLOOR_HIT_AT_3 = 0.98
FLOOR_NDCG = 0.96
FLOOR_HELD_OUT_HIT_AT_3 = 0.94


def test_the_set_is_large_and_varied_enough():
    assert len(JUDGED) >= 80
    kinds = {judged.kind for judged in JUDGED}
    assert {"word", "phrase", "typo", "code", "level", "category", "synonym", "family", "english"} <= kinds
    assert {judged.language for judged in JUDGED} == {"pl", "en"}


def test_relevance_stays_above_its_floor_and_the_command_prints_it(demo_register):
    # One evaluation for both (each runs every judged query): the command's table, then the floor.
    out = StringIO()
    call_command("eval_search", "--misses", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["queries", "n", "hit@1", "hit@3", "hit@10", "nDCG@10"]
    table = {line.split()[0]: line.split()[1:] for line in lines[1:] if not line.startswith(" ")}
    assert table["all"][0] == str(len(JUDGED))
    assert {"typo", "english", "held-out"} <= set(table)
    hit_at_3, ndcg = float(table["all"][2]), float(table["all"][4])
    misses = [line.strip() for line in lines if line.startswith(" ")]
    assert hit_at_3 >= FLOOR_HIT_AT_3, misses
    assert ndcg >= FLOOR_NDCG, misses
    assert float(table["held-out"][2]) >= FLOOR_HELD_OUT_HIT_AT_3, misses
