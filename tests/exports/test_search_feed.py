"""The Atom feed of a saved search: the search page's parameters, newest change first, linked from
the search page."""

import datetime

import pytest
from django.utils import timezone
from lxml import etree

from qualifications.models import Qualification
from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db

ATOM = {"a": "http://www.w3.org/2005/Atom"}


def entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = etree.fromstring(response.content)
    return root, root.xpath("a:entry/a:title/text()", namespaces=ATOM)


def test_feed_lists_the_search_results_newest_change_first(client):
    old = QualificationFactory(name_pl="Spawanie blach", code="SP-1", prk_level_id=3)
    new = QualificationFactory(name_pl="Spawanie rur", code="SP-2", prk_level_id=3)
    QualificationFactory(name_pl="Spawanie konstrukcji", code="SP-3", prk_level_id=5)  # another level
    QualificationFactory(name_pl="Piekarz", code="PK-1", prk_level_id=3)  # another query
    QualificationFactory(name_pl="Spawanie szkic", code="SP-4", prk_level_id=3, status="draft")
    Qualification.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=3))
    Qualification.objects.filter(pk=new.pk).update(updated_at=timezone.now() - datetime.timedelta(days=1))

    root, titles = entries(client.get("/feeds/search.pl.atom?q=spawanie&level=3&sort=name&page=4&junk=1"))
    assert titles == ["Spawanie rur (SP-2)", "Spawanie blach (SP-1)"]
    assert "„spawanie”" in root.xpath("a:title/text()", namespaces=ATOM)[0]
    link = root.xpath("a:link[@rel='alternate']/@href", namespaces=ATOM)[0]
    assert link == "http://testserver/kwalifikacje/?q=spawanie&level=3"
    # Same search, other order and repeats: the same feed id.
    again, _titles = entries(client.get("/feeds/search.pl.atom?level=3&level=3&q=spawanie"))
    assert again.xpath("a:id/text()", namespaces=ATOM) == root.xpath("a:id/text()", namespaces=ATOM)

    _root, english = entries(client.get("/feeds/search.en.atom?q=spawanie&level=3"))
    assert len(english) == 2


def test_conditional_get_answers_304_until_a_result_changes(client):
    QualificationFactory(name_pl="Spawanie blach", prk_level_id=3)
    first = client.get("/feeds/search.pl.atom?level=3")
    etag = first["ETag"]
    assert client.get("/feeds/search.pl.atom?level=3", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/feeds/search.pl.atom?level=4", HTTP_IF_NONE_MATCH=etag).status_code == 200
    QualificationFactory(name_pl="Spawanie rur", prk_level_id=3)
    assert client.get("/feeds/search.pl.atom?level=3", HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize(
    "query",
    ["level=99", "q=%00", "q=" + "ż" * 400, "institution=-1&region=xx", "status=draft", "q=<script>&level=3"],
)
def test_hostile_parameters_never_fail(client, query):
    QualificationFactory(name_pl="Spawanie blach", prk_level_id=3)
    root, _titles = entries(client.get(f"/feeds/search.pl.atom?{query}"))
    assert b"<script>" not in etree.tostring(root)


def test_the_search_page_links_its_feed_and_its_alerts(client):
    QualificationFactory(name_pl="Spawanie blach", prk_level_id=3)
    html = client.get("/kwalifikacje/?q=spawanie&level=3").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Nowe i zmienione kwalifikacje w tym wyszukiwaniu '
        '(Atom)" href="/feeds/search.pl.atom?q=spawanie&amp;level=3">' in html
    )
    assert 'href="/feeds/search.pl.atom?q=spawanie&amp;level=3" type="application/atom+xml"' in html
    assert 'href="/obserwuj/?q=spawanie&amp;level=3"' in html
    english = client.get("/en/qualifications/?q=spawanie").content.decode()
    assert 'href="/feeds/search.en.atom?q=spawanie"' in english
