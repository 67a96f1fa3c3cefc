"""Query understanding: the words of a query that name a filter become that filter.

"poziom 5", "PRK 5", "level 5", "EQF 5" -> the PRK level; "rynkowe", "rzemieślnicze", "market",
"craft"... -> the category; the rest of the query is searched as text. The search page sends the
reader to the address with the filters set (shown as removable chips); the API, the downloads and
the feeds read a query the same way (``rewrite`` in the pipeline), so a query means the same thing
everywhere. A query with a double quote in it is taken literally.

A qualification's code or symbol among the words ("fryzjer FRK.03") names that qualification:
``find_codes`` picks it out for the text search, which narrows to it (the code stays in ``q``, so
every surface that carries the query carries it; the page shows it as a chip whose link drops it).
"""

import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import QueryDict

from qualifications.models import Category, Qualification
from qualifications.search.normal import fold

MAX_QUERY_LENGTH = 200

_TOKEN = re.compile(r"[^\s,;]+")
LEVEL_WORDS = {"poziom", "poziomu", "poziomie", "poziomem", "prk", "level", "eqf", "erk", "lvl"}
_LEVEL_GLUED = re.compile(r"^(?:prk|eqf|erk|level|poziom)-?([1-8])$")
_LEVEL_NUMBER = re.compile(r"^([1-8])$")

# Folded beginnings of Polish words -> category. Only words that name a category and little else:
# "zawodowe" is left out, it is as often part of a name ("doradztwo zawodowe") as a category.
POLISH_CATEGORY_WORDS = [
    ("wolnorynkow", Category.FREE_MARKET),
    ("rynkow", Category.MARKET),
    ("rzemieslnicz", Category.CRAFT),
    ("sektorow", Category.SECTORAL),
    ("regulowan", Category.REGULATED),
    ("podyplomow", Category.POSTGRADUATE),
]
# English category words, whole ("marketing" is not a category; "crafts" is).
ENGLISH_CATEGORY_WORDS = {
    "free-market": Category.FREE_MARKET,
    "freemarket": Category.FREE_MARKET,
    "market": Category.MARKET,
    "craft": Category.CRAFT,
    "crafts": Category.CRAFT,
    "sectoral": Category.SECTORAL,
    "regulated": Category.REGULATED,
    "postgraduate": Category.POSTGRADUATE,
    "post-graduate": Category.POSTGRADUATE,
}
# Words that only say "qualification": dropped once a filter has been read from the query.
FILLER = re.compile(r"^(?:kwalifikac\w*|qualifications?|kategori\w*|category|categories)$")
# What a code or a symbol looks like: "FRK.01", "A.19", "MED.14", "CECB".
_CODE = re.compile(r"^[a-z]{1,6}\.\d{1,3}$|^[a-z]{3,6}$|^[a-z]{1,6}-\d{1,6}$")


@dataclass
class Understood:
    text: str
    filters: dict[str, list[str]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.filters)


def _category(word: str) -> str | None:
    if word in ENGLISH_CATEGORY_WORDS:
        return ENGLISH_CATEGORY_WORDS[word]
    return next((category for start, category in POLISH_CATEGORY_WORDS if word.startswith(start)), None)


def find_codes(query: str) -> tuple[list[str], str]:
    """The codes or symbols of public qualifications among the words of ``query`` (the qualification's
    own spelling), and the query without them. "FRK.01" is a code however typed; a plain word only
    in capitals ("CECB"). One query, only when a word looks like a code."""
    tokens = _TOKEN.findall((query or "")[:MAX_QUERY_LENGTH])
    folded = [fold(token).strip(".") for token in tokens]
    candidates = {
        word
        for word, token in zip(folded, tokens, strict=True)
        if _CODE.match(word) and ("." in word or "-" in word or token.isupper())
    }
    if not candidates:
        return [], query
    condition = Q()
    for candidate in candidates:
        condition |= Q(code__iexact=candidate) | Q(symbol__iexact=candidate)
    found = {}
    for code, symbol in Qualification.objects.public().filter(condition).values_list("code", "symbol")[:20]:
        for value in (code, symbol):
            if value and fold(value) in candidates:
                found[fold(value)] = value
    if not found:
        return [], query
    rest = " ".join(token for token, word in zip(tokens, folded, strict=True) if word not in found)
    return list(dict.fromkeys(found[word] for word in folded if word in found)), rest


def understand(query: str) -> Understood:
    """``query`` split into the filters it names and the text left to search."""
    query = (query or "")[:MAX_QUERY_LENGTH]
    if '"' in query or "\u201e" in query or "\u201d" in query:
        return Understood(query)
    tokens = _TOKEN.findall(query)
    folded = [fold(token).strip(".") for token in tokens]
    filters: dict[str, list[str]] = {}
    keep = []
    index = 0
    while index < len(tokens):
        word = folded[index]
        following = folded[index + 1] if index + 1 < len(tokens) else ""
        if word in LEVEL_WORDS and _LEVEL_NUMBER.match(following):
            filters.setdefault("level", []).append(following)
            index += 2
            continue
        if glued := _LEVEL_GLUED.match(word):
            filters.setdefault("level", []).append(glued.group(1))
        elif category := _category(word):
            filters.setdefault("category", []).append(str(category))
        else:
            keep.append(index)
        index += 1
    if not filters:
        return Understood(query)
    words = [tokens[i] for i in keep if not FILLER.match(folded[i])]
    return Understood(" ".join(words), {name: list(dict.fromkeys(values)) for name, values in filters.items()})


def rewrite(params: QueryDict) -> QueryDict | None:
    """``params`` with the filters named in ``q`` set and ``q`` reduced to the rest; None when ``q``
    names no filter (or is too long to be valid: the form reports it)."""
    query = params.get("q") or ""
    if len(query) > MAX_QUERY_LENGTH:
        return None
    filters: dict[str, list[str]] = {}
    understood = understand(query)
    # What is left is read again ("poziom poziom 5 5"), so that the address redirected to is final.
    while understood.changed:
        for name, values in understood.filters.items():
            filters.setdefault(name, []).extend(values)
        query = understood.text
        understood = understand(query)
    if not filters:
        return None
    rewritten = params.copy()
    rewritten.pop("page", None)
    if query:
        rewritten.setlist("q", [query])
    else:
        rewritten.pop("q", None)
    for name, values in filters.items():
        rewritten.setlist(name, list(dict.fromkeys([*params.getlist(name), *values])))
    return rewritten
