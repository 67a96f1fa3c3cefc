"""ADMIN_URL moves the back-office: served at the new address, /admin/ is then a plain 404."""

import importlib.util
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

MOVED = "zaplecze-7q2/"
URLCONF = "tests.security._moved_admin_urls"


@pytest.fixture
def moved_admin(settings):
    """zrk/urls.py loaded afresh (as another module) while ADMIN_URL is set, and made the URLconf:
    the real zrk.urls, which other test URLconfs import, stays as it is."""
    settings.ADMIN_URL = MOVED
    source = Path(__file__).resolve().parents[2] / "zrk" / "urls.py"
    spec = importlib.util.spec_from_file_location(URLCONF, source)
    module = importlib.util.module_from_spec(spec)
    sys.modules[URLCONF] = module
    spec.loader.exec_module(module)
    settings.ROOT_URLCONF = URLCONF  # clears the URL caches (setting_changed)
    yield
    del sys.modules[URLCONF]


def test_the_default_address_is_admin():
    assert reverse("admin:index") == "/admin/"


def test_the_admin_is_served_at_the_configured_address(moved_admin, admin_user):
    assert reverse("admin:index") == f"/{MOVED}"
    client = Client()
    assert client.get(f"/{MOVED}login/").status_code == 200
    response = client.get(f"/{MOVED}")
    assert response.status_code == 302 and response["Location"].startswith(f"/{MOVED}login/")
    client.force_login(admin_user)
    assert client.get(f"/{MOVED}").status_code == 200
    assert client.get(f"/{MOVED}qualifications/qualification/").status_code == 200


@pytest.mark.parametrize("url", ["/admin/", "/admin/login/", "/admin/qualifications/qualification/"])
def test_the_old_address_is_not_found(moved_admin, client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert b'class="site-header"' in response.content  # the site's own 404 page


def test_public_pages_stay_where_they_were(moved_admin, client):
    for url in ("/", "/en/", "/kwalifikacje/", "/api/v1/qualifications/", "/healthz"):
        assert client.get(url).status_code == 200, url


def test_the_lockout_guards_the_moved_login_too(moved_admin, client, admin_user):
    data = {"username": admin_user.username, "password": "wrong-password"}
    responses = [client.post(f"/{MOVED}login/", data) for _ in range(5)]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]


def test_robots_txt_does_not_advertise_a_moved_admin(moved_admin, client):
    text = client.get("/robots.txt").content.decode()
    assert "zaplecze" not in text and "/admin/" not in text
    assert "User-agent: *\nDisallow:\n" in text  # nothing disallowed


@pytest.mark.parametrize("taken", ["api/", "kwalifikacje/", "en/", "static/", "feeds/", "instytucje/x/"])
def test_an_admin_url_that_takes_a_public_address_is_refused(settings, taken):
    settings.ADMIN_URL = taken
    errors = [message for message in run_checks() if message.id == "zrk.E001"]
    assert len(errors) == 1 and taken in errors[0].msg


def test_a_free_admin_url_passes_the_check(settings):
    settings.ADMIN_URL = MOVED
    assert [message for message in run_checks() if message.id == "zrk.E001"] == []
