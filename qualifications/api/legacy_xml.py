"""The legacy ZRK XML API shape (docs/domain.md#the-legacy-xml-api), so that today's consumers keep working:
a list of 100 qualifications per page, pages numbered from 1, an empty list past the end; and one
qualification with the fields id, rodzaj, status, kod, nazwa, poziom, dziedzina, pkd, polon,
charakterystyka. Values are Polish whatever the request, as in the original."""

from django.db.models import F
from django.http import HttpResponse
from django.views.decorators.http import require_GET
from lxml import etree

from qualifications.models import Category, Qualification, QualificationType, Status
from qualifications.page_cache import per_register_version
from zrk.db_router import read_connection
from zrk.params import is_ascii_number

PAGE_SIZE = 100

RODZAJ = {QualificationType.FULL: "1", QualificationType.PARTIAL: "2"}
STATUS = {
    Status.INCLUDED: "włączona",
    Status.FUNCTIONING: "funkcjonująca",
    Status.SUSPENDED: "zawieszona",
    Status.ARCHIVED: "archiwalna",
}
# The {polon} field doubles as a category sentinel in the original API; market qualifications
# (and their successors, free-market and sectoral) carry NULL.
POLON_SENTINELS = {
    Category.POSTGRADUATE: 555555555,
    Category.VOCATIONAL: 1111111111,
    Category.REGULATED: 222222222,
    Category.CRAFT: 444444444,
    Category.GENERAL_EDUCATION: 333333333,
}
POLON_HIGHER_EDUCATION_UNKNOWN = 2147483647


def polon(qualification) -> int | None:
    if qualification.category == Category.HIGHER_EDUCATION:
        return qualification.polon_id or POLON_HIGHER_EDUCATION_UNKNOWN
    return POLON_SENTINELS.get(qualification.category)


def _xml_response(root, status=200) -> HttpResponse:
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return HttpResponse(body, status=status, content_type="application/xml; charset=utf-8")


def _error(message: str, status: int) -> HttpResponse:
    root = etree.Element("blad")
    root.text = message
    return _xml_response(root, status)


def _add(parent, tag: str, value) -> None:
    element = etree.SubElement(parent, tag)
    if value is not None and value != "":
        element.text = str(value)
    else:
        element.set("nil", "true")


def _page_starts() -> tuple[int, list[int]]:
    """(the number of public qualifications, the id each page of PAGE_SIZE starts at), kept per
    register version: a page then reads its rows from its first id on through the id index, so a
    page far down costs what page 1 does (with OFFSET, PostgreSQL reads and drops every row before
    it, and counting the register is a scan of its own)."""

    def compute():
        # Numbered in the database, so a worker never holds the register's ids (some MB at 100,000).
        sql, params = Qualification.objects.public().order_by().values("zrk_id").query.sql_with_params()
        statement = f"""
            SELECT s.zrk_id, s.total FROM (
                SELECT q.zrk_id, row_number() OVER (ORDER BY q.zrk_id) AS n, count(*) OVER () AS total
                  FROM ({sql}) AS q
            ) AS s WHERE s.n %% %s = 1 ORDER BY s.zrk_id
        """  # noqa: S608 - the inner statement is Django's, its values parameters
        with read_connection(Qualification).cursor() as cursor:
            cursor.execute(statement, [*params, PAGE_SIZE])
            rows = cursor.fetchall()
        return (rows[0][1] if rows else 0), [zrk_id for zrk_id, _total in rows]

    return per_register_version("legacy-xml-pages", compute, language=False)


@require_GET
def qualification_list(request):
    raw = request.GET.get("page", "1")
    if not is_ascii_number(raw, 9) or int(raw) < 1:
        return _error("Parametr page musi być liczbą całkowitą od 1.", 400)
    number = int(raw)
    count, starts = _page_starts()
    root = etree.Element("kwalifikacje", strona=str(number), na_stronie=str(PAGE_SIZE), liczba=str(count))
    if number <= len(starts):
        rows = (
            Qualification.objects.public()
            .filter(zrk_id__gte=starts[number - 1])
            .order_by("zrk_id")
            .values_list("zrk_id", "name_pl")[:PAGE_SIZE]
        )
        for zrk_id, name in rows:
            item = etree.SubElement(root, "kwalifikacja")
            _add(item, "id", zrk_id)
            _add(item, "nazwa", name)
    return _xml_response(root)


@require_GET
def qualification_detail(request, zrk_id: int):
    qualification = (
        Qualification.objects.public()
        .filter(zrk_id=zrk_id)
        .annotate(poziom=F("prk_level_id"))
        .only(
            "zrk_id",
            "type",
            "status",
            "code",
            "name_pl",
            "prk_level",
            "isced_code",
            "pkd_code",
            "polon_id",
            "category",
            "characteristic_pl",
        )
        .first()
    )
    if qualification is None:
        return _error("Nie ma takiej kwalifikacji.", 404)
    root = etree.Element("kwalifikacja")
    _add(root, "id", qualification.zrk_id)
    _add(root, "rodzaj", RODZAJ.get(qualification.type))
    _add(root, "status", STATUS.get(qualification.status))
    _add(root, "kod", qualification.code)
    _add(root, "nazwa", qualification.name_pl)
    _add(root, "poziom", qualification.poziom)
    _add(root, "dziedzina", qualification.isced_code)
    _add(root, "pkd", qualification.pkd_code)
    _add(root, "polon", polon(qualification))
    _add(root, "charakterystyka", qualification.characteristic_pl)
    return _xml_response(root)
