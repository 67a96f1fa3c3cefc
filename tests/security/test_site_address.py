"""Absolute links come from SITE_URL, never from the request: in production a request naming another
port (or a forged X-Forwarded-Proto from a client that is no trusted proxy) neither changes the links
of the page it gets nor poisons the cached copy every later visitor receives. Production refuses to
start without SITE_URL, and check --deploy flags an address that is not HTTPS or not an allowed host."""

import pytest

from tests.security.production import HOST, manage, production_env, run_in_production

pytestmark = pytest.mark.django_db

PROBE = f"""
import json, re
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings

plain_storage = {{"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
storages = {{**settings.STORAGES, "staticfiles": plain_storage}}
links = re.compile(r'(?:href|content)="(https?://[^"]+)"')
out = {{}}
with override_settings(STORAGES=storages):
    cache.clear()
    attacker = Client(HTTP_HOST="{HOST}:6666", REMOTE_ADDR="203.0.113.66")
    forged = attacker.get("/", headers={{"X-Forwarded-Proto": "https"}})
    out["forged_proto"] = [forged.status_code, forged.get("Location")]
    poisoned = attacker.get("/", secure=True)
    out["attacker_links"] = sorted(set(links.findall(poisoned.content.decode())))
    visitor = Client(HTTP_HOST="{HOST}").get("/", secure=True)
    out["visitor_cache"] = visitor.get("X-Cache")
    out["visitor_links"] = sorted(set(links.findall(visitor.content.decode())))
    robots = Client(HTTP_HOST="{HOST}:6666").get("/robots.txt", secure=True).content.decode()
    out["robots_sitemap"] = [line for line in robots.splitlines() if line.startswith("Sitemap:")]
    sitemap = Client(HTTP_HOST="{HOST}:6666").get("/sitemap.xml", secure=True).content.decode()
    out["sitemap_locations"] = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    api = Client(HTTP_HOST="{HOST}:6666").get("/api/v1/prk-levels/", secure=True)
    out["api_status"] = api.status_code
cache.clear()
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def production(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return run_in_production(PROBE)


def test_a_forged_forwarded_proto_from_a_client_is_ignored(production):
    status, location = production["forged_proto"]
    assert status == 301 and location.startswith("https://")  # still plain HTTP: redirected, not served


def test_links_name_the_configured_site_whatever_the_host_header(production):
    for key in ("attacker_links", "visitor_links"):
        links = production[key]
        assert links, key
        assert all(link.startswith(f"https://{HOST}/") for link in links if HOST in link), links
        assert not any(":6666" in link for link in links), links
    assert production["visitor_cache"] == "hit"  # the copy the attacker's request left is the one served
    assert production["robots_sitemap"] == [f"Sitemap: https://{HOST}/sitemap.xml"]
    locations = production["sitemap_locations"]
    assert locations and all(location.startswith(f"https://{HOST}/sitemap-") for location in locations)


def test_production_refuses_to_start_without_site_url():
    env = production_env()
    del env["SITE_URL"]
    result = manage("check", env=env)
    assert result.returncode != 0 and "SITE_URL" in result.stderr


@pytest.mark.parametrize("value", ["zrk.example.gov.pl", "https://zrk.example.gov.pl/path/", "ftp://x", "https://"])
def test_a_malformed_site_url_is_refused(value):
    result = manage("check", env=production_env(SITE_URL=value))
    assert result.returncode != 0 and "SITE_URL" in result.stderr


def test_check_deploy_flags_a_plain_http_or_foreign_site_url():
    result = manage("check", "--deploy", env=production_env(SITE_URL=f"http://{HOST}"))
    assert "zrk.W001" in result.stdout + result.stderr
    result = manage("check", "--deploy", env=production_env(SITE_URL="https://elsewhere.example"))
    assert result.returncode != 0 and "zrk.E002" in result.stdout + result.stderr
