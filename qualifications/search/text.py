"""Full-text search over qualifications (docs/architecture.md#search).

The search document is built by a database trigger (qualifications/search/sql/, the live version
named in qualifications/search/versions.py). A query is matched in two passes, the second tried
only when the first finds nothing:

1. every word must match, as a prefix, in one of four ways: through the Polish hunspell dictionary
   ("kosmetyczki" -> kosmetyczka), as an unaccented word form ("zarzadzanie"), through the English
   stemmer, or unaccented with its ending cut off ("ksiegowa" -> "ksiegow:*" finds "księgowych"),
   a crude stemmer for queries typed without diacritics, which the dictionary does not know;
   A word also matches through its family (families.py: "kadry" finds "kadrowych") and through the
   synonym sets of the thesaurus (thesaurus.py: "trener" finds "instruktor"), ranked below the
   words as typed; when no record has every word, the records with some of them are offered;
2. trigram similarity over names and codes, for typos ("kosmetyczak").

Names rank first: a match in a name outranks any number of matches in the outcomes, and a match
only in the competent minister's or the framework's name comes last.
"""

import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass, field, replace

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.db import connection, connections, transaction
from django.db.models import BooleanField, ExpressionWrapper, F, Func, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from qualifications.page_cache import kept_locally, register_version
from qualifications.search import tsquery
from qualifications.search.families import MIN_ROOT, family_root
from qualifications.search.normal import fold, fold_word
from qualifications.search.thesaurus import Unit, units
from qualifications.search.understanding import find_codes
from zrk.cache import copies
from zrk.params import is_ascii_number

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_TERM_LENGTH = 40
TYPO_SIMILARITY = 0.4
DEFAULT_SIMILARITY = 0.6  # pg_trgm's own
MIN_TYPO_LENGTH = 5
MAX_SIMILAR = 100  # the typo fallback offers at most this many names
# No record (pk is never null), without the empty IN that makes Django drop the whole statement.
NOTHING = Q(pk__isnull=True)
CONTEXT_CACHE_SECONDS = 24 * 3600  # an upper bound: a change to the register changes the key

_WORD = re.compile(r"\w+", re.UNICODE)


def parse_terms(query: str) -> list[str]:
    """The words of a query: letters and digits only, so nothing reaches tsquery syntax unquoted."""
    words = _WORD.findall((query or "")[:MAX_QUERY_LENGTH].replace("_", " "))
    return [word[:MAX_TERM_LENGTH].lower() for word in words][:MAX_TERMS]


def _stem(term: str) -> str:
    """A folded term without its likely inflectional ending (Polish endings are 1-3 letters)."""
    folded = fold(term)
    if len(folded) < 6:
        return folded
    return folded[: max(5, len(folded) - 3)]


def _prefix(word: str) -> str:
    # Words hold only \w characters (parse_terms), so quoting them is enough. One or two letters
    # as a prefix would match nearly every record, so short words must match whole.
    return f"'{word}':*" if len(word) >= 3 else f"'{word}'"


def _all_of(queries: list[SearchQuery]) -> SearchQuery:
    combined = queries[0]
    for query in queries[1:]:
        combined &= query
    return combined


def _term_query(term: str) -> SearchQuery:
    """One word, as typed: through the Polish dictionary, unaccented, the English stemmer, or
    unaccented without its likely inflectional ending."""
    return (
        SearchQuery(_prefix(term), config="polish", search_type="raw")
        | SearchQuery(_prefix(fold(term)), config="polish_unaccent", search_type="raw")
        | SearchQuery(_prefix(term), config="english", search_type="raw")
        | SearchQuery(_prefix(_stem(term)), config="simple", search_type="raw")
    )


def _family_query(term: str) -> SearchQuery:
    """One word or any word of its family (families.py): its root as a prefix of a word form."""
    root = family_root(term)
    if root == fold(term) or len(root) < MIN_ROOT:
        return _term_query(term)
    return _term_query(term) | SearchQuery(_prefix(root), config="simple", search_type="raw")


def _whole_words(terms: list[str]) -> SearchQuery:
    return _all_of(
        [
            SearchQuery(term, config="polish", search_type="plain")
            | SearchQuery(fold(term), config="polish_unaccent", search_type="plain")
            | SearchQuery(term, config="english", search_type="plain")
            for term in terms
        ]
    )


def exact_query(terms: list[str]) -> SearchQuery:
    return _all_of([_term_query(term) for term in terms])


