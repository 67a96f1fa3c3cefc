"""The production hardening as a browser meets it: HTTPS only, HSTS, secure cookies, referrer policy.

The pages are requested with Django's test client inside ``manage.py shell`` run with
ZRK_ENV=production, so the settings are exactly those of a deployment. The user it logs in with is
created inside a transaction that is rolled back: nothing is left in the test database.
"""

import pytest

from tests.security.production import HOST, run_in_production

pytestmark = pytest.mark.django_db

PROBE = f"""
import json
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings

# The manifest of collected static files is not needed for headers and cookies.
plain_storage = {{"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
storages = {{**settings.STORAGES, "staticfiles": plain_storage}}

def cookie(response, name):
    morsel = response.cookies.get(name)
    return None if morsel is None else {{"secure": bool(morsel["secure"]), "httponly": bool(morsel["httponly"]),
                                         "samesite": morsel["samesite"]}}

out = {{}}
with override_settings(STORAGES=storages), transaction.atomic():
    get_user_model().objects.create_user("probe", password="probe-password-123", is_staff=True)
    client = Client(HTTP_HOST="{HOST}")
    plain = client.get("/healthz")
    out["http"] = [plain.status_code, plain.get("Location")]
    forwarded = client.get("/healthz", headers={{"X-Forwarded-Proto": "https"}})
    out["https_via_proxy"] = forwarded.status_code
    page = client.get("/robots.txt", secure=True)
    out["headers"] = {{name: page.get(name) for name in (
        "Strict-Transport-Security", "Referrer-Policy", "X-Content-Type-Options", "X-Frame-Options",
        "Cross-Origin-Opener-Policy", "Content-Security-Policy")}}
    login_url = "/" + settings.ADMIN_URL + "login/"
    form = client.get(login_url, secure=True)
    out["csrf_cookie"] = cookie(form, settings.CSRF_COOKIE_NAME)
    logged_in = client.post(login_url, {{"username": "probe", "password": "probe-password-123",
                                        "next": "/" + settings.ADMIN_URL}}, secure=True)
    out["login_status"] = logged_in.status_code
    out["session_cookie"] = cookie(logged_in, settings.SESSION_COOKIE_NAME)
    out["cookie_names"] = [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME]
    transaction.set_rollback(True)
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def production(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        # The test client's requests come from 127.0.0.1: the proxy, whose X-Forwarded-Proto is believed.
        return run_in_production(PROBE, TRUSTED_PROXIES="127.0.0.1")


def test_plain_http_is_redirected_to_https(production):
    status, location = production["http"]
    assert status == 301 and location == f"https://{HOST}/healthz"
    assert production["https_via_proxy"] == 200  # the proxy's X-Forwarded-Proto: https is believed


def test_hsts_for_a_year_with_subdomains_and_preload(production):
    assert production["headers"]["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_referrer_policy_and_other_security_headers(production):
    headers = production["headers"]
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_session_and_csrf_cookies_are_secure_and_host_bound(production):
    assert production["cookie_names"] == ["__Secure-sessionid", "__Secure-csrftoken"]
    assert production["login_status"] == 302
    assert production["csrf_cookie"] == {"secure": True, "httponly": False, "samesite": "Lax"}
    assert production["session_cookie"] == {"secure": True, "httponly": True, "samesite": "Lax"}
