"""The search page lists the first MAX_PAGED_RESULTS results as pages: a page far down a long list
costs as little as page 1 (an address beyond the last page shows the last one), and the last page
says how to reach the rest. The count, the API and the downloads still cover every result."""

import json

import pytest

from qualifications.search import pipeline
from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db

SEARCH = "/kwalifikacje/"


@pytest.fixture(autouse=True)
def _thirty_paged(monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_PAGED_RESULTS", 30)


def _titles(response) -> int:
    return response.content.decode().count('class="result__title"')


@pytest.mark.parametrize("page", ["3", "4", "2000", "99999999999999999999"])
def test_a_page_beyond_the_paged_results_shows_the_last_one_and_how_to_narrow(client, roles, page):
    QualificationFactory.create_batch(45, category="craft")
    response = client.get(SEARCH, {"per_page": "10", "page": page})
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["page_obj"].number == 3
    assert _titles(response) == 10
    assert "45 kwalifikacji" in html
    assert response.context["page_obj"].start_index() == 21
    assert 'rel="next"' not in html
    assert "Strony pokazują pierwsze 30 z 45 wyników." in html


def test_earlier_pages_and_short_lists_say_nothing_of_it(client, roles):
    QualificationFactory.create_batch(45)
    assert 'id="paging-limit"' not in client.get(SEARCH, {"per_page": "10", "page": "2"}).content.decode()
    assert 'rel="next"' in client.get(SEARCH, {"per_page": "10", "page": "2"}).content.decode()
    # The bound is in whole pages: one page of 50 holds more than 30 results.
    one_page = client.get(SEARCH, {"per_page": "50"})
    assert _titles(one_page) == 45
    assert 'id="paging-limit"' not in one_page.content.decode()
    QualificationFactory.create_batch(5, category="craft")
    narrowed = client.get(SEARCH, {"category": "craft", "per_page": "10"})
    assert 'id="paging-limit"' not in narrowed.content.decode()


def test_the_english_page_says_it_too(client, roles):
    QualificationFactory.create_batch(35)
    html = client.get("/en/qualifications/", {"per_page": "10", "page": "9"}).content.decode()
    assert "The pages show the first 30 of 35 results." in html


def test_the_api_and_the_downloads_still_serve_every_result(client, roles):
    QualificationFactory.create_batch(45)
    api = client.get("/api/v1/qualifications/", {"page_size": "10", "page": "5"}).json()
    assert api["count"] == 45 and len(api["results"]) == 5
    downloaded = json.loads(b"".join(client.get("/api/v1/downloads/qualifications.json").streaming_content))
    assert len(downloaded) == 45