def _words_query(unit: Unit) -> SearchQuery:
    return _all_of([_family_query(word) for word in unit.words])


def _synonym_word(word: str) -> SearchQuery:
    # Whole words of the Polish document only: a synonym is a
    # word the register may use, not the start of one. An English synonym is not stemmed into the
    # English document: "accounting", brought in by "księgowych", is "account" there, which every
    # "take into account" of an outcome holds. The English words of a set still find their records
    # through the Polish terms of the same set.
    # Lemmas only, no prefixes: every branch of a text query raises the planner's estimate of the
    # records it matches, and past about a third of the register it reads the whole table instead of
    # the index (measured at 100,000 records: "turystyka" went from 0.1 s to 0.5 s with a prefix per
    # synonym word).
    return SearchQuery(word, config="polish", search_type="plain")


def _synonyms_query(unit: Unit) -> SearchQuery | None:
    phrases = [_all_of([_synonym_word(word) for word in phrase]) for phrase in unit.synonyms]
    return _any_of(phrases) if phrases else None


def _unit_query(unit: Unit) -> SearchQuery:
    """The unit: its words (with their families) or any of its synonyms."""
    synonyms = _synonyms_query(unit)
    return _words_query(unit) | synonyms if synonyms else _words_query(unit)


def _any_of(queries: list[SearchQuery]) -> SearchQuery:
    combined = queries[0]
    for query in queries[1:]:
        combined |= query
    return combined


class ResolvedQuery(SearchQuery):
    """A text query given as the text of the tsquery the database built (``_resolve``): its lexemes
    are looked up once, not again in each statement that uses it."""

    def __init__(self, text: str):
        super().__init__(text, search_type="raw")
        self.text = text

    def as_sql(self, compiler, connection, function=None, template=None):
        return "%s::tsquery", [self.text]


@dataclass
class _Resolved:
    """The trees (tsquery.py) of a query's parts: each unit's query (``units``) and its words alone
    (``words``), the words as typed (``typed``); the text of the whole words ranked by (``whole``,
    kept exactly as built: the rank depends on its form, not only on what it matches)."""

    units: list
    words: list
    typed: object
    whole: str

    def query(self, tree) -> ResolvedQuery:
        return ResolvedQuery(tsquery.render(tsquery.simplify(tree)))

    def names_any(self, in_names) -> str | None:
        """The text of a query matching the names that hold any of the words, as typed, through
        their families and synonyms, or whole; None when it cannot be told from the trees."""
        whole = tsquery.terms(tsquery.read(self.whole))
        if whole is None:
            return None
        return tsquery.render(tsquery.simplify(tsquery.combine("|", [self.typed, in_names, *whole])))


def _resolve(query_units: list[Unit], terms: list[str], version: int) -> _Resolved:
    """The tsqueries of the query's parts, built by the database in one statement (each word looked
    up in the four configurations) and kept in the cache for the register ``version``, as the
    probes and the matches are: the statements that read the matches then get them as values."""
    expressions = [
        *(_unit_query(unit) for unit in query_units),
        *(_words_query(unit) for unit in query_units),
        exact_query(terms),
        _whole_words(terms),
    ]
    from qualifications.models import Qualification

    query = Qualification.objects.all().query
    compiler = query.get_compiler(connection=connection)
    compiled = [compiler.compile(expression.resolve_expression(query)) for expression in expressions]
    statement = "SELECT " + ", ".join(f"({sql})::text" for sql, _params in compiled)
    params = [param for _sql, expression_params in compiled for param in expression_params]
    key = f"search-queries:{version}:" + hashlib.sha256(f"{statement}|{params!r}".encode()).hexdigest()
    texts = copies.get(key)
    if texts is None:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            texts = list(cursor.fetchone())
        copies.set(key, texts, CONTEXT_CACHE_SECONDS)
    count = len(query_units)
    trees = [tsquery.read(text) for text in texts[: 2 * count + 1]]
    return _Resolved(trees[:count], trees[count : 2 * count], trees[2 * count], texts[-1])


