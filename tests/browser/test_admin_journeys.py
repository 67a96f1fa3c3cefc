"""The back-office's main jobs in a real browser, counting the pages each takes from the landing page
(before the landing page and the ZRK id, nested inlines and step forms, each took more: an officer
reached a case through the list and "my work", an operator opened the record, the outcome set, the
outcome and the criterion one page after another), with axe's WCAG 2.1 A/AA rules on every admin
page the journeys use."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import InclusionApplication, PzzjState, State
from applications.workflow.engine import submit
from qualifications.models import VerificationCriterion
from tests.browser.support import AXE_OPTIONS, REVIEWED_BY_HAND, axe, describe, load_demo_register
from tests.factories import complete_description


@pytest.fixture(autouse=True)
def _demo_mode(settings):
    settings.ZRK_DEMO = True  # the demo accounts' published passwords are accepted in demo mode only


PASSWORDS = {"officer": "zrk-demo-officer", "operator": "zrk-demo-operator", "coordinator": "zrk-demo-coordinator"}


def assert_fits(page) -> None:
    """Nothing wider than the 1280 px window: no sideways scrolling of the page itself."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow} px wider than the window"


def assert_accessible(page) -> None:
    """axe's WCAG 2.1 A/AA rules on the page as it is now. Without axe's style-sheet preload: it
    re-reads the admin's forms.css (which @imports widgets.css) into an inline style element, which
    the strict CSP then reports as a violation of the page's own."""
    results = axe.run(page, options={**AXE_OPTIONS, "preload": False}).response
    unsure = [result for result in results["incomplete"] if result["id"] not in REVIEWED_BY_HAND]
    findings = describe(results["violations"], "Violations:") + describe(unsure, "Needs review:")
    assert not findings, f"{page.url}:\n" + "\n".join(findings)


class PageLoads:
    """The pages the user waits for: navigations of the main frame, a redirect and its target
    counted once (a saved form answered by a redirect to the next page is one page load)."""

    def __init__(self, page):
        self.urls: list[str] = []

        def on_request(request):
            if request.is_navigation_request() and request.frame == page.main_frame and not request.redirected_from:
                self.urls.append(request.url)

        page.on("request", on_request)

    def reset(self):
        self.urls.clear()


