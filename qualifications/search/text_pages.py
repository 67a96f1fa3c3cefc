"""The search page of a text query, from copies kept per register version: the page only reads the
rows it shows.

Ordering a text query's matches by relevance or by the collated name, and grouping them for the
facets, cost the database every match on every request (at 100,000 records 0.1-0.6 s for a word
found in thousands of them), although a page shows twenty and the same words come back with other
filters and pages. Here, per register version:

- the records a text query matches, and among them those its minister's or framework's name
  matched, are bitmaps (one statement reading ids, kept in the cache under the query's SQL), so the
  facet counts and the number of results are bit operations (facet_index.py);
- the public register's order by name, level and date is a list of ids (per language where the
  name decides), so a page in one of those orders is the first bits of the results met along it;
- the order of relevance sets apart only the records the tiers or the rank can (a name match,
  read through the name index); every other match has the lowest tiers and the same floor rank,
  so they follow in name order, those matched only through their minister's name last.

The order is exactly the one of the pipeline's statement (``pipeline.run``), which the API and the
downloads read: the flags and ranks come from the same expressions, the name order from the same
ORDER BY. Where a case is not covered (no facet index, a typo or code search, a record without a
name document), the caller falls back to that statement.
"""

import hashlib
import heapq
from array import array
from collections import Counter
from dataclasses import dataclass
from itertools import chain, islice

from django.core.cache import cache
from django.db import connection
from django.db.models import F, Func, Value
from django.utils import timezone
from django.utils.translation import get_language

from qualifications.models import Qualification
from qualifications.page_cache import computed_at, kept_locally, register_version
from qualifications.search.facet_index import (
    INDEXED,
    FacetIndex,
    _bitmap_counts,
    _masks,
    _under_all_but,
    bitmap,
    fetch_by_index_scans,
    narrowed_bitmap,
)
from qualifications.search.facets import TOP_INSTITUTIONS
from qualifications.search.search_rows import on_search_rows
from qualifications.search.text import TextSearch

CACHE_SECONDS = 24 * 3600  # an upper bound: a change to the register changes the keys
# Walking an order list costs about as much per record as sorting one result by its place in it:
# results sparser than this share of the register are sorted, denser ones found along the list.
SORT_BELOW = 0.05
SORTS = ("name", "level", "-included")
# Bit positions set in each byte value, to list a bitmap's ids without testing every bit.
_BITS = tuple(tuple(bit for bit in range(8) if value >> bit & 1) for value in range(256))


def ids_of(bits: int, first_id: int) -> list[int]:
    """The ids of a bitmap (facet_index.bitmap), in ascending order."""
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    ids = []
    for offset, byte in enumerate(data):
        if byte:
            base = first_id + offset * 8
            ids.extend(base + bit for bit in _BITS[byte])
    return ids


@dataclass
class Order:
    """The public register in one order: ``ids`` in that order, ``place`` of id first_id + n at n."""

    ids: array
    place: array


@dataclass
class Ranking:
    """The matches set apart by the tiers (``tiered``) or by a rank above the floor, those whose
    minister's or framework's name did not match (``own``) and those it did (``borrowed``), each
    in order; ``set_apart``: all of them, as a bitmap."""

    tiered: array
    own: array
    borrowed: array
    set_apart: int


