"""The completeness rules: what a description lacks depends on the category, and the answer is one
list of (code, translated label) that every page renders."""

import pytest
from django.utils import translation

from qualifications import completeness
from qualifications.completeness import DESCRIPTION, description_gaps, missing_elements, requirements
from qualifications.models import Category, Qualification
from tests.factories import (
    LearningOutcomeFactory,
    LearningOutcomeSetFactory,
    QualificationFactory,
    complete_description,
)

pytestmark = pytest.mark.django_db

ART_15 = [
    "name", "characteristic", "prk_level", "target_groups", "workload", "document_name", "validity",
    "entry_conditions", "validation_requirements", "demand", "outcome_sets", "outcomes", "criteria",
    "isced_code", "pkd_code",
]  # fmt: skip


def codes(missing):
    return [m.code for m in missing]


def name_only(category=Category.FREE_MARKET, **fields):
    return QualificationFactory(
        category=category, status="draft", prk_level=None, name_en="", characteristic_pl="", **fields
    )


def test_every_category_has_rules_and_every_rule_names_a_known_element():
    assert set(completeness.RULES) == set(Category.values)
    for codes_ in completeness.RULES.values():
        assert set(codes_) <= set(completeness.ELEMENTS)


@pytest.mark.parametrize("category", [Category.FREE_MARKET, Category.MARKET, Category.CRAFT, Category.SECTORAL])
def test_a_name_alone_lacks_every_other_element_of_an_art_15_description(category):
    draft = name_only(category)
    # Without any set, no set lacks outcomes and no outcome lacks criteria: only the sets are asked for.
    assert codes(description_gaps(draft)) == [c for c in ART_15 if c not in ("name", "outcomes", "criteria")]


def test_a_complete_description_lacks_nothing_and_the_answer_takes_one_query(django_assert_num_queries):
    draft = complete_description(name_only())
    with django_assert_num_queries(1):
        assert description_gaps(draft) == []


def test_english_and_the_notice_are_not_part_of_the_description_but_of_the_register_record():
    draft = complete_description(name_only())  # competent minister set, no applicant
    assert codes(missing_elements(draft)) == [
        "applicant", "included_on", "mp_reference", "mp_date", "name_en", "characteristic_en",
    ]  # fmt: skip


def test_whitespace_is_no_text():
    draft = complete_description(name_only())
    Qualification.objects.filter(pk=draft.pk).update(characteristic_pl="  \n ", target_groups_pl=None)
    assert codes(description_gaps(draft)) == ["characteristic", "target_groups"]


def test_every_set_needs_outcomes_and_every_outcome_needs_criteria():
    draft = complete_description(name_only())
    LearningOutcomeSetFactory(qualification=draft)  # an empty second set
    assert codes(description_gaps(draft)) == ["outcomes"]
    LearningOutcomeFactory(outcome_set=draft.outcome_sets.last())  # an outcome without criteria
    assert codes(description_gaps(draft)) == ["criteria"]


def test_a_validity_is_months_or_indefinite():
    draft = complete_description(name_only())
    Qualification.objects.filter(pk=draft.pk).update(validity_indefinite=False, validity_months=None)
    assert codes(description_gaps(draft)) == ["validity"]
    Qualification.objects.filter(pk=draft.pk).update(validity_months=60)
    assert description_gaps(draft) == []


def test_vocational_records_need_no_notice_and_no_art_15_elements():
    record = QualificationFactory(
        category=Category.VOCATIONAL, symbol="", vocational_branch="FRK", name_en="Hairdressing",
        characteristic_en="The holder cuts hair.", ministry=None,
    )  # fmt: skip
    lacking = codes(missing_elements(record))
    assert lacking == ["symbol", "outcome_sets"]
    assert not {"mp_reference", "mp_date", "ministry", "included_on", "workload", "demand"} & set(lacking)


def test_postgraduate_records_follow_their_regulation():
    required = {e.code for e in requirements(Category.POSTGRADUATE)}
    assert {"isced_code", "typical_uses", "university", "included_on", "entry_conditions"} <= required
    assert not {"mp_reference", "pkd_code", "workload", "criteria"} & required


def test_higher_education_diplomas_need_their_pol_on_number_and_no_description():
    required = [e.code for e in requirements(Category.HIGHER_EDUCATION)]
    assert required == ["name", "prk_level", "polon_id", "name_en"]


def test_labels_are_translated_and_the_codes_stay():
    draft = name_only()
    with translation.override("pl"):
        polish = [str(m) for m in description_gaps(draft)]
    with translation.override("en"):
        english = [str(m) for m in description_gaps(draft)]
    assert "short characteristic" in english and "krótka charakterystyka kwalifikacji" in polish
    assert completeness.as_text(description_gaps(draft)).count("; ") == len(ART_15) - 4


def test_only_description_elements_in_the_description_stage():
    assert {e.stage for e in requirements(Category.FREE_MARKET, (DESCRIPTION,))} == {DESCRIPTION}
