"""/sitemap.xml: an index of per-section sitemaps, both languages with hreflang alternates."""

import pytest
from lxml import etree

from qualifications.exports.sitemaps import QualificationSitemap
from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def alternates(url_element):
    return {link.get("hreflang"): link.get("href") for link in url_element.xpath("x:link", namespaces=NS)}


def test_index_points_to_every_section(client, register):
    index = xml(client, "/sitemap.xml")
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    assert index.xpath("s:sitemap/s:loc/text()", namespaces=NS) == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-prk-levels.xml",
        "http://testserver/sitemap-qualifications.xml",
        "http://testserver/sitemap-institutions.xml",
    ]
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots


def test_main_pages_in_both_languages(client, db):
    locations = xml(client, "/sitemap-pages.xml").xpath("s:url/s:loc/text()", namespaces=NS)
    for path in ("/", "/en/", "/kwalifikacje/", "/en/qualifications/", "/instytucje/", "/en/institutions/"):
        assert f"http://testserver{path}" in locations
    for path in ("/lista-pzzj/", "/en/pzzj-list/", "/otwarte-dane/", "/en/open-data/", "/slowniczek/", "/en/glossary/"):
        assert f"http://testserver{path}" in locations
    levels = xml(client, "/sitemap-prk-levels.xml").xpath("s:url/s:loc/text()", namespaces=NS)
    assert len(levels) == 16 and "http://testserver/en/prk-levels/8/" in levels


def test_every_public_qualification_with_hreflang_alternates(client, register):
    urlset = xml(client, "/sitemap-qualifications.xml")
    locations = urlset.xpath("s:url/s:loc/text()", namespaces=NS)
    assert len(locations) == 2 * 4  # four public qualifications, two languages; no draft
    assert not any("projekt-tajny" in location for location in locations)
    qualification = register["bookkeeping"]
    polish = f"http://testserver/kwalifikacje/{qualification.zrk_id}-obsluga-procesow-ksiegowych/"
    english = f"http://testserver/en/qualifications/{qualification.zrk_id}-obsluga-procesow-ksiegowych/"
    (entry,) = urlset.xpath(f"s:url[s:loc='{english}']", namespaces=NS)
    assert alternates(entry) == {"pl": polish, "en": english, "x-default": polish}
    assert entry.xpath("s:lastmod/text()", namespaces=NS)


def test_public_institution_pages_only(client, register):
    locations = xml(client, "/sitemap-institutions.xml").xpath("s:url/s:loc/text()", namespaces=NS)
    public = [register[key].pk for key in ("lodz_ic", "warsaw_ic", "withdrawn_ic", "pzzj")]
    assert sorted(locations) == sorted(
        f"http://testserver{prefix}{pk}/" for pk in public for prefix in ("/instytucje/", "/en/institutions/")
    )
    assert f"/instytucje/{register['draft_only_ic'].pk}/" not in " ".join(locations)


def test_large_sections_are_paged_from_the_database(client, db, monkeypatch):
    monkeypatch.setattr(QualificationSitemap, "limit", 3)
    created = [QualificationFactory(code=f"S-{n}") for n in range(4)]
    index = xml(client, "/sitemap.xml")
    pages = [loc for loc in index.xpath("s:sitemap/s:loc/text()", namespaces=NS) if "qualifications" in loc]
    assert pages == [
        "http://testserver/sitemap-qualifications.xml",
        "http://testserver/sitemap-qualifications.xml?p=2",
        "http://testserver/sitemap-qualifications.xml?p=3",
    ]
    seen = []
    for page in (1, 2, 3):
        seen += xml(client, f"/sitemap-qualifications.xml?p={page}").xpath("s:url/s:loc/text()", namespaces=NS)
    expected = []
    for qualification in created:
        for prefix in ("/kwalifikacje/", "/en/qualifications/"):
            expected.append(f"http://testserver{prefix}{qualification.zrk_id}-{qualification.slug}/")
    assert seen == expected
    assert client.get("/sitemap-qualifications.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404
