"""Stored XSS: a script payload (with ``]]>`` and ``&`` for the XML outputs) in every translatable field,
Polish and English, of every model registered with modeltranslation, and in the public consultation
comment; then every page and output that shows them, in both languages: HTML pages must carry the
escaped form and never the raw one (the JSON-LD included), the Atom feeds, ELM and legacy XML must
parse and hold the payload as text, CSV and JSON as data.

The fields come from modeltranslation's registry, so a new translatable field is covered without
editing this file; a newly registered model needs a record in ``stored_register`` (the test says so).
"""

import csv
import html
import io
import json
import re
from datetime import date

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.utils.html import escape
from lxml import etree
from modeltranslation.translator import translator

from applications.models import ConsultationComment, Moderation, State
from institutions.models import Ministry, Voivodeship
from qualifications.models import PrkLevel, Qualification, SectorFramework
from tests.applications.conftest import make_application
from tests.factories import (
    CertificationRightFactory,
    LearningOutcomeFactory,
    LearningOutcomeSetFactory,
    OrganisationFactory,
    PzzjEntryFactory,
    QualificationFactory,
    VerificationCriterionFactory,
)
from tests.hostile.checks import XML_PARSER, body_of

pytestmark = pytest.mark.django_db

LANGUAGES = ("pl", "en")
PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(1)>]]>&{tag}'
SHORT_PAYLOAD = "<script>alert(1)</script>]]>&{tag}"  # for columns of 40-60 characters
RAW = ("<script>alert(1)", "<img src=x onerror", "<script>alert(")
EXTRA_FIELDS = [  # public text that is not translated, written by applicants and commenters
    ("applications.consultationcomment", "author_name"),
    ("applications.consultationcomment", "organisation"),
    ("applications.consultationcomment", "text"),
    ("institutions.organisation", "short_name"),
    ("institutions.organisation", "city"),
    ("institutions.organisation", "street"),
]
# Registered fields no public page or output shows, and why; every other one must show up somewhere.
NOT_PUBLISHED = {
    # The reason of a suspension, withdrawal or expiry is recorded for the back-office (RightEvent).
    ("qualifications.certificationright", "reason", "pl"),
    ("qualifications.certificationright", "reason", "en"),
}


def registered_fields() -> list[tuple[str, str, str]]:
    """(model label, field, language) for every translatable column."""
    return sorted(
        (model._meta.label_lower, field, language)
        for model in translator.get_registered_models()
        for field in translator.get_options_for_model(model).fields
        for language in LANGUAGES
    )


def _tags() -> dict[tuple, str]:
    # Same length for every tag, so that no tag is a part of another; upper case, so that a tag in an
    # address's slug (lower case) is not taken for the text.
    keys = registered_fields() + [(label, field, "") for label, field in EXTRA_FIELDS]
    return {key: f"ZRKXSS{number:03d}{(key[2] or 'xx').upper()}" for number, key in enumerate(keys)}


TAGS = _tags()
TAG = r"ZRKXSS\d{3}(?:PL|EN|XX)"


def payload(key: tuple) -> str:
    label, field, language = key
    column = f"{field}_{language}" if language else field
    max_length = apps.get_model(label)._meta.get_field(column).max_length
    text = PAYLOAD.format(tag=TAGS[key])
    return text if max_length is None or len(text) <= max_length else SHORT_PAYLOAD.format(tag=TAGS[key])


