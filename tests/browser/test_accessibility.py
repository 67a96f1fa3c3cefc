"""axe-core (bundled with axe-playwright-python, so offline) on every type of public page, in both
languages, at 320 px (a phone, WCAG 1.4.10 reflow) and 1280 px: no violation of a WCAG 2.0/2.1 A or AA
rule, nothing on the console (errors, CSP violations, failed requests), no sideways scrolling."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import LANGUAGES, PAGE_TYPES, page_paths
from tests.browser.support import axe_findings, console_of

VIEWPORTS = {"320": {"width": 320, "height": 800}, "1280": {"width": 1280, "height": 900}}

# The tests read the database (example addresses); the register itself is committed by demo_site.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def paths(demo_site):
    return page_paths()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_meets_wcag_21_aa(demo_site, site_page, paths, page_type, language, viewport):
    page = site_page
    page.set_viewport_size(VIEWPORTS[viewport])
    url = demo_site + paths[page_type][language]
    if page_type == "not-found":
        console_of(page).allowed_failures.add(url)
    response = page.goto(url)
    assert response.status == (404 if page_type == "not-found" else 200), (url, response.status)
    assert page.locator("html").get_attribute("lang") == language

    findings = axe_findings(page)
    assert not findings, f"{url} at {viewport} px:\n{findings}"

    # Reflow: nothing makes the page scroll sideways, even at 320 px.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{url} at {viewport} px scrolls sideways by {overflow} px"


def test_the_console_watch_sees_a_csp_violation(demo_site, site_page):
    """The check above is only as good as its console watch: an inline style (refused by the site's
    CSP) must show up in it."""
    page = site_page
    page.goto(demo_site + "/")
    page.evaluate("document.head.appendChild(document.createElement('style')).textContent = 'body { color: red }'")
    expect(page.locator("body")).not_to_have_css("color", "rgb(255, 0, 0)")
    log = console_of(page)
    page.wait_for_function("true")  # let the console events arrive
    assert any("style-src" in problem for problem in log.problems), log.problems
    log.problems.clear()
