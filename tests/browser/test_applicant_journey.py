"""The applicant portal end to end in Chromium: an applicant signs up, verifies the address from the
e-mail, logs in, creates the organisation, fills every section of an inclusion application with its
files, is refused an incomplete Submit with the list of what is missing, submits; the registry
operator takes the formal check to a completion request in the admin; the applicant sees the new
state, the request and its deadline, and answers with a message and a file; the operator sees the
answer and the "answered" marker, and forwards the application; the applicant sees the minister's
deadline."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from applications.models import InclusionApplication, State
from institutions.models import Ministry
from qualifications.models import PrkLevel
from tests.browser.applicant_steps import (
    Mouse,
    answer_completion_request,
    create_organisation,
    fill_inclusion,
    sign_up_and_log_in,
    start_inclusion_draft,
    submit_complete,
    submit_refused,
)
from tests.browser.support import LOGS, load_demo_register, watch
from tests.browser.test_admin_journeys import sign_in, take_step
from tests.factories import valid_nip

REQUEST = "Brak podpisu osoby upoważnionej na wniosku: prosimy o skan podpisanego wniosku."


@pytest.fixture
def _portal_setup(settings, tmp_path):
    settings.ZRK_DEMO = True  # the demo operator's published password is accepted in demo mode only
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo_register()
    files = tmp_path / "files"
    files.mkdir()
    return files


def operator_case(page, base, application):
    page.goto(base + reverse("admin:applications_inclusionapplication_change", args=[application.pk]))
    expect(page.locator("h1")).to_be_visible()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_applicant_files_answers_and_follows_an_inclusion_application(live_server, live_page, browser, _portal_setup):
    page, base, files = live_page, live_server.url, _portal_setup
    hands = Mouse(page)
    ministry = Ministry.objects.get(code="mrit")
    level = PrkLevel.objects.get(level=4)

    sign_up_and_log_in(hands, base, "ogrody@example.org")
    create_organisation(hands, valid_nip(41))
    task_list = start_inclusion_draft(hands, base)
    submit_refused(hands)
    fill_inclusion(hands, task_list, str(ministry.pk), str(level.pk), files)
    number = submit_complete(hands)
    application = InclusionApplication.objects.get(number=number)
    assert application.state == State.SUBMITTED and application.draft.name_pl == "Pielęgnacja ogrodów społecznych"
    case_url = base + reverse("portal:case", args=["inclusion", application.pk])

    # The registry operator, in another browser context, takes the formal-check steps.
    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pl-PL")
    admin = staff.new_page()
    admin_log = watch(admin)  # the admin pages too: nothing on the console, no CSP violation
    try:
        sign_in(admin, base, "operator")
        operator_case(admin, base, application)
        take_step(admin, "start_formal_check", {})
        take_step(admin, "request_completion", {"comment": REQUEST})

        # The applicant sees the new state, the request and the 30-day clock.
        page.goto(case_url)
        expect(page.locator("main")).to_contain_text("wezwanie do uzupełnienia")
        expect(page.locator("#completion blockquote")).to_contain_text(REQUEST)
        expect(page.locator("#clock-heading")).to_be_visible()
        expect(page.locator("section[aria-labelledby=clock-heading]")).to_contain_text(
            "Uzupełnienie wniosku przez wnioskodawcę"
        )
        answer_completion_request(hands, case_url, files)
        application.refresh_from_db()
        assert application.state == State.FORMAL_CHECK

        # The operator sees the answer, its file, and the marker in the list.
        operator_case(admin, base, application)
        side = admin.locator(".applicant-side")
        expect(side).to_contain_text("Uzupełniamy podpis osoby upoważnionej")
        expect(side.get_by_role("link", name=re.compile("podpis.pdf"))).to_be_visible()
        admin.goto(base + reverse("admin:applications_inclusionapplication_changelist") + "?answered=yes")
        row = admin.locator("#result_list tbody tr").filter(has_text=number)
        expect(row).to_have_count(1)
        expect(row.locator("td.field-answered_by_applicant img[src*='icon-yes']")).to_have_count(1)

        operator_case(admin, base, application)
        take_step(admin, "forward", {})
        assert not admin_log.problems, "\n".join(admin_log.problems)
    finally:
        LOGS.pop(id(admin), None)
        staff.close()

    # The applicant sees the application forwarded and the minister's clock.
    page.goto(case_url)
    expect(page.locator("main")).to_contain_text("przekazany ministrowi")
    expect(page.locator("section[aria-labelledby=clock-heading]")).to_contain_text("Rozpatrywanie przez ministra")
    application.refresh_from_db()
    assert application.state == State.FORWARDED and application.minister_due is not None