@dataclass
class TextSearch:
    queryset: QuerySet  # filtered only: facet counts group it, so it carries no annotations
    # "exact" (every word, or its family or synonym, matched), "partial" (only some words matched:
    # the others are in ``unmatched``), "similar" (typo fallback), "code" (a code among the words
    # names the qualification) or "none" (no words in the query)
    mode: str
    terms: list[str]
    annotations: dict = field(default_factory=dict)  # rank and the tiers, for the result page
    tiers: list[str] = field(default_factory=list)  # boolean annotations ordered by, true first
    demoted: str = ""  # a boolean annotation ordered by, false first
    unmatched: list[str] = field(default_factory=list)
    synonyms: list[str] = field(default_factory=list)  # the thesaurus terms the query was widened with
    codes: list[str] = field(default_factory=list)  # codes named in the query
    without_codes: str = ""  # the query without them
    # The text queries of the tiers and the rank (name_exact, name_hit, rank): a record whose name
    # matches neither of the first two nor any word of the last has the lowest tiers and the floor
    # rank (text_pages.py).
    name_queries: tuple | None = None
    # The text of a tsquery matching every name that can have a tier or a rank above the floor (any
    # of the words), None to have it built from ``name_queries``.
    names_any: str | None = None

    def ranked(self, queryset: QuerySet) -> QuerySet:
        return queryset.annotate(**self.annotations) if self.annotations else queryset

    def relevance(self) -> list:
        """The order of relevance over ``ranked()`` rows: the tiers, the demoted last, then the rank
        (nothing without a rank). Every surface that ranks uses it."""
        if not self.annotations:
            return []
        demoted = [F(self.demoted).asc()] if self.demoted else []
        return [*(F(tier).desc() for tier in self.tiers), *demoted, F("rank").desc()]


def _code_match(query: str) -> Q:
    cleaned = query.strip()
    match = Q(code__iexact=cleaned) | Q(symbol__iexact=cleaned)
    if is_ascii_number(cleaned, 9):
        match |= Q(zrk_id=int(cleaned))
    return match


def _context_match(tree, terms: list[str], version: int) -> Q:
    """The records whose competent minister or sector framework matches the query ``tree`` (made of
    ``terms``): a word of the ministry's name ("Sportu i Turystyki") says little about a
    qualification, so such records are ranked after those that match in their own text. Kept in the
    cache under the register version."""
    # Keyed on the query, not the words: the same words have another query when only some match.
    key = f"search-context:{version}:" + hashlib.sha256(tsquery.render(tree).encode()).hexdigest()
    found = copies.get(key)
    if found is None:
        if tsquery.terms(tree) is None:
            found = _context_ids(ResolvedQuery(tsquery.render(tree)))
        else:
            found = {"m": [], "f": []}
            for kind, pk, lexemes in _context_documents(version):
                if tsquery.matches(tree, lexemes):
                    found[kind].append(pk)
        copies.set(key, found, CONTEXT_CACHE_SECONDS)
    # An empty __in would make Django drop the whole query (EmptyResultSet), not just this condition.
    condition = NOTHING
    if found["m"]:
        condition |= Q(ministry_id__in=found["m"])
    if found["f"]:
        condition |= Q(sector_framework_id__in=found["f"])
    return condition


def _context_documents(version: int) -> list[tuple[str, int, frozenset[str]]]:
    """The words of each ministry's and framework's document, read once per register version: a
    query is then tested on them here (tsquery.matches) instead of the database building the
    documents through the dictionaries for each new query."""
    key = f"search-context-documents:{version}"
    documents = copies.get(key)
    if documents is None:
        ministries, frameworks = _context_queries()
        rows = ministries.values_list(Value("m"), "pk", Func("document", function="tsvector_to_array")).union(
            frameworks.values_list(Value("f"), "pk", Func("document", function="tsvector_to_array")), all=True
        )
        documents = [(kind, pk, frozenset(lexemes)) for kind, pk, lexemes in rows]
        copies.set(key, documents, CONTEXT_CACHE_SECONDS)
    return documents


def _context_queries():
    """The ministries and the frameworks, each with its ``document``."""
    from institutions.models import Ministry
    from qualifications.models import SectorFramework

    def document(pl: list[str], en: list[str]):
        polish = SearchVector(*pl, config="polish") + SearchVector(*pl, config="polish_unaccent")
        return polish + SearchVector(*en, config="english")

    ministries = Ministry.objects.annotate(
        document=document(["name_pl", "department_pl"], ["name_en", "department_en"])
    ).order_by()
    frameworks = SectorFramework.objects.annotate(
        document=document(["abbreviation", "name_pl", "sector_pl"], ["abbreviation", "name_en", "sector_en"])
    ).order_by()
    return ministries, frameworks


def _context_ids(query: SearchQuery) -> dict[str, list[int]]:
    ministries, frameworks = _context_queries()
    found = {"m": [], "f": []}
    rows = ministries.filter(document=query).values_list(Value("m"), "pk")
    for kind, pk in rows.union(frameworks.filter(document=query).values_list(Value("f"), "pk"), all=True):
        found[kind].append(pk)
    return found


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