class Copies:
    """What the text search pages read for one register version (and day, as the facet index)."""

    def __init__(self, facet_index: FacetIndex):
        self.index = facet_index
        self.register_version = register_version()
        self.version = f"{self.register_version}:{timezone.localdate().isoformat()}"

    def _cached(self, key: str, compute):
        key = f"text-pages:{self.version}:{key}"

        def shared():
            value = cache.get(key)
            if value is None:
                value = computed_at(self.register_version, compute)
                cache.set(key, value, CACHE_SECONDS)
            return value

        return kept_locally(key, shared)

    def order(self, sort: str) -> Order | None:
        """The register in the order of ``sort`` (name, level or -included), None when some public
        record has an empty or no name document: its rank would not be the floor the unranked
        matches share (``ranking``), so the statement orders such a register's pages."""
        from qualifications.search.pipeline import ordering

        language = "" if sort == "-included" else get_language() or ""

        def compute():
            none = TextSearch(Qualification.objects.none(), "none", [])
            rows = (
                Qualification.objects.public()
                .order_by(*ordering(sort, none))
                .values_list("pk", Func("name_vector", function="length"))
            )
            ids, complete = array("i"), True
            for pk, words in rows.iterator(chunk_size=10000):
                ids.append(pk)
                complete = complete and bool(words)
            if not complete:
                return [None]
            place = array("i", bytes(4 * self.index.everything.bit_length()))
            first_id = self.index.first_id
            for n, pk in enumerate(ids):
                place[pk - first_id] = n
            return [Order(ids, place)]

        return self._cached(f"order:{sort}:{language}", compute)[0]

    def matched(self, text: TextSearch, digest: str) -> tuple[int, int]:
        """The bitmaps of the records ``text`` matches and of those among them whose minister or
        framework matched (the ``context_hit`` of the ranking), kept under the query's ``digest``.

        The same pass over the matches reads what the ranking needs of those whose name holds any
        of the words (their tiers and rank: ``_read_ranking`` takes them from the cache), so the
        rows are read once, not again through the name index."""

        def compute():
            ids, context_ids, named = read_matches(text, self.register_version)
            if named is not None:
                cache.set(self._names_key(text), named, CACHE_SECONDS)
            first_id = self.index.first_id
            return (bitmap(ids, first_id), bitmap(context_ids, first_id))

        return self._cached(f"matched:{digest}", compute)

    def _names_key(self, text: TextSearch) -> str:
        return f"text-pages:{self.version}:names:" + _digest(repr(_name_queries(text)), text.names_any)

    def ranking(self, text: TextSearch, matched: int, context: int, digest: str, names: Order) -> Ranking | None:
        """The matches the tiers or the rank set apart, in their order (by name where those tie),
        for the active language; None when a rank falls below the floor every other match has."""

        def read():
            return self._read_ranking(text, matched, context)

        def compute():
            found = self._cached(f"named:{digest}", lambda: [read()])[0]
            if found is None:
                return [None]
            ids, flags, ranks = found
            first_id, place = self.index.first_id, names.place
            rows = sorted(
                (not flag & 1, not flag & 2, bool(flag & 4), -rank, place[pk - first_id], pk)
                for pk, flag, rank in zip(ids, flags, ranks, strict=True)
            )
            tiered = array("i", (row[5] for row in rows if not (row[0] and row[1])))
            own = array("i", (row[5] for row in rows if row[0] and row[1] and not row[2]))
            borrowed = array("i", (row[5] for row in rows if row[0] and row[1] and row[2]))
            return [Ranking(tiered, own, borrowed, bitmap(ids, first_id))]

        # The order of records whose ranks tie is the name's, in the page's language.
        return self._cached(f"ranking:{get_language() or ''}:{digest}", compute)[0]

    def _read_ranking(self, text: TextSearch, matched: int, context: int):
        """(ids, flags: exact 1, hit 2, context 4, ranks) of the matches set apart."""
        found = cache.get(self._names_key(text)) if text.names_any is not None else None
        if found is not None:
            ids_read, exact_read, hit_read, ranks_read, floor = found
            rows = (
                (pk, exact, hit, rank, floor)
                for pk, exact, hit, rank in zip(ids_read, exact_read, hit_read, ranks_read, strict=True)
            )
        else:
            rows = fetch_by_index_scans(*self._ranking_statement(text))
        first_id = self.index.first_id
        keep, in_context = _holds(matched, first_id), _holds(context, first_id)
        ids, flags, ranks = array("i"), bytearray(), array("f")  # ts_rank is a real: kept exactly
        for pk, exact, hit, rank, floor in rows:
            if not keep(pk):
                continue
            if not (exact or hit) and rank < floor:
                return None  # cannot be placed among the unranked: the statement orders it
            if exact or hit or rank != floor:
                ids.append(pk)
                flags.append(bool(exact) | bool(hit) << 1 | in_context(pk) << 2)
                ranks.append(rank)
        return (ids, bytes(flags), ranks)

    @staticmethod
    def _ranking_statement(text: TextSearch) -> tuple[str, list]:
        """The names holding any of the words, read through the name index: for a query whose
        any-word form text.py could not tell (``matched`` then reads no names), or when the cache
        has dropped the names ``matched`` read."""
        query = Qualification.objects.all().query
        compiler = query.get_compiler(connection=connection)
        compiled = [compiler.compile(expression.resolve_expression(query)) for expression in text.name_queries]
        # The text queries are built once (a dictionary lookup per word and configuration), not for
        # each record as an expression of the row would be; the names are found through their index
        # (the planner cannot estimate the any-word query and would read the whole table for it).
        # The last column is the floor: the rank of a name holding none of the ranked words (the
        # lexeme "-" is in no query: query words are letters and digits).
        any_word = "(SELECT typed || names || replace(whole::text, '&', '|')::tsquery FROM q)"
        params = [param for _sql, expression_params in compiled for param in expression_params]
        if text.names_any is not None:
            any_word = "%s::tsquery"
            params.append(text.names_any)
        statement = f"""
            WITH q AS MATERIALIZED (
                SELECT {compiled[0][0]} AS typed, {compiled[1][0]} AS names, {compiled[2][0]} AS whole
            )
            SELECT r.id, r.name_vector @@ q.typed, r.name_vector @@ q.names, ts_rank(r.name_vector, q.whole),
                   ts_rank('''-'':1'::tsvector, q.whole)
              FROM {Qualification._meta.db_table} AS r CROSS JOIN q
             WHERE r.name_vector @@ {any_word}
        """  # noqa: S608 - compiled expressions and the model's table; values are parameters
        return statement, params

    def institutions(self) -> tuple[array, array]:
        """The institutions each public record's active rights name: those of id first_id + n are
        ``names[starts[n]:starts[n + 1]]``."""

        def compute():
            first_id, span = self.index.first_id, self.index.everything.bit_length()
            starts, names = array("i", bytes(4 * (span + 1))), array("i")
            rows = Qualification.objects.public().order_by("pk").values_list("pk", "active_institutions")
            offset = 0
            for pk, institutions in rows.iterator(chunk_size=10000):
                while offset <= pk - first_id:
                    starts[offset] = len(names)
                    offset += 1
                names.extend(institutions or ())
            while offset <= span:
                starts[offset] = len(names)
                offset += 1
            return (starts, names)

        return self._cached("institutions", compute)

    def count_institutions(self, rows: int) -> Counter:
        """How many records of the bitmap ``rows`` each institution may certify."""
        starts, names = self.institutions()
        return Counter(chain.from_iterable(names[starts[offset] : starts[offset + 1]] for offset in ids_of(rows, 0)))

    def institution_counts(self, rows: int, base: int, base_key: str) -> Counter:
        """The same, for ``rows`` drawn from ``base`` (the records under the other filters, named by
        ``base_key``): when most of the base is in ``rows``, as the base's counts (kept per version)
        less those of the base's other records."""
        rest = base & ~rows
        if rest.bit_count() >= rows.bit_count():
            return self.count_institutions(rows)
        counts = Counter(self._cached(f"institutions-of:{base_key}", lambda: dict(self.count_institutions(base))))
        counts.subtract(self.count_institutions(rest))
        return counts


