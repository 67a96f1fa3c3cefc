"""Europass ELM v3 export, "LOQ" application profile (Learning Opportunities and Qualifications): the XML
that the Europass Qualification Dataset Register (QDR) harvests, valid against the official ``loq.xsd``
(a copy for the tests lives in ``tests/data/elm-loq/``).

Two documents:

* one qualification, ``/api/v1/qualifications/<zrk_id>.elm.xml``, built in memory (a handful of queries);
* the whole register, ``/api/v1/elm/qualifications.xml``, produced entity by entity in four
  passes over the database (qualifications, learning outcomes, organisations, their locations), each
  read with a server-side cursor in chunks, so memory stays flat however large the register is. The
  passes run in one REPEATABLE READ transaction, so every ``idref`` finds its target even when the
  register changes while the file is being read. It is written to a file once per register version
  and served from there (qualifications/exports/elm_file.py).

Mapping (see docs/architecture.md#europass-elm):

* ``@id``: the permanent address of the qualification page, ``/kwalifikacje/<zrk_id>/`` (it redirects to
  the page with its slug); ``homepage``: the public page in Polish and in English;
* ``identifier``: the ZRK code, scheme agency IBE; ``title`` and ``description`` (the short
  characteristic) in Polish and, where translated, English; ``category``: the ZRK category;
* ``ISCEDFCode``: ``isced_code``. A code the schema's list does not know is shortened to its narrow or
  broad field (0413 -> 041 -> 04); an empty or unknown one becomes ``99`` ("Field unknown"), because
  the schema requires at least one ISCED-F code;
* ``volumeOfLearning``: the indicative workload as ``PT<n>H``, or the sum of the sets' workloads when
  every set has one; left out when unknown;
* ``language``: Polish (validation in the ZSK takes place in Polish);
* ``learningOutcome``: each learning outcome of each set, with the set's name as a note. A record
  without outcomes gets one outcome made from its characteristic (or its name): the schema requires one;
* ``awardingOpportunity``: one per certifying institution holding an *active* right, the institution
  being an ``organisation`` with a ``location`` whose address is its Polish postal address;
* ``EQFLevel`` and ``NQFLevel``: PRK level N is EQF level N; the NQF URIs are the QDR's Polish PQF levels.

Only public qualifications are exported. A public qualification without a PRK level (possible for some
categories imported from other registers) cannot be expressed in LOQ, which requires both levels: it is
left out of the register document and its own document answers 404.
"""

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import condition, require_safe
from lxml import etree

from institutions.models import Organisation
from qualifications.exports.isced_f import ISCED_F_CODES
from qualifications.models import (
    Category,
    CertificationRight,
    LearningOutcome,
    LearningOutcomeSet,
    Qualification,
    QualificationType,
    certifying_condition,
)
from zrk.site_url import site_url

LOQ = "http://data.europa.eu/snb/model/ap/loq-constraints/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
NSMAP = {None: LOQ, "skos": SKOS}
XSD_VERSION = "3.1.0"

EQF_URI = "http://data.europa.eu/snb/eqf/{level}"
# The QDR's NQF concepts for the Polish Qualifications Framework (cv/nqf.xsd, "PQF Level N").
PQF_URIS = {
    1: "http://data.europa.eu/snb/qdr/c_fcf3bd8d",
    2: "http://data.europa.eu/snb/qdr/c_14db1595",
    3: "http://data.europa.eu/snb/qdr/c_e018d301",
    4: "http://data.europa.eu/snb/qdr/c_c145999e",
    5: "http://data.europa.eu/snb/qdr/c_045fd11d",
    6: "http://data.europa.eu/snb/qdr/c_cb086da3",
    7: "http://data.europa.eu/snb/qdr/c_e860b49b",
    8: "http://data.europa.eu/snb/qdr/c_ec518d13",
}
ISCED_URI = "http://data.europa.eu/snb/isced-f/{code}"
ISCED_UNKNOWN = "99"  # "Field unknown" in ISCED-F 2013
LANGUAGE_URIS = {
    "pl": "http://publications.europa.eu/resource/authority/language/POL",
    "en": "http://publications.europa.eu/resource/authority/language/ENG",
}
COUNTRY_POLAND = "http://publications.europa.eu/resource/authority/country/POL"
SCHEME_AGENCY = {"pl": "Instytut Badań Edukacyjnych"}
SCHEME_NAME = "Kod kwalifikacji w Zintegrowanym Rejestrze Kwalifikacji (ZRK)"
SET_NOTE = {"pl": "Zestaw efektów uczenia się: {name}", "en": "Set of learning outcomes: {name}"}
POLAND = "Polska"

