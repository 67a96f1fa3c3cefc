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
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from qualifications.page_cache import register_version
from qualifications.search.families import MIN_ROOT, family_root
from qualifications.search.normal import fold, fold_word
from qualifications.search.thesaurus import Unit, units
from qualifications.search.understanding import find_codes
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


def _unit_condition(unit: Unit) -> Q:
    """The unit as it selects records: its words, their families or its synonyms, in one text query
    over the document (one index scan, estimated as such by the planner)."""
    return Q(search_vector=_unit_query(unit))


def _any_of(queries: list[SearchQuery]) -> SearchQuery:
    combined = queries[0]
    for query in queries[1:]:
        combined |= query
    return combined


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


def _context_match(query: SearchQuery, terms: list[str]) -> Q:
    """The records whose competent minister or sector framework matches ``query`` (made of
    ``terms``): a word of the ministry's name ("Sportu i Turystyki") says little about a
    qualification, so such records are ranked after those that match in their own text. Read from
    the two small tables in one query, kept in the cache under the register version (the dictionary
    makes the query cost more than the rest of a short search)."""
    key = f"search-context:{register_version()}:" + hashlib.sha256(" ".join(terms).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = _context_ids(query)
        cache.set(key, found, CONTEXT_CACHE_SECONDS)
    # An empty __in would make Django drop the whole query (EmptyResultSet), not just this condition.
    condition = NOTHING
    if found["m"]:
        condition |= Q(ministry_id__in=found["m"])
    if found["f"]:
        condition |= Q(sector_framework_id__in=found["f"])
    return condition


def _context_ids(query: SearchQuery) -> dict[str, list[int]]:
    from institutions.models import Ministry
    from qualifications.models import SectorFramework

    def document(pl: list[str], en: list[str]):
        polish = SearchVector(*pl, config="polish") + SearchVector(*pl, config="polish_unaccent")
        return polish + SearchVector(*en, config="english")

    ministries = (
        Ministry.objects.annotate(document=document(["name_pl", "department_pl"], ["name_en", "department_en"]))
        .filter(document=query)
        .values_list(Value("m"), "pk")
    )
    frameworks = (
        SectorFramework.objects.annotate(
            document=document(["abbreviation", "name_pl", "sector_pl"], ["abbreviation", "name_en", "sector_en"])
        )
        .filter(document=query)
        .values_list(Value("f"), "pk")
    )
    found = {"m": [], "f": []}
    for kind, pk in ministries.union(frameworks, all=True):
        found[kind].append(pk)
    return found


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


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
    query_units = units(terms, parse_terms)
    synonyms = [" ".join(phrase) for unit in query_units for phrase in unit.synonyms]
    conditions = [_unit_condition(unit) for unit in query_units]
    in_names = _all_of([_unit_query(unit) for unit in query_units])
    in_context = _all_of([_words_query(unit) for unit in query_units])
    matched = queryset.filter(_every(conditions) | _code_match(query))
    if _exists(matched):
        return _ranked(matched, "exact", terms, in_names, in_context, synonyms)
    folded = " ".join(fold(term) for term in terms)
    similar = _similar(queryset, folded)
    if similar is not None or len(query_units) == 1:
        annotations = {"rank": TrigramWordSimilarity(Value(folded), "search_names")}
        return TextSearch(queryset.filter(similar or NOTHING), "similar", terms, annotations)
    found = [unit for unit, condition in zip(query_units, conditions, strict=True) if _has(queryset, condition)]
    if not found:
        annotations = {"rank": TrigramWordSimilarity(Value(folded), "search_names")}
        return TextSearch(queryset.filter(NOTHING), "similar", terms, annotations)
    some = Q()
    for unit in found:
        some |= _unit_condition(unit)
    in_names = _any_of([_unit_query(unit) for unit in found])
    in_context = _any_of([_words_query(unit) for unit in found])
    text = _ranked(queryset.filter(some), "partial", terms, in_names, in_context, synonyms)
    text.unmatched = [" ".join(unit.words) for unit in query_units if unit not in found]
    return text


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


def _has(queryset: QuerySet, condition: Q) -> bool:
    return _exists(queryset.filter(condition))


def _exists(queryset: QuerySet) -> bool:
    """Whether ``queryset`` (a text query's matches) has a record: read through the indexes and kept
    per register version. Left to itself, the planner expects a match early in the table and scans
    it, testing each record's search document; for a word found nowhere (a typo, most often) that
    reads the whole register (measured at 100,000 records: 0.3 s, against 0.05 ms through the text
    index). A word found nearly everywhere costs the index more (25 ms for "osoba"), once a version."""
    from qualifications.search.facet_index import fetch_by_index_scans

    sql, params = queryset.order_by().values("pk")[:1].query.sql_with_params()
    key = f"search-probe:{register_version()}:" + hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = bool(fetch_by_index_scans(f"SELECT EXISTS ({sql})", list(params))[0][0])  # noqa: S608
        cache.set(key, found, CONTEXT_CACHE_SECONDS)
    return found


def _ranked(matched, mode, terms, in_names, in_context, synonyms) -> TextSearch:
    # Ranked by the names alone (name_vector: small, stored in the row), so ordering thousands of
    # matches reads no TOASTed document.
    # Each expression is computed for every match before the first page is cut, so the big query
    # (words, families and synonyms) is evaluated once, in name_hit.
    typed = exact_query(terms)
    whole = _whole_words(terms)
    annotations = {
        "name_exact": _flag(Q(name_vector=typed)),
        "name_hit": _flag(Q(name_vector=in_names)),
        # Sorted after the name tiers, so it only orders records without a name match. Coalesced: a
        # record without a minister gives NULL here, which would sort after the rest.
        "context_hit": Coalesce(_flag(_context_match(in_context, terms)), Value(False)),
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
