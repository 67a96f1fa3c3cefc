"""Facet counts of a search without a text query, from an index of the public register kept per
register version (the register's facets change only when it does).

For every option of the column facets and of the region facet, the index holds the set of public
qualifications that have it as a bitmap (a Python int; bit n is the qualification whose id is the
lowest id + n). A count under any combination of filters is then the number of bits in the AND of a
few bitmaps: the disjunctive counts (each facet under every filter but its own) and the number of
results take microseconds, where a statement grouping the register takes a few hundred
milliseconds of the database's time. Only the institution facet (thousands of options) is counted
by the database, over the rows the other filters leave, or from counts kept per version when no
other filter is set.

The index is built by one query per register version and day and kept in the cache beside the
pages (about 1 MB at 100,000 qualifications). Ids far apart (a register whose ids have large gaps)
would make the bitmaps large: then ``index()`` returns None and the counts come from the database.
"""

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from django.db import connection, transaction
from django.db.models import F, QuerySet

from qualifications.filters import QualificationFilter
from qualifications.models import Qualification
from qualifications.page_cache import per_register_version

# facet name -> the value read for it (a list for region, whose rows may have several)
INDEXED = {
    "level": "prk_level_id",
    "type": "type",
    "category": "category",
    "status": "status",
    "ministry": "ministry__code",
    "srk": "sector_framework_id",
    "region": "active_regions",
}
# The bitmaps may hold at most this many bits per qualification (ids with gaps) before the index
# gives way to the database.
MAX_SPARSENESS = 4


@dataclass
class FacetIndex:
    first_id: int
    everything: int  # every public qualification
    options: dict[str, dict[str, int]]  # facet -> option value (as in the URL) -> bitmap

    @cached_property
    def matrix(self) -> np.ndarray:
        """Every option's bitmap (in the order of ``options``) as a row of 64-bit words, so that
        all of them are counted under one set of rows at once. Made in each process that reads the
        index, not stored with it."""
        words = (self.everything.bit_length() + 63) // 64
        rows = [bits.to_bytes(words * 8, "little") for options in self.options.values() for bits in options.values()]
        return np.frombuffer(b"".join(rows), dtype=np.uint64).reshape(len(rows), words)

    def __getstate__(self):
        return {name: value for name, value in self.__dict__.items() if name != "matrix"}


def bitmap(ids, first_id: int) -> int:
    """The set of ``ids`` as an int whose bit n is id ``first_id`` + n (ids below are left out)."""
    offsets = np.asarray(ids, dtype=np.int64) - first_id
    offsets = offsets[offsets >= 0]
    if not offsets.size:
        return 0
    held = np.zeros(int(offsets.max()) + 1, dtype=bool)
    held[offsets] = True
    return int.from_bytes(np.packbits(held, bitorder="little").tobytes(), "little")


def members(bits: int, length: int) -> np.ndarray:
    """The bitmap ``bits`` as an array of booleans, entry n for bit n, at least ``length`` long."""
    size = (max(bits.bit_length(), length, 1) + 7) // 8
    return np.unpackbits(np.frombuffer(bits.to_bytes(size, "little"), dtype=np.uint8), bitorder="little").view(bool)


def _build() -> FacetIndex | None:
    # The database groups the ids by option, one row per option, read and turned into a bitmap one
    # at a time: a worker never holds the register's 100,000 rows as Python objects (tens of MB).
    columns = {f"i_{n}": F(field) for n, field in enumerate(["id", *INDEXED.values()])}
    sql, params = Qualification.objects.public().order_by().annotate(**columns).values(*columns).query.sql_with_params()
    group = "SELECT '{name}', s.i_{n}::text, array_agg(s.i_0), NULL::bigint, NULL::bigint, NULL::bigint FROM s"
    groups = [
        group.format(name=name, n=n) + f" WHERE s.i_{n} IS NOT NULL GROUP BY s.i_{n}"
        for n, name in enumerate(INDEXED, start=1)
        if name != "region"
    ]
    region = list(INDEXED).index("region") + 1
    statement = f"""
        WITH s AS MATERIALIZED (SELECT {", ".join(f"s.{name}" for name in columns)} FROM ({sql}) AS s)
        SELECT NULL, NULL, array_agg(s.i_0), MIN(s.i_0), MAX(s.i_0), COUNT(*) FROM s
        UNION ALL {" UNION ALL ".join(groups)}
        UNION ALL SELECT 'region', r, array_agg(s.i_0), NULL, NULL, NULL
          FROM s CROSS JOIN LATERAL unnest(s.i_{region}) AS r GROUP BY r
    """  # noqa: S608 - constant names; values are parameters
    options: dict[str, dict[str, int]] = {name: {} for name in INDEXED}
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        ids, first_id, last_id, count = cursor.fetchone()[2:]
        if not count:
            return FacetIndex(first_id=0, everything=0, options=options)
        if last_id - first_id > MAX_SPARSENESS * count + 1024:
            return None
        everything = bitmap(ids, first_id)
        del ids
        for name, option, ids in (row[:3] for row in iter(cursor.fetchone, None)):
            options[name][option] = bitmap(ids, first_id)
    return FacetIndex(first_id=first_id, everything=everything, options=options)


