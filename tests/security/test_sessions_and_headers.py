"""Back-office sessions end when the browser closes and after eight hours; public visitors keep the
defaults; every response carries a Permissions-Policy; gunicorn's control socket is per instance."""

import runpy
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from zrk.middleware import STAFF_LOGIN_KEY

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_a_staff_login_ends_with_the_browser_and_after_eight_hours(operator):
    client = Client()
    client.force_login(operator)
    assert client.session.get_expire_at_browser_close()
    assert client.get("/admin/").status_code == 200
    # Eight hours and a minute later the session is over: back to the login form.
    session = client.session
    session[STAFF_LOGIN_KEY] = int(time.time()) - django_settings.STAFF_SESSION_SECONDS - 60
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert "_auth_user_id" not in client.session


def test_a_staff_session_without_a_login_time_is_ended(operator):
    """Sessions made before the limit existed carry no login time: they do not outlive it."""
    client = Client()
    client.force_login(operator)
    session = client.session
    del session[STAFF_LOGIN_KEY]
    session.save()
    assert client.get("/admin/").status_code == 302


def test_the_session_limit_is_eight_hours_by_default():
    assert django_settings.STAFF_SESSION_SECONDS == 8 * 3600


def test_public_visitors_keep_the_default_session(client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert not client.session.get_expire_at_browser_close()
    assert django_settings.SESSION_COOKIE_AGE == 14 * 24 * 3600  # Django's default, unchanged


def test_every_response_denies_powerful_browser_features(client, operator):
    for url in ("/", "/en/qualifications/", "/api/v1/prk-levels/", "/robots.txt", "/no-such-page/", "/admin/login/"):
        policy = client.get(url)["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
            assert feature in policy, (url, policy)


def test_gunicorn_control_socket_is_per_instance(monkeypatch):
    monkeypatch.delenv("GUNICORN_CONTROL_SOCKET", raising=False)
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:8000")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["control_socket"] == str(ROOT / ".local" / "run" / "gunicorn-127.0.0.1-8000.ctl")
    assert config["control_socket_mode"] == 0o600

    class Cfg:
        bind = ["127.0.0.1:8011"]

        def set(self, name, value):
            setattr(self, name, value)

    server = SimpleNamespace(cfg=Cfg())
    config["on_starting"](server)  # the address given on the command line decides
    assert server.cfg.control_socket.endswith("gunicorn-127.0.0.1-8011.ctl")
    assert server.cfg.control_socket != config["control_socket"]

    monkeypatch.setenv("GUNICORN_CONTROL_SOCKET", "/run/zrk/ctl.sock")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["control_socket"] == "/run/zrk/ctl.sock"
    monkeypatch.setenv("GUNICORN_CONTROL_SOCKET", "off")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["control_socket_disable"] is True