def _institution_counts(copies: Copies, filterset, matched: int) -> dict[str, int]:
    """The institution facet's counts among the matches under every filter but its own, as
    ``facet_index.institution_counts`` gives them: the TOP most frequent and the selected."""
    index = copies.index
    masks = _masks(filterset, index, [], [])
    base = _under_all_but(index, masks, index.everything, "institution")
    base_key = _digest(repr([(name, sorted(filterset.selected(name))) for name in INDEXED if name in masks]), ())
    counts = copies.institution_counts(matched & base, base, base_key)
    # Only the few at the top are sorted: their least count is found first.
    least = max(min(heapq.nlargest(TOP_INSTITUTIONS, counts.values()) or [1]), 1)
    top = sorted((item for item in counts.items() if item[1] >= least), key=lambda item: (-item[1], item[0]))
    shown = dict(top[:TOP_INSTITUTIONS])
    for pk in filterset.selected("institution"):
        if counts[int(pk)] > 0:
            shown[int(pk)] = counts[int(pk)]
    return {str(pk): n for pk, n in shown.items()}


def _matches_statement(text: TextSearch) -> tuple[str, list, bool]:
    """The statement reading the ids ``text`` matches, those whose minister or framework matched,
    and (when the any-word query is known) the tiers and rank of those whose name holds a word."""
    context = text.annotations.get("context_hit")
    # Selected by the names given here: Django does not promise the columns' names otherwise.
    columns = {"m_id": F("id"), "m_context": context if context is not None else Value(False)}
    names = _name_queries(text)
    if names is not None:
        columns["m_names"] = F("name_vector")
    rows = text.queryset.order_by().annotate(**columns).values(*columns)
    sql, params = rows.query.sql_with_params()
    sql = on_search_rows(sql)
    if names is None:
        statement = f'SELECT array_agg(m."m_id"), array_agg(m."m_id") FILTER (WHERE m."m_context") FROM ({sql}) AS m'  # noqa: S608
        return statement, list(params), False
    with_q, q_params = names
    # OFFSET 0 keeps the any-word test a column computed once per row, not an expression repeated
    # in each aggregate's filter.
    statement = f"""
        {with_q}
        SELECT array_agg(t."m_id"), array_agg(t."m_id") FILTER (WHERE t."m_context"),
               array_agg(t."m_id") FILTER (WHERE t.named),
               array_agg(t."m_names" @@ q.typed) FILTER (WHERE t.named),
               array_agg(t."m_names" @@ q.names) FILTER (WHERE t.named),
               array_agg(ts_rank(t."m_names", q.whole)) FILTER (WHERE t.named),
               (SELECT ts_rank('''-'':1'::tsvector, whole) FROM q)
          FROM (SELECT m.*, m."m_names" @@ q.any_word AS named
                  FROM ({sql}) AS m CROSS JOIN q OFFSET 0) AS t
         CROSS JOIN q
    """  # noqa: S608 - compiled expressions and the model's table; values are parameters
    return statement, [*q_params, *params], True


