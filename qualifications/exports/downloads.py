"""CSV and JSON downloads of qualifications (any search result, or the whole register) and of
institutions (certifying institutions and PZZJ bodies).

The rows are read with a server-side cursor in chunks (``.iterator(chunk_size=...)``) as plain tuples
(``values_list``: related names come through joins and the institution count through a subquery, so
there is no query per row) and written out as they come (``StreamingHttpResponse``): memory stays flat
however many rows a download has.

CSV is UTF-8 with a byte-order mark, so that spreadsheet programs open Polish letters right; the first
row names the columns. A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
gets a leading single quote, so that a spreadsheet shows it as text instead of running it as a formula.
JSON is one array of objects with the same keys, exact. Codes (type, category, status) are the stable
machine values used by the search parameters and the API, not translated labels.
"""

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from types import SimpleNamespace

from django.db.models import QuerySet
from django.http import QueryDict, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from qualifications.models import Qualification
from qualifications.search import pipeline
from qualifications.selectors import institutions as institution_queries
from zrk.site_url import site_url

CHUNK_SIZE = 2000
BOM = "\ufeff"

# (column, source): the source is a values_list lookup on the queryset.
QUALIFICATION_COLUMNS = [
    ("id", "zrk_id"),
    ("code", "code"),
    ("name_pl", "name_pl"),
    ("name_en", "name_en"),
    ("type", "type"),
    ("category", "category"),
    ("status", "status"),
    ("prk_level", "prk_level_id"),
    ("ministry_code", "ministry__code"),
    ("ministry_name", "ministry__name_pl"),
    ("srk", "sector_framework__abbreviation"),
    ("srk_level", "srk_level"),
    ("included_on", "included_on"),
    ("mp_year", "mp_year"),
    ("mp_position", "mp_position"),
    ("active_institutions", "institution_count"),
]
QUALIFICATION_HEADER = [
    "id",
    "code",
    "name_pl",
    "name_en",
    "type",
    "category",
    "status",
    "prk_level",
    "ministry_code",
    "ministry_name",
    "srk",
    "srk_level",
    "included_on",
    "mp_reference",
    "active_institutions",
    "url",
]

INSTITUTION_HEADER = [
    "id",
    "name_pl",
    "name_en",
    "short_name",
    "nip",
    "regon",
    "krs",
    "street",
    "postal_code",
    "city",
    "voivodeship_code",
    "voivodeship",
    "website",
    "email",
    "phone",
    "certifying_institution",
    "pzzj",
    "certifiable_qualifications",
    "url",
]
INSTITUTION_FIELDS = [
    "pk",
    "name_pl",
    "name_en",
    "short_name",
    "nip",
    "regon",
    "krs",
    "street",
    "postal_code",
    "city",
    "voivodeship_id",
    "voivodeship__name_pl",
    "website",
    "email",
    "phone",
    "is_ic",
    "is_pzzj",
    "certifiable",
]


# --- Rows -------------------------------------------------------------------------------------


def qualification_rows(params: QueryDict) -> QuerySet:
    """The qualifications of a search (the search page's parameters; all public ones without any),
    in the search page's order, as tuples of QUALIFICATION_COLUMNS sources."""
    with translation.override("pl"):  # names in Polish collation, whatever the Accept-Language
        rows = pipeline.run(params).rows
    return rows.values_list(*[source for _column, source in QUALIFICATION_COLUMNS])


def _slug(name: str) -> str:
    # The page address's slug, computed exactly as Qualification.slug does, without a model instance.
    return Qualification.slug.fget(SimpleNamespace(name_pl=name, name=name))


def _qualification_record(row: tuple, page_prefix: str, base: str) -> dict:
    record = {column: value for (column, _source), value in zip(QUALIFICATION_COLUMNS, row, strict=True)}
    zrk_id, mp_year, mp_position = record["id"], record.pop("mp_year"), record.pop("mp_position")
    for key in ("name_en", "ministry_code", "ministry_name", "srk"):
        record[key] = record[key] or ""
    record["included_on"] = record["included_on"].isoformat() if record["included_on"] else None
    record["mp_reference"] = f"M.P. {mp_year} poz. {mp_position}" if mp_year and mp_position else ""
    slug = _slug(record["name_pl"])
    record["url"] = f"{base}{page_prefix}{zrk_id}-{slug}/" if slug else f"{base}{page_prefix}{zrk_id}/"
    return record


