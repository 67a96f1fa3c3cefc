"""Admin login lockout (django-axes): five failures in a row for one user name from one address
lock that pair out for the cool-off time, with a page of ours; nobody else is affected."""

import datetime

import pytest
from axes.exceptions import AxesBackendRequestParameterRequired
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from tests.security.test_csp import inline_code
from zrk.security import lockout_response

pytestmark = pytest.mark.django_db

PASSWORD = "the-right-password-42"


@pytest.fixture
def staff(db):
    make = get_user_model().objects.create_user
    return make("urzednik", password=PASSWORD, is_staff=True), make("inny", password=PASSWORD, is_staff=True)


def login(client, username, password, address="198.51.100.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def fail(client, username, times, address="198.51.100.7"):
    return [login(client, username, "wrong-password", address) for _ in range(times)]


def is_lockout(response) -> bool:
    return response.status_code == 429 and b'class="site-header"' in response.content


def test_four_failures_are_only_failures(client, staff):
    responses = fail(client, "urzednik", 4)
    assert [r.status_code for r in responses] == [200] * 4  # the login form again, with its error
    assert login(client, "urzednik", PASSWORD).status_code == 302


def test_the_fifth_failure_locks_out_and_the_right_password_is_refused(client, staff):
    *_, fifth = fail(client, "urzednik", 5)
    assert is_lockout(fifth)
    refused = login(client, "urzednik", PASSWORD)
    assert is_lockout(refused)
    assert "_auth_user_id" not in client.session
    assert refused["Retry-After"] == "900"
    assert "no-cache" in refused["Cache-Control"] and "no-store" in refused["Cache-Control"]
    assert client.get(reverse("admin:index")).status_code == 302  # still not signed in


def test_the_lockout_page_is_in_the_site_design_and_language(client, staff):
    """The admin has no language prefix, so it is in Polish (the default language), and so is the
    lockout page; its text goes through the catalogue like every other page's."""
    fail(client, "urzednik", 5)
    response = login(client, "urzednik", PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429 and response["Content-Type"].startswith("text/html")
    assert '<html lang="pl">' in html and "css/site.css" in html and 'class="site-header"' in html
    with translation.override("pl"):
        assert escape(gettext("Sign-in blocked for a while")) in html
    assert '<meta name="robots" content="noindex">' in html
    assert inline_code(html) == []  # nothing the Content-Security-Policy would block


def test_the_lockout_page_in_english(in_english):
    request = RequestFactory().post("/admin/login/")
    request.user = AnonymousUser()
    html = lockout_response(request).content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Sign-in blocked for a while</h1>" in html
    assert "After 5 failed sign-in attempts in a row, signing in with this user name from your address" in html
    assert "Try again in 15 minutes." in html


def test_another_user_from_the_same_address_is_not_affected(client, staff):
    fail(client, "urzednik", 5)
    assert login(Client(), "inny", PASSWORD).status_code == 302


def test_the_same_user_from_another_address_is_not_affected(client, staff):
    fail(client, "urzednik", 5)
    assert login(Client(), "urzednik", PASSWORD, address="203.0.113.9").status_code == 302


def test_a_successful_login_resets_the_count(client, staff):
    fail(client, "urzednik", 4)
    assert login(client, "urzednik", PASSWORD).status_code == 302
    client.logout()
    responses = fail(client, "urzednik", 4)
    assert [r.status_code for r in responses] == [200] * 4
    assert login(client, "urzednik", PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, staff):
    fail(client, "urzednik", 5)
    assert is_lockout(login(client, "urzednik", PASSWORD))
    earlier = timezone.now() - datetime.timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=earlier)
    assert login(client, "urzednik", PASSWORD).status_code == 302


def test_unknown_user_names_are_counted_too(client, staff):
    *_, fifth = fail(client, "nobody-such", 5)
    assert is_lockout(fifth)


def test_force_login_and_sessions_are_untouched(client, staff):
    """The rest of the suite signs in with force_login, which never authenticates: axes sees nothing."""
    fail(Client(), "urzednik", 5)
    client.force_login(staff[0])
    assert client.get(reverse("admin:index")).status_code == 200


def test_client_login_needs_a_request_for_the_lockout(client, staff):
    """Django's client.login() authenticates without a request, which django-axes refuses; tests
    use force_login, or give login() a request as the README says."""
    with pytest.raises(AxesBackendRequestParameterRequired):
        client.login(username="urzednik", password=PASSWORD)
    assert client.login(username="urzednik", password=PASSWORD, request=HttpRequest())