CHUNK_SIZE = 500  # qualifications per database round trip in the register document
FLUSH_BYTES = 256 * 1024  # bytes gathered before a piece of the register document is sent

# XML 1.0 forbids most control characters; a stray one in a description must not break the file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

QUALIFICATION_FIELDS = (
    "id",
    "zrk_id",
    "code",
    "name_pl",
    "name_en",
    "characteristic_pl",
    "characteristic_en",
    "entry_conditions_pl",
    "category",
    "type",
    "isced_code",
    "workload_hours",
    "prk_level_id",
    "updated_at",
)
ORGANISATION_FIELDS = (
    "id",
    "name_pl",
    "name_en",
    "short_name",
    "street",
    "postal_code",
    "city",
    "website",
    "updated_at",
)


def _text(value) -> str:
    return _NOT_XML.sub("", str(value or "")).strip()


def _el(parent, name: str, text=None, ns: str = LOQ, **attrib) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{name}", attrib)
    if text is not None:
        element.text = _text(text)
    return element


def _lang_texts(parent, name: str, texts: dict) -> None:
    """One ``<name language="xx">`` per language that has a text, Polish first."""
    for language in ("pl", "en"):
        value = _text(texts.get(language))
        if value:
            _el(parent, name, value, language=language)


def isced_code(code: str) -> str:
    """The ISCED-F code for the schema: the record's own, or its nearest broader field, or "99"."""
    code = (code or "").strip()
    while len(code) >= 2:
        if code in ISCED_F_CODES:
            return code
        code = code[:-1]
    return ISCED_UNKNOWN


def volume_of_learning(hours: int | None, set_hours: list) -> str | None:
    if hours:
        return f"PT{hours}H"
    if set_hours and all(set_hours):
        return f"PT{sum(set_hours)}H"
    return None


