"""Optional TOTP two-factor authentication with recovery codes, enrolled and used through the pages
with a code computed here as an authenticator app would (RFC 6238)."""

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.portal.accounts_helpers import PASSWORD, applicant, login

pytestmark = pytest.mark.django_db


def totp(secret: str, at: float | None = None) -> str:
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((at or time.time()) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def current_totp(secret: str, margin: float = 5) -> str:
    """The code of the current 30-second period, after waiting for the next one when fewer than
    ``margin`` seconds of it are left: the server accepts the current period's code only, and a
    code typed at the end of its period (a busy machine, a browser) would arrive in the next."""
    left = 30 - time.time() % 30
    if left < margin:
        time.sleep(left + 0.1)
    return totp(secret)


def enrol(client) -> str:
    page = client.get("/konto/2fa/totp/activate/")
    if page.status_code == 302 and page["Location"].startswith("/konto/reauthenticate/"):
        # Changing the account's security asks for the password again.
        assert client.post(page["Location"], {"password": PASSWORD}).status_code == 302
        page = client.get("/konto/2fa/totp/activate/")
    assert page.status_code == 200
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page.content.decode())
    if secret is None:
        secret = re.search(r'value="([A-Z2-7]{16,})"', page.content.decode())
    secret = secret.group(1)
    response = client.post("/konto/2fa/totp/activate/", {"code": current_totp(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


def test_enrol_totp_then_log_in_with_a_code():
    user = applicant("dwuetapowo@example.org")
    client = Client()
    assert login(client, "dwuetapowo@example.org").status_code == 302
    secret = enrol(client)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()
    # The codes page lists the recovery codes.
    assert client.get("/konto/2fa/recovery-codes/").status_code == 200
    fresh = Client()
    response = login(fresh, "dwuetapowo@example.org")
    assert response.status_code == 302 and response["Location"] == "/konto/2fa/authenticate/"
    assert "_auth_user_id" not in fresh.session
    assert fresh.get(reverse("portal:dashboard")).status_code == 302
    wrong = fresh.post("/konto/2fa/authenticate/", {"code": "000000" if totp(secret) != "000000" else "111111"})
    assert wrong.status_code == 200 and "_auth_user_id" not in fresh.session
    cache.clear()  # the code used to enrol is spent; a later period's code is a new one
    assert fresh.post("/konto/2fa/authenticate/", {"code": totp(secret, time.time() + 30)}).status_code in (200, 302)
    if "_auth_user_id" not in fresh.session:
        assert fresh.post("/konto/2fa/authenticate/", {"code": current_totp(secret)}).status_code == 302
    assert fresh.get(reverse("portal:dashboard")).status_code == 200


def test_a_recovery_code_logs_in_once():
    user = applicant("odzysk@example.org")
    client = Client()
    login(client, "odzysk@example.org")
    enrol(client)
    codes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES).wrap().get_unused_codes()
    first = Client()
    login(first, "odzysk@example.org")
    assert first.post("/konto/2fa/authenticate/", {"code": codes[0]}).status_code == 302
    assert first.get(reverse("portal:dashboard")).status_code == 200
    again = Client()
    login(again, "odzysk@example.org")
    assert again.post("/konto/2fa/authenticate/", {"code": codes[0]}).status_code == 200
    assert "_auth_user_id" not in again.session


def test_the_security_page_is_in_the_portal_layout():
    applicant("strona@example.org")
    client = Client()
    login(client, "strona@example.org")
    page = client.get("/konto/2fa/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="portal-nav"' in html and "<script" not in html and "style=" not in html