@pytest.fixture(scope="module")
def stored_register(django_db_setup, django_db_blocker):
    """A small register whose every translatable column holds a payload: a public qualification with
    outcome sets, outcomes and criteria, its sector framework, PRK level and ministry, a certifying
    institution and a PZZJ in a voivodeship, an active and an ended right, and a proposed qualification
    in public consultation with a published comment. Rolled back when the module ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        ministry = Ministry.objects.get(code="mrit")
        framework = SectorFramework.objects.order_by("pk").first()
        institution = OrganisationFactory(voivodeship=Voivodeship.objects.get(code="14"))
        pzzj = OrganisationFactory(voivodeship=Voivodeship.objects.get(code="14"))
        PzzjEntryFactory(organisation=pzzj).ministries.add(ministry)
        qualification = QualificationFactory(
            code="XSS-1",
            status="functioning",
            category="sectoral",
            prk_level=PrkLevel.objects.get(level=4),
            ministry=ministry,
            sector_framework=framework,
            srk_level=4,
            isced_code="0411",
            workload_hours=100,
            included_on=date(2024, 5, 1),
            mp_year=2024,
            mp_position=1,
        )
        outcome = LearningOutcomeFactory(outcome_set=LearningOutcomeSetFactory(qualification=qualification))
        VerificationCriterionFactory(outcome=outcome)
        CertificationRightFactory(qualification=qualification, institution=institution, pzzj=pzzj)
        CertificationRightFactory(
            qualification=qualification, institution=pzzj, status="withdrawn", ended_on=date(2024, 6, 1)
        )
        application = make_application(ministry, State.CONSULTATION)
        draft = application.draft
        ConsultationComment.objects.create(
            consultation=application.consultation,
            email="komentarz@example.invalid",
            moderation=Moderation.PUBLISHED,
            **{field: payload((label, field, "")) for label, field in EXTRA_FIELDS if label.endswith("comment")},
        )
        records = {
            "institutions.voivodeship": Voivodeship.objects.filter(code="14"),
            "institutions.ministry": Ministry.objects.filter(pk=ministry.pk),
            "institutions.organisation": institution.__class__.objects.filter(pk__in=[institution.pk, pzzj.pk]),
            "qualifications.prklevel": PrkLevel.objects.filter(level=4),
            "qualifications.sectorframework": SectorFramework.objects.filter(pk=framework.pk),
            "qualifications.qualification": Qualification.objects.filter(pk__in=[qualification.pk, draft.pk]),
            "qualifications.learningoutcomeset": apps.get_model("qualifications.learningoutcomeset").objects.filter(
                qualification__in=[qualification, draft]
            ),
            "qualifications.learningoutcome": apps.get_model("qualifications.learningoutcome").objects.filter(
                outcome_set__qualification=qualification
            ),
            "qualifications.verificationcriterion": apps.get_model(
                "qualifications.verificationcriterion"
            ).objects.filter(outcome__outcome_set__qualification=qualification),
            "qualifications.certificationright": apps.get_model("qualifications.certificationright").objects.filter(
                qualification=qualification
            ),
        }
        LearningOutcomeSetFactory(qualification=draft)
        missing = {label for label, _field, _language in registered_fields()} - set(records)
        assert not missing, f"add records of {sorted(missing)} to stored_register: their fields are translatable"
        for key in registered_fields():
            label, field, language = key
            assert records[label].exists(), f"no {label} record in stored_register"
            records[label].update(**{f"{field}_{language}": payload(key)})
        for label, field in EXTRA_FIELDS:
            if label in records:
                records[label].update(**{field: payload((label, field, ""))})
        yield {
            "qualification": Qualification.objects.get(pk=qualification.pk),
            "institution": institution,
            "pzzj": pzzj,
            "consultation": application.consultation,
        }
        transaction.set_rollback(True)


def _urls(register) -> dict[str, list[str]]:
    qualification = register["qualification"]
    zrk_id, slug = qualification.zrk_id, qualification.slug
    institution, pzzj = register["institution"].pk, register["pzzj"].pk
    consultation = register["consultation"].pk
    search_terms = ["", "?q=alert", "?q=script+onerror", f"?q={TAGS[('qualifications.qualification', 'name', 'pl')]}"]
    filters = f"?institution={institution}&region=14&ministry=mrit&level=4&srk={qualification.sector_framework_id}"
    check = f"?qualification={zrk_id}"
    pages = []
    for prefix, names in (
        ("", ("kwalifikacje", "instytucje", "poziomy-prk", "ramy-sektorowe", "konsultacje", "sprawdz-uprawnienia")),
        (
            "/en",
            (
                "qualifications",
                "institutions",
                "prk-levels",
                "sector-frameworks",
                "consultations",
                "certification-check",
            ),
        ),
    ):
        search, institutions, levels, frameworks, consultations, rights = names
        pages += [
            f"{prefix}/",
            *[f"{prefix}/{search}/{terms}" for terms in search_terms],
            f"{prefix}/{search}/{filters}",
            f"{prefix}/{search}/{zrk_id}-{slug}/",
            f"{prefix}/{institutions}/",
            f"{prefix}/{institutions}/?q=alert",
            f"{prefix}/{institutions}/{institution}/",
            f"{prefix}/{institutions}/{pzzj}/",
            f"{prefix}/{levels}/",
            f"{prefix}/{levels}/4/",
            f"{prefix}/{frameworks}/",
            f"{prefix}/{consultations}/",
            f"{prefix}/{consultations}/{consultation}/",
            f"{prefix}/{rights}/{check}",
            f"{prefix}/{rights}/{check}&institution={institution}",
            f"{prefix}/{rights}/?institution={institution}",
            f"{prefix}/{rights}/?qualification_name=alert&institution_name=a",
        ]
    # Pages listing organisations and qualifications by name that take no parameters.
    pages += ["/lista-pzzj/", "/en/pzzj-list/", "/otwarte-dane/", "/en/open-data/"]
    return {
        "html": pages,
        "xml": [
            "/feeds/qualifications.pl.atom",
            "/feeds/qualifications.en.atom",
            f"/api/v1/qualifications/{zrk_id}.elm.xml",
            "/api/v1/elm/qualifications.xml",
            "/api/xml/kwalifikacje/",
            f"/api/xml/kwalifikacje/{zrk_id}/",
        ],
        "json": [
            f"/api/v1/{path}?lang={language}"
            for language in LANGUAGES
            for path in (
                "qualifications/",
                f"qualifications/{zrk_id}/",
                "institutions/",
                f"institutions/{institution}/",
                f"institutions/{pzzj}/",
                "prk-levels/",
            )
        ]
        + ["/api/v1/downloads/qualifications.json", "/api/v1/downloads/institutions.json"],
        "csv": ["/api/v1/downloads/qualifications.csv", "/api/v1/downloads/institutions.csv"],
    }


@pytest.fixture(scope="module")
def outputs(stored_register, django_db_blocker):
    """Every output, fetched once: {kind: {url: body as text}}."""
    client = Client()
    fetched = {}
    with django_db_blocker.unblock():
        for kind, urls in _urls(stored_register).items():
            for url in urls:
                response = client.get(url)
                assert response.status_code == 200, f"{url}: {response.status_code}"
                fetched.setdefault(kind, {})[url] = body_of(response).decode("utf-8-sig")
    return fetched


def _strings(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [text for value in data.values() for text in _strings(value)]
    if isinstance(data, list):
        return [text for value in data for text in _strings(value)]
    return []


def _payload_of(tag: str) -> str:
    key = next(key for key, value in TAGS.items() if value == tag)
    return payload(key)


def _check_texts(url: str, texts: list[str]) -> set[str]:
    """The tags in ``texts`` (data values: text, not markup); each must come with its whole payload."""
    found = set()
    for text in texts:
        for tag in set(re.findall(TAG, text)):
            assert _payload_of(tag) in text, f"{url}: payload {tag} changed on its way out: {text[:300]!r}"
            found.add(tag)
    return found


def test_every_registered_translatable_field_holds_a_payload(stored_register):
    for key in registered_fields():
        label, field, language = key
        stored = apps.get_model(label).objects.filter(**{f"{field}_{language}": payload(key)})
        assert stored.exists(), f"{label}.{field}_{language} holds no payload"


def test_html_pages_show_payloads_escaped_never_raw(outputs):
    for url, page in outputs["html"].items():
        for raw in RAW:
            assert raw not in page, f"{url}: raw {raw!r}"
        highlighted = "?q=" in url and "/sprawdz" not in url and "certification-check" not in url
        for tag in set(re.findall(TAG, page)):
            if not highlighted:  # search results wrap matched words in <mark>, splitting the escaped text
                assert escape(_payload_of(tag)) in page, f"{url}: {tag} is not shown in its escaped form"


def test_json_ld_holds_the_payloads_as_data(outputs, stored_register):
    qualification = stored_register["qualification"]
    for url, page in outputs["html"].items():
        if f"{qualification.zrk_id}-{qualification.slug}/" not in url:
            continue
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        assert len(blocks) == 1, url
        assert "<" not in blocks[0] and ">" not in blocks[0]
        data = json.loads(blocks[0])
        language = "en" if url.startswith("/en/") else "pl"
        assert data["name"] == payload(("qualifications.qualification", "name", language))
        assert data["description"] == payload(("qualifications.qualification", "characteristic", language))
        assert data["recognizedBy"]["name"] == payload(("institutions.ministry", "name", language))


def _xml_texts(document: str) -> list[str]:
    root = etree.fromstring(document.encode("utf-8"), XML_PARSER)
    texts = []
    for element in root.iter():
        texts += list(element.attrib.values())
        if not element.text:
            continue
        if element.tag == "{http://www.w3.org/2005/Atom}summary" and element.get("type") == "html":
            # An Atom summary of type html is markup: feed readers render it. The record's text must
            # be escaped in it, and read as HTML give the text back.
            assert "<" not in element.text, f"markup in an Atom summary: {element.text[:200]!r}"
            texts.append(html.unescape(element.text))
        else:
            texts.append(element.text)
    return texts


def test_xml_outputs_parse_and_hold_the_payloads_as_text(outputs):
    for url, document in outputs["xml"].items():
        found = _check_texts(url, _xml_texts(document))
        assert found, f"{url}: no payload at all"


def test_json_outputs_hold_the_payloads_as_data(outputs):
    for url, document in outputs["json"].items():
        found = _check_texts(url, _strings(json.loads(document)))
        assert found, f"{url}: no payload at all"


def test_csv_downloads_hold_the_payloads_as_data(outputs):
    for url, document in outputs["csv"].items():
        rows = list(csv.reader(io.StringIO(document, newline="")))
        found = _check_texts(url, [cell for row in rows for cell in row])
        assert found, f"{url}: no payload at all"


def test_every_payload_reaches_some_public_output(outputs):
    """Each field is exercised: its payload shows up in at least one output checked above."""
    everything = "\n".join(text for by_url in outputs.values() for text in by_url.values())
    everything += "\n".join(
        html.unescape(text) for by_url in outputs.values() for text in by_url.values()
    )  # the Atom summaries
    shown = set(re.findall(TAG, everything))
    expected = {tag for key, tag in TAGS.items() if key not in NOT_PUBLISHED}
    missing = sorted(f"{key[0]}.{key[1]} {key[2]}" for key, tag in TAGS.items() if tag in expected - shown)
    assert not missing, f"never shown by any public output: {missing}"
    stale = sorted(f"{key[0]}.{key[1]} {key[2]}" for key in NOT_PUBLISHED if TAGS[key] in shown)
    assert not stale, f"listed in NOT_PUBLISHED but shown (remove them from the list): {stale}"
