"""Facet counts for the qualification search, disjunctive: the counts of one facet's options reflect
every other active filter but not the facet's own, so ticking a second level shows how many more
results it adds. All facets come from one statement that evaluates the text query once."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import F, QuerySet
from django.utils.translation import ngettext

from institutions.models import Organisation
from qualifications.filters import QualificationFilter
from qualifications.page_cache import per_register_version
from qualifications.search.facet_index import counts as index_counts
from qualifications.search.facet_index import index
from qualifications.search.facet_index import text_counts as index_text_counts
from zrk.template_rows import TemplateRow

# The certifying-institution facet lists the most frequent ones (plus any selected): a list of
# thousands of checkboxes would help nobody.
TOP_INSTITUTIONS = 10
UNREAD = object()  # facets(): the facet index is read there


@dataclass
class FacetOption(TemplateRow):
    value: str
    label: str
    count: int
    selected: bool
    # The page prints these as they are (some 70 options per page): "result" in the plural form the
    # count takes, for screen readers, the checkbox's id, and the count as text (the template would
    # localise the number again: the same digits, without grouping).
    unit: str = ""
    html_id: str = ""
    count_text: str = ""


@dataclass
class Facet(TemplateRow):
    name: str
    legend: str
    options: list[FacetOption]

    @property
    def selected_options(self) -> list[FacetOption]:
        return [option for option in self.options if option.selected]


# facet name -> (the column of the matched set its counts are grouped by, SQL array type)
COLUMN_FACETS = {
    "level": ("prk_level_id", "int"),
    "type": ("type", "text"),
    "category": ("category", "text"),
    "status": ("status", "text"),
    "ministry": ("ministry_code", "text"),
    "srk": ("sector_framework_id", "int"),
}
FACET_NAMES = [*COLUMN_FACETS, "region", "institution"]
MATCHED_COLUMNS = {
    "id": F("id"),
    "prk_level_id": F("prk_level_id"),
    "type": F("type"),
    "category": F("category"),
    "status": F("status"),
    "sector_framework_id": F("sector_framework_id"),
    "ministry_code": F("ministry__code"),
    "active_regions": F("active_regions"),
    "active_institutions": F("active_institutions"),
}


def _matched_sql(matched: QuerySet) -> tuple[str, list]:
    """The rows the text query matched, materialised once for all the facets. Every column is an
    annotation selected again by name: Django does not promise the order of a values() select."""
    rows = matched.order_by().annotate(**{f"m_{name}": expression for name, expression in MATCHED_COLUMNS.items()})
    sql, params = rows.values(*(f"m_{name}" for name in MATCHED_COLUMNS)).query.sql_with_params()
    columns = ", ".join(f's."m_{name}" AS {name}' for name in MATCHED_COLUMNS)
    return f"SELECT {columns} FROM ({sql}) AS s", list(params)  # noqa: S608 - constant names


def _conditions(filterset: QualificationFilter) -> dict[str, tuple[str, list]]:
    """Each filter as an SQL condition on the matched set ("TRUE" when nothing is selected)."""
    conditions = {}
    for name, (column, sql_type) in COLUMN_FACETS.items():
        values = filterset.selected(name)
        conditions[name] = (f"m.{column} = ANY(%s::{sql_type}[])", [values]) if values else ("TRUE", [])
    regions = filterset.selected("region")
    institutions = [int(pk) for pk in filterset.selected("institution")]
    conditions["region"] = ("m.active_regions && %s::varchar[]", [regions]) if regions else ("TRUE", [])
    conditions["institution"] = ("m.active_institutions && %s::int[]", [institutions]) if institutions else ("TRUE", [])
    return conditions


def _all_but(conditions: dict, facet: str) -> tuple[str, list]:
    parts = [conditions[name] for name in FACET_NAMES if name != facet]
    return " AND ".join(sql for sql, _ in parts), [param for _, params in parts for param in params]


def counts_sql(filterset: QualificationFilter, matched: QuerySet) -> tuple[str, list]:
    """One statement returning (facet, value, count) rows for every facet, each count under every
    active filter but the facet's own. The column facets share one scan (GROUPING SETS with a
    FILTERed count per facet); region and institution unnest the arrays of active rights."""
    matched_sql, params = _matched_sql(matched)
    conditions = _conditions(filterset)
    active = [name for name in FACET_NAMES if conditions[name][0] != "TRUE"]
    if len(active) >= 2:
        # Every count needs all the active filters but at most one (its own facet's), so a row
        # failing two of them counts nowhere: the matched set is narrowed to the rows that pass all
        # but one before it is grouped, and the database can use the filters' indexes to find them.
        narrowing = [_all_but(conditions, left_out) for left_out in active]
        where = " OR ".join(f"({sql})" for sql, _params in narrowing)
        matched_sql = f"SELECT * FROM ({matched_sql}) AS m WHERE {where}"  # noqa: S608 - constant SQL
        params += [param for _sql, where_params in narrowing for param in where_params]
    facet_case, value_case, count_case = [], [], []
    for name, (column, _type) in COLUMN_FACETS.items():
        where, where_params = _all_but(conditions, name)
        facet_case.append(f"WHEN GROUPING(m.{column}) = 0 THEN '{name}'")
        value_case.append(f"WHEN GROUPING(m.{column}) = 0 THEN m.{column}::text")
        count_case.append(f"WHEN GROUPING(m.{column}) = 0 THEN COUNT(*) FILTER (WHERE {where})")
        params += where_params
    # The empty grouping set gives the total under every filter: the result count, for free.
    all_where, all_params = _all_but(conditions, "")
    facet_case.append("ELSE 'total'")
    count_case.append(f"ELSE COUNT(*) FILTER (WHERE {all_where})")
    params += all_params
    grouping_sets = ", ".join([*(f"(m.{column})" for column, _type in COLUMN_FACETS.values()), "()"])
    region_where, region_params = _all_but(conditions, "region")
    institution_where, institution_params = _all_but(conditions, "institution")
    params += [*region_params, *institution_params]
    params += [TOP_INSTITUTIONS, [int(pk) for pk in filterset.selected("institution")]]
    sql = f"""
        WITH m AS MATERIALIZED ({matched_sql})
        SELECT CASE {" ".join(facet_case)} END, CASE {" ".join(value_case)} END, CASE {" ".join(count_case)} END
          FROM m GROUP BY GROUPING SETS ({grouping_sets})
        UNION ALL
        SELECT 'region', region, COUNT(*)
          FROM m CROSS JOIN LATERAL unnest(m.active_regions) AS region
         WHERE {region_where}
         GROUP BY region
        UNION ALL
        SELECT 'institution', t.institution::text, t.n FROM (
            SELECT institution, COUNT(*) AS n, row_number() OVER (ORDER BY COUNT(*) DESC, institution) AS place
              FROM m CROSS JOIN LATERAL unnest(m.active_institutions) AS institution
             WHERE {institution_where}
             GROUP BY institution
        ) AS t WHERE t.place <= %s OR t.institution = ANY(%s::int[])
    """  # noqa: S608 - identifiers are constants of this module; values are parameters
    return sql, params


def _counts(filterset: QualificationFilter, matched: QuerySet) -> tuple[dict[str, dict[str, int]], int]:
    sql, params = counts_sql(filterset, matched)
    counts: dict[str, dict[str, int]] = {name: {} for name in FACET_NAMES}
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for facet, value, count in cursor.fetchall():
            if facet == "total":
                total = count or 0
            elif value is not None and count:
                counts[facet][value] = count
    return counts, total


def facets(
    filterset: QualificationFilter, matched: QuerySet, *, text_query: bool = True, facet_index=UNREAD
) -> tuple[list[Facet], int]:
    """The facets of a search whose text query has already narrowed ``matched``, and the number of
    results under every filter, in one query (plus one for the names of the institutions shown).

    The counts come from the facet index kept per register version (facet_index.py): without a
    text query no statement groups the register for a visitor; with one, a statement reads the
    matched ids and counts the institutions only. ``counts_sql`` is the statement used where the
    index cannot serve (and the reference its counts are tested against). A caller that has read
    the index already passes it as ``facet_index`` (reading it costs a query)."""
    if facet_index is UNREAD:
        facet_index = index()
    if facet_index is None:
        counts, total = _counts(filterset, matched)
    elif text_query:
        counts, total = index_text_counts(filterset, matched, facet_index)
    else:
        counts, total = index_counts(filterset, matched, facet_index)
    return facet_options(filterset, counts), total


def facet_options(filterset: QualificationFilter, counts: dict[str, dict[str, int]]) -> list[Facet]:
    """The facets shown for ``counts`` (facet -> option value -> results)."""
    result = []
    units: dict[int, str] = {}  # a page's counts take a few plural forms
    for name in FACET_NAMES:
        selected = filterset.selected(name)
        found = counts[name]
        if name == "institution":
            choices = _institution_choices(found, selected)
        else:
            # The filter's own list (the form field's would be normalised again on every reading).
            choices = filterset.filters[name].extra["choices"]
            if callable(choices):
                choices = choices()
        options = []
        for value, label in choices:
            value = str(value)
            count = found.get(value, 0)
            # Options without results are left out, except a selected one (so it can be unticked).
            if not count and value not in selected:
                continue
            unit = units.get(count)
            if unit is None:
                unit = units[count] = ngettext("result", "results", count)
            options.append(
                FacetOption(
                    value, str(label), count, value in selected, unit, f"f-{name}-{len(options) + 1}", str(count)
                )
            )
        result.append(Facet(name, filterset.filters[name].label, options))
    return result


def _institution_choices(counts: dict[str, int], selected: list[str]) -> list[tuple[str, str]]:
    names = organisation_names()
    shown = {int(pk) for pk in (*counts, *selected)}
    return sorted(((str(pk), names[pk]) for pk in shown if pk in names), key=lambda choice: choice[1].lower())


def organisation_names() -> dict[int, str]:
    """Every organisation's name in the page's language, by id: the register's labels, read once per
    register version and language instead of by each search page (a few thousand names)."""
    return per_register_version("organisation-names", _organisation_names, local=True)


def _organisation_names() -> dict[int, str]:
    return {org.pk: org.name for org in Organisation.objects.only("pk", "name_pl", "name_en")}
