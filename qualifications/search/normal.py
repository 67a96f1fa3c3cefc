"""Text normalisation shared by the search, its word families and its thesaurus."""

import unicodedata
from functools import lru_cache

_FOLD = str.maketrans({"ł": "l", "Ł": "L"})  # NFKD leaves ł alone: it is a letter, not l + accent


def fold(text: str) -> str:
    """Lower case without diacritics, as PostgreSQL's unaccent does it: "Łódź" -> "lodz"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


# Highlighting folds each word of the names and snippets on a page; a register's vocabulary is a few
# tens of thousands of words, which come back page after page.
fold_word = lru_cache(maxsize=32768)(fold)