# The analyses of the words searched lately in this process (public_search).
KEPT_SEARCHES = 256
_searches: OrderedDict = OrderedDict()


def public_search(query: str) -> TextSearch:
    """``search()`` over the public register, kept in this process per register version: everything
    it works out (the words' thesaurus units and tsqueries, the probes, the ranking expressions)
    follows from the words and the register, and building it again costs a repeated search a few
    milliseconds of ORM compiling. The caller gets its own queryset (a clone), so what it reads is
    not kept with the analysis."""
    from qualifications.models import Qualification

    version = register_version()
    key = f"text-search:{version}:" + hashlib.sha256(query.encode()).hexdigest()
    kept = kept_locally(
        key, lambda: search(Qualification.objects.public(), query), shelf=_searches, entries=KEPT_SEARCHES
    )
    return replace(kept, queryset=kept.queryset.all())


def search(queryset: QuerySet, query: str) -> TextSearch:
    """Filter ``queryset`` by a text query; the result's ``ranked()`` adds the rank and the tiers.

    Every word must match, as typed, through its family or through the thesaurus. The order: all the
    words as typed in the name, then the name through families or synonyms, then the rest, records
    found only through their minister's or framework's name last, by the rank of the names. When no
    record has every word, the trigram fallback looks for similar names (typos); when there are none
    either, the records with some of the words are offered ("partial"). Each pass is probed with a
    one-row query. A code among the words (find_codes) narrows to its qualification instead.
    """
    codes, rest = find_codes(query)
    if codes:
        # A code names its qualification: the other words could only empty the result.
        condition = Q()
        for code in codes:
            condition |= Q(code__iexact=code) | Q(symbol__iexact=code)
        return TextSearch(queryset.filter(condition), "code", parse_terms(rest), codes=codes, without_codes=rest)
    terms = parse_terms(query)
    if not terms:
        return TextSearch(queryset, "none", [])
    # Read once: the thesaurus units, the probes, the built queries and the minister's matches are
    # kept under it.
    version = register_version()
    query_units = _units(terms, version)
    synonyms = [" ".join(phrase) for unit in query_units for phrase in unit.synonyms]
    resolved = _resolve(query_units, terms, version)
    conditions = [Q(search_vector=resolved.query(tree)) for tree in resolved.units]
    in_names = tsquery.combine("&", resolved.units)
    in_context = tsquery.combine("&", resolved.words)
    matched = queryset.filter(_every(conditions) | _code_match(query))
    exact = _ranked(matched, "exact", terms, resolved, in_names, in_context, synonyms, version)
    if _exists(matched, version, exact):
        return exact
    folded = " ".join(fold(term) for term in terms)
    similar = _similar(queryset, folded)
    if similar is not None or len(query_units) == 1:
        annotations = {"rank": TrigramWordSimilarity(Value(folded), "search_names")}
        return TextSearch(queryset.filter(similar or NOTHING), "similar", terms, annotations)
    found = [n for n, condition in enumerate(conditions) if _exists(queryset.filter(condition), version)]
    if not found:
        annotations = {"rank": TrigramWordSimilarity(Value(folded), "search_names")}
        return TextSearch(queryset.filter(NOTHING), "similar", terms, annotations)
    some = Q()
    for n in found:
        some |= conditions[n]
    in_names = tsquery.combine("|", [resolved.units[n] for n in found])
    in_context = tsquery.combine("|", [resolved.words[n] for n in found])
    text = _ranked(queryset.filter(some), "partial", terms, resolved, in_names, in_context, synonyms, version)
    text.unmatched = [" ".join(unit.words) for n, unit in enumerate(query_units) if n not in found]
    return text


def _units(terms: list[str], version: int) -> list[Unit]:
    """The query's thesaurus units (thesaurus.py), kept per register version: the thesaurus is part
    of the register, and a search of the same words then reads no synonym sets."""
    key = f"search-units:{version}:" + hashlib.sha256("\x00".join(terms).encode()).hexdigest()
    found = copies.get(key)
    if found is None:
        found = units(terms, parse_terms)
        copies.set(key, found, CONTEXT_CACHE_SECONDS)
    return found


def _every(conditions: list[Q]) -> Q:
    combined = Q()
    for condition in conditions:
        combined &= condition
    return combined