class Links:
    """Absolute, stable URIs of the register's records, built from the URL patterns once per document."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        with translation.override("pl"):
            self.qualifications_pl = reverse("qualification_search")
            self.institutions = reverse("institution_list")
        with translation.override("en"):
            self.qualifications_en = reverse("qualification_search")

    @classmethod
    def for_site(cls) -> "Links":
        return cls(site_url())

    def qualification(self, zrk_id: int) -> str:
        return f"{self.base}{self.qualifications_pl}{zrk_id}/"

    def page(self, zrk_id: int, slug: str, language: str) -> str:
        prefix = self.qualifications_pl if language == "pl" else self.qualifications_en
        return f"{self.base}{prefix}{zrk_id}-{slug}/" if slug else f"{self.base}{prefix}{zrk_id}/"

    def outcome(self, zrk_id: int, outcome_pk: int) -> str:
        return f"{self.qualification(zrk_id)}#lo-{outcome_pk}"

    def summary_outcome(self, zrk_id: int) -> str:
        return f"{self.qualification(zrk_id)}#lo-summary"

    def organisation(self, pk: int) -> str:
        return f"{self.base}{self.institutions}{pk}/"

    def location(self, pk: int) -> str:
        return f"{self.organisation(pk)}#location"


def _category_labels() -> dict[str, dict[str, str]]:
    labels = {}
    for language in ("pl", "en"):
        with translation.override(language):
            for value, label in Category.choices:
                labels.setdefault(value, {})[language] = str(label)
    return labels


# --- Entities ---------------------------------------------------------------------------------


def qualification_element(
    qualification: Qualification,
    links: Links,
    outcome_ids: list[int],
    institution_ids: list[int],
    set_hours: list,
    categories: dict,
) -> etree._Element:
    """The ``<qualification>`` entity; element order follows loq.xsd (QualificationType)."""
    zrk_id = qualification.zrk_id
    uri = links.qualification(zrk_id)
    element = _entity("qualification", uri)
    identifier = _el(element, "identifier")
    _el(identifier, "notation", qualification.code or str(zrk_id), ns=SKOS)
    _el(identifier, "schemeAgency", SCHEME_AGENCY["pl"], language="pl")  # the schema allows one
    _el(identifier, "schemeName", SCHEME_NAME)
    _lang_texts(element, "title", {"pl": qualification.name_pl, "en": qualification.name_en})
    _lang_texts(element, "description", {"pl": qualification.characteristic_pl, "en": qualification.characteristic_en})
    slug = qualification.slug
    for language in ("pl", "en"):
        homepage = _el(element, "homepage")
        _el(homepage, "language", uri=LANGUAGE_URIS[language])
        _el(homepage, "contentUrl", links.page(zrk_id, slug, language))
    _lang_texts(element, "category", categories.get(qualification.category, {}))
    _el(element, "modified", qualification.updated_at.isoformat())
    _el(element, "ISCEDFCode", uri=ISCED_URI.format(code=isced_code(qualification.isced_code)))
    volume = volume_of_learning(qualification.workload_hours, set_hours)
    if volume:
        _el(element, "volumeOfLearning", volume)
    _el(element, "language", uri=LANGUAGE_URIS["pl"])
    entry = _text(qualification.entry_conditions_pl)
    if entry:
        note = _el(element, "entryRequirement")
        _el(note, "noteLiteral", entry, language="pl")
    if outcome_ids:
        for outcome_pk in outcome_ids:
            _el(element, "learningOutcome", idref=links.outcome(zrk_id, outcome_pk))
    else:
        _el(element, "learningOutcome", idref=links.summary_outcome(zrk_id))
    for institution_pk in institution_ids:
        opportunity = _el(element, "awardingOpportunity")
        _el(opportunity, "awardingBody", idref=links.organisation(institution_pk))
        _el(opportunity, "location", idref=links.location(institution_pk))
        _el(opportunity, "learningAchievementSpecification", idref=uri)
    _el(element, "isPartialQualification", "true" if qualification.type == QualificationType.PARTIAL else "false")
    level = qualification.prk_level_id
    _el(element, "EQFLevel", uri=EQF_URI.format(level=level))
    _el(element, "NQFLevel", uri=PQF_URIS[level])
    return element


def outcome_element(uri: str, texts: dict, set_names: dict | None = None) -> etree._Element:
    element = _entity("learningOutcome", uri)
    if not any(_text(value) for value in texts.values()):
        texts = {"pl": "—"}
    _lang_texts(element, "title", texts)
    for language in ("pl", "en"):
        name = _text((set_names or {}).get(language))
        if name:
            note = _el(element, "additionalNote")
            _el(note, "noteLiteral", SET_NOTE[language].format(name=name), language=language)
    return element


def organisation_element(organisation: dict, links: Links) -> etree._Element:
    """An awarding body: ``legalName`` in both languages, short name, website and its location."""
    element = _entity("organisation", links.organisation(organisation["id"]))
    if _text(organisation["short_name"]):
        _el(element, "altLabel", organisation["short_name"], ns=SKOS, language="pl")
    _lang_texts(element, "legalName", {"pl": organisation["name_pl"] or "—", "en": organisation["name_en"]})
    if _text(organisation["website"]):
        homepage = _el(element, "homepage")
        _el(homepage, "contentUrl", organisation["website"])
    _el(element, "location", idref=links.location(organisation["id"]))
    if organisation["updated_at"]:
        _el(element, "modified", organisation["updated_at"].isoformat())
    return element


def polish_address(organisation: dict) -> str:
    """ "ul. Długa 5, 00-950 Warszawa, Polska": the parts that are known, then the country."""
    town = " ".join(part for part in (_text(organisation["postal_code"]), _text(organisation["city"])) if part)
    return ", ".join(part for part in (_text(organisation["street"]), town, POLAND) if part)


def location_element(organisation: dict, links: Links) -> etree._Element:
    element = _entity("location", links.location(organisation["id"]))
    if _text(organisation["city"]):
        _el(element, "geographicName", organisation["city"], language="pl")
    address = _el(element, "address")
    full = _el(address, "fullAddress")
    _el(full, "noteLiteral", polish_address(organisation), language="pl")
    _el(address, "countryCode", uri=COUNTRY_POLAND)
    return element


# --- Queries ----------------------------------------------------------------------------------


def exportable() -> QuerySet:
    """Public qualifications that LOQ can describe (it requires an EQF and an NQF level)."""
    return Qualification.objects.public().filter(prk_level__isnull=False)


def _qualifications_with_references() -> QuerySet:
    sets = LearningOutcomeSet.objects.only("id", "qualification_id", "position", "workload_hours").order_by(
        "position", "pk"
    )
    outcomes = LearningOutcome.objects.only("id", "outcome_set_id", "position").order_by("position", "pk")
    rights = (
        CertificationRight.objects.certifying_on()
        .only("id", "qualification_id", "institution_id")
        .order_by("institution_id")
    )
    return (
        exportable()
        .only(*QUALIFICATION_FIELDS)
        .prefetch_related(
            Prefetch("outcome_sets", queryset=sets.prefetch_related(Prefetch("outcomes", queryset=outcomes))),
            Prefetch("certification_rights", queryset=rights, to_attr="active_rights"),
        )
    )


def _references(qualification) -> tuple[list[int], list[int], list]:
    sets = list(qualification.outcome_sets.all())
    outcome_ids = [outcome.pk for outcome_set in sets for outcome in outcome_set.outcomes.all()]
    institution_ids = sorted({right.institution_id for right in qualification.active_rights})
    return outcome_ids, institution_ids, [outcome_set.workload_hours for outcome_set in sets]


def _awarding_bodies(qualifications: QuerySet) -> QuerySet:
    return (
        Organisation.objects.filter(
            Exists(
                CertificationRight.objects.certifying_on().filter(
                    institution=OuterRef("pk"), qualification__in=qualifications
                )
            )
        )
        .order_by("pk")
        .values(*ORGANISATION_FIELDS)
    )


# --- One qualification ------------------------------------------------------------------------


def qualification_document(zrk_id: int, links: Links) -> bytes | None:
    """The LOQ document of one public qualification, or None when there is none to export."""
    qualification = _qualifications_with_references().filter(zrk_id=zrk_id).first()
    if qualification is None:
        return None
    outcome_ids, institution_ids, set_hours = _references(qualification)
    root = etree.Element(f"{{{LOQ}}}Courses", {"xsdVersion": XSD_VERSION}, nsmap=NSMAP)
    container = _el(root, "learningAchievementSpecificationReferences")
    container.append(
        qualification_element(qualification, links, outcome_ids, institution_ids, set_hours, _category_labels())
    )
    outcomes = _el(root, "learningOutcomeReferences")
    if outcome_ids:
        rows = LearningOutcome.objects.filter(outcome_set__qualification=qualification).order_by(
            "outcome_set__position", "outcome_set_id", "position", "pk"
        )
        for pk, text_pl, text_en, set_pl, set_en in rows.values_list(
            "pk", "text_pl", "text_en", "outcome_set__name_pl", "outcome_set__name_en"
        ):
            uri = links.outcome(qualification.zrk_id, pk)
            outcomes.append(outcome_element(uri, {"pl": text_pl, "en": text_en}, {"pl": set_pl, "en": set_en}))
    else:
        q = qualification
        texts = _summary_texts(q.name_pl, q.name_en, q.characteristic_pl, q.characteristic_en)
        outcomes.append(_summary_outcome(links, q.zrk_id, texts))
    bodies = list(_awarding_bodies(Qualification.objects.filter(pk=qualification.pk)))
    if bodies:
        agents = _el(root, "agentReferences")
        locations = etree.Element(f"{{{LOQ}}}locationReferences")
        for organisation in bodies:
            agents.append(organisation_element(organisation, links))
            locations.append(location_element(organisation, links))
        root.append(locations)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _summary_texts(name_pl, name_en, characteristic_pl, characteristic_en) -> dict:
    """The one outcome of a record without outcomes: its characteristic, or else its name."""
    if characteristic_pl:
        return {"pl": characteristic_pl, "en": characteristic_en}
    return {"pl": name_pl, "en": name_en}


def _summary_outcome(links: Links, zrk_id: int, texts: dict) -> etree._Element:
    return outcome_element(links.summary_outcome(zrk_id), texts)


# --- The whole register -----------------------------------------------------------------------


@contextmanager
def _snapshot():
    """One consistent view of the database for all passes of the register document."""
    if connection.in_atomic_block:  # already inside a transaction (tests): it cannot change isolation
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


# Every entity is built with the document's namespaces declared on it, then serialized on its own:
# lxml then writes those declarations on the entity's first tag, and they are cut out because the
# root declares them already. Should lxml ever write them differently, nothing is cut and the
# document stays valid XML, only larger.
_ROOT_DECLARATIONS = f' xmlns="{LOQ}" xmlns:skos="{SKOS}"'.encode()
_ROOT_START = f'<Courses{_ROOT_DECLARATIONS.decode()} xsdVersion="{XSD_VERSION}">'.encode()


def _entity(tag: str, uri: str) -> etree._Element:
    return etree.Element(f"{{{LOQ}}}{tag}", {"id": uri}, nsmap=NSMAP)


def _serialized(element: etree._Element) -> bytes:
    return etree.tostring(element, encoding="UTF-8", xml_declaration=False).replace(_ROOT_DECLARATIONS, b"", 1)


def _register_sections(links: Links) -> Iterator[tuple[str, Iterator[etree._Element]]]:
    """The document's containers in schema order, each with the entities it holds."""
    categories = _category_labels()

    def qualifications():
        for qualification in _qualifications_with_references().order_by("zrk_id").iterator(chunk_size=CHUNK_SIZE):
            outcome_ids, institution_ids, set_hours = _references(qualification)
            yield qualification_element(qualification, links, outcome_ids, institution_ids, set_hours, categories)

    def outcomes():
        rows = (
            LearningOutcome.objects.filter(outcome_set__qualification__in=exportable())
            .order_by("outcome_set__qualification__zrk_id", "outcome_set__position", "outcome_set_id", "position", "pk")
            .values_list(
                "pk",
                "text_pl",
                "text_en",
                "outcome_set__qualification__zrk_id",
                "outcome_set__name_pl",
                "outcome_set__name_en",
            )
        )
        for pk, text_pl, text_en, zrk_id, set_pl, set_en in rows.iterator(chunk_size=CHUNK_SIZE * 4):
            uri = links.outcome(zrk_id, pk)
            yield outcome_element(uri, {"pl": text_pl, "en": text_en}, {"pl": set_pl, "en": set_en})
        without_outcomes = (
            exportable()
            .filter(~Exists(LearningOutcome.objects.filter(outcome_set__qualification=OuterRef("pk"))))
            .order_by("zrk_id")
            .values_list("zrk_id", "name_pl", "name_en", "characteristic_pl", "characteristic_en")
        )
        for zrk_id, name_pl, name_en, char_pl, char_en in without_outcomes.iterator(chunk_size=CHUNK_SIZE):
            yield _summary_outcome(links, zrk_id, _summary_texts(name_pl, name_en, char_pl, char_en))

    def organisations():
        for organisation in _awarding_bodies(exportable()).iterator(chunk_size=CHUNK_SIZE * 4):
            yield organisation_element(organisation, links)

    def locations():
        for organisation in _awarding_bodies(exportable()).iterator(chunk_size=CHUNK_SIZE * 4):
            yield location_element(organisation, links)

    yield "learningAchievementSpecificationReferences", qualifications()
    yield "learningOutcomeReferences", outcomes()
    yield "agentReferences", organisations()
    yield "locationReferences", locations()


