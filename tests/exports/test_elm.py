"""Europass ELM v3 LOQ export, validated against the official loq.xsd."""

import copy

import pytest
from django.http import StreamingHttpResponse
from django.utils.http import http_date
from lxml import etree

from qualifications.exports.elm import isced_code

pytestmark = pytest.mark.django_db

NS = {"loq": "http://data.europa.eu/snb/model/ap/loq-constraints/", "skos": "http://www.w3.org/2004/02/skos/core#"}
POL = "http://publications.europa.eu/resource/authority/language/POL"


def elm_url(qualification):
    return f"/api/v1/qualifications/{qualification.zrk_id}.elm.xml"


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/xml")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, etree.fromstring(body)


def assert_valid(schema, document):
    if not schema.validate(document):
        raise AssertionError("\n".join(str(error) for error in schema.error_log))


def test_one_qualification_is_valid_loq_with_every_field(client, register, loq_schema):
    qualification = register["bookkeeping"]
    _response, document = fetch(client, elm_url(qualification))
    assert_valid(loq_schema, document)

    (element,) = document.xpath("//loq:qualification", namespaces=NS)
    uri = f"http://testserver/kwalifikacje/{qualification.zrk_id}/"
    assert element.get("id") == uri
    assert element.xpath("loq:identifier/skos:notation/text()", namespaces=NS) == ["OPK-01"]
    assert element.xpath("loq:identifier/loq:schemeAgency/text()", namespaces=NS) == ["Instytut Badań Edukacyjnych"]
    titles = {t.get("language"): t.text for t in element.xpath("loq:title", namespaces=NS)}
    assert titles == {"pl": "Obsługa procesów księgowych", "en": "Handling accounting processes"}
    descriptions = {d.get("language"): d.text for d in element.xpath("loq:description", namespaces=NS)}
    assert descriptions["en"] == "The holder keeps the books of account."
    assert element.xpath("loq:homepage/loq:contentUrl/text()", namespaces=NS) == [
        f"http://testserver/kwalifikacje/{qualification.zrk_id}-obsluga-procesow-ksiegowych/",
        f"http://testserver/en/qualifications/{qualification.zrk_id}-obsluga-procesow-ksiegowych/",
    ]
    assert element.xpath("loq:ISCEDFCode/@uri", namespaces=NS) == ["http://data.europa.eu/snb/isced-f/0411"]
    assert element.xpath("loq:volumeOfLearning/text()", namespaces=NS) == ["PT120H"]
    assert element.xpath("loq:language/@uri", namespaces=NS) == [POL]
    assert element.xpath("loq:entryRequirement/loq:noteLiteral/text()", namespaces=NS) == ["Wykształcenie średnie."]
    assert element.xpath("loq:EQFLevel/@uri", namespaces=NS) == ["http://data.europa.eu/snb/eqf/5"]
    assert element.xpath("loq:NQFLevel/@uri", namespaces=NS) == ["http://data.europa.eu/snb/qdr/c_045fd11d"]
    assert element.xpath("loq:isPartialQualification/text()", namespaces=NS) == ["true"]

    # Learning outcomes: three, in order, with their set as a note; markup in a text stays text.
    outcome_refs = element.xpath("loq:learningOutcome/@idref", namespaces=NS)
    outcomes = document.xpath("//loq:learningOutcomeReferences/loq:learningOutcome", namespaces=NS)
    assert [o.get("id") for o in outcomes] == outcome_refs and len(outcomes) == 3
    assert outcomes[2].xpath("loq:title/text()", namespaces=NS) == ["Rozlicza podatki <VAT> & CIT."]
    assert outcomes[1].xpath("loq:title[@language='en']/text()", namespaces=NS) == ["Prepares statements."]
    assert "Zestaw efektów uczenia się: Ewidencja" in outcomes[0].xpath(".//loq:noteLiteral/text()", namespaces=NS)

    # Awarding bodies: the two institutions with active rights, with Polish addresses; not the withdrawn one.
    bodies = element.xpath("loq:awardingOpportunity/loq:awardingBody/@idref", namespaces=NS)
    lodz, warsaw = register["lodz_ic"], register["warsaw_ic"]
    assert sorted(bodies) == sorted(f"http://testserver/instytucje/{org.pk}/" for org in (lodz, warsaw))
    names = document.xpath("//loq:organisation/loq:legalName[@language='pl']/text()", namespaces=NS)
    assert sorted(names) == ["Centrum Szkoleń Księgowych w Łodzi", "Warszawski Instytut Certyfikacji"]
    location = document.xpath(f"//loq:location[@id='http://testserver/instytucje/{lodz.pk}/#location']", namespaces=NS)[
        0
    ]
    assert location.xpath("loq:address/loq:fullAddress/loq:noteLiteral/text()", namespaces=NS) == [
        "ul. Piotrkowska 100, 90-001 Łódź, Polska"
    ]
    assert location.xpath("loq:address/loq:countryCode/@uri", namespaces=NS) == [
        "http://publications.europa.eu/resource/authority/country/POL"
    ]
    body = etree.tostring(document, encoding="unicode")
    assert "Instytucja Wycofana" not in body
    assert "biuro@example.invalid" not in body  # contact details are not part of LOQ here