def sign_in(page, base, username):
    page.goto(base + reverse("admin:login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORDS[username])
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#user-tools")).to_contain_text(username)
    expect(page.locator("h1")).to_be_visible()


def figure(page, panel: str, label: str):
    """A landing-page figure: its link, in the panel with this heading."""
    section = page.locator("section.work-panel").filter(has=page.get_by_role("heading", name=panel))
    return section.locator("a").filter(has_text=label)


def take_step(page, action: str, fields: dict[str, str]):
    step = page.locator(f'form.workflow__step[action$="/transition/{action}/"]')
    for name, value in fields.items():
        control = step.locator(f'[name="{action}-{name}"]')
        if control.evaluate("element => element.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    step.locator('input[name="_transition"]').click()
    expect(page.locator(".messagelist .success")).to_be_visible()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_officer_from_the_landing_page_to_the_decision_and_its_publication(live_server, live_page):
    load_demo_register()
    page, base = live_page, live_server.url
    application = InclusionApplication.objects.get(draft__code="DEMO-WN-06")
    assert application.state == State.EXPERT_REVIEW and application.assigned_officer.username == "officer"
    # The registry operator has completed the description by now (its own job, not this journey's).
    complete_description(application.draft, prk_level=None)
    loads = PageLoads(page)
    sign_in(page, base, "officer")
    expect(page.locator("#site-name")).to_contain_text("Zintegrowany Rejestr Kwalifikacji")
    assert_accessible(page)
    loads.reset()

    link = figure(page, "Wnioski o włączenie", "przydzielone do mnie")
    expect(link.locator("strong")).not_to_have_text("0")
    link.click()
    expect(page.locator("#result_list")).to_contain_text(application.number)
    # At 1280 px the columns the officer works with are in view, beside nothing that hides them.
    for column in ("column-state", "column-deadline", "column-assigned_officer"):
        box = page.locator(f"#result_list th.{column}").bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1280, (column, box)
    assert_fits(page)
    assert_accessible(page)
    page.get_by_role("link", name=application.number).click()
    assert_accessible(page)
    # Already the officer's case: "assign to me" would change nothing, so it is not offered.
    expect(page.locator('form.workflow__step[action$="/transition/assign_to_me/"]')).to_have_count(0)
    decided = timezone.localdate() - datetime.timedelta(days=1)
    take_step(
        page,
        "decide",
        {"prk_level": "4", "decision_number": "DKZ.6420.3.2026", "decision_date": decided.isoformat()},
    )
    take_step(
        page,
        "publish",
        {"mp_year": str(timezone.localdate().year), "mp_position": "9731", "mp_date": timezone.localdate().isoformat()},
    )
    application.refresh_from_db()
    assert application.state == State.PUBLISHED
    assert (application.decision_number, application.decision_date) == ("DKZ.6420.3.2026", decided)
    # Landing page -> list -> case -> two steps, each answered by the case page again.
    assert len(loads.urls) == 4, loads.urls


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_operator_fixes_a_criterion_from_the_zrk_id(live_server, live_page):
    load_demo_register()
    page, base = live_page, live_server.url
    criterion = (
        VerificationCriterion.objects.filter(outcome__outcome_set__qualification__status="functioning")
        .select_related("outcome__outcome_set__qualification")
        .order_by("pk")
        .first()
    )
    qualification = criterion.outcome.outcome_set.qualification
    loads = PageLoads(page)
    sign_in(page, base, "operator")
    assert_accessible(page)
    loads.reset()

    page.goto(base + reverse("admin:qualifications_qualification_by_zrk_id", args=[qualification.zrk_id]))
    expect(page).to_have_url(re.compile(rf"/qualification/{qualification.pk}/change/$"))
    # The translation tabs and autocomplete fields are built, and repaired, once the page has loaded.
    expect(page.locator("#modeltranslation-main-switch")).to_have_attribute("aria-label", "Język pól tekstowych")
    assert_fits(page)
    assert_accessible(page)
    field = page.locator("textarea[name$='-criteria-0-text_pl']").first
    name = field.get_attribute("name")
    current = VerificationCriterion.objects.get(
        outcome__outcome_set__qualification=qualification,
        outcome__outcome_set__position=criterion.outcome.outcome_set.position,
        text_pl=field.input_value(),
    )
    page.locator(f"textarea[name='{name}']").fill(current.text_pl + " (poprawione)")
    page.locator("input[name='_continue']").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    current.refresh_from_db()
    assert current.text_pl.endswith("(poprawione)")
    # The record opened by its ZRK id, then saved: two pages.
    assert len(loads.urls) == 2, loads.urls


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_coordinator_enters_a_pzzj_from_the_landing_page(live_server, live_page):
    from applications.models import PzzjApplication
    from institutions.models import Ministry, Organisation

    load_demo_register()
    today = timezone.localdate()
    application = PzzjApplication(
        applicant=Organisation.objects.order_by("pk").first(), submitted_on=today, fee_paid_on=today
    )
    submit(application, None)
    application.ministries.set(Ministry.objects.filter(active=True)[:1])
    PzzjApplication.objects.filter(pk=application.pk).update(
        state=PzzjState.FORWARDED, forwarded_on=today, minister_due=today + datetime.timedelta(days=30)
    )
    page, base = live_page, live_server.url
    loads = PageLoads(page)
    sign_in(page, base, "coordinator")
    assert_accessible(page)
    loads.reset()

    link = figure(page, "Lista PZZJ", "wnioski do rozstrzygnięcia")
    to_decide = PzzjApplication.objects.filter(state=PzzjState.FORWARDED).count()
    expect(link.locator("strong")).to_have_text(str(to_decide))
    link.click()
    assert_accessible(page)
    page.get_by_role("link", name=application.number).click()
    assert_accessible(page)
    take_step(page, "enter", {"decision_number": "DKZ-PZZJ/1/2026", "decision_date": today.isoformat()})
    application.refresh_from_db()
    assert application.state == PzzjState.ENTERED and application.entry.decision_number == "DKZ-PZZJ/1/2026"
    assert len(loads.urls) == 3, loads.urls
