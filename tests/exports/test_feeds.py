"""Atom feeds of new and changed qualifications, in Polish and English."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from lxml import etree

from qualifications.models import Qualification
from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db

ATOM = {"a": "http://www.w3.org/2005/Atom"}


def feed(client, language, **headers):
    response = client.get(f"/feeds/qualifications.{language}.atom", **headers)
    return response


def parsed(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = etree.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    # RFC 4287: a feed has an id, a title and an updated date; so does every entry, plus a link here.
    for name in ("a:id", "a:title", "a:updated"):
        assert root.xpath(f"{name}/text()", namespaces=ATOM), name
    for entry in root.xpath("a:entry", namespaces=ATOM):
        for name in ("a:id", "a:title", "a:updated", "a:link/@href"):
            assert entry.xpath(f"{name}", namespaces=ATOM), name
    return root


def test_polish_and_english_feeds_list_public_qualifications_newest_first(client, register):
    Qualification.objects.filter(pk=register["baker"].pk).update(
        updated_at=timezone.now() + datetime.timedelta(hours=1)
    )
    root = parsed(feed(client, "pl"))
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "pl"
    with translation.override("pl"):
        polish_title = gettext("ZRK: new and changed qualifications")  # Polish once the catalogue has it
    assert root.xpath("a:title/text()", namespaces=ATOM) == [polish_title]
    entries = root.xpath("a:entry", namespaces=ATOM)
    titles = [entry.xpath("a:title/text()", namespaces=ATOM)[0] for entry in entries]
    assert titles[0] == "Piekarz (PIEK-01)"
    assert len(titles) == 4 and not any("Projekt tajny" in title for title in titles)
    bookkeeping = register["bookkeeping"]
    entry = next(e for e in entries if e.xpath("a:title/text()", namespaces=ATOM)[0].startswith("Obsługa"))
    assert entry.xpath("a:link/@href", namespaces=ATOM) == [
        f"http://testserver/kwalifikacje/{bookkeeping.zrk_id}-obsluga-procesow-ksiegowych/"
    ]
    assert entry.xpath("a:id/text()", namespaces=ATOM) == [f"tag:zrk,2025:qualification/{bookkeeping.zrk_id}"]
    assert entry.xpath("a:summary/text()", namespaces=ATOM) == [
        "Osoba posiadająca kwalifikację prowadzi księgi rachunkowe."
    ]
    terms = entry.xpath("a:category/@term", namespaces=ATOM)
    assert "poziom 5 PRK" in terms and "funkcjonująca" in terms

    root = parsed(feed(client, "en"))
    assert root.xpath("a:title/text()", namespaces=ATOM) == ["ZRK: new and changed qualifications"]
    entry = next(
        e
        for e in root.xpath("a:entry", namespaces=ATOM)
        if "accounting" in e.xpath("a:title/text()", namespaces=ATOM)[0]
    )
    assert entry.xpath("a:title/text()", namespaces=ATOM) == ["Handling accounting processes (OPK-01)"]
    assert entry.xpath("a:link/@href", namespaces=ATOM) == [
        f"http://testserver/en/qualifications/{bookkeeping.zrk_id}-obsluga-procesow-ksiegowych/"
    ]
    assert entry.xpath("a:summary/text()", namespaces=ATOM) == ["The holder keeps the books of account."]
    assert "PRK level 5" in entry.xpath("a:category/@term", namespaces=ATOM)


def test_feed_holds_the_50_most_recently_changed(client, db):
    for n in range(55):
        QualificationFactory(code=f"F-{n:02d}")
    entries = parsed(feed(client, "en")).xpath("a:entry", namespaces=ATOM)
    assert len(entries) == 50
    assert entries[0].xpath("a:title/text()", namespaces=ATOM)[0].endswith("(F-54)")


def test_unchanged_feed_answers_304_and_a_change_invalidates_it(client, register):
    response = feed(client, "pl")
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert feed(client, "pl", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert feed(client, "pl", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert feed(client, "en", HTTP_IF_NONE_MATCH=etag).status_code == 200  # each language its own tag
    QualificationFactory(code="NEW-1")
    assert feed(client, "pl", HTTP_IF_NONE_MATCH=etag).status_code == 200
