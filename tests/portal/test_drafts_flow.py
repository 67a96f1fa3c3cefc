"""Starting a draft of each kind, its task list and progress line, and Submit through the engine."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications import deadlines
from applications.models import (
    ApplicationEvent,
    CertificationRightsApplication,
    InclusionApplication,
    PzzjApplication,
)
from applications.portal.kinds import DRAFT
from qualifications.models import Status
from tests.portal.drafts_helpers import (
    client_for,
    complete_inclusion,
    complete_pzzj,
    complete_rights,
    inclusion_draft,
    pzzj_draft,
    rights_draft,
    url,
)

pytestmark = pytest.mark.django_db


def new_url(kind, organisation):
    return reverse("portal:new", args=[kind]) + f"?organisation={organisation.pk}"


def test_an_editor_starts_an_inclusion_draft_with_its_proposed_qualification(organisation, people):
    client = client_for(people["editor"])
    assert client.get(new_url("inclusion", organisation)).status_code == 200
    response = client.post(
        reverse("portal:new", args=["inclusion"]),
        {"organisation": organisation.pk, "proposed_name": "Projektowanie ogrodów", "category": "free_market"},
    )
    application = InclusionApplication.objects.get()
    assert response.status_code == 302 and response["Location"] == url("draft", application)
    assert application.state == DRAFT and application.number == "" and application.ministry is None
    assert application.formal_check_due is None
    assert application.draft.status == Status.DRAFT and application.draft.name_pl == "Projektowanie ogrodów"
    assert application.draft.applicant == organisation
    page = client.get(response["Location"])
    assert "0 z 8 sekcji ukończonych" in page.content.decode()


def test_a_rights_draft_needs_a_qualification_in_the_register(organisation, people, in_register):
    client = client_for(people["owner"])
    draft_qualification = inclusion_draft(organisation).draft
    for refused in (str(draft_qualification.zrk_id), "nic", "1" * 30):
        response = client.post(
            reverse("portal:new", args=["rights"]), {"organisation": organisation.pk, "qualification": refused}
        )
        assert response.status_code == 400
        assert "error-summary" in response.content.decode()
    assert not CertificationRightsApplication.objects.exists()
    response = client.post(
        reverse("portal:new", args=["rights"]),
        {"organisation": organisation.pk, "qualification": str(in_register.zrk_id)},
    )
    application = CertificationRightsApplication.objects.get()
    assert response["Location"] == url("draft", application)
    assert application.qualification == in_register and application.ministry == in_register.ministry
    assert application.fee == 10000 and application.state == DRAFT


def test_a_pzzj_draft_needs_only_the_organisation(organisation, people):
    response = client_for(people["owner"]).post(reverse("portal:new", args=["pzzj"]), {"organisation": organisation.pk})
    application = PzzjApplication.objects.get()
    assert response["Location"] == url("draft", application)
    assert application.state == DRAFT and application.number == ""


def test_only_owners_and_editors_of_the_organisation_start_drafts(organisation, people, client):
    assert client_for(people["viewer"]).get(new_url("pzzj", organisation)).status_code == 403
    assert client_for(people["stranger"]).get(new_url("pzzj", organisation)).status_code == 404
    assert client_for(people["owner"]).get(reverse("portal:new", args=["pzzj"]) + "?organisation=x").status_code == 404
    assert client_for(people["owner"]).get(new_url("nonsense", organisation)).status_code == 404
    anonymous = client.get(new_url("pzzj", organisation))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert not PzzjApplication.objects.exists()


def test_the_progress_line_counts_complete_sections(organisation, people, ministry, media):
    application = inclusion_draft(organisation)
    client = client_for(people["owner"])
    assert "0 z 8 sekcji ukończonych" in client.get(url("draft", application)).content.decode()
    application.ministry = ministry
    application.save()
    page = client.get(url("draft", application)).content.decode()
    assert "1 z 8 sekcji ukończonych" in page
    complete_inclusion(application, ministry)
    page = client.get(url("draft", application)).content.decode()
    assert "8 z 8 sekcji ukończonych" in page
    english = client.get(url("draft", application), HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200


def test_the_progress_line_in_english(organisation, people):
    application = pzzj_draft(organisation)
    from django.utils import translation

    with translation.override("en"):
        address = url("draft", application)
    page = client_for(people["owner"]).get(address).content.decode()
    assert "0 of 6 sections complete" in page


@pytest.mark.parametrize("kind", ["inclusion", "rights", "pzzj"])
def test_submit_is_refused_with_the_missing_sections_listed(organisation, people, in_register, kind):
    application = {
        "inclusion": lambda: inclusion_draft(organisation),
        "rights": lambda: rights_draft(organisation, in_register),
        "pzzj": lambda: pzzj_draft(organisation),
    }[kind]()
    response = client_for(people["editor"]).post(url("submit", application))
    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary" in page
    assert url("section", application, "fee") in page  # each incomplete section is linked
    application.refresh_from_db()
    assert application.state == DRAFT and application.number == ""
    assert not application.events.exists()
    assert not mail.outbox


def test_submit_files_an_inclusion_application_like_the_back_office(
    organisation, people, ministry, media, django_capture_on_commit_callbacks
):
    application = complete_inclusion(inclusion_draft(organisation), ministry)
    client = client_for(people["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("submit", application))
    assert response.status_code == 302 and response["Location"] == url("submitted", application)
    application.refresh_from_db()
    today = timezone.localdate()
    assert application.state == "submitted"
    assert application.number == f"ZSK/{today.year}/{application.pk:04d}"
    assert application.submitted_on == today
    assert application.formal_check_due == deadlines.formal_check_due(today)
    assert application.draft.ministry == ministry
    event = ApplicationEvent.objects.get(application=application)
    assert (event.action, event.from_state, event.to_state, event.actor) == (
        "submit_online",
        DRAFT,
        "submitted",
        people["editor"],
    )
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert application.number in letter.subject and letter.to == ["biuro@example.org"]
    assert "Projektowanie ogrodów (test)" in letter.body
    confirmation = client.get(response["Location"]).content.decode()
    assert application.number in confirmation
    # Filed: no longer editable, and Submit cannot run twice.
    assert client.get(url("section", application, "general")).status_code == 200
    assert client.post(url("section", application, "general"), {"name_pl": "x"}).status_code == 403
    assert client.post(url("submit", application)).status_code == 400
    assert ApplicationEvent.objects.filter(application=application).count() == 1


@pytest.mark.parametrize("kind", ["rights", "pzzj"])
def test_submit_files_rights_and_pzzj_applications(
    organisation, people, ministry, in_register, media, kind, django_capture_on_commit_callbacks
):
    if kind == "rights":
        application = complete_rights(rights_draft(organisation, in_register))
        prefix = "IC"
    else:
        application = complete_pzzj(pzzj_draft(organisation), ministry)
        prefix = "PZZJ"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people["owner"]).post(url("submit", application))
    assert response.status_code == 302
    application.refresh_from_db()
    today = timezone.localdate()
    assert application.state == "submitted"
    assert application.number == f"{prefix}/{today.year}/{application.pk:04d}"
    assert application.formal_check_due == deadlines.formal_check_due(today)
    assert application.events.get().action == "submit_online"
    assert len(mail.outbox) == 1 and application.number in mail.outbox[0].subject


def test_a_viewer_cannot_submit(organisation, people, ministry, media):
    application = complete_inclusion(inclusion_draft(organisation), ministry)
    assert client_for(people["viewer"]).post(url("submit", application)).status_code == 403
    application.refresh_from_db()
    assert application.state == DRAFT


def test_an_owner_discards_a_draft_with_confirmation(
    organisation, people, ministry, media, django_capture_on_commit_callbacks
):
    application = complete_inclusion(inclusion_draft(organisation), ministry)
    draft_pk = application.draft_id
    client = client_for(people["owner"])
    assert client_for(people["viewer"]).post(url("discard", application)).status_code == 403
    page = client.get(url("discard", application))
    assert page.status_code == 200 and url("discard", application) in page.content.decode()
    assert InclusionApplication.objects.filter(pk=application.pk).exists()  # GET only asks
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("discard", application))
    assert response.status_code == 302
    assert not InclusionApplication.objects.filter(pk=application.pk).exists()
    from qualifications.models import Qualification

    assert not Qualification.objects.filter(pk=draft_pk).exists()
    assert not list(media.rglob("*.pdf"))


def test_the_preview_shows_the_whole_application_and_what_is_missing(organisation, people, ministry, media):
    application = inclusion_draft(organisation)
    application.ministry = ministry
    application.save()
    page = client_for(people["viewer"]).get(url("preview", application))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Projektowanie ogrodów (test)" in text and ministry.name in text
    assert "Jeszcze brakuje:" in text and "potwierdzenie wpłaty" in text  # the fee's proof is missing
    assert "portal-drafts-print.css" in text and 'media="print"' in text
    assert "<style" not in text and "<script>" not in text and " style=" not in text


def test_an_application_is_editable_again_only_when_completion_is_requested(organisation, people, ministry, media):
    from applications.portal.rules import editable_by_applicant

    application = complete_inclusion(inclusion_draft(organisation), ministry)
    client = client_for(people["editor"])
    client.post(url("submit", application))
    application.refresh_from_db()
    assert not editable_by_applicant(application)
    page = client.get(url("draft", application)).content.decode()
    assert url("section", application, "general") not in page  # read-only task list
    refused = client.post(url("section", application, "demand"), {"demand_pl": "Zmiana."})
    assert refused.status_code == 403
    type(application).objects.filter(pk=application.pk).update(state="completion_requested")
    application.refresh_from_db()
    assert editable_by_applicant(application)
    response = client.post(url("section", application, "demand"), {"demand_pl": "Uzupełnione uzasadnienie."})
    assert response.status_code == 302
    application.draft.refresh_from_db()
    assert application.draft.demand_pl == "Uzupełnione uzasadnienie."
    assert client.post(url("discard", application)).status_code == 403  # only drafts are discarded
