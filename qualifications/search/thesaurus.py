"""The thesaurus applied to a query: the query's words grouped into units, each unit a word or a
phrase of the thesaurus (longest first: "pilot wycieczek" before "pilot"), with the other terms of
every synonym set that holds it. One query reads the sets a search needs."""

from dataclasses import dataclass, field

from qualifications.search.families import family_root
from qualifications.search.thesaurus_keys import term_key

MAX_PHRASE_WORDS = 3
# Alternatives kept per unit, and words per alternative: bounds the size of the text query.
MAX_SYNONYMS = 16
MAX_SYNONYM_WORDS = 4


@dataclass
class Unit:
    words: list[str]
    synonyms: list[list[str]] = field(default_factory=list)  # each a phrase, as its words


def units(terms: list[str], words_of) -> list[Unit]:
    """``terms`` grouped into units with their synonyms; ``words_of`` splits a term into query words."""
    from qualifications.models import SynonymSet

    roots = [family_root(term) for term in terms]
    spans = {
        " ".join(roots[start : start + length])
        for length in range(1, MAX_PHRASE_WORDS + 1)
        for start in range(len(roots) - length + 1)
    }
    synonyms: dict[str, list[str]] = {}
    for terms_of_set, keys in SynonymSet.objects.filter(keys__overlap=sorted(spans)).values_list("terms", "keys"):
        for key in keys:
            if key in spans:
                others = [term for term, other in zip(terms_of_set, keys, strict=False) if other != key]
                synonyms.setdefault(key, []).extend(others)
    result, start = [], 0
    while start < len(terms):
        for length in range(min(MAX_PHRASE_WORDS, len(terms) - start), 0, -1):
            key = " ".join(roots[start : start + length])
            if key in synonyms or length == 1:
                alternatives = []
                for term in dict.fromkeys(synonyms.get(key, [])):
                    words = words_of(term)[:MAX_SYNONYM_WORDS]
                    if words and term_key(term) != key:
                        alternatives.append(words)
                result.append(Unit(terms[start : start + length], alternatives[:MAX_SYNONYMS]))
                start += length
                break
    return result