def institution_rows(params: QueryDict | None = None) -> QuerySet:
    """The institution list's organisations, read with its parser (``q``, ``role``, ``region``; values
    it cannot use are ignored, as on the page), without former certifying institutions: those holding
    a current right for a public qualification and PZZJ bodies (now or in the past), with their roles
    today and the number of qualifications they may certify, in Polish name order."""
    filters = institution_queries.parse_institution_filters(params if params is not None else QueryDict())
    with translation.override("pl"):  # names in Polish collation, whatever the Accept-Language
        organisations = institution_queries.institution_results(filters, former_institutions=False)
    return organisations.values_list(*INSTITUTION_FIELDS)


def _institution_record(row: tuple, page_prefix: str, base: str) -> dict:
    # INSTITUTION_FIELDS and INSTITUTION_HEADER (without "url") name the same values in the same order.
    record = {
        column: ("" if value is None else value) for column, value in zip(INSTITUTION_HEADER[:-1], row, strict=True)
    }
    record["url"] = f"{base}{page_prefix}{record['id']}/"
    return record


# --- Writers ----------------------------------------------------------------------------------


class _Echo:
    """A file-like object whose write returns the text, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_stream(header: list[str], records: Iterable[dict]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(header)
    batch = []
    for record in records:
        batch.append(writer.writerow([_csv_value(record[column]) for column in header]))
        if len(batch) >= 200:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


# A spreadsheet program reads a cell starting with one of these as a formula (or, for tab and carriage
# return, after trimming them): a name such as "=HYPERLINK(...)" would run when the file is opened.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # OWASP's advice: a leading single quote makes it text; JSON stays exact
    return value


def json_stream(records: Iterable[dict]) -> Iterator[str]:
    yield "["
    separator = "\n"
    batch = []
    for record in records:
        batch.append(separator + json.dumps(record, ensure_ascii=False))
        separator = ",\n"
        if len(batch) >= 200:
            yield "".join(batch)
            batch = []
    yield "".join(batch) + "\n]\n"


def _records(rows: QuerySet, to_record: Callable, page_prefix: str, base: str) -> Iterator[dict]:
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        yield to_record(row, page_prefix, base)


def _response(stream: Iterator[str], content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse((piece.encode("utf-8") for piece in stream), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-cache"
    return response


def _filename(what: str, extension: str, params: QueryDict | None = None) -> str:
    scope = "search" if params and any(params.getlist(name) for name in params) else "all"
    return f"zrk-{what}-{scope}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _prefix(name: str) -> str:
    with translation.override("pl"):
        return reverse(name)


def _qualification_records(request) -> Iterator[dict]:
    base = site_url()
    return _records(qualification_rows(request.GET), _qualification_record, _prefix("qualification_search"), base)


def _institution_records(request) -> Iterator[dict]:
    base = site_url()
    return _records(institution_rows(request.GET), _institution_record, _prefix("institution_list"), base)


# --- Views ------------------------------------------------------------------------------------


@require_GET
def qualifications_csv(request):
    stream = csv_stream(QUALIFICATION_HEADER, _qualification_records(request))
    return _response(stream, "text/csv; charset=utf-8", _filename("qualifications", "csv", request.GET))


@require_GET
def qualifications_json(request):
    stream = json_stream(_qualification_records(request))
    return _response(stream, "application/json; charset=utf-8", _filename("qualifications", "json", request.GET))


@require_GET
def institutions_csv(request):
    stream = csv_stream(INSTITUTION_HEADER, _institution_records(request))
    return _response(stream, "text/csv; charset=utf-8", _filename("institutions", "csv", request.GET))


@require_GET
def institutions_json(request):
    stream = json_stream(_institution_records(request))
    return _response(stream, "application/json; charset=utf-8", _filename("institutions", "json", request.GET))
