"""CSV downloads neutralise cells a spreadsheet would run as a formula (OWASP: a leading single
quote); the JSON downloads keep every value exactly; the search page says so next to its links."""

import csv
import io
import json

import pytest

from tests.factories import CertificationRightFactory, OrganisationFactory, QualificationFactory

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("https://evil.example","x")', "+1+2", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.fixture
def hostile_register(db):
    for index, name in enumerate(HOSTILE):
        qualification = QualificationFactory(name_pl=name, name_en=name, code=f"X-{index}")
        CertificationRightFactory(
            qualification=qualification, institution=OrganisationFactory(name_pl=name, phone="+48 22 000 00 00")
        )


def test_csv_cells_that_look_like_formulas_start_with_a_quote(client, hostile_register):
    rows = list(csv.DictReader(io.StringIO(download(client, "/api/v1/downloads/qualifications.csv"), newline="")))
    names = sorted(row["name_pl"] for row in rows)
    assert names == sorted("'" + name for name in HOSTILE)
    assert all(row["name_en"].startswith("'") for row in rows)
    institutions = list(csv.DictReader(io.StringIO(download(client, "/api/v1/downloads/institutions.csv"), newline="")))
    assert sorted(row["name_pl"] for row in institutions) == sorted("'" + name for name in HOSTILE)
    assert {row["phone"] for row in institutions} == {"'+48 22 000 00 00"}
    # Ordinary values are untouched.
    assert {row["type"] for row in rows} <= {"full", "partial"}


def test_json_keeps_the_values_exact(client, hostile_register):
    rows = json.loads(download(client, "/api/v1/downloads/qualifications.json"))
    assert sorted(row["name_pl"] for row in rows) == sorted(HOSTILE)
    institutions = json.loads(download(client, "/api/v1/downloads/institutions.json"))
    assert {row["phone"] for row in institutions} == {"+48 22 000 00 00"}


def test_search_page_explains_the_quote_next_to_its_download_links(client, db):
    html = client.get("/en/qualifications/").content.decode()
    downloads = html[html.index('class="downloads meta"') :]
    downloads = downloads[: downloads.index("</p>")]
    assert "single quote" in downloads and "JSON" in downloads
