"""axe-core on the applicant portal's account pages, organisation pages and eligibility check, in both
languages at 320 and 1280 px, signed out and signed in as the demo applicant: no WCAG 2.1 A/AA
violation, nothing on the console (CSP included), no sideways scrolling."""

import pytest

from applications.demo import DEMO_APPLICANT
from applications.demo_accounts import DEMO_APPLICANT_EMAIL, DEMO_APPLICANT_PASSWORD
from institutions.models import Organisation
from tests.browser.support import axe_findings, console_of

pytestmark = pytest.mark.django_db

VIEWPORTS = {"320": {"width": 320, "height": 800}, "1280": {"width": 1280, "height": 900}}

SIGNED_OUT = {
    "pl": [
        "/konto/login/",
        "/konto/signup/",
        "/konto/password/reset/",
        "/wnioski/kto-moze-zlozyc/",
        "/wnioski/kto-moze-zlozyc/?goal=rights&who=person",
        "/wnioski/kto-moze-zlozyc/?goal=nonsense",
    ],
    "en": ["/en/account/login/", "/en/account/signup/", "/en/applications/eligibility/?goal=pzzj&who=organisation"],
}

SIGNED_IN = {
    "pl": [
        "/wnioski/",
        "/wnioski/organizacje/",
        "/wnioski/organizacje/nowa/",
        "/wnioski/organizacje/{pk}/",
        "/wnioski/organizacje/{pk}/zapros/",
        "/konto/email/",
        "/konto/password/change/",
        "/konto/2fa/",
    ],
    "en": ["/en/applications/", "/en/applications/organisations/{pk}/", "/en/account/2fa/"],
}


def check(page, url, viewport):
    if "nonsense" in url:  # refused on purpose: 400, which the console reports
        console_of(page).allowed_failures.add(url)
    response = page.goto(url)
    assert response.status < 500, (url, response.status)
    findings = axe_findings(page)
    assert not findings, f"{url} at {viewport} px:\n{findings}"
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    wide = page.evaluate(
        "Array.from(document.querySelectorAll('main *')).filter(e => e.getBoundingClientRect().right > "
        "document.documentElement.clientWidth + 1).map(e => e.tagName + '.' + e.className + ' ' + "
        "(e.textContent || '').slice(0, 40)).slice(0, 8)"
    )
    assert overflow <= 0, f"{url} at {viewport} px scrolls sideways by {overflow} px: {wide}"
    return response


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", ["pl", "en"])
def test_signed_out_pages(demo_site, site_page, language, viewport):
    site_page.set_viewport_size(VIEWPORTS[viewport])
    for path in SIGNED_OUT[language]:
        check(site_page, demo_site + path, viewport)
    # A refused form, with its error summary.
    signup = demo_site + SIGNED_OUT[language][1]
    site_page.goto(signup)
    console_of(site_page).allowed_failures.add(signup)
    site_page.locator("main form.portal-form button[type=submit]").click()
    findings = axe_findings(site_page)
    assert not findings, findings


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", ["pl", "en"])
def test_signed_in_pages(demo_site, site_page, language, viewport):
    pk = Organisation.objects.get(name_pl=DEMO_APPLICANT).pk
    site_page.goto(demo_site + "/konto/login/")
    site_page.fill("#id_login", DEMO_APPLICANT_EMAIL)
    site_page.fill("#id_password", DEMO_APPLICANT_PASSWORD)
    site_page.locator("main form button[type=submit]").click()
    site_page.wait_for_url("**/wnioski/")
    site_page.set_viewport_size(VIEWPORTS[viewport])
    for path in SIGNED_IN[language]:
        check(site_page, demo_site + path.format(pk=pk), viewport)
    # The organisation form refused, with its error summary.
    site_page.goto(demo_site + "/wnioski/organizacje/nowa/")
    console_of(site_page).allowed_failures.add(demo_site + "/wnioski/organizacje/nowa/")
    site_page.locator("main form.portal-form button[type=submit]").click()
    assert site_page.locator(".error-summary").count() == 1
    findings = axe_findings(site_page)
    assert not findings, findings
