"""Regression tests for the server errors and the unescaped output the hostile-input tests found,
each through the HTTP client."""

import html

import pytest
from lxml import etree

from tests.factories import QualificationFactory
from tests.hostile.checks import LINK, link_host

pytestmark = pytest.mark.django_db

SUPERSCRIPT_TWO = "%C2%B2"  # "²": str.isdigit() says yes, int() says no
LONG_NUMBER = "9" * 5000  # more digits than int() converts


@pytest.mark.parametrize(
    "url",
    [
        f"/kwalifikacje/?q={SUPERSCRIPT_TWO}",
        f"/en/qualifications/?q={SUPERSCRIPT_TWO}",
        f"/api/v1/downloads/qualifications.csv?q={SUPERSCRIPT_TWO}",
    ],
)
def test_a_query_of_digits_int_refuses_is_searched_as_text(client, demo_register, url):
    assert client.get(url).status_code == 200


def test_the_api_searches_a_query_of_digits_int_refuses(client, demo_register):
    response = client.get(f"/api/v1/qualifications/?q={SUPERSCRIPT_TWO}")
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    ("parameter", "value"),
    [("qualification", SUPERSCRIPT_TWO), ("institution", SUPERSCRIPT_TWO), ("qualification", "%D9%A1%D9%A2")],
)
def test_the_certification_check_reports_a_number_it_cannot_read(client, demo_register, parameter, value):
    response = client.get(f"/en/certification-check/?{parameter}={value}")
    assert response.status_code == 200
    assert response.context["errors"], "listed in the error summary"


@pytest.mark.parametrize(
    "query",
    [f"page={SUPERSCRIPT_TWO}", f"page_size={SUPERSCRIPT_TWO}", f"page={LONG_NUMBER}", f"page_size={LONG_NUMBER}"],
    ids=["page-superscript", "page_size-superscript", "page-long", "page_size-long"],
)
def test_the_api_answers_400_for_a_page_it_cannot_read(client, demo_register, query):
    response = client.get(f"/api/v1/qualifications/?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["status"] == 400


@pytest.mark.parametrize("number", [SUPERSCRIPT_TWO, LONG_NUMBER], ids=["superscript", "long"])
def test_the_legacy_xml_answers_400_for_a_page_it_cannot_read(client, demo_register, number):
    response = client.get(f"/api/xml/kwalifikacje/?page={number}")
    assert response.status_code == 400
    assert etree.fromstring(response.content).tag == "blad"


@pytest.mark.parametrize("extension", ["csv", "json"])
def test_a_download_of_a_search_found_only_by_similarity_is_served(client, demo_register, extension):
    """The typo fallback's constant name_hit was put in ORDER BY when not selected (ORDER BY true)."""
    response = client.get(f"/api/v1/downloads/qualifications.{extension}?q=lakirnik+samochodowy")
    assert response.status_code == 200
    assert "Lakiernik samochodowy - dyplom mistrzowski" in b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.mark.parametrize(
    "moment", ["2024-02-30", "2024-02-30T10:00:00", "2024-01-01T00:00:00%2B99:00", "2024-13-01T00:00"]
)
def test_an_impossible_changed_since_is_a_400(client, demo_register, moment):
    response = client.get(f"/api/v1/qualifications/?changed_since={moment}")
    assert response.status_code == 400
    assert "changed_since" in response.json()["error"]["details"]


def test_the_atom_summary_is_escaped_html(client, demo_register):
    """The summary is type="html": a characteristic with markup must reach feed readers as text."""
    QualificationFactory(name_pl="Nowa", characteristic_pl='<script>alert(1)</script> & "cytat"')
    response = client.get("/feeds/qualifications.pl.atom")
    root = etree.fromstring(response.content)
    summaries = root.findall(".//{http://www.w3.org/2005/Atom}summary")
    texts = [summary.text for summary in summaries if summary.text and "alert(1)" in summary.text]
    assert texts and all(summary.get("type") == "html" for summary in summaries)
    assert "<script>" not in texts[0]
    assert html.unescape(texts[0]) == '<script>alert(1)</script> & "cytat"'


@pytest.mark.parametrize(
    "path", ["//evil.example/", "//evil.example/kwalifikacje/", "///evil.example/", "/en//evil.example/"]
)
def test_a_path_starting_with_two_slashes_does_not_make_links_to_another_host(client, demo_register, path):
    """The language links and hreflang alternates of the 404 page were built from //evil.example/..."""
    response = client.get("/", PATH_INFO=path)  # as a server passes "GET //evil.example/ HTTP/1.1" on
    assert response.status_code == 404
    hosts = {link_host(link) for link in LINK.findall(response.content.decode())}
    assert not any("evil" in host for host in hosts), hosts
