"""The task list and Submit read one rule: every element the register requires of an application is
given in exactly one section, and a draft may be submitted exactly when every section is complete."""

import pytest

from applications.models import pzzj as pzzj_models
from applications.models import rights as rights_models
from applications.portal.draft_forms import APPLICABLE_CATEGORIES
from applications.portal.rules import editable_by_applicant, submit_refusal
from applications.portal.sections import SECTIONS, section_states
from qualifications.completeness import DESCRIPTION, requirements
from tests.portal import drafts_helpers as helpers
from tests.portal.drafts_helpers import (
    complete_inclusion,
    complete_pzzj,
    complete_rights,
    inclusion_draft,
    pzzj_draft,
    rights_draft,
)

organisation, ministry, media, in_register = (
    helpers.organisation,
    helpers.ministry,
    helpers.media,
    helpers.in_register,
)


def claimed(kind):
    codes = [code for section in SECTIONS[kind] for code in section.codes]
    assert len(codes) == len(set(codes)), f"{kind}: an element in two sections"
    return set(codes)


def test_every_required_element_has_its_section():
    for category in APPLICABLE_CATEGORIES:
        required = {element.code for element in requirements(category, (DESCRIPTION,))}
        assert required <= claimed("inclusion"), category
    assert {"ministry", "fee_reference", "fee_paid_on", "fee_proof"} <= claimed("inclusion")
    assert {r.code for r in rights_models.SUBMIT_REQUIREMENTS} <= claimed("rights")
    assert {r.code for r in pzzj_models.SUBMIT_REQUIREMENTS} <= claimed("pzzj")
    for kind in ("rights", "pzzj"):
        requirements_of = rights_models if kind == "rights" else pzzj_models
        slugs = {section.slug for section in SECTIONS[kind]}
        assert {r.section for r in requirements_of.SUBMIT_REQUIREMENTS} <= slugs


@pytest.mark.django_db
def test_submit_is_allowed_exactly_when_every_section_is_complete(organisation, ministry, in_register, media):
    cases = [
        (inclusion_draft(organisation), lambda a: complete_inclusion(a, ministry)),
        (rights_draft(organisation, in_register), complete_rights),
        (pzzj_draft(organisation), lambda a: complete_pzzj(a, ministry)),
    ]
    for application, complete in cases:
        assert not all(state.complete for state in section_states(application))
        assert submit_refusal(application)
        complete(application)
        application = type(application).objects.get(pk=application.pk)
        assert all(state.complete for state in section_states(application))
        assert submit_refusal(application) is None
        assert editable_by_applicant(application)
