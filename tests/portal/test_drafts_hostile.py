"""Hostile input on every draft form of the portal (start a draft, each section of each kind, the
learning-outcome editor, Submit, discard), sent as raw url-encoded bodies: never a server error,
never a raw marker on the page that comes back, and nothing stored from a refused request."""

import pytest
from django.db import transaction
from django.forms.models import model_to_dict
from django.urls import reverse
from hypothesis import given, note
from hypothesis import strategies as st

from applications.models import ApplicantFile, CertificationRightsApplication, InclusionApplication, PzzjApplication
from applications.portal.sections import sections_of
from qualifications.models import LearningOutcome, LearningOutcomeSet, Qualification
from tests.hostile.checks import assert_safe_response
from tests.hostile.strategies import encode, hostile_settings, values
from tests.portal import drafts_helpers as helpers
from tests.portal.drafts_helpers import client_for, inclusion_draft, pzzj_draft, rights_draft, url

organisation, people, in_register = helpers.organisation, helpers.people, helpers.in_register

pytestmark = pytest.mark.django_db

EXAMPLES = 12


def snapshot(application):
    """Everything a draft form may change."""
    state = {"application": model_to_dict(type(application).objects.get(pk=application.pk))}
    if isinstance(application, InclusionApplication):
        state["draft"] = model_to_dict(Qualification.objects.get(pk=application.draft_id))
        state["sets"] = list(LearningOutcomeSet.objects.filter(qualification=application.draft_id).values())
        state["outcomes"] = list(
            LearningOutcome.objects.filter(outcome_set__qualification=application.draft_id).values()
        )
    state["files"] = ApplicantFile.objects.count()
    return state


def post(client, path, fields):
    body = "&".join(f"{encode(name)}={encode(value)}" for name, value in fields)
    with transaction.atomic():  # a database error must not abort the following examples' transaction
        return client.post(path, body, content_type="application/x-www-form-urlencoded")


def check(response, path, before, application, *, viewer=False):
    assert_safe_response(response, path)
    if response.status_code != 302 or viewer:
        assert snapshot(application) == before, f"{path}: a refused request stored something"


@pytest.fixture
def drafts(organisation, in_register):
    return {
        "inclusion": inclusion_draft(organisation),
        "rights": rights_draft(organisation, in_register),
        "pzzj": pzzj_draft(organisation),
    }


@pytest.mark.parametrize("kind", ["inclusion", "rights", "pzzj"])
def test_every_section_form(drafts, people, kind):
    application = drafts[kind]
    editor, viewer = client_for(people["editor"]), client_for(people["viewer"])
    for section in sections_of(kind):
        hostile_section(application, section, editor, viewer)


def hostile_section(application, section, editor, viewer):
    path = url("section", application, section.slug)
    names = (*section.fields, "then", "file", "csrfmiddlewaretoken")

    @hostile_settings(EXAMPLES)
    @given(
        fields=st.fixed_dictionaries(dict.fromkeys(section.fields, values)),
        extra=st.lists(st.tuples(st.sampled_from(names), values), max_size=3),
        as_viewer=st.booleans(),
    )
    def run(fields, extra, as_viewer):
        before = snapshot(application)
        note(f"{path} {list(fields.items())[:5]} {extra[:3]}")
        response = post(viewer if as_viewer else editor, path, [*fields.items(), *extra])
        check(response, path, before, application, viewer=as_viewer)

    run()


def test_the_outcome_editor_and_the_other_forms(drafts, people):
    application = drafts["inclusion"]
    editor = client_for(people["editor"])
    editor.post(url("row_add", application, "set"), {"name_pl": "Zestaw"})
    outcome_set = LearningOutcomeSet.objects.get(qualification=application.draft)
    targets = [
        (url("row_add", application, "set"), ("name_pl", "workload_hours")),
        (url("row_add", application, "outcome"), ("parent", "text_pl")),
        (url("row_edit", application, "set", outcome_set.pk), ("name_pl", "workload_hours")),
        (url("submit", application), ("expected_state",)),
    ]

    @hostile_settings(EXAMPLES * 3)
    @given(
        target=st.sampled_from(targets),
        data=st.data(),
    )
    def run(target, data):
        path, names = target
        fields = data.draw(st.lists(st.tuples(st.sampled_from(names), values), max_size=4))
        before = snapshot(application)
        note(f"{path} {fields[:4]}")
        response = post(editor, path, fields)
        check(response, path, before, application)

    run()


def test_starting_a_draft(organisation, people):
    editor = client_for(people["editor"])

    @hostile_settings(EXAMPLES * 3)
    @given(
        kind=st.sampled_from(["inclusion", "rights", "pzzj", "x"]),
        organisation_value=st.one_of(st.just(str(organisation.pk)), values),
        fields=st.lists(
            st.tuples(st.sampled_from(["organisation", "proposed_name", "category", "qualification"]), values),
            max_size=5,
        ),
    )
    def run(kind, organisation_value, fields):
        fields = [("organisation", organisation_value), *fields]
        path = reverse("portal:new", args=[kind]) if kind != "x" else "/wnioski/nowy/x/"
        note(f"{path} {fields}")
        before = (
            InclusionApplication.objects.count(),
            CertificationRightsApplication.objects.count(),
            PzzjApplication.objects.count(),
        )
        response = post(editor, path, fields)
        assert_safe_response(response, path)
        if response.status_code != 302:
            assert before == (
                InclusionApplication.objects.count(),
                CertificationRightsApplication.objects.count(),
                PzzjApplication.objects.count(),
            )

    run()
