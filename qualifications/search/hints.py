"""What the search page offers besides its results: a spelling the register knows ("did you mean"),
the count of the query without its filters, and example queries in the page's language."""

import difflib
import re

from django.utils.translation import pgettext_lazy

from qualifications.search.normal import fold

_WORD = re.compile(r"\w+", re.UNICODE)
MIN_WORD = 3
CUTOFF = 0.6  # difflib's ratio: one or two letters wrong in a word of six or more

# Typed into the search box as they are shown: translated, so each page gives examples in its language.
EXAMPLES = [
    pgettext_lazy("search example", "baker"),
    pgettext_lazy("search example", "accounting"),
    pgettext_lazy("search example", "tour guide"),
    pgettext_lazy("search example", "personal trainer"),
    pgettext_lazy("search example", "beautician level 4"),
]


def did_you_mean(terms: list[str], names: list[str]) -> str:
    """``terms`` with each word the register's names do not hold replaced by the closest word they do
    hold (``names``: those of the records most similar to the query); "" when nothing changes."""
    vocabulary: dict[str, str] = {}
    for name in names:
        for word in _WORD.findall(name):
            if len(word) >= MIN_WORD and not word.isdigit():
                vocabulary.setdefault(fold(word), word.lower())
    words, changed = [], False
    for term in terms:
        folded = fold(term)
        if any(known.startswith(folded) for known in vocabulary):
            words.append(term)
            continue
        close = difflib.get_close_matches(folded, list(vocabulary), n=1, cutoff=CUTOFF)
        if close:
            words.append(vocabulary[close[0]])
            changed = True
        else:
            words.append(term)
    return " ".join(words) if changed else ""
