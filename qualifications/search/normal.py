"""Text normalisation shared by the search, its word families and its thesaurus."""

import unicodedata

_FOLD = str.maketrans({"ł": "l", "Ł": "L"})  # NFKD leaves ł alone: it is a letter, not l + accent


def fold(text: str) -> str:
    """Lower case without diacritics, as PostgreSQL's unaccent does it: "Łódź" -> "lodz"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
