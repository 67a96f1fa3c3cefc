"""The applicant's part of the portal journey by keyboard alone: Tab (and Shift+Tab) to each control,
then typing, Space or Enter; never a click. Every control reached shows its focus, the refused Submit's
list of what is missing is announced (role="alert"), and the same pages as with a mouse get the
application filed and the completion request answered. The operator's steps are taken directly (the
mouse journey drives them in the admin)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from applications.models import InclusionApplication, State
from applications.portal.kinds import KINDS
from applications.workflow.engine import perform
from institutions.models import Ministry
from qualifications.models import PrkLevel
from tests.browser.applicant_steps import (
    Keyboard,
    answer_completion_request,
    create_organisation,
    fill_inclusion,
    sign_up_and_log_in,
    start_inclusion_draft,
    submit_complete,
    submit_refused,
)
from tests.browser.support import load_demo_register
from tests.browser.test_journeys import ACTIVE
from tests.factories import valid_nip


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_applicant_part_of_the_journey_by_keyboard_only(live_server, live_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo_register()
    files = tmp_path / "files"
    files.mkdir()
    page, base = live_page, live_server.url
    hands = Keyboard(page)
    ministry = Ministry.objects.get(code="mrit")
    level = PrkLevel.objects.get(level=4)

    sign_up_and_log_in(hands, base, "klawiatura@example.org")
    create_organisation(hands, valid_nip(42))
    task_list = start_inclusion_draft(hands, base)
    # Shift+Tab goes back: from the Submit button to the preview link before it.
    hands.focus("main form[action$='/zloz/'] button[type=submit]")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(f"{ACTIVE}.getAttribute('href')").endswith("/podglad/")
    submit_refused(hands)
    # From the list of what is missing (focused), the first Tab reaches its first link; Enter opens
    # that section.
    page.keyboard.press("Tab")
    assert page.evaluate(f"{ACTIVE}.matches('.error-summary a')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text("Minister właściwy i kontakt")
    fill_inclusion(hands, task_list, str(ministry.pk), str(level.pk), files)
    number = submit_complete(hands)
    application = InclusionApplication.objects.get(number=number)

    operator = get_user_model().objects.get(username="operator")
    workflow = KINDS["inclusion"].workflow
    perform(application.pk, "start_formal_check", operator, workflow=workflow)
    perform(application.pk, "request_completion", operator, workflow=workflow, comment="Brak podpisu na wniosku.")

    answer_completion_request(hands, base + reverse("portal:case", args=["inclusion", application.pk]), files)
    application.refresh_from_db()
    assert application.state == State.FORMAL_CHECK
