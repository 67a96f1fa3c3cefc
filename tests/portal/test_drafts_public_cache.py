"""An applicant writing a draft in the portal changes nothing public, so the register version (the key
of every cached public page) stays as it is: thousands of applicants typing do not empty the public
cache. A change to the public register still moves it, in the same request cycle as before."""

import pytest
from django.urls import reverse

from qualifications.models import LearningOutcomeSet, Qualification
from qualifications.page_cache import register_version
from tests.factories import QualificationFactory
from tests.portal.drafts_helpers import client_for, inclusion_draft, url

pytestmark = pytest.mark.django_db


def test_writing_a_draft_leaves_the_public_cache_key_alone(organisation, people, ministry):
    editor = client_for(people["editor"])
    before = register_version()
    response = editor.post(
        reverse("portal:new", args=["inclusion"]),
        {"organisation": organisation.pk, "proposed_name": "Projektowanie ogrodów (test)", "category": "free_market"},
    )
    assert response.status_code == 302
    application = organisation.inclusion_applications.get()
    demand = {"demand_pl": "Duże (test).", "then": "list"}
    assert editor.post(url("section", application, "demand"), demand).status_code == 302
    assert editor.post(url("row_add", application, "set"), {"name_pl": "Zestaw (test)"}).status_code == 302
    outcome_set = LearningOutcomeSet.objects.get(qualification=application.draft)
    assert editor.post(url("row_delete", application, "set", outcome_set.pk)).status_code == 302
    application.draft.refresh_from_db()
    assert application.draft.demand_pl == "Duże (test)."  # the edits were saved
    assert register_version() == before


def test_a_change_to_the_public_register_still_moves_the_key(organisation, people):
    application = inclusion_draft(organisation)
    public = QualificationFactory()
    editor = client_for(people["editor"])
    editor.post(url("section", application, "demand"), {"demand_pl": "Duże (test).", "then": "list"})
    before = register_version()
    Qualification.objects.filter(pk=public.pk).update(name_pl="Nowa nazwa (test)")
    assert register_version() == before + 1
