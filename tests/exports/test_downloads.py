"""CSV and JSON downloads of search results, of the whole register and of institutions."""

import csv
import io
import json
import re
import tracemalloc

import pytest
from django.db import connection
from django.http import QueryDict, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from institutions.models import Ministry
from qualifications.exports.downloads import qualification_rows
from qualifications.models import PrkLevel, Qualification
from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db

CSV_URL = "/api/v1/downloads/qualifications.csv"
JSON_URL = "/api/v1/downloads/qualifications.json"


def body_of(response) -> bytes:
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def csv_rows(client, url, **params):
    raw = body_of(client.get(url, params))
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV starts with a UTF-8 byte-order mark"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def json_rows(client, url, **params):
    return json.loads(body_of(client.get(url, params)).decode("utf-8"))


def test_csv_round_trip_keeps_polish_letters(client, register):
    QualificationFactory(code="LDZ-1", name_pl="Przewodnik po Łodzi: Łódź dla Księgowych", name_en="")
    response = client.get(CSV_URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="zrk-qualifications-all-\d{4}-\d{2}-\d{2}\.csv"', response["Content-Disposition"]
    )
    rows = {row["code"]: row for row in csv_rows(client, CSV_URL)}
    assert rows["LDZ-1"]["name_pl"] == "Przewodnik po Łodzi: Łódź dla Księgowych"
    bookkeeping = rows["OPK-01"]
    qualification = register["bookkeeping"]
    assert bookkeeping == {
        "id": str(qualification.zrk_id),
        "code": "OPK-01",
        "name_pl": "Obsługa procesów księgowych",
        "name_en": "Handling accounting processes",
        "type": "partial",
        "category": "free_market",
        "status": "functioning",
        "prk_level": "5",
        "ministry_code": "mrit",
        "ministry_name": qualification.ministry.name_pl,
        "srk": "",
        "srk_level": "",
        "included_on": "2021-03-01",
        "mp_reference": "M.P. 2021 poz. 250",
        "active_institutions": "2",
        "url": f"http://testserver/kwalifikacje/{qualification.zrk_id}-obsluga-procesow-ksiegowych/",
    }


def test_full_dump_has_every_public_qualification_and_no_draft(client, register):
    codes = {row["code"] for row in csv_rows(client, CSV_URL)}
    assert codes == {"OPK-01", "PIEK-01", "BEZ-01", "DYP-01"}
    json_codes = [row["code"] for row in json_rows(client, JSON_URL)]
    assert sorted(json_codes) == sorted(codes)
    for url in (CSV_URL, JSON_URL, "/api/v1/downloads/institutions.csv", "/api/v1/downloads/institutions.json"):
        assert b"Projekt tajny" not in body_of(client.get(url))


def test_downloads_follow_the_search_parameters(client, register):
    def codes(**params):
        return [row["code"] for row in csv_rows(client, CSV_URL, **params)]

    assert codes(level="5") == ["OPK-01"]
    assert sorted(codes(level=["3", "5"])) == ["OPK-01", "PIEK-01"]
    assert codes(q="księgowych") == ["OPK-01"]
    assert codes(q="ksiegowych", level="3") == []
    # The baker holds an active right too, so the status rule made it functioning.
    assert sorted(codes(status="functioning")) == ["OPK-01", "PIEK-01"]
    assert sorted(codes(status="included")) == ["BEZ-01", "DYP-01"]
    assert codes(category="regulated") == ["DYP-01"]
    assert sorted(codes(region="10")) == ["OPK-01", "PIEK-01"]  # institutions in łódzkie
    assert codes(institution=str(register["warsaw_ic"].pk)) == ["OPK-01"]
    assert codes(ministry="mrit", sort="name") == ["DYP-01", "BEZ-01", "OPK-01", "PIEK-01"]
    assert codes(status="draft") == codes()  # an invalid value is ignored, as on the search page
    # Nonsense never causes a 5xx.
    assert client.get(CSV_URL, {"level": "99", "sort": "<x>", "institution": "abc", "q": "x" * 500}).status_code == 200

    response = client.get(JSON_URL, {"level": "5"})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="zrk-qualifications-search-\d{4}-\d{2}-\d{2}\.json"', response["Content-Disposition"]
    )
    (record,) = json.loads(body_of(response))
    assert record["code"] == "OPK-01" and record["prk_level"] == 5 and record["active_institutions"] == 2
    assert record["name_pl"] == "Obsługa procesów księgowych"


