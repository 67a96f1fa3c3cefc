"""What an anonymous visitor can make the page cache hold is bounded: a long search address with a
repeated parameter produces an ordinary page (its links carry the cleaned parameters only), addresses
that differ only in repeats, order of parameters or unknown parameters share one copy, pages listing
invalid parameters, oversized pages and long addresses of other pages are not kept, and the local
memory cache has a bounded number of entries."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db

SEARCH = "/en/qualifications/"


@pytest.fixture
def register(db):
    return [QualificationFactory(name_pl=f"Kwalifikacja testowa {n}", prk_level_id=4) for n in range(20)]


def page_copies() -> int:
    # The search also caches small per-version lookups (the thesaurus's matches); pages are what counts here.
    return sum(":page:" in key for key in cache._cache)


def cached_bytes() -> int:
    return sum(len(value) for value in cache._cache.values())  # the local-memory cache's pickled copies


def test_a_repeated_parameter_is_not_repeated_in_the_page(client, register):
    plain = client.get(SEARCH, {"level": "4"})
    long_address = SEARCH + "?" + "&".join(["level=4"] * 600)  # about 4 KB
    assert len(long_address) > 4000
    hostile = client.get(long_address)
    assert hostile.status_code == 200
    html = hostile.content.decode()
    assert "level=4&amp;level=4" not in html
    assert len(hostile.content) < len(plain.content) * 1.1
    # Each result's back link carries the cleaned search only.
    backs = re.findall(r'\?back=([^"]+)"', html)
    assert len(backs) == 20 and set(backs) == {"level%3D4"}


def test_addresses_that_show_the_same_page_share_one_copy(client, register):
    cache.clear()
    first = client.get(SEARCH, {"level": "4", "q": "testowa"})
    assert first["X-Cache"] == "miss"
    variants = [
        f"{SEARCH}?q=testowa&level=4&level=4",
        f"{SEARCH}?level=4&unknown=1&q=testowa",
        f"{SEARCH}?q=ignored&level=4&q=testowa&utm_source=" + "x" * 3000,
    ]
    for n, address in enumerate(variants):
        response = client.get(address)
        assert response["X-Cache"] == "hit", address
        assert response.content == first.content, n
    assert page_copies() == 1


def test_eighty_long_addresses_leave_one_small_copy(client, register):
    cache.clear()
    for n in range(80):
        client.get(SEARCH + f"?tracking={n}&" + "&".join(["level=4"] * 600))
    assert page_copies() == 1
    assert cached_bytes() < 64 * 1024  # stored compressed


def test_a_page_listing_invalid_parameters_is_not_cached(client, register):
    cache.clear()
    response = client.get(SEARCH, {"level": "9" * 2000})
    assert response.status_code == 200 and 'class="error-summary"' in response.content.decode()
    assert "X-Cache" not in response
    assert page_copies() == 0


def test_oversized_pages_and_long_addresses_of_other_pages_are_not_cached(client, register, settings):
    cache.clear()
    settings.PAGE_CACHE_MAX_BYTES = 1000
    assert "X-Cache" not in client.get(SEARCH, {"level": "4"})
    settings.PAGE_CACHE_MAX_BYTES = 512 * 1024
    assert client.get("/en/institutions/", {"q": "x" * 100})["X-Cache"] == "miss"
    assert "X-Cache" not in client.get("/en/institutions/", {"q": "x" * 1000})
    assert page_copies() == 1


def test_the_local_memory_cache_is_bounded():
    options = settings.CACHES["default"]["OPTIONS"]
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    assert 0 < options["MAX_ENTRIES"] <= 1000
    assert settings.PAGE_CACHE_MAX_BYTES <= 1024 * 1024
