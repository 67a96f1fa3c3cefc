"""A page reads the register version once, and the register's labels (the ministers, the sector
frameworks, the voivodeships the search filters by) once per version: a search page after the
first sends no query for them, yet an edit of a label shows on the next page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from institutions.models import Ministry, Voivodeship
from qualifications.page_cache import one_version_per_request, register_version
from tests.factories import CertificationRightFactory, QualificationFactory

pytestmark = pytest.mark.django_db

LABEL_TABLES = ("institutions_ministry", "qualifications_sectorframework", "institutions_voivodeship")


def _search(client, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/kwalifikacje/", params)
    assert response.status_code == 200
    return response, [query["sql"] for query in captured]


@pytest.fixture
def register(settings):
    settings.PAGE_CACHE = False  # every page built, as the benchmark does
    for n in range(3):
        CertificationRightFactory(qualification=QualificationFactory(name_pl=f"Prowadzenie magazynu {n}"))


def test_a_search_page_reads_the_register_version_once(client, register):
    for params in ({"q": "magazynu"}, {"q": "magazynu", "level": "4", "region": "14"}, {"level": "4"}):
        _response, queries = _search(client, params)
        assert sum("qualifications_registerversion" in sql for sql in queries) == 1, params


def test_later_search_pages_read_no_labels(client, register):
    _search(client, {"q": "magazynu"})
    response, queries = _search(client, {"q": "magazynu", "ministry": "mrit", "region": "14"})
    assert not [sql for sql in queries if any(f'FROM "{table}"' in sql for table in LABEL_TABLES)]
    assert "Mazowieckie" in response.content.decode() or "mazowieckie" in response.content.decode()


def test_an_edited_label_shows_on_the_next_page(client, register):
    _search(client, {"q": "magazynu"})
    Voivodeship.objects.filter(code="14").update(name_pl="Mazowsze (nazwa próbna)")
    Ministry.objects.filter(code="mrit").update(name_pl="Minister Próbny")
    response, _queries = _search(client, {"q": "magazynu"})
    page = response.content.decode()
    assert "Mazowsze (nazwa próbna)" in page
    assert "Minister Próbny" in page


def test_an_invalid_label_choice_is_still_refused_after_the_labels_are_kept(client, register):
    _search(client, {"level": "4"})
    response, _queries = _search(client, {"level": "4", "region": "99"})
    assert "filter-region" in response.content.decode()  # the error summary links to the filter


def test_the_version_is_read_afresh_outside_a_request_and_in_one_that_may_edit(client, register):
    first = register_version()
    with one_version_per_request():
        assert register_version() == first
        QualificationFactory()  # an edit bumps the version in the database
        assert register_version() == first  # the request goes on naming the version it began with
    assert register_version() > first


def test_a_post_reads_the_version_afresh(client, register, monkeypatch):
    # A POST may edit the register: the middleware leaves its reads alone.
    seen = []
    from zrk import middleware

    class Spy:
        def __enter__(self):
            seen.append("memo")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(middleware, "one_version_per_request", Spy)
    client.post("/kwalifikacje/", {"q": "magazynu"})
    assert seen == []
    client.get("/kwalifikacje/", {"q": "magazynu"})
    assert seen == ["memo"]


def test_the_institution_facet_names_are_kept_per_version_and_follow_an_edit(client, register):
    from institutions.models import Organisation

    _search(client, {"q": "magazynu"})
    response, queries = _search(client, {"q": "magazynu", "level": "4"})
    assert not [sql for sql in queries if 'FROM "institutions_organisation"' in sql]
    organisation = Organisation.objects.filter(certification_rights__isnull=False).first()
    assert organisation.name_pl in response.content.decode()
    Organisation.objects.filter(pk=organisation.pk).update(name_pl="Ośrodek Próbny")
    response, _queries = _search(client, {"q": "magazynu"})
    assert "Ośrodek Próbny" in response.content.decode()
