"""Applicant accounts: sign-up with e-mail verification, login by e-mail, password reset that does not
tell whether an address has an account, strong passwords, and staff kept to the admin login."""

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from applications.demo_accounts import (
    DEMO_APPLICANT_EMAIL,
    DEMO_APPLICANT_PASSWORD,
    create_demo_applicant,
    demo_accounts_present,
)
from tests.portal.accounts_helpers import PASSWORD, applicant, last_link, login

pytestmark = pytest.mark.django_db


def signup(client, email, password=PASSWORD, confirm=None):
    return client.post("/konto/signup/", {"email": email, "password1": password, "password2": confirm or password})


def test_signup_needs_the_emailed_link_before_the_first_login():
    client = Client()
    response = signup(client, "nowa@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    user = get_user_model().objects.get(email="nowa@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    # Not signed in until the address is verified.
    assert client.get(reverse("portal:dashboard")).status_code == 302
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nowa@example.org"]
    link = last_link(r"http://testserver/konto/confirm-email/\S+")
    path = link.removeprefix("http://testserver")
    page = client.get(path)
    assert page.status_code == 200
    assert client.post(path).status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_an_unverified_account_cannot_log_in_but_is_sent_a_new_link():
    applicant("niepotwierdzona@example.org", verified=False)
    client = Client()
    response = login(client, "niepotwierdzona@example.org")
    assert response.status_code == 302 and response["Location"] == "/konto/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert mail.outbox and mail.outbox[-1].to == ["niepotwierdzona@example.org"]


def test_weak_and_short_passwords_are_refused_with_an_error_summary():
    client = Client()
    for weak in ("krotkie1", "123456789012", "password1234"):
        response = signup(client, f"slabe-{len(weak)}-{weak[:3]}@example.org", password=weak)
        assert response.status_code == 200
        assert "error-summary" in response.content.decode()
    assert not get_user_model().objects.filter(email__startswith="slabe").exists()
    assert not mail.outbox


def test_signup_with_a_taken_address_looks_the_same_and_warns_its_owner():
    applicant("zajety@example.org")
    client = Client()
    response = signup(client, "zajety@example.org")
    assert response.status_code == 302 and response["Location"] == "/konto/confirm-email/"
    assert get_user_model().objects.filter(email__iexact="zajety@example.org").count() == 1
    assert mail.outbox and mail.outbox[-1].to == ["zajety@example.org"]


def test_login_by_email_and_the_landing_page():
    applicant("jan@example.org")
    client = Client()
    response = login(client, "jan@example.org")
    assert response.status_code == 302 and response["Location"] == reverse("portal:dashboard")
    page = client.get(reverse("portal:dashboard"))
    assert page.status_code == 200
    assert "Moje wnioski" in page.content.decode()


def test_a_wrong_password_is_refused_in_the_users_language():
    applicant("jan@example.org")
    client = Client()
    response = login(client, "jan@example.org", "zle-haslo-123456")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    english = client.post("/en/account/login/", {"login": "jan@example.org", "password": "zle-haslo-123456"})
    assert english.status_code == 200
    assert 'lang="en"' in english.content.decode()


def test_anonymous_visitors_are_sent_to_login():
    response = Client().get(reverse("portal:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=")


def test_password_reset_answers_alike_for_known_and_unknown_addresses():
    applicant("znany@example.org")
    client = Client()
    known = client.post("/konto/password/reset/", {"email": "znany@example.org"})
    unknown = client.post("/konto/password/reset/", {"email": "nieznany@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # The address with an account gets the reset link; the other a note that it has no account.
    assert [message.to for message in mail.outbox] == [["znany@example.org"], ["nieznany@example.org"]]
    assert "/konto/password/reset/key/" in mail.outbox[0].body
    assert "/konto/password/reset/key/" not in mail.outbox[1].body


def test_password_reset_link_is_built_from_site_url_not_the_host_header(settings):
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]
    settings.SITE_URL = "https://zrk.example.gov.pl"
    applicant("znany@example.org")
    Client().post("/konto/password/reset/", {"email": "znany@example.org"}, HTTP_HOST="evil.example")
    body = mail.outbox[-1].body
    assert "https://zrk.example.gov.pl/konto/password/reset/key/" in body
    assert "evil.example" not in body
    # The same for the note to an address without an account and for the sign-up confirmation.
    Client().post("/konto/password/reset/", {"email": "obcy@example.org"}, HTTP_HOST="evil.example")
    assert "https://zrk.example.gov.pl/konto/signup/" in mail.outbox[-1].body
    assert "evil.example" not in mail.outbox[-1].body
    Client().post(
        "/konto/signup/",
        {"email": "nowa@example.org", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_HOST="evil.example",
    )
    assert "https://zrk.example.gov.pl/konto/confirm-email/" in mail.outbox[-1].body
    assert "evil.example" not in mail.outbox[-1].body


def test_password_reset_sets_a_new_password():
    applicant("reset@example.org")
    client = Client()
    client.post("/konto/password/reset/", {"email": "reset@example.org"})
    link = last_link(r"http://testserver/konto/password/reset/key/\S+").removeprefix("http://testserver")
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    path = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    new = "Zupelnie-Nowe-Haslo-77"
    assert client.post(path, {"password1": new, "password2": new}).status_code == 302
    assert login(Client(), "reset@example.org", new).status_code == 302


def test_staff_cannot_log_in_at_the_portal_even_with_the_right_password(settings):
    staff = applicant("urzednik@example.org", is_staff=True)
    client = Client()
    right = login(client, "urzednik@example.org")
    wrong = login(Client(), "urzednik@example.org", "zle-haslo-123456")
    assert right.status_code == wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    # Same answer: the portal never tells that a guessed staff password is right.
    assert right.context["form"].errors == wrong.context["form"].errors
    # The admin login (with its lockout) still works for the same account.
    admin = Client()
    response = admin.post(reverse("admin:login"), {"username": staff.username, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    assert AccessAttempt.objects.count() == 0
    # Nor does the portal's password reset serve staff: the address is answered like an unknown one.
    Client().post("/konto/password/reset/", {"email": "urzednik@example.org"})
    assert mail.outbox and "/konto/password/reset/key/" not in mail.outbox[-1].body


def test_failed_portal_logins_are_rate_limited_per_address():
    applicant("celem@example.org")
    client = Client()
    for _ in range(5):
        assert login(client, "celem@example.org", "zle-haslo-123456").status_code == 200
    # The right password is refused too while the limit lasts.
    response = login(client, "celem@example.org")
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    # They are not counted by the admin lockout (which would lock every applicant behind one address).
    assert AccessAttempt.objects.count() == 0


def test_signups_are_rate_limited(settings):
    client = Client()
    for n in range(10):
        signup(client, f"masowa{n}@example.org")
    response = signup(client, "masowa-nadmiar@example.org")
    assert response.status_code == 429
    assert not get_user_model().objects.filter(email="masowa-nadmiar@example.org").exists()


def test_password_resets_are_rate_limited_per_address():
    applicant("zasypany@example.org")
    client = Client()
    for _ in range(3):
        client.post("/konto/password/reset/", {"email": "zasypany@example.org"})
    sent = len(mail.outbox)
    client.post("/konto/password/reset/", {"email": "zasypany@example.org"})
    assert len(mail.outbox) == sent == 3


def test_the_demo_applicants_published_password_opens_nothing_outside_demo_mode(settings, db):
    settings.ZRK_DEMO = False
    create_demo_applicant()
    client = Client()
    login(client, DEMO_APPLICANT_EMAIL, DEMO_APPLICANT_PASSWORD)
    assert "_auth_user_id" not in client.session
    assert "wnioskodawca" in demo_accounts_present()
    settings.ZRK_DEMO = True
    assert login(client, DEMO_APPLICANT_EMAIL, DEMO_APPLICANT_PASSWORD).status_code == 302
    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_account_pages_are_in_the_site_layout_in_both_languages():
    applicant("uklad@example.org")
    signed_in = Client()
    login(signed_in, "uklad@example.org")
    for path, language, client in (
        ("/konto/login/", "pl", Client()),
        ("/en/account/login/", "en", Client()),
        ("/konto/signup/", "pl", Client()),
        ("/konto/password/reset/", "pl", Client()),
        ("/konto/email/", "pl", signed_in),
        ("/en/account/password/change/", "en", signed_in),
        ("/konto/2fa/", "pl", signed_in),
    ):
        response = client.get(path)
        assert response.status_code == 200
        html = response.content.decode()
        assert f'<html lang="{language}">' in html
        assert 'class="site-header"' in html and 'class="site-footer"' in html
        assert "<style" not in html and "<script" not in html
    assert "Zaloguj się" in Client().get("/konto/login/").content.decode()


def test_login_never_redirects_off_the_site():
    applicant("dalej@example.org")
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"):
        client = Client()
        response = client.post("/konto/login/", {"login": "dalej@example.org", "password": PASSWORD, "next": target})
        assert response.status_code == 302
        assert response["Location"] == reverse("portal:dashboard"), target
    response = Client().post(
        "/konto/login/", {"login": "dalej@example.org", "password": PASSWORD, "next": "/wnioski/organizacje/"}
    )
    assert response["Location"] == "/wnioski/organizacje/"
