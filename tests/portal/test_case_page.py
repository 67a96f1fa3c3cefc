"""The applicant's case page: the state in plain language, the clock, the events the applicant may see
(no internal notes, no staff names), the organisation's files; and who may open it."""

import datetime

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.utils import timezone

from applications.portal import case as rules
from applications.workflow.engine import perform
from institutions.models import Organisation
from tests.portal.case_support import (
    INTERNAL,
    KIND_SLUGS,
    REQUEST,
    MemberRole,
    case_url,
    client_for,
    completion_requested,
    filed,
    member,
    staff_users,
    use_media,
    workflow_of,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", KIND_SLUGS)
def test_a_member_sees_number_kind_state_and_clock(kind):
    application = filed(kind, "formal_check")
    viewer = member(application.applicant, MemberRole.VIEWER, "viewer")
    page = client_for(viewer).get(case_url(kind, application))
    assert page.status_code == 200
    text = page.content.decode()
    assert application.number in text
    assert "Ocena formalna przez rejestr" in text  # the step of the clock, in Polish
    assert "Operator rejestru (IBE)" in text  # who acts next
    assert 'name="message"' not in text  # no answer form outside a completion request
    # A viewer sees the case but no withdrawal button.
    assert case_url(kind, application, "portal:case_withdraw") not in text


def test_the_english_page(client):
    from django.utils import translation

    application = filed("inclusion", "forwarded")
    client.force_login(member(application.applicant, MemberRole.OWNER, "owner"))
    assert case_url("inclusion", application).startswith("/wnioski/sprawa/inclusion/")
    with translation.override("en"):
        url = case_url("inclusion", application)
        withdraw_url = case_url("inclusion", application, "portal:case_withdraw")
    assert url.startswith("/en/applications/case/inclusion/")
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "The competent minister is examining the application" in text
    assert "Examination by the minister" in text and "4 months" in text
    assert withdraw_url in text


@pytest.mark.parametrize("kind", KIND_SLUGS)
def test_isolation_for_every_case_address(client, kind):
    application = filed(kind, "completion_requested")
    stranger_org = Organisation.objects.create(name="Inna Fundacja")
    stranger = member(stranger_org, MemberRole.OWNER, "stranger")
    urls = [case_url(kind, application, name) for name in ("portal:case", "portal:case_answer", "portal:case_withdraw")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(resolve_url(settings.LOGIN_URL)), url
        response = client.post(url, {"message": "x"})
        assert response.status_code == 302 and response.url.startswith(resolve_url(settings.LOGIN_URL)), url
        assert client_for(stranger).get(url).status_code == 404, url
        assert client_for(stranger).post(url, {"message": "x", "confirm": "on"}).status_code == 404, url
    # Unknown kind, unknown number: the same 404.
    owner = client_for(member(application.applicant, MemberRole.OWNER, "owner"))
    assert owner.get(f"/wnioski/sprawa/nieznany/{application.pk}/").status_code == 404
    assert owner.get(f"/wnioski/sprawa/{kind}/999999/").status_code == 404


def test_a_draft_has_no_case_page():
    application = filed("pzzj")
    type(application).objects.filter(pk=application.pk).update(state="draft", number="")
    owner = member(application.applicant, MemberRole.OWNER, "owner")
    assert client_for(owner).get(case_url("pzzj", application)).status_code == 404


def test_the_applicant_sees_letters_but_no_internal_notes_nor_officer_names():
    staff = staff_users()
    application = completion_requested("inclusion", staff["operator"], comment=REQUEST)
    workflow = workflow_of("inclusion")
    perform(application.pk, "receive_completion", staff["operator"], workflow=workflow)
    perform(application.pk, "forward", staff["operator"], workflow=workflow, officer=staff["officer"])
    perform(application.pk, "start_expert_review", staff["officer"], workflow=workflow, comment=INTERNAL)
    owner = member(application.applicant, MemberRole.OWNER, "owner")
    text = client_for(owner).get(case_url("inclusion", application)).content.decode()
    assert REQUEST in text  # the letter asking for completion
    assert INTERNAL not in text
    for name in ("Urzędnik", "off", "op"):
        assert f">{name}<" not in text and f"{name}</p>" not in text
    assert "Jan Urzędnik" not in text and "Urzędnik" not in text
    assert "Ministerstwo" in text and "Rejestr (IBE)" in text
    titles = [event.title for event in rules.visible_events(application)]
    assert len(titles) == 6  # filed, formal check, completion requested, received, forwarded, expert review
    assert all("assign" not in event.action for event in rules.visible_events(application))


def test_the_organisation_s_own_files_are_listed(settings, tmp_path):
    use_media(settings, tmp_path)
    from applications.uploads import store_upload
    from tests.portal.case_support import pdf

    application = filed("rights", "formal_check")
    owner = member(application.applicant, MemberRole.OWNER, "owner")
    store_upload(application, pdf("statut.pdf"), section="fee", user=owner)
    text = client_for(owner).get(case_url("rights", application)).content.decode()
    assert "statut.pdf" in text


def test_a_closed_application_shows_no_clock_and_no_withdrawal():
    application = filed("inclusion", "refused")
    owner = member(application.applicant, MemberRole.OWNER, "owner")
    page = client_for(owner).get(case_url("inclusion", application))
    text = page.content.decode()
    assert page.context["clock"] is None
    assert "Brak zapotrzebowania (test)." in text  # the reason for refusal
    assert case_url("inclusion", application, "portal:case_withdraw") not in text
    # The withdrawal page of a closed application leads back to the case.
    response = client_for(owner).get(case_url("inclusion", application, "portal:case_withdraw"))
    assert response.status_code == 302 and response.url == case_url("inclusion", application)


def test_consultation_closing_date_is_shown():
    application = filed("inclusion", "consultation")
    owner = member(application.applicant, MemberRole.OWNER, "owner")
    page = client_for(owner).get(case_url("inclusion", application))
    closes = timezone.localdate() - datetime.timedelta(days=10)
    assert page.context["clock"].consultation_closes_on == closes
    assert closes.isoformat() in page.content.decode()
