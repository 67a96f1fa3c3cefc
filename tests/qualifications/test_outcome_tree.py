"""The qualification page reads its learning outcome sets, outcomes and criteria in one statement,
in their positions, with a set that has no outcomes yet and an outcome without criteria kept."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qualifications.selectors.qualification import outcome_sets
from tests.factories import (
    LearningOutcomeFactory,
    LearningOutcomeSetFactory,
    QualificationFactory,
    VerificationCriterionFactory,
)

pytestmark = pytest.mark.django_db


def test_sets_outcomes_and_criteria_in_position_order_in_one_query(client, roles):
    qualification = QualificationFactory(status="functioning")
    second = LearningOutcomeSetFactory(qualification=qualification, position=2, name_pl="Drugi", name_en="Second")
    first = LearningOutcomeSetFactory(qualification=qualification, position=1, name_pl="Pierwszy", name_en="First")
    LearningOutcomeSetFactory(qualification=qualification, position=3, name_pl="Pusty")
    late = LearningOutcomeFactory(outcome_set=first, position=2, text_pl="Drugi efekt", text_en="Second outcome")
    early = LearningOutcomeFactory(outcome_set=first, position=1, text_pl="Pierwszy efekt", text_en="First outcome")
    LearningOutcomeFactory(outcome_set=second, position=1, text_pl="Bez kryteriów")
    VerificationCriterionFactory(outcome=late, position=2, text_pl="b", text_en="b-en")
    VerificationCriterionFactory(outcome=late, position=1, text_pl="a", text_en="a-en")
    VerificationCriterionFactory(outcome=early, position=1, text_pl="c", text_en="c-en")
    LearningOutcomeSetFactory(position=1)  # another qualification's

    with CaptureQueriesContext(connection) as captured:
        sets = outcome_sets(qualification)
    assert len(captured) == 1
    tree = [(s.name, [(o.text, [c.text for c in o.criteria]) for o in s.outcomes]) for s in sets]
    assert tree == [
        ("Pierwszy", [("Pierwszy efekt", ["c"]), ("Drugi efekt", ["a", "b"])]),
        ("Drugi", [("Bez kryteriów", [])]),
        ("Pusty", []),
    ]

    html = client.get(f"/en/qualifications/{qualification.zrk_id}-{qualification.slug}/").content.decode()
    # The first set is wholly translated and reads in English; the second lacks an English outcome
    # and reads in Polish as a whole.
    assert html.index("First outcome") < html.index("Second outcome") < html.index("Bez kryteriów")
    assert "a-en" in html and "Drugi" in html
