"""``changed_since`` with any UTC offset Python accepts: a 400 in the API's error shape for offsets
PostgreSQL cannot take (+-16:00 to +-23:59) or that leave the calendar, never a server error."""

import pytest

from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/qualifications/"


@pytest.mark.parametrize(
    "value",
    [
        "2026-01-01T00:00:00+16:00",
        "2026-01-01T00:00:00-16:00",
        "2026-01-01T00:00:00+23:59",
        "2026-01-01T00:00:00-23:59",
        "2026-01-01T00:00+1930",
        "0001-01-01T00:00:00+15:00",
        "9999-12-31T23:59:59-15:00",
    ],
)
def test_offsets_postgresql_cannot_take_are_a_json_400(client, roles, value):
    response = client.get(LIST, {"changed_since": value})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400 and "changed_since" in error["details"]


def test_the_raw_address_from_the_report_is_a_400(client, roles):
    response = client.get(LIST + "?changed_since=2026-01-01T00:00:00%2B16:00")
    assert response.status_code == 400 and response["Content-Type"].startswith("application/json")


def test_large_but_real_offsets_still_filter(client, roles):
    QualificationFactory()
    for value in ("2000-01-01T00:00:00+14:00", "2000-01-01T00:00:00-12:00", "2000-01-01T00:00:00+15:59"):
        response = client.get(LIST, {"changed_since": value})
        assert response.status_code == 200 and response.json()["count"] == 1
