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
import uuid
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache
from django.db import connection
from django.db.models import F, Func, Value
from django.utils import timezone
from django.utils.translation import get_language

from qualifications.models import Qualification
from qualifications.page_cache import computed_at, kept_locally, register_version
from qualifications.search.facet_index import (
    FacetIndex,
    _bitmap_counts,
    _masks,
    _under_all_but,
    bitmap,
    fetch_by_index_scans,
    members,
    narrowed_bitmap,
)
from qualifications.search.facets import TOP_INSTITUTIONS
from qualifications.search.search_rows import on_search_rows
from qualifications.search.text import TextSearch
from zrk.cache import copies

CACHE_SECONDS = 24 * 3600  # an upper bound: a change to the register changes the keys
# The shape of the copies: part of their keys, so that workers of another release sharing the cache
# never read a copy of a shape they do not know.
FORMAT = 2
# Gathering an order list's records costs about as much per record as sorting one result by its
# place in it: results sparser than this share of the register are sorted, denser ones gathered.
SORT_BELOW = 0.05
SORTS = ("name", "level", "-included")
# Records of an order list gathered at a time: at the density that is gathered (SORT_BELOW), one
# stretch holds a few hundred results, more than a page shows.
STRETCH = 8192
_NO_IDS = np.zeros(0, dtype=np.int32)
# A row of the name statement (Copies._read_ranking), read into an array in one pass; the ranks as
# the statement's reals were read, compared as they were.
_NAMED_ROW = np.dtype([("id", np.int64), ("exact", bool), ("hit", bool), ("rank", np.float64), ("floor", np.float64)])


def ids_of(bits: int, first_id: int) -> np.ndarray:
    """The ids of a bitmap (facet_index.bitmap), in ascending order."""
    return (np.flatnonzero(members(bits, 0)) + first_id).astype(np.int32)


@dataclass
class Order:
    """The public register in one order: ``offsets`` (each id less first_id) in that order, ``place``
    of id first_id + n at n."""

    offsets: np.ndarray  # int32
    place: np.ndarray  # int32


@dataclass
class Ranking:
    """The matches set apart by the tiers (``tiered``) or by a rank above the floor, those whose
    minister's or framework's name did not match (``own``) and those it did (``borrowed``), each
    in order; ``set_apart``: all of them, as a bitmap."""

    tiered: np.ndarray  # int32 ids
    own: np.ndarray
    borrowed: np.ndarray
    set_apart: int