def _read(statement: str, params: list, with_names: bool):
    """(ids, context ids, the names' (ids, exact, hit, ranks, floor) or None), compact: a broad
    word's matches are tens of thousands. ts_rank is a real, so float4 arrays hold the ranks and
    the floor exactly, and compare as the database's values."""
    ((ids, context_ids, *rest),) = fetch_by_index_scans(statement, params)
    named = None
    if with_names:
        named_ids, exact, hit, ranks, floor = rest
        floor = array("f", [floor])[0] if floor is not None else None
        named = (array("q", named_ids or ()), bytes(exact or ()), bytes(hit or ()), array("f", ranks or ()), floor)
    return (array("q", ids or ()), array("q", context_ids or ()), named)


def read_matches(text: TextSearch, version: int):
    """What ``_read`` reads for ``text``: taken from the cache where the text search's probe put it
    (text._exists reads it in place of a bare existence test, so a first search does not scan the
    index twice), else read now."""
    statement, params, with_names = _matches_statement(text)
    key = _matches_key(statement, params, version)
    found = cache.get(key)
    if found is not None:
        cache.delete(key)  # read once per version by each process: its copies are kept from here
        return found
    return _read(statement, params, with_names)


def probe_matches(text: TextSearch, version: int) -> bool:
    """Whether ``text`` matches a record, from reading its matches (kept for ``read_matches``)."""
    statement, params, with_names = _matches_statement(text)
    found = _read(statement, params, with_names)
    cache.set(_matches_key(statement, params, version), found, CACHE_SECONDS)
    return len(found[0]) > 0


def _matches_key(statement: str, params: list, version: int) -> str:
    return f"text-pages:{version}:matches:" + _digest(statement, params)


def _name_queries(text: TextSearch) -> tuple[str, list] | None:
    """The WITH clause naming the text queries of the ranking (``q``: typed, names, whole and
    any_word, the names that can be set apart) and its parameters; None when the text search has
    no ranking or its any-word query is not known (``TextSearch.names_any``)."""
    if text.name_queries is None or text.names_any is None:
        return None
    query = Qualification.objects.all().query
    compiler = query.get_compiler(connection=connection)
    compiled = [compiler.compile(expression.resolve_expression(query)) for expression in text.name_queries]
    params = [param for _sql, expression_params in compiled for param in expression_params]
    clause = (
        f"WITH q AS MATERIALIZED (SELECT {compiled[0][0]} AS typed, {compiled[1][0]} AS names, "
        f"{compiled[2][0]} AS whole, %s::tsquery AS any_word)"
    )
    return clause, [*params, text.names_any]


