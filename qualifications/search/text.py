"""Full-text search over qualifications (docs/architecture.md#search).

The search document is built by a database trigger (qualifications/search/sql/, the live version
named in qualifications/search/versions.py). A query is matched in two passes, the second tried
only when the first finds nothing:

1. every word must match, as a prefix, in one of four ways: through the Polish hunspell dictionary
   ("kosmetyczki" -> kosmetyczka), as an unaccented word form ("zarzadzanie"), through the English
   stemmer, or unaccented with its ending cut off ("ksiegowa" -> "ksiegow:*" finds "księgowych"),
   a crude stemmer for queries typed without diacritics, which the dictionary does not know;
2. trigram similarity over names and codes, for typos ("kosmetyczak").

Names rank first: a match in a name outranks any number of matches in the outcomes.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from zrk.params import is_ascii_number

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_TERM_LENGTH = 40

_WORD = re.compile(r"\w+", re.UNICODE)
_FOLD = str.maketrans({"ł": "l", "Ł": "L"})  # NFKD leaves ł alone: it is a letter, not l + accent


def fold(text: str) -> str:
    """Lower case without diacritics, as PostgreSQL's unaccent does it: "Łódź" -> "lodz"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


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


def exact_query(terms: list[str]) -> SearchQuery:
    per_term = []
    for term in terms:
        alternatives = (
            SearchQuery(_prefix(term), config="polish", search_type="raw")
            | SearchQuery(_prefix(fold(term)), config="polish_unaccent", search_type="raw")
            | SearchQuery(_prefix(term), config="english", search_type="raw")
            | SearchQuery(_prefix(_stem(term)), config="simple", search_type="raw")
        )
        per_term.append(alternatives)
    return _all_of(per_term)


@dataclass
class TextSearch:
    queryset: QuerySet  # filtered only: facet counts group it, so it carries no annotations
    mode: str  # "exact", "similar" (typo fallback) or "none" (no words in the query)
    terms: list[str]
    annotations: dict = field(default_factory=dict)  # rank and name_hit, for the result page

    def ranked(self, queryset: QuerySet) -> QuerySet:
        return queryset.annotate(**self.annotations) if self.annotations else queryset


def _code_match(query: str) -> Q:
    cleaned = query.strip()
    match = Q(code__iexact=cleaned) | Q(symbol__iexact=cleaned)
    if is_ascii_number(cleaned, 9):
        match |= Q(zrk_id=int(cleaned))
    return match


def search(queryset: QuerySet, query: str) -> TextSearch:
    """Filter ``queryset`` by a text query; the result's ``ranked()`` adds ``rank`` and ``name_hit``.

    The first pass is probed with a one-row query; only when it finds nothing does the trigram
    fallback run.
    """
    terms = parse_terms(query)
    if not terms:
        return TextSearch(queryset, "none", [])
    tsquery = exact_query(terms)
    matched = queryset.filter(Q(search_vector=tsquery) | _code_match(query))
    if matched.order_by().values("pk")[:1].exists():
        # Ranked by the names alone (name_vector: small, stored in the row), so ordering thousands
        # of matches reads no TOASTed document; matches only in the description or outcomes
        # follow, alphabetically.
        annotations = {
            "rank": SearchRank(F("name_vector"), tsquery),
            "name_hit": ExpressionWrapper(Q(name_vector=tsquery), output_field=BooleanField()),
        }
        return TextSearch(matched, "exact", terms, annotations)
    # %> uses the trigram index (pg_trgm.word_similarity_threshold, 0.6 by default).
    folded = " ".join(fold(term) for term in terms)
    annotations = {
        "rank": TrigramWordSimilarity(Value(folded), "search_names"),
        "name_hit": Value(True, output_field=BooleanField()),
    }
    return TextSearch(queryset.filter(search_names__trigram_word_similar=folded), "similar", terms, annotations)


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
