"""The open data page lists every machine-readable output, and every example on it answers with the
format the page states: a consumer who copies an address from the page gets what it promised."""

import re

import pytest

from zrk.open_data import outputs

pytestmark = pytest.mark.django_db

EXAMPLE = re.compile(r'<a class="data-output__example" href="([^"]+)" data-media-type="([^"]+)">')


@pytest.fixture
def demo(demo_register):
    return demo_register


@pytest.mark.parametrize("path", ["/otwarte-dane/", "/en/open-data/"])
def test_every_output_listed_on_the_page_answers_with_its_format(client, demo, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    examples = EXAMPLE.findall(html.replace("&amp;", "&"))
    # Every output of the register has a live example (the demo register is not empty).
    assert len(examples) == len(outputs()) >= 18
    for address, media_type in examples:
        answer = client.get(address)
        assert answer.status_code == 200, (address, answer.status_code)
        assert answer["Content-Type"].split(";")[0].strip() == media_type, (address, answer["Content-Type"])
        body = b"".join(answer.streaming_content) if answer.streaming else answer.content
        assert body, address


def test_the_page_names_apis_downloads_europass_feeds_and_the_rules(client, demo):
    html = client.get("/en/open-data/").content.decode()
    for needle in (
        "/api/v1/qualifications/",
        "/api/v1/docs/",
        "/api/v1/openapi.json",
        "/api/xml/kwalifikacje/",
        "/api/v1/elm/qualifications.xml",
        "/api/v1/downloads/qualifications.csv",
        "/feeds/qualifications.en.atom",
        "changed_since",
        "page_size",
        "Reuse and licence",
    ):
        assert needle in html, needle


def test_an_empty_register_still_shows_the_page_without_dead_examples(client):
    html = client.get("/en/open-data/").content.decode()
    assert "no example: the register is empty" in html
    for address, _media_type in EXAMPLE.findall(html.replace("&amp;", "&")):
        assert client.get(address).status_code == 200, address


@pytest.mark.parametrize("path", ["/", "/kwalifikacje/", "/en/institutions/", "/otwarte-dane/"])
def test_pages_announce_the_atom_feed_of_their_language(client, path):
    html = client.get(path).content.decode()
    feed = "qualifications.en.atom" if path.startswith("/en/") else "qualifications.pl.atom"
    assert re.search(
        rf'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="http://testserver/feeds/{re.escape(feed)}">',
        html,
    )
