"""How a thesaurus term and a piece of a query are compared: word by word, each word folded and cut
to its family root, so that "wycieczek" meets the term "wycieczka". Shared by the model (stored
keys) and the search, and by the migration that seeded the thesaurus."""

import re

from qualifications.search.families import family_root

_WORD = re.compile(r"\w+", re.UNICODE)


def term_key(term: str) -> str:
    """``term`` as compared with queries: "Impreza turystyczna" -> "impre turystycz"."""
    return " ".join(family_root(word) for word in _WORD.findall(term.replace("_", " ")))[:80]
