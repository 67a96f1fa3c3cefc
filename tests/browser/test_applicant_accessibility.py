"""axe-core on the applicant portal's application pages, in both languages at 320 and 1280 px, signed in
as the demo applicant (an owner): starting each kind of application, the task list and every section
page of each kind, the outcome editor's row page, the preview, the refused Submit and a refused section,
the submit confirmation, the case page with its answer form, the withdrawal and discard confirmations,
and the two-factor set-up. No WCAG 2.1 A/AA violation, nothing on the console (CSP included), no
sideways scrolling. The account, organisation and eligibility pages are checked in
test_accounts_accessibility.py; this module adds to the demo register, committed once for the package,
the demo applicant's rights and PZZJ drafts (the package fixture puts the database back at the end)."""

import pytest
from django.urls import reverse
from django.utils import translation

from applications.demo import DEMO_APPLICANT
from applications.demo_accounts import DEMO_APPLICANT_EMAIL, DEMO_APPLICANT_PASSWORD
from applications.models import CertificationRightsApplication, InclusionApplication, PzzjApplication, State
from applications.portal.demo import DRAFT_CODE
from applications.portal.draft_forms import IN_REGISTER
from applications.portal.kinds import DRAFT
from applications.portal.sections import sections_of
from institutions.models import Organisation
from qualifications.models import Qualification
from tests.browser.support import axe_findings, console_of
from tests.browser.test_accounts_accessibility import VIEWPORTS, check

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def portal_paths(demo_site, django_db_blocker):
    """{language: {page name: path}} for the demo applicant's applications of every kind."""
    with django_db_blocker.unblock():
        organisation = Organisation.objects.get(name_pl=DEMO_APPLICANT)
        inclusion = InclusionApplication.objects.get(draft__code=DRAFT_CODE)
        qualification = (
            Qualification.objects.filter(status__in=IN_REGISTER, ministry__isnull=False).order_by("zrk_id").first()
        )
        rights, _ = CertificationRightsApplication.objects.get_or_create(
            applicant=organisation, qualification=qualification, state=DRAFT
        )
        pzzj = PzzjApplication.objects.filter(applicant=organisation, state=DRAFT).first()
        pzzj = pzzj or PzzjApplication.objects.create(applicant=organisation, state=DRAFT)
        drafts = {"inclusion": inclusion, "rights": rights, "pzzj": pzzj}
        requested = InclusionApplication.objects.get(draft__code="DEMO-WN-03")
        assert requested.state == State.COMPLETION_REQUESTED
        filed = InclusionApplication.objects.get(draft__code="DEMO-WN-01")
        outcome_set = inclusion.draft.outcome_sets.order_by("position").first()
        paths = {}
        for language in ("pl", "en"):
            with translation.override(language):
                built = {}
                for kind, draft in drafts.items():
                    built[f"new-{kind}"] = reverse("portal:new", args=[kind]) + f"?organisation={organisation.pk}"
                    built[f"task-list-{kind}"] = reverse("portal:draft", args=[kind, draft.pk])
                    for section in sections_of(kind):
                        built[f"section-{kind}-{section.slug}"] = reverse(
                            "portal:section", args=[kind, draft.pk, section.slug]
                        )
                    built[f"submit-{kind}"] = reverse("portal:submit", args=[kind, draft.pk])
                built["row-set"] = reverse("portal:row_add", args=["inclusion", inclusion.pk, "set"])
                built["row-outcome"] = (
                    reverse("portal:row_add", args=["inclusion", inclusion.pk, "outcome"]) + f"?parent={outcome_set.pk}"
                )
                built["preview"] = reverse("portal:preview", args=["inclusion", inclusion.pk])
                built["discard"] = reverse("portal:discard", args=["inclusion", inclusion.pk])
                built["submitted"] = reverse("portal:submitted", args=["inclusion", filed.pk])
                built["case"] = reverse("portal:case", args=["inclusion", filed.pk])
                built["case-answer"] = reverse("portal:case", args=["inclusion", requested.pk])
                built["withdraw"] = reverse("portal:case_withdraw", args=["inclusion", requested.pk])
                built["totp"] = reverse("mfa_activate_totp")
            paths[language] = built
    return paths


