"""Every draft address of the portal: a member of another organisation gets 404, a viewer reads but
cannot change anything (403, nothing stored), an anonymous visitor is sent to log in."""

import pytest
from django.forms.models import model_to_dict

from applications.models import ApplicantFile, InclusionApplication
from applications.uploads import store_upload
from qualifications.models import LearningOutcomeSet
from tests.portal import drafts_helpers as helpers
from tests.portal.drafts_helpers import client_for, inclusion_draft, pdf, url

organisation, people, media = helpers.organisation, helpers.people, helpers.media

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(organisation, media):
    application = inclusion_draft(organisation)
    outcome_set = LearningOutcomeSet.objects.create(qualification=application.draft, position=1, name_pl="Zestaw")
    stored = store_upload(application, pdf(), section="fee", user=None)
    return application, outcome_set, stored


def addresses(application, outcome_set, stored):
    """(address, changes something) for every page of one draft."""
    return [
        (url("draft", application), False),
        (url("section", application, "general"), True),
        (url("section", application, "outcomes"), False),
        (url("row_add", application, "set"), True),
        (url("row_edit", application, "set", outcome_set.pk), True),
        (url("row_delete", application, "set", outcome_set.pk), True),
        (url("preview", application), False),
        (url("submit", application), True),
        (url("discard", application), True),
        (url("file", application, stored.pk), False),
        (url("file_delete", application, stored.pk), True),
    ]


def state(application):
    return (
        model_to_dict(InclusionApplication.objects.get(pk=application.pk)),
        model_to_dict(application.draft.__class__.objects.get(pk=application.draft_id)),
        LearningOutcomeSet.objects.count(),
        ApplicantFile.objects.count(),
    )


def test_another_organisation_gets_404_everywhere(setting, people):
    application, outcome_set, stored = setting
    stranger = client_for(people["stranger"])
    before = state(application)
    for address, changes in addresses(application, outcome_set, stored):
        # An address that only reads answers any POST with 405, whatever the id: that says nothing.
        assert stranger.get(address).status_code in (404, 405), address
        assert stranger.post(address, {"name_pl": "x", "then": "list"}).status_code in (404, 405), address
        if changes:
            assert stranger.post(address, {"name_pl": "x", "then": "list"}).status_code == 404, address
    assert state(application) == before


def test_a_viewer_reads_but_cannot_change(setting, people):
    application, outcome_set, stored = setting
    viewer = client_for(people["viewer"])
    before = state(application)
    for address, changes in addresses(application, outcome_set, stored):
        if changes:
            assert viewer.post(address, {"name_pl": "x", "category": "craft", "then": "list"}).status_code == 403, (
                address
            )
        else:
            assert viewer.get(address).status_code == 200, address
    assert state(application) == before
    page = viewer.get(url("draft", application)).content.decode()
    assert url("submit", application) not in page and url("section", application, "general") not in page


def test_anonymous_visitors_are_sent_to_log_in(setting, client):
    application, outcome_set, stored = setting
    before = state(application)
    for address, _changes in addresses(application, outcome_set, stored):
        for response in (client.get(address), client.post(address, {"name_pl": "x"})):
            assert response.status_code in (302, 405), address
            if response.status_code == 302:
                assert "login" in response["Location"], address
    assert state(application) == before


def test_unknown_kinds_and_ids_are_404(setting, people):
    from django.urls import reverse

    application, _outcome_set, _stored = setting
    owner = client_for(people["owner"])
    assert owner.get(reverse("portal:draft", args=["rights", application.pk])).status_code == 404
    assert owner.get(reverse("portal:draft", args=["nonsense", application.pk])).status_code == 404
    assert owner.get(reverse("portal:draft", args=["inclusion", 2**31 + 5])).status_code == 404
    assert owner.get("/wnioski/projekt/inclusion/99999999999999999999/").status_code == 404