class Copies:
    """What the text search pages read for one register version (and day, as the facet index)."""

    def __init__(self, facet_index: FacetIndex):
        self.index = facet_index
        self.register_version = register_version()
        self.version = f"{self.register_version}:{timezone.localdate().isoformat()}"
        self.span = facet_index.everything.bit_length()  # bit n: id first_id + n

    def _cached(self, key: str, compute):
        key = f"text-pages:{FORMAT}:{self.version}:{key}"

        def shared():
            value = copies.get(key)
            if value is None:
                value = computed_at(self.register_version, compute)
                copies.set(key, value, CACHE_SECONDS)
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
            ids, complete = [], True
            for pk, words in rows.iterator(chunk_size=10000):
                ids.append(pk)
                complete = complete and bool(words)
            if not complete:
                return [None]
            offsets = np.array(ids, dtype=np.int32) - self.index.first_id
            place = np.zeros(self.span, dtype=np.int32)
            place[offsets] = np.arange(len(offsets), dtype=np.int32)
            return [Order(offsets, place)]

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
                copies.set(self._names_key(text), named, CACHE_SECONDS)
            first_id = self.index.first_id
            return (bitmap(ids, first_id), bitmap(context_ids, first_id))

        return self._cached(f"matched:{digest}", compute)

    def _names_key(self, text: TextSearch) -> str:
        return f"text-pages:{FORMAT}:{self.version}:names:" + _digest(repr(_name_queries(text)), text.names_any)

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
            first_id = self.index.first_id
            # np.lexsort sorts by its last key first: an exact name match, a match of every word,
            # then the records whose minister's or framework's name did not match before those it
            # did, the rank descending, the name order (its places are distinct: nothing ties).
            exact, hit, context = (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0
            ordered = np.lexsort((names.place[ids - first_id], -ranks, context, ~hit, ~exact))
            ids, named, context = ids[ordered], (exact | hit)[ordered], context[ordered]
            tiered, own, borrowed = ids[named], ids[~named & ~context], ids[~named & context]
            return [Ranking(tiered, own, borrowed, bitmap(found[0], first_id))]

        # The order of records whose ranks tie is the name's, in the page's language.
        return self._cached(f"ranking:{get_language() or ''}:{digest}", compute)[0]

    def _read_ranking(self, text: TextSearch, matched: int, context: int):
        """(ids, flags: exact 1, hit 2, context 4, ranks) of the matches set apart."""
        found = copies.get(self._names_key(text)) if text.names_any is not None else None
        if found is not None:
            # (ids, exact, hit, ranks, floor), as ``matched`` read them.
            rows = np.empty(len(found[0]), dtype=_NAMED_ROW)
            for field, values in zip(_NAMED_ROW.names, found, strict=True):
                rows[field] = values
        else:
            rows = fetch_by_index_scans(*self._ranking_statement(text))
        return _set_apart(rows, matched, context, self.index.first_id, self.span)

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

    def institutions(self) -> "Institutions":
        """The institutions the public records' active rights name."""

        def compute():
            span, first_id = self.span, self.index.first_id
            lengths, names = np.zeros(span, dtype=np.int32), []
            rows = Qualification.objects.public().order_by("pk").values_list("pk", "active_institutions")
            for pk, institutions in rows.iterator(chunk_size=10000):
                if institutions and 0 <= pk - first_id < span:
                    lengths[pk - first_id] = len(institutions)
                    names.extend(institutions)
            starts = np.zeros(span + 1, dtype=np.int32)
            np.cumsum(lengths, out=starts[1:])
            found = Institutions(starts, np.array(names, dtype=np.int32), _NO_IDS)
            # The whole register's counts, over the records of the facet index (the same version).
            found.totals = found.counted(members(self.index.everything, span)[:span])
            return found

        return self._cached("institutions", compute)

    def count_institutions(self, rows: int) -> np.ndarray:
        """How many records of the bitmap ``rows`` (drawn from the public register) each institution
        may certify, by its id: as the register's counts less those of the other records when
        ``rows`` holds most of the register (the work follows the records counted)."""
        institutions = self.institutions()
        if 2 * rows.bit_count() <= self.span:
            return institutions.counted(members(rows, self.span)[: self.span])
        return institutions.totals - institutions.counted(
            members(self.index.everything & ~rows, self.span)[: self.span]
        )


@dataclass
class Institutions:
    """The institutions record n (id first_id + n) may certify are ``names[starts[n]:starts[n + 1]]``;
    ``totals``: how many records of the register each may certify, by its id."""

    starts: np.ndarray  # int32, one more than the register's span
    names: np.ndarray  # int32
    totals: np.ndarray

    def counted(self, held: np.ndarray) -> np.ndarray:
        """How many of the records whose entry in ``held`` (booleans, the span long) is set each
        institution may certify, by its id (as long as ``totals``, when they are known)."""
        records = np.flatnonzero(held)
        firsts = self.starts[records]
        lengths = self.starts[records + 1] - firsts
        ends = np.cumsum(lengths)
        # Each record's slice of ``names``: its first entry repeated along the slice, plus the
        # running position less the slice's start.
        entries = np.repeat(firsts - (ends - lengths), lengths) + np.arange(ends[-1] if ends.size else 0)
        return np.bincount(self.names[entries], minlength=self.totals.size)


def _set_apart(rows, matched: int, context: int, first_id: int, span: int):
    """(ids, flags: exact 1, hit 2, context 4, ranks) of the matches set apart, from the name
    statement's rows (id, exact, hit, rank, floor), all of them when none of ``matched`` ranks below
    the floor, else None."""
    if not len(rows):
        return (_NO_IDS, np.zeros(0, dtype=np.uint8), np.zeros(0, dtype=np.float32))
    # The cached names come as a structured array already; the statement's as a list of tuples.
    read = rows if isinstance(rows, np.ndarray) else np.fromiter(rows, dtype=_NAMED_ROW, count=len(rows))
    offsets = read["id"] - first_id
    # The statement reads every record's name: those out of the public register's span are not matches.
    inside = (offsets >= 0) & (offsets < span)
    offsets[~inside] = 0
    keep = inside & members(matched, span)[offsets]
    exact, hit, ranks, floors = read["exact"], read["hit"], read["rank"], read["floor"]
    named = exact | hit
    if (keep & ~named & (ranks < floors)).any():
        return None  # cannot be placed among the unranked: the statement orders it
    chosen = keep & (named | (ranks != floors))
    flags = exact.view(np.uint8) | hit.view(np.uint8) << 1 | members(context, span)[offsets].view(np.uint8) << 2
    # ts_rank is a real: kept exactly.
    return ((offsets[chosen] + first_id).astype(np.int32), flags[chosen], ranks[chosen].astype(np.float32))


def _institution_counts(copies: Copies, filterset, matched: int) -> dict[str, int]:
    """The institution facet's counts among the matches under every filter but its own, as
    ``facet_index.institution_counts`` gives them: the TOP most frequent and the selected."""
    index = copies.index
    base = _under_all_but(index, _masks(filterset, index, [], []), index.everything, "institution")
    counts = copies.count_institutions(matched & base)
    counted = np.flatnonzero(counts)
    if counted.size > TOP_INSTITUTIONS:
        # Only the few at the top are sorted: their least count is found first.
        least = np.partition(counts[counted], counted.size - TOP_INSTITUTIONS)[counted.size - TOP_INSTITUTIONS]
        counted = counted[counts[counted] >= least]
    # The most frequent first, ties by id (np.lexsort sorts by its last key first).
    top = counted[np.lexsort((counted, -counts[counted]))[:TOP_INSTITUTIONS]]
    shown = {int(pk): int(counts[pk]) for pk in top}
    for pk in filterset.selected("institution"):
        if 0 <= int(pk) < len(counts) and counts[int(pk)] > 0:
            shown[int(pk)] = int(counts[int(pk)])
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
    word's matches are tens of thousands. ts_rank is a real, so float32 arrays hold the ranks and
    the floor exactly, and compare as the database's values."""
    ((ids, context_ids, *rest),) = fetch_by_index_scans(statement, params)
    named = None
    if with_names:
        named_ids, exact, hit, ranks, floor = rest
        floor = np.float32(floor) if floor is not None else None
        named = (
            np.array(named_ids or (), dtype=np.int64),
            np.array(exact or (), dtype=bool),
            np.array(hit or (), dtype=bool),
            np.array(ranks or (), dtype=np.float32),
            floor,
        )
    return (np.array(ids or (), dtype=np.int64), np.array(context_ids or (), dtype=np.int64), named)


# The matches a first search's probe read (text._exists), handed to ``read_matches`` later in the
# same request: the largest values a search reads (a broad word's are hundreds of kilobytes), read
# once, so they stay in this process instead of going through the shared copies.
PROBED_ENTRIES = 4
_probed: OrderedDict = OrderedDict()


def read_matches(text: TextSearch, version: int):
    """What ``_read`` reads for ``text``: taken from where the text search's probe left it in this
    process (text._exists reads it in place of a bare existence test, so a first search does not
    scan the index twice), else read now."""
    statement, params, with_names = _matches_statement(text)
    key = _matches_key(statement, params, version)
    held = _probed.pop(key, None)
    # The token: whatever empties the cache (a test, an operator) drops what the probe left here too.
    if held is not None and cache.get(f"{key}:token") == held[0]:
        return held[1]
    return _read(statement, params, with_names)


def probe_matches(text: TextSearch, version: int) -> bool:
    """Whether ``text`` matches a record, from reading its matches (kept for ``read_matches``)."""
    statement, params, with_names = _matches_statement(text)
    found = _read(statement, params, with_names)
    key, token = _matches_key(statement, params, version), uuid.uuid4().hex
    cache.set(f"{key}:token", token, CACHE_SECONDS)
    _probed[key] = (token, found)
    while len(_probed) > PROBED_ENTRIES:
        _probed.popitem(last=False)
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


def _among(ids: np.ndarray, held: np.ndarray, first_id: int) -> np.ndarray:
    """The ids of ``ids`` (within the register's span) whose bit is set in ``held``
    (facet_index.members), in their order."""
    return ids[held[ids - first_id]]


def _in_order(bits: int, order: Order, first_id: int, span: int):
    """The ids of ``bits`` in ``order``, as arrays: sorted by their place when few, else gathered
    along the list a stretch at a time (a page rarely needs more than the first)."""
    if not bits:
        return
    held = members(bits, span)
    if bits.bit_count() < SORT_BELOW * len(order.offsets):
        yield order.offsets[np.sort(order.place[np.flatnonzero(held)])] + first_id
        return
    for start in range(0, len(order.offsets), STRETCH):
        offsets = order.offsets[start : start + STRETCH]
        yield offsets[held[offsets]] + first_id


@dataclass
class TextPage:
    """The results of a text search as a sequence the paginator slices: ``count`` of them, each
    slice read as one statement of ``rows`` (the pipeline's, with its annotations) by id."""

    rows: object
    parts: object  # an iterator of arrays of ids, in the page's order, each computed when reached
    count: int

    def __post_init__(self):
        self.held: list[np.ndarray] = []

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, window: slice):
        start, stop = window.start or 0, window.stop
        while stop is None or sum(len(part) for part in self.held) < stop:
            part = next(self.parts, None)
            if part is None:
                break
            self.held.append(part)
        ids = np.concatenate(self.held)[start:stop].tolist() if self.held else []
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
        return counts, total, TextPage(rows, _in_order(results, names, first_id, copies.span), total)
    ranking = copies.ranking(text, matched, context, digest, names)
    if ranking is None:
        return None
    ordered = _relevance(ranking, results, context, names, first_id, copies.span)
    return counts, total, TextPage(rows, ordered, total)


def _relevance(ranking: Ranking, results: int, context: int, names: Order, first_id: int, span: int):
    """The results in the order of ``TextSearch.relevance`` then the name: the records set apart
    by a tier or a rank above the floor, then the others in name order, those whose minister's or
    framework's name matched after those it did not (each group after the ranked records of the
    same standing)."""
    held = members(results, span)
    rest = results & ~ranking.set_apart
    yield _among(ranking.tiered, held, first_id)
    yield _among(ranking.own, held, first_id)
    yield from _in_order(rest & ~context, names, first_id, span)
    yield _among(ranking.borrowed, held, first_id)
    yield from _in_order(rest & context, names, first_id, span)


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