def sign_in(page, base):
    page.goto(base + "/konto/login/")
    page.fill("#id_login", DEMO_APPLICANT_EMAIL)
    page.fill("#id_password", DEMO_APPLICANT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/wnioski/")


def refused(page, url, viewport):
    """The page as a refused POST leaves it (400, reported on the console): its error summary first."""
    console_of(page).allowed_failures.add(url)
    summary = page.locator(".error-summary")
    assert summary.count() == 1, page.url
    assert summary.evaluate("element => element === document.activeElement"), page.url
    findings = axe_findings(page)
    assert not findings, f"{url} (refused) at {viewport} px:\n{findings}"


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", ["pl", "en"])
def test_application_pages(demo_site, site_page, portal_paths, language, viewport):
    page, paths = site_page, portal_paths[language]
    sign_in(page, demo_site)
    page.set_viewport_size(VIEWPORTS[viewport])
    for name, path in paths.items():
        if not name.startswith("submit-"):
            response = check(page, demo_site + path, viewport)
            assert response.status == 200, (name, path, response.status)

    # The answer form was among the pages checked (the demo applicant is an owner).
    page.goto(demo_site + paths["case-answer"])
    assert page.locator("#completion form textarea").count() == 1

    # An empty answer and a withdrawal not confirmed: both refused, nothing changes.
    page.goto(demo_site + paths["case-answer"])
    answer = page.locator("#completion form").evaluate("f => f.action")
    console_of(page).allowed_failures.add(answer)
    with page.expect_navigation():
        page.locator("#completion form button[type=submit]").click()
    refused(page, answer, viewport)
    withdraw = demo_site + paths["withdraw"]
    page.goto(withdraw)
    console_of(page).allowed_failures.add(withdraw)
    with page.expect_navigation():
        page.locator(f"main form[action='{paths['withdraw']}'] button[type=submit]").click()
    refused(page, withdraw, viewport)

    # Submit refused: the rights draft lacks everything.
    page.goto(demo_site + paths["task-list-rights"])
    submit = demo_site + paths["submit-rights"]
    console_of(page).allowed_failures.add(submit)
    page.locator(f"main form[action='{paths['submit-rights']}'] button[type=submit]").click()
    page.wait_for_url(submit)
    refused(page, submit, viewport)

    # A section refused: codes in the wrong format, the summary linking to each field.
    codes = demo_site + paths["section-inclusion-codes"]
    page.goto(codes)
    page.fill("#id_isced_code", "abc")
    page.fill("#id_pkd_code", "x")
    console_of(page).allowed_failures.add(codes)
    with page.expect_navigation():
        page.locator("main form button[name=then][value=list]").click()
    refused(page, codes, viewport)


# ---- Two-factor authentication, once enrolled ------------------------------------------------------


@pytest.fixture(scope="module")
def two_factor_users(demo_site, django_db_blocker):
    """{(language, viewport): (e-mail, TOTP secret)}: one enrolled applicant per run, so that no run
    reuses a code another has just spent."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.portal.accounts_helpers import applicant

    users = {}
    with django_db_blocker.unblock():
        for language in ("pl", "en"):
            for viewport in VIEWPORTS:
                email = f"dwa-kroki-{language}-{viewport}@example.org"
                user = applicant(email)
                secret = generate_totp_secret()
                TOTP.activate(user, secret)
                RecoveryCodes.activate(user)
                users[language, viewport] = (email, secret)
    return users


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", ["pl", "en"])
def test_two_factor_pages(demo_site, site_page, two_factor_users, language, viewport):
    from tests.portal.accounts_helpers import PASSWORD
    from tests.portal.test_accounts_mfa import current_totp

    page = site_page
    email, secret = two_factor_users[language, viewport]
    prefix = "" if language == "pl" else "/en"
    account = "/konto/" if language == "pl" else "/account/"
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(f"{demo_site}{prefix}{account}login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/2fa/authenticate/"), page.url
    check(page, page.url, viewport)
    page.fill("#id_code", current_totp(secret))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert "/2fa/" not in page.url, page.url
    with translation.override(language):
        paths = [reverse(name) for name in ("mfa_index", "mfa_view_recovery_codes", "mfa_deactivate_totp")]
    for path in paths:
        response = check(page, demo_site + path, viewport)
        assert response.status == 200, (path, response.status)


# ---- The pages between sign-up and the first login, and the password reset's ------------------------


@pytest.fixture(scope="module")
def confirmation_key(demo_site, django_db_blocker):
    """The key of the link e-mailed to a new applicant (its address not yet verified)."""
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC

    from tests.portal.accounts_helpers import applicant

    with django_db_blocker.unblock():
        user = applicant("niepotwierdzony-axe@example.org", verified=False)
        return EmailConfirmationHMAC(EmailAddress.objects.get(user=user)).key


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", ["pl", "en"])
def test_sign_up_and_password_reset_steps(demo_site, site_page, confirmation_key, language, viewport):
    page = site_page
    page.set_viewport_size(VIEWPORTS[viewport])
    with translation.override(language):
        paths = [
            reverse("account_email_verification_sent"),
            reverse("account_confirm_email", args=[confirmation_key]),
            reverse("account_reset_password_done"),
            # A reset link that is wrong or used: the page says so and offers a new one.
            reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "nie-ten-klucz"}),
        ]
    for path in paths:
        response = check(page, demo_site + path, viewport)
        assert response.status == 200, (path, response.status)
