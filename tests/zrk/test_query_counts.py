"""A constant number of SQL queries per public page, whatever the size of the register: the page
types the budgets name that no other test file holds to it (search with text only, with filters
only, a deep page; statistics; the API and XML lists). Each page is requested with a few records
and again with many more, and must take the same number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qualifications.models import PrkLevel
from tests.factories import (
    CertificationRightFactory,
    LearningOutcomeFactory,
    OrganisationFactory,
    QualificationFactory,
)

pytestmark = pytest.mark.django_db


def _populate(count: int, institution=None):
    """``count`` public qualifications at level 4, each with a right of ``institution`` and an outcome."""
    level = PrkLevel.objects.get(level=4)
    institution = institution or OrganisationFactory()
    for n in range(count):
        qualification = QualificationFactory(
            name_pl=f"Prowadzenie magazynu {n}",
            prk_level=level,
            status="functioning",
            included_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
        )
        CertificationRightFactory(institution=institution, qualification=qualification)
        LearningOutcomeFactory(outcome_set__qualification=qualification)
    return institution


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(captured)


# (address, parameters, most queries): the statistics page computes a dozen charts (once per
# register version, then it reads the copies); a text search's statements over its matches (their
# ids with the ranked names, in one pass) run in transactions of their own (savepoints here, where
# each test is one); a text search also reads the register version its cached thesaurus units,
# built queries and minister and framework matches belong to;
# the first text search of a register version also builds the copies later ones read (its matches,
# the register's name order, each record's institutions: qualifications/search/text_pages.py),
# after which it takes about half as many (tests/search/test_text_pages.py).
PAGES = [
    ("/kwalifikacje/", {"q": "magazynu"}, 17),
    ("/en/qualifications/", {"q": "prowadzenie", "sort": "name"}, 17),
    ("/kwalifikacje/", {"level": "4", "category": "free_market"}, 8),
    ("/kwalifikacje/", {"page": "3", "per_page": "10"}, 8),
    ("/statystyki/", {}, 10),
    ("/en/statistics/", {}, 10),
    ("/api/v1/qualifications/", {"level": "4", "page_size": "20"}, 6),
    ("/api/xml/kwalifikacje/", {}, 6),
]


@pytest.mark.parametrize(("url", "params", "most"), PAGES)
def test_the_query_count_does_not_grow_with_the_register(client, roles, settings, url, params, most):
    # Every page built from the database, as after an edit of the register.
    settings.PAGE_CACHE = False
    institution = _populate(35)
    few = _queries(client, url, params)
    _populate(70, institution)
    many = _queries(client, url, params)
    assert many == few
    assert few <= most


def test_a_page_of_the_search_reads_as_many_queries_deep_down_as_on_page_one(client, roles, settings):
    settings.PAGE_CACHE = False
    _populate(60)
    client.get("/kwalifikacje/")  # the whole register's facet counts, kept for its version
    first = _queries(client, "/kwalifikacje/", {"per_page": "10"})
    assert _queries(client, "/kwalifikacje/", {"per_page": "10", "page": "6"}) == first