def index() -> FacetIndex | None:
    # A list, so that a register the index cannot serve (None) is remembered too.
    return per_register_version("facet-index", lambda: [_build()], language=False, local=True)[0]


def institution_counts(filterset: QualificationFilter, queryset: QuerySet) -> dict[str, int]:
    """How many of the rows of ``queryset`` under every filter but the institution one each
    institution may certify, for the institutions among the TOP most frequent or selected."""
    from qualifications.search.facets import FACET_NAMES, TOP_INSTITUTIONS

    selected = [int(pk) for pk in filterset.selected("institution")]
    if not any(filterset.selected(name) for name in FACET_NAMES if name != "institution"):
        # No other filter: the whole register's counts, kept per version, the most frequent first.
        top, everyone = per_register_version("institution-counts", lambda: _ranked(queryset), language=False)
        return {**top, **{str(pk): everyone[str(pk)] for pk in selected if str(pk) in everyone}}
    narrowed = filterset.narrowed(queryset, exclude="institution")
    return _institution_counts(narrowed, top=TOP_INSTITUTIONS, selected=selected)


def _ranked(queryset: QuerySet) -> tuple[dict[str, int], dict[str, int]]:
    from qualifications.search.facets import TOP_INSTITUTIONS

    everyone = _institution_counts(queryset)
    ranked = sorted(everyone.items(), key=lambda item: (-item[1], int(item[0])))
    return dict(ranked[:TOP_INSTITUTIONS]), everyone


def _institution_counts(rows: QuerySet, top: int | None = None, selected: list[int] | None = None) -> dict[str, int]:
    sql, params = rows.order_by().values("active_institutions").query.sql_with_params()
    statement = f"""
        SELECT t.institution, t.n FROM (
            SELECT institution, COUNT(*) AS n, row_number() OVER (ORDER BY COUNT(*) DESC, institution) AS place
              FROM ({sql}) AS m CROSS JOIN LATERAL unnest(m.active_institutions) AS institution
             GROUP BY institution
        ) AS t WHERE %s::int IS NULL OR t.place <= %s OR t.institution = ANY(%s::int[])
    """  # noqa: S608 - the inner statement is Django's, its values parameters
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, top, top, selected or []])
        return {str(institution): count for institution, count in cursor.fetchall()}


def counts(
    filterset: QualificationFilter, queryset: QuerySet, facet_index: FacetIndex
) -> tuple[dict[str, dict[str, int]], int]:
    """Every facet's counts under every filter but its own, and the number of results, for a search
    without a text query over ``queryset`` (the public register)."""
    institutions = [int(pk) for pk in filterset.selected("institution")]
    holders = []
    if institutions:
        holders = list(queryset.filter(active_institutions__overlap=institutions).values_list("id", flat=True))
    result, total = _bitmap_counts(filterset, facet_index, facet_index.everything, holders, institutions)
    result["institution"] = institution_counts(filterset, queryset)
    return result, total


def _masks(filterset: QualificationFilter, facet_index: FacetIndex, holders: list[int], institutions: list[int]):
    """Each active filter as a bitmap of the records it keeps."""
    masks = {}
    for name in INDEXED:
        values = filterset.selected(name)
        if values:
            mask = 0
            for value in values:
                mask |= facet_index.options[name].get(value, 0)
            masks[name] = mask
    if institutions:
        masks["institution"] = bitmap(holders, facet_index.first_id)
    return masks


def _under_all_but(facet_index: FacetIndex, masks: dict[str, int], rows: int, facet: str | None) -> int:
    narrowed = rows & facet_index.everything
    for name, mask in masks.items():
        if name != facet:
            narrowed &= mask
    return narrowed