def _digest(sql: str, params) -> str:
    return hashlib.sha256(f"{sql}\x00{params!r}".encode()).hexdigest()


def _holds(bits: int, first_id: int):
    """A test of whether the bitmap ``bits`` holds an id (shifting a large int per id would copy it)."""
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    limit = len(data) * 8

    def holds(pk: int) -> bool:
        offset = pk - first_id
        return 0 <= offset < limit and bool(data[offset >> 3] >> (offset & 7) & 1)

    return holds


def _among(ids, bits: int, first_id: int):
    """The ids of the sequence ``ids`` that ``bits`` holds, in their order."""
    holds = _holds(bits, first_id)
    return (pk for pk in ids if holds(pk))


def _in_order(bits: int, order: Order, first_id: int):
    """The ids of ``bits`` in ``order``: sorted by their place when few, else met along the list."""
    if not bits:
        return
    if bits.bit_count() < SORT_BELOW * len(order.ids):
        place = order.place
        yield from sorted(ids_of(bits, first_id), key=lambda pk: place[pk - first_id])
        return
    yield from _among(order.ids, bits, first_id)


@dataclass
class TextPage:
    """The results of a text search as a sequence the paginator slices: ``count`` of them, each
    slice read as one statement of ``rows`` (the pipeline's, with its annotations) by id."""

    rows: object
    ids: object  # an iterator of the ids in the page's order
    count: int

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, window: slice):
        ids = list(islice(self.ids, window.start or 0, window.stop))
        found = {row.pk: row for row in self.rows.filter(pk__in=ids).order_by()}
        return [found[pk] for pk in ids if pk in found]


def text_page(found, filterset, facet_index: FacetIndex, rows):
    """(facet counts, total, the ordered results) of a text search whose order this module can give,
    else None. ``rows``: the pipeline's rows statement, read for the page's ids only."""

    text = found.text
    if facet_index is None or text.mode not in ("exact", "partial"):
        return None
    sort = found.sort
    if sort not in (*SORTS, "relevance") or (sort == "relevance" and text.name_queries is None):
        return None
    copies = Copies(facet_index)
    names = copies.order("name" if sort == "relevance" else sort)
    if names is None:
        return None
    # Everything read for the text query follows from its words and the register version (the
    # thesaurus and the ministers' names are part of the register).
    digest = _digest(repr((filterset.cleaned_data().get("q") or "", text.mode, text.terms, text.unmatched)), ())
    matched, context = copies.matched(text, digest)
    institutions = [int(pk) for pk in filterset.selected("institution")]
    holders = []
    if institutions:
        holders = list(
            Qualification.objects.public()
            .filter(active_institutions__overlap=institutions)
            .values_list("id", flat=True)
        )
    counts, total = _bitmap_counts(filterset, facet_index, matched, holders, institutions)
    results = narrowed_bitmap(filterset, facet_index, matched, holders)
    counts["institution"] = _institution_counts(copies, filterset, matched)
    first_id = facet_index.first_id
    if sort != "relevance":
        return counts, total, TextPage(rows, _in_order(results, names, first_id), total)
    ranking = copies.ranking(text, matched, context, digest, names)
    if ranking is None:
        return None
    ordered = _relevance(ranking, results, context, names, first_id)
    return counts, total, TextPage(rows, ordered, total)


def _relevance(ranking: Ranking, results: int, context: int, names: Order, first_id: int):
    """The results in the order of ``TextSearch.relevance`` then the name: the records set apart
    by a tier or a rank above the floor, then the others in name order, those whose minister's or
    framework's name matched after those it did not (each group after the ranked records of the
    same standing)."""
    rest = results & ~ranking.set_apart
    return chain(
        _among(ranking.tiered, results, first_id),
        _among(ranking.own, results, first_id),
        _in_order(rest & ~context, names, first_id),
        _among(ranking.borrowed, results, first_id),
        _in_order(rest & context, names, first_id),
    )


def warm() -> None:
    """Build the copies every text search reads (the name order in each language, each record's
    institutions) before a worker takes its first request (zrk/warmup.py)."""
    from django.conf import settings
    from django.utils import translation

    from qualifications.search.facet_index import index

    facet_index = index()
    if facet_index is None:
        return
    copies = Copies(facet_index)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            copies.order("name")
    copies.institutions()