def register_document(links: Links) -> Iterator[bytes]:
    """The whole register as one LOQ document, produced piece by piece (about FLUSH_BYTES each)."""
    with _snapshot():
        pieces = [b"<?xml version='1.0' encoding='UTF-8'?>\n", _ROOT_START]
        size = 0
        for container, entities in _register_sections(links):
            pieces.append(f"<{container}>".encode())
            for element in entities:
                data = _serialized(element)
                pieces.append(data)
                size += len(data)
                if size >= FLUSH_BYTES:
                    yield b"".join(pieces)
                    pieces, size = [], 0
            pieces.append(f"</{container}>".encode())
        pieces.append(b"</Courses>\n")
        yield b"".join(pieces)


# --- Caching validators -----------------------------------------------------------------------


def _validators(request, key: str, compute):
    """Compute (etag, last_modified) once per request for both callbacks of ``condition``."""
    cache = request.__dict__.setdefault("_open_data_validators", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _etag(*parts) -> str:
    return '"' + hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()[:32] + '"'


def _qualification_validators(zrk_id: int):
    """The latest change to anything the qualification's document shows: the record (outcomes are
    edited with it), its certification rights, and the institutions holding active rights."""
    row = (
        exportable()
        .filter(zrk_id=zrk_id)
        .annotate(
            rights_changed=Max("certification_rights__updated_at"),
            bodies_changed=Max(
                "certification_rights__institution__updated_at",
                filter=certifying_condition(timezone.localdate(), "certification_rights__"),
            ),
        )
        .values_list("updated_at", "rights_changed", "bodies_changed")
        .first()
    )
    if row is None:
        return None, None
    last = max(moment for moment in row if moment is not None)
    return _etag("elm", zrk_id, timezone.localdate(), *row), last


def _register_validators():
    qualifications = exportable().aggregate(changed=Max("updated_at"), n=Count("pk"))
    rights = CertificationRight.objects.aggregate(changed=Max("updated_at"), n=Count("pk"))
    bodies = Organisation.objects.filter(
        certifying_condition(timezone.localdate(), "certification_rights__")
    ).aggregate(changed=Max("updated_at"))
    moments = [qualifications["changed"], rights["changed"], bodies["changed"]]
    known = [moment for moment in moments if moment is not None]
    return _etag("elm-register", timezone.localdate(), qualifications["n"], rights["n"], *moments), (
        max(known) if known else None
    )


def _qualification_etag(request, zrk_id):
    return _validators(request, f"elm-{zrk_id}", lambda: _qualification_validators(zrk_id))[0]


def _qualification_last_modified(request, zrk_id):
    return _validators(request, f"elm-{zrk_id}", lambda: _qualification_validators(zrk_id))[1]


# --- Views ------------------------------------------------------------------------------------

XML_CONTENT_TYPE = "application/xml; charset=utf-8"


@require_safe
@condition(etag_func=_qualification_etag, last_modified_func=_qualification_last_modified)
def elm_qualification(request, zrk_id: int):
    document = qualification_document(zrk_id, Links.for_site())
    if document is None:
        raise Http404("No public qualification with a PRK level has this ZRK id.")
    response = HttpResponse(document, content_type=XML_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="zrk-{zrk_id}.elm.xml"'
    return response
