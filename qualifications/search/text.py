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

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.db import connections, transaction
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from qualifications.search.families import MIN_ROOT, family_root
from qualifications.search.normal import fold
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


def _unit_query(unit: Unit) -> SearchQuery:
    query = _all_of([_family_query(word) for word in unit.words])
    for phrase in unit.synonyms:
        query |= _all_of([_family_query(word) for word in phrase])
    return query


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


def _context_match(query: SearchQuery) -> Q:
    """The records whose competent minister or sector framework matches ``query``: a word of the
    ministry's name ("Sportu i Turystyki") says little about a qualification, so such records are
    ranked after those that match in their own text. Read from the two small tables in one query."""
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
    found = list(ministries.union(frameworks, all=True))
    # An empty __in would make Django drop the whole query (EmptyResultSet), not just this condition.
    condition = Q(pk__isnull=True)
    if ministry_ids := [pk for kind, pk in found if kind == "m"]:
        condition |= Q(ministry_id__in=ministry_ids)
    if framework_ids := [pk for kind, pk in found if kind == "f"]:
        condition |= Q(sector_framework_id__in=framework_ids)
    return condition


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def search(queryset: QuerySet, query: str) -> TextSearch:
    """Filter ``queryset`` by a text query; the result's ``ranked()`` adds the rank and the tiers.

    Every word must match, as typed, through its family or through the thesaurus. The order: all the
    words as typed in the name, then the name through families or synonyms, then the rest, records
    found only through their minister's or framework's name last, by the rank of the names. When no
    record has every word, records with some of them are offered ("partial"); when none has any, the
    trigram fallback runs. Each pass is probed with a one-row query.
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
    unit_queries = [_unit_query(unit) for unit in query_units]
    synonyms = [" ".join(phrase) for unit in query_units for phrase in unit.synonyms]
    tsquery = _all_of(unit_queries)
    matched = queryset.filter(Q(search_vector=tsquery) | _code_match(query))
    if matched.order_by().values("pk")[:1].exists():
        return _ranked(matched, "exact", terms, tsquery, exact_query(terms), synonyms=synonyms)
    folded = " ".join(fold(term) for term in terms)
    similar = _similar(queryset, folded)
    if similar is not None or len(unit_queries) == 1:
        annotations = {"rank": TrigramWordSimilarity(Value(folded), "search_names")}
        return TextSearch(queryset.filter(similar or NOTHING), "similar", terms, annotations)
    found = [unit for unit, unit_query in zip(query_units, unit_queries, strict=True) if _has(queryset, unit_query)]
    if not found:
        annotations = {"rank": TrigramWordSimilarity(Value(folded), "search_names")}
        return TextSearch(queryset.filter(NOTHING), "similar", terms, annotations)
    partial = _any_of([_unit_query(unit) for unit in found])
    text = _ranked(queryset.filter(search_vector=partial), "partial", terms, partial, partial, synonyms)
    text.unmatched = [" ".join(unit.words) for unit in query_units if unit not in found]
    return text


def _similar(queryset: QuerySet, folded: str) -> Q | None:
    """The records whose names hold a word like ``folded`` (a typo: "piekrz", "cukeirnik"), the most
    similar first, read at once; None when there is none. %> uses the trigram index with
    pg_trgm.word_similarity_threshold, set lower than its default (0.6, which misses one letter
    dropped from a short word) for this transaction only."""
    with transaction.atomic(using=queryset.db), connections[queryset.db].cursor() as cursor:
        # A very short query is like too many names at the lower threshold ("2" is like "02").
        threshold = TYPO_SIMILARITY if len(folded) >= MIN_TYPO_LENGTH else DEFAULT_SIMILARITY
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(threshold)])
        ids = list(
            queryset.filter(search_names__trigram_word_similar=folded)
            .annotate(similarity=TrigramWordSimilarity(Value(folded), "search_names"))
            .order_by("-similarity", "pk")
            .values_list("pk", flat=True)[:MAX_SIMILAR]
        )
    return Q(pk__in=ids) if ids else None


def _has(queryset: QuerySet, tsquery: SearchQuery) -> bool:
    return queryset.filter(search_vector=tsquery).order_by().values("pk")[:1].exists()


def _ranked(matched, mode, terms, tsquery, typed, synonyms) -> TextSearch:
    # Ranked by the names alone (name_vector: small, stored in the row), so ordering thousands of
    # matches reads no TOASTed document.
    annotations = {
        "name_exact": _flag(Q(name_vector=typed)),
        "name_hit": _flag(Q(name_vector=tsquery)),
        # Coalesced: a record without a minister gives NULL here, which would sort after the rest.
        "context_hit": Coalesce(_flag(_context_match(tsquery) & ~Q(name_vector=tsquery)), Value(False)),
        # Whole words count on top of prefixes: "elektryk" ranks "Elektryk" above "...elektrycznych".
        "rank": SearchRank(F("name_vector"), tsquery) + SearchRank(F("name_vector"), _whole_words(terms)),
    }
    return TextSearch(
        matched, mode, terms, annotations, tiers=["name_exact", "name_hit"], demoted="context_hit", synonyms=synonyms
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
    stems = {_stem(term) if len(term) >= 6 else fold(term) for term in terms}
    pieces, last = [], 0
    for match in _WORD.finditer(text):
        word = match.group()
        pieces.append(escape(text[last : match.start()]))
        folded = fold(word)
        if any(folded.startswith(stem) for stem in stems):
            pieces.append(f"<mark>{escape(word)}</mark>")
        else:
            pieces.append(escape(word))
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above
