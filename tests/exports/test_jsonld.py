"""schema.org JSON-LD on the qualification page."""

import json
import re

import pytest

from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def page_url(qualification, language="pl"):
    prefix = "/kwalifikacje" if language == "pl" else "/en/qualifications"
    return f"{prefix}/{qualification.zrk_id}-{qualification.slug}/"


def jsonld(client, url):
    html = client.get(url).content.decode()
    head = html.split("</head>", 1)[0]
    (data,) = SCRIPT.findall(head)
    return json.loads(data), data


def test_qualification_page_describes_the_credential(client, register):
    qualification = register["bookkeeping"]
    data, _raw = jsonld(client, page_url(qualification))
    url = f"http://testserver/kwalifikacje/{qualification.zrk_id}-obsluga-procesow-ksiegowych/"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "EducationalOccupationalCredential"
    assert data["url"] == data["@id"] == url
    assert data["name"] == "Obsługa procesów księgowych"
    assert data["description"] == "Osoba posiadająca kwalifikację prowadzi księgi rachunkowe."
    assert data["identifier"]["value"] == "OPK-01"
    assert data["educationalLevel"]["termCode"] == "5"
    assert data["educationalLevel"]["name"] == "poziom 5 PRK / poziom 5 ERK"
    assert data["credentialCategory"]["termCode"] == "free_market"
    assert data["recognizedBy"]["@type"] == "GovernmentOrganization"
    assert data["recognizedBy"]["name"] == qualification.ministry.name_pl
    assert data["datePublished"] == "2021-03-01"

    data, _raw = jsonld(client, page_url(qualification, "en"))
    assert data["name"] == "Handling accounting processes"
    assert data["url"].startswith("http://testserver/en/qualifications/")
    assert data["educationalLevel"]["name"] == "PRK level 5 / EQF level 5"
    assert data["inLanguage"] == "en"


def test_a_hostile_name_cannot_break_out_of_the_script_element(client, db):
    hostile = 'Zła nazwa </script><script>alert(1)</script> & "cudzysłów"'
    qualification = QualificationFactory(name_pl=hostile, characteristic_pl="<!-- <b>pogrubienie</b>")
    html = client.get(page_url(qualification)).content.decode()
    assert "<script>alert(1)" not in html
    data, raw = jsonld(client, page_url(qualification))
    assert "<" not in raw and ">" not in raw and "&" not in raw
    assert data["name"] == hostile
    assert data["description"] == "<!-- <b>pogrubienie</b>"