def _similar(queryset: QuerySet, folded: str) -> Q | None:
    """The records whose names hold a word like ``folded`` (a typo: "piekrz", "cukeirnik"), the most
    similar first, read at once; None when there is none. %> uses the trigram index with
    pg_trgm.word_similarity_threshold, set lower than its default (0.6, which misses one letter
    dropped from a short word) for this transaction only."""
    alias = queryset.db  # the setting holds on this connection: the query must run on it too
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        # A very short query is like too many names at the lower threshold ("2" is like "02").
        threshold = TYPO_SIMILARITY if len(folded) >= MIN_TYPO_LENGTH else DEFAULT_SIMILARITY
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(threshold)])
        ids = list(
            queryset.using(alias)
            .filter(search_names__trigram_word_similar=folded)
            .annotate(similarity=TrigramWordSimilarity(Value(folded), "search_names"))
            .order_by("-similarity", "pk")
            .values_list("pk", flat=True)[:MAX_SIMILAR]
        )
    return Q(pk__in=ids) if ids else None


def _exists(queryset: QuerySet, version: int, text: TextSearch | None = None) -> bool:
    """Whether ``queryset`` (a text query's matches) has a record: read through the indexes and kept
    per register version. Left to itself, the planner expects a match early in the table and scans
    it, testing each record's search document; for a word found nowhere (a typo, most often) that
    reads the whole register (measured at 100,000 records: 0.3 s, against 0.05 ms through the text
    index). A word found nearly everywhere costs the index more (25 ms for "osoba"), once a version."""
    from qualifications.search.facet_index import fetch_by_index_scans
    from qualifications.search.search_rows import on_search_rows

    sql, params = queryset.order_by().values("pk")[:1].query.sql_with_params()
    sql = on_search_rows(sql)
    key = f"search-probe:{version}:" + hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()
    found = copies.get(key)
    if found is None:
        if text is not None:
            # The search of these words reads its matches next (text_pages.py): read them now, as
            # the answer, instead of scanning the index for one of them first.
            from qualifications.search.text_pages import probe_matches

            found = probe_matches(text, version)
        else:
            found = bool(fetch_by_index_scans(f"SELECT EXISTS ({sql})", list(params))[0][0])  # noqa: S608
        copies.set(key, found, CONTEXT_CACHE_SECONDS)
    return found


def _ranked(matched, mode, terms, resolved: _Resolved, names_tree, context_tree, synonyms, version) -> TextSearch:
    # Ranked by the names alone (name_vector: small, stored in the row), so ordering thousands of
    # matches reads no TOASTed document.
    # Each expression is computed for every match before the first page is cut, so the big query
    # (words, families and synonyms) is evaluated once, in name_hit.
    typed = resolved.query(resolved.typed)
    whole = ResolvedQuery(resolved.whole)
    in_names = resolved.query(names_tree)
    annotations = {
        "name_exact": _flag(Q(name_vector=typed)),
        "name_hit": _flag(Q(name_vector=in_names)),
        # Sorted after the name tiers, so it only orders records without a name match. Coalesced: a
        # record without a minister gives NULL here, which would sort after the rest.
        "context_hit": Coalesce(_flag(_context_match(context_tree, terms, version)), Value(False)),
        # Within a tier, names holding the words whole come first ("elektryk" ranks "Elektryk" above
        # "...elektrycznych"), then the name order. Whole words: the cheapest query to rank by.
        "rank": SearchRank(F("name_vector"), whole),
    }
    return TextSearch(
        matched,
        mode,
        terms,
        annotations,
        tiers=["name_exact", "name_hit"],
        demoted="context_hit",
        synonyms=synonyms,
        name_queries=(typed, in_names, whole),
        names_any=resolved.names_any(names_tree),
    )


def highlight(text: str, terms: list[str]) -> SafeString:
    """``text`` escaped, with the words that match a query term wrapped in <mark>.

    Matching mirrors the search loosely: a word is marked when its folded form starts with the
    folded term, or with the term's stem for longer terms (so "kosmetyczki" marks "Kosmetyczka").
    """
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    if not terms:
        return escape(text)
    stems = tuple({_stem(term) if len(term) >= 6 else fold(term) for term in terms})
    # Only a marked word splits the text: the runs between marks are escaped whole.
    pieces, last = [], 0
    for match in _WORD.finditer(text):
        word = match.group()
        if fold_word(word).startswith(stems):
            pieces.append(escape(text[last : match.start()]))
            pieces.append(f"<mark>{escape(word)}</mark>")
            last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above