def test_downloads_use_the_search_page_order(client, db):
    for name in ("Zarządzanie", "Łowiectwo", "Lakiernik", "Żeglarz", "Administrowanie"):
        QualificationFactory(name_pl=name)
    names = [row["name_pl"] for row in csv_rows(client, CSV_URL, sort="name")]
    assert names == ["Administrowanie", "Lakiernik", "Łowiectwo", "Zarządzanie", "Żeglarz"]  # Ł after L


def test_search_page_links_to_downloads_of_the_same_query(client, register):
    html = client.get("/kwalifikacje/", {"q": "księgowych", "level": "5"}).content.decode()
    assert f'href="{CSV_URL}?q=ksi%C4%99gowych&amp;level=5"' in html
    assert f'href="{JSON_URL}?q=ksi%C4%99gowych&amp;level=5"' in html
    html = client.get("/en/qualifications/").content.decode()
    assert f'href="{CSV_URL}"' in html


def test_institutions_download_lists_current_institutions_and_pzzj(client, register):
    response = client.get("/api/v1/downloads/institutions.csv")
    assert re.fullmatch(
        r'attachment; filename="zrk-institutions-all-\d{4}-\d{2}-\d{2}\.csv"', response["Content-Disposition"]
    )
    rows = {row["name_pl"]: row for row in csv_rows(client, "/api/v1/downloads/institutions.csv")}
    assert set(rows) == {
        "Centrum Szkoleń Księgowych w Łodzi",
        "Warszawski Instytut Certyfikacji",
        "Podmiot Zapewniania Jakości",
    }
    lodz = rows["Centrum Szkoleń Księgowych w Łodzi"]
    assert lodz["city"] == "Łódź" and lodz["postal_code"] == "90-001" and lodz["voivodeship"] == "łódzkie"
    assert lodz["certifying_institution"] == "true" and lodz["pzzj"] == "false"
    assert lodz["certifiable_qualifications"] == "2"
    assert lodz["url"] == f"http://testserver/instytucje/{register['lodz_ic'].pk}/"
    assert rows["Podmiot Zapewniania Jakości"]["pzzj"] == "true"

    records = json_rows(client, "/api/v1/downloads/institutions.json")
    assert {record["name_pl"] for record in records} == set(rows)
    pzzj = next(record for record in records if record["pzzj"])
    assert pzzj["certifying_institution"] is False and pzzj["certifiable_qualifications"] == 0


def _bulk_qualifications(count: int):
    level = PrkLevel.objects.get(level=4)
    ministry = Ministry.objects.get(code="mrit")
    Qualification.objects.bulk_create(
        [
            Qualification(
                code=f"BULK-{n:05d}",
                name_pl=f"Kwalifikacja masowa {n:05d} – Łódź",
                name_en=f"Bulk qualification {n:05d}",
                category="free_market",
                type="partial",
                status="included",
                prk_level=level,
                ministry=ministry,
            )
            for n in range(count)
        ],
        batch_size=2000,
    )


def _streamed(client, url):
    """Read a download piece by piece, as a server would, keeping none of it; return (queries, peak bytes)."""
    tracemalloc.start()
    try:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert isinstance(response, StreamingHttpResponse)
            pieces = rows = 0
            for piece in response.streaming_content:
                pieces += 1
                rows += piece.count(b"\n")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return len(queries), peak, pieces, rows


def test_a_full_dump_of_10000_rows_is_streamed_without_loading_them_all(client, db):
    _bulk_qualifications(10)
    small_queries, _peak, _pieces, _rows = _streamed(client, CSV_URL)
    with connection.cursor() as cursor:  # published records are never deleted; a test may truncate
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # deferred foreign keys would block TRUNCATE
        cursor.execute("TRUNCATE qualifications_qualification CASCADE")
    _bulk_qualifications(10_000)

    queries, peak, pieces, rows = _streamed(client, CSV_URL)
    assert rows == 10_001  # header and one line per qualification
    assert pieces > 10  # sent as it is read, not as one block
    assert queries == small_queries <= 5  # a fixed number of queries, none per row

    # For comparison: the same rows held in memory at once.
    tracemalloc.start()
    try:
        everything = list(qualification_rows(QueryDict()))
        _current, all_at_once = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(everything) == 10_000
    print(f"streamed peak {peak} bytes, all rows at once {all_at_once} bytes")
    assert peak < all_at_once / 2, (peak, all_at_once)

    queries, _peak, _pieces, rows = _streamed(client, JSON_URL)
    assert rows == 10_002 and queries == small_queries  # "[", one line per record, "]"
