import pytest
from django.db import connection

from tests.factories import CertificationRightFactory, PzzjEntryFactory, QualificationFactory

pytestmark = pytest.mark.django_db


def test_home_in_polish_shows_register_counts(client):
    QualificationFactory(status="draft")  # drafts are not part of the register
    CertificationRightFactory(qualification=QualificationFactory(status="functioning"))
    QualificationFactory(status="included")
    PzzjEntryFactory()
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="pl">' in html
    assert "Zintegrowany Rejestr Kwalifikacji" in html
    counts = response.context["counts"]
    assert counts == {"qualifications": 2, "functioning": 1, "institutions": 1, "pzzj": 1}


def test_home_in_english(client):
    response = client.get("/en/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Integrated Qualifications Register" in html


def test_base_template_has_skip_link_landmarks_and_language_links(client):
    html = client.get("/?x=1").content.decode()
    assert html.index('class="skip-link" href="#main-content"') < html.index("<main")
    assert '<main id="main-content"' in html
    assert 'href="/en/?x=1" hreflang="en" lang="en"' in html
    assert 'hreflang="pl" href="http://testserver/?x=1"' in html
    english = client.get("/en/").content.decode()
    assert 'href="/" hreflang="pl" lang="pl"' in english


def test_pages_carry_security_headers(client):
    response = client.get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_is_404_not_500(client):
    assert client.get("/nie-ma-takiej-strony/").status_code == 404


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db.utils import OperationalError

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    assert client.get("/healthz").status_code == 503