def test_isced_fallbacks_and_summary_outcome_are_valid(client, register, loq_schema):
    for key, expected in (("baker", "99"), ("no_outcomes", "041")):
        _response, document = fetch(client, elm_url(register[key]))
        assert_valid(loq_schema, document)
        assert document.xpath("//loq:ISCEDFCode/@uri", namespaces=NS) == [
            f"http://data.europa.eu/snb/isced-f/{expected}"
        ]
    # Without outcomes, one outcome made from the characteristic satisfies the schema.
    outcomes = document.xpath("//loq:learningOutcomeReferences/loq:learningOutcome", namespaces=NS)
    assert [o.get("id").rsplit("#", 1)[1] for o in outcomes] == ["lo-summary"]
    assert outcomes[0].xpath("loq:title/text()", namespaces=NS) == ["Osoba posiadająca kwalifikację wykonuje zadania."]
    assert not document.xpath("//loq:agentReferences", namespaces=NS)


def test_isced_code_falls_back_to_a_broader_field_the_schema_knows():
    assert isced_code("0411") == "0411"
    assert isced_code("0418") == "041"
    assert isced_code("1099") == "1099"
    assert isced_code("5") == "99"
    assert isced_code("") == "99"


def test_drafts_records_without_level_and_unknown_ids_are_not_found(client, register):
    for key in ("draft", "no_level"):
        assert client.get(elm_url(register[key])).status_code == 404
    assert client.get("/api/v1/qualifications/987654321.elm.xml").status_code == 404
    assert client.post(elm_url(register["baker"])).status_code == 405


def test_whole_register_is_one_streamed_valid_document(client, register, loq_schema):
    response, document = fetch(client, "/api/v1/elm/qualifications.xml")
    assert isinstance(response, StreamingHttpResponse)
    assert_valid(loq_schema, document)
    notations = document.xpath("//loq:qualification/loq:identifier/skos:notation/text()", namespaces=NS)
    assert sorted(notations) == ["BEZ-01", "OPK-01", "PIEK-01"]  # public with a PRK level, no draft
    # The Łódź institution awards two qualifications but is described once.
    organisations = document.xpath("//loq:organisation/@id", namespaces=NS)
    assert len(organisations) == len(set(organisations)) == 2
    assert len(document.xpath("//loq:locationReferences/loq:location", namespaces=NS)) == 2
    assert len(document.xpath("//loq:learningOutcomeReferences/loq:learningOutcome", namespaces=NS)) == 3 + 1 + 1
    body = etree.tostring(document, encoding="unicode")
    for secret in ("Projekt tajny", "Instytucja Tylko Projektu", "Instytucja Wycofana", "Dyplom bez poziomu"):
        assert secret not in body
    # Namespaces are declared once, on the root, not on every entity.
    raw = b"".join(client.get("/api/v1/elm/qualifications.xml").streaming_content)
    assert raw.count(b'xmlns="http://data.europa.eu/snb/model/ap/loq-constraints/"') == 1


def test_empty_register_is_still_a_valid_document(client, db, loq_schema):
    _response, document = fetch(client, "/api/v1/elm/qualifications.xml")
    assert_valid(loq_schema, document)
    assert document.xpath("count(//loq:qualification)", namespaces=NS) == 0


def test_broken_documents_are_rejected_by_the_schema(client, register, loq_schema):
    _response, document = fetch(client, elm_url(register["bookkeeping"]))
    assert loq_schema.validate(document)

    def broken(change):
        copy_ = copy.deepcopy(document)
        change(copy_)
        return loq_schema.validate(copy_)

    def drop(xpath):
        def change(doc):
            for element in doc.xpath(xpath, namespaces=NS):
                element.getparent().remove(element)

        return change

    def set_attr(xpath, name, value):
        def change(doc):
            doc.xpath(xpath, namespaces=NS)[0].set(name, value)

        return change

    assert not broken(drop("//loq:qualification/loq:NQFLevel"))
    assert not broken(drop("//loq:qualification/loq:title"))
    assert not broken(set_attr("//loq:EQFLevel", "uri", "http://data.europa.eu/snb/eqf/9"))
    assert not broken(set_attr("//loq:qualification/loq:learningOutcome", "idref", "https://example.invalid/none"))
    assert not broken(drop("//loq:organisation/loq:location"))


def test_conditional_get_answers_304_until_something_shown_changes(client, register):
    qualification = register["bookkeeping"]
    url = elm_url(qualification)
    response = client.get(url)
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert etag and last_modified
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200

    # A change to an awarding body changes the document.
    register["lodz_ic"].save()
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag

    register_url = "/api/v1/elm/qualifications.xml"
    head = client.head(register_url)
    assert head.status_code == 200 and head["ETag"] and not head.content
    assert client.get(register_url, HTTP_IF_NONE_MATCH=head["ETag"]).status_code == 304
    assert client.head(url)["ETag"] == response["ETag"]