def _bitmap_counts(
    filterset: QualificationFilter, facet_index: FacetIndex, rows: int, holders: list[int], institutions: list[int]
) -> tuple[dict[str, dict[str, int]], int]:
    """The indexed facets' counts among ``rows`` (a bitmap), each under every filter but its own;
    ``holders``: the ids of the rows the selected ``institutions`` may certify."""
    masks = _masks(filterset, facet_index, holders, institutions)
    matrix = facet_index.matrix
    # A facet without a filter of its own counts under every filter: all of them are counted under
    # those rows at once, then the filtered facets again under theirs.
    narrowed = _under_all_but(facet_index, masks, rows, None)
    counts = _counted(matrix, narrowed)
    result: dict[str, dict[str, int]] = {}
    start = 0
    for name, options in facet_index.options.items():
        stop = start + len(options)
        if name in masks:
            counts[start:stop] = _counted(matrix[start:stop], _under_all_but(facet_index, masks, rows, name))
        result[name] = {value: n for value, n in zip(options, counts[start:stop].tolist(), strict=True) if n}
        start = stop
    return result, narrowed.bit_count()


def _counted(matrix: np.ndarray, bits: int) -> np.ndarray:
    """How many of the bitmap ``bits`` each row of ``matrix`` (FacetIndex.matrix) holds."""
    words = np.frombuffer(bits.to_bytes(matrix.shape[1] * 8, "little"), dtype=np.uint64)
    return np.bitwise_count(matrix & words).sum(axis=1, dtype=np.int64)


def narrowed_bitmap(filterset: QualificationFilter, facet_index: FacetIndex, rows: int, holders: list[int]) -> int:
    """``rows`` (a bitmap) under every filter: the results."""
    institutions = [int(pk) for pk in filterset.selected("institution")]
    return _under_all_but(facet_index, _masks(filterset, facet_index, holders, institutions), rows, None)


def fetch_by_index_scans(statement: str, params: list) -> list[tuple]:
    """The rows of a statement over a text query's matches, with sequential scans turned off for it.

    A word found in nearly every record ("osoba") makes the planner read the whole table and test
    each row's search document, which it must first fetch from its out-of-line storage; the GIN
    index answers the same match without reading any document. The planner's costs do not know
    the documents' size, so it is told, for this statement only."""
    nested = connection.in_atomic_block
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(statement, params)
        rows = cursor.fetchall()
        if nested:  # SET LOCAL would last to the end of the enclosing transaction
            cursor.execute("SET LOCAL enable_seqscan = on")
    return rows


def text_counts(
    filterset: QualificationFilter, matched: QuerySet, facet_index: FacetIndex
) -> tuple[dict[str, dict[str, int]], int]:
    """The same for a search whose text query has narrowed ``matched``: one statement reads the ids
    the query matched (and, among them, those of the selected institutions) and the institution
    facet's counts; every other count comes from the bitmaps. The statement neither groups the
    matched rows by six columns nor unnests their regions, as the SQL facet statement does."""
    from qualifications.search.facets import TOP_INSTITUTIONS, _all_but, _conditions, _matched_sql

    matched_sql, params = _matched_sql(matched)
    conditions = _conditions(filterset)
    institutions = [int(pk) for pk in filterset.selected("institution")]
    institution_where, institution_params = _all_but(conditions, "institution")
    statement = f"""
        WITH m AS MATERIALIZED ({matched_sql})
        SELECT NULL::int, NULL::bigint, array_agg(m.id),
               array_agg(m.id) FILTER (WHERE m.active_institutions && %s::int[])
          FROM m
        UNION ALL
        SELECT t.institution, t.n, NULL, NULL FROM (
            SELECT institution, COUNT(*) AS n, row_number() OVER (ORDER BY COUNT(*) DESC, institution) AS place
              FROM m CROSS JOIN LATERAL unnest(m.active_institutions) AS institution
             WHERE {institution_where}
             GROUP BY institution
        ) AS t WHERE t.place <= %s OR t.institution = ANY(%s::int[])
    """  # noqa: S608 - identifiers are constants; values are parameters
    params += [institutions, *institution_params, TOP_INSTITUTIONS, institutions]
    institution_counts: dict[str, int] = {}
    found, holding = [], []
    for institution, count, ids, holders in fetch_by_index_scans(statement, params):
        if institution is None:
            found, holding = ids or [], holders or []
        else:
            institution_counts[str(institution)] = count
    result, total = _bitmap_counts(filterset, facet_index, bitmap(found, facet_index.first_id), holding, institutions)
    result["institution"] = institution_counts
    return result, total


def warm() -> None:
    """Build what a search without text reads (the index, the whole register's institution ranking)
    before a worker takes its first request (zrk/warmup.py)."""
    public = Qualification.objects.public()
    if index() is not None:
        institution_counts(QualificationFilter(None, queryset=public), public)
