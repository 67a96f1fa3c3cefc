"""Hypothesis strategies for hostile HTTP input: parameter values, whole query strings and path
segments, already percent-encoded as they would arrive over the wire.

A value is text (any code point, lone surrogates included: encoded with ``surrogatepass``, which is
how a broken client sends them, as bytes that are not valid UTF-8), raw bytes, a number far out of
range, or one of the classic troublemakers below. Some values carry an XSS marker (MARKERS), whose
raw form must never come back in an HTML page (checks.assert_safe_response).
"""

import functools
from urllib.parse import quote_from_bytes

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st


def hostile_settings(examples: int) -> settings:
    """Hypothesis settings for a test against the database: no deadline (the first request of a
    connection loads the Polish dictionary), no example database in the checkout."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# Markers whose raw form must never appear in an HTML response. Each is distinctive enough not to
# occur in a page by accident (the pages' own <script src=...> elements carry no alert()).
MARKERS = (
    '<script>alert("zrk")</script>',
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "<zrk-marker>",
    "</textarea><zrk-marker>",
)
# The parts of the markers that must not survive unescaped (a marker cut by a length limit still
# shows its opening tag).
RAW_FRAGMENTS = ("<script>alert(", "<img src=x onerror", "<svg/onload", "<zrk-marker")

BIG = 10**30
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 500,
    "%00",
    "\u202e\u200fעברית\u202c",  # RTL override and mark, Hebrew
    "مرحبا",
    "e\u0301\u0302\u0303\u0304",  # stacked combining marks
    "\u0301" * 200,
    "🙂👩‍👩‍👧🇵🇱",
    "\ufeff",
    "\uffff\ufffe",
    "\u2028\u2029",
    "\r\n",
    "\r\nSet-Cookie: zrk=1",
    # Digits that str.isdigit() accepts and int() may not: superscripts, other scripts.
    "²",
    "١٢",
    "𝟗",
    "½",
    "٣",
    "0",
    "-1",
    "-0",
    "+1",
    " 1",
    "1 ",
    "00001",
    "1.5",
    "1e3",
    "1e400",
    "NaN",
    "inf",
    "0x1f",
    str(BIG),
    str(-BIG),
    str(2**31),
    str(2**63),
    str(-(2**63) - 1),
    "9" * 5000,  # more digits than int() converts by default
    "../",
    "..%2F..%2Fetc%2Fpasswd",
    "/etc/passwd",
    "\\..\\..\\x",
    "%",
    "%%",
    "%2",
    "%FF",
    "*",
    ":*",
    "'",
    "''",
    '"',
    "\\",
    "!",
    "&",
    "|",
    "<->",
    "(",
    "a & !b | c:*",
    "' OR 1=1 --",
    "_",
    "%_%",
    "[]",
    "{}",
    "]]>",
    "&amp;",
    "&#0;",
    "javascript:alert(1)",
    "//evil.example/",
    "https://evil.example/",
    "2024-02-30",
    "9999-99-99",
    "2024-01-01T25:61",
    "2024-01-01T00:00:00+99:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00",
    "0000-00-00",
    "2024-1-1",
    "A" * 100_000,
    "ą" * 50_000,
    "zł " * 30_000,
    *MARKERS,
]

# The values aimed at parsers, tried in each parameter on its own (one bad parameter can hide what a
# later one would do: a 400 for the first stops the request before the second is read).
TRAPS = [
    "\x00",
    "²",
    "١٢",
    "𝟗",
    "½",
    "-1",
    "0",
    "1.5",
    str(BIG),
    str(2**63),
    "9" * 5000,
    "2024-02-30",
    "2024-01-01T00:00:00+99:00",
    "0001-01-01T00:00:00+14:00",
    "A" * 100_000,
    "ą" * 50_000,
    MARKERS[1],
]

# Text including lone surrogates (category Cs), NUL and other controls.
any_text = st.text(st.characters(codec=None, categories=None), max_size=60)
surrogate_text = st.text(st.characters(categories=["Cs", "Ll", "Nd", "Cc"]), min_size=1, max_size=10)
numbers = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["²", "١٢", "𝟗", str(BIG), str(2**63)]),
)
with_marker = st.tuples(any_text, st.sampled_from(MARKERS), any_text).map("".join)

text_values = st.one_of(st.sampled_from(NASTY), any_text, surrogate_text, numbers, with_marker)
values = st.one_of(text_values, st.binary(max_size=40))


@functools.lru_cache(maxsize=4096)  # the long values above come back in every test: quoted once
def encode(value: str | bytes) -> str:
    """Percent-encode every byte outside the unreserved set; text as UTF-8 with lone surrogates kept
    (invalid UTF-8 on the wire, as a broken client would send them)."""
    raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
    return quote_from_bytes(raw, safe="")


def query_strings(params: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Query strings for a URL whose known parameters are ``params``: several name=value pairs
    (known names mostly, any name sometimes), a parameter repeated hundreds of times, or raw
    query-string syntax."""
    names = st.one_of(st.sampled_from(params or ("q",)), st.sampled_from(["", "x", "q[]", "page", "lang"]), values)
    pairs = st.lists(st.tuples(names, values), max_size=6)
    repeated = st.tuples(
        st.sampled_from(params or ("q",)), st.lists(values, min_size=1, max_size=3), st.integers(2, 400)
    )

    def join(items) -> str:
        return "&".join(f"{encode(name)}={encode(value)}" for name, value in items)

    def repeat(spec) -> str:
        name, some, times = spec
        return "&".join(f"{encode(name)}={encode(some[i % len(some)])}" for i in range(times))

    raw = st.text(st.sampled_from("&=;+%?q0129aA<>\"' x\\/"), max_size=40)
    return st.one_of(pairs.map(join), repeated.map(repeat), raw)


# Path segments for <id> parts: out-of-range and non-numeric ids, traversal, encoded NUL and slash.
ID_SEGMENTS = [
    "0",
    "00",
    "-1",
    "1.5",
    "1e5",
    str(2**31),
    str(2**63),
    str(BIG),
    "9" * 200,
    "9" * 5000,
    "abc",
    "NaN",
    "%00",
    "1%00",
    "%2F",
    "1%2F2",
    "..",
    "../..",
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e",
    "1%2F..%2F2",
    "%C2%B2",  # ²
    "%D9%A1",  # Arabic-Indic one
    "%F0%9F%99%82",
    "%ED%A0%80",  # a lone surrogate as (invalid) UTF-8
    "%FF",
    "%",
    "%%",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    "x" * 3000,
    # The first segment: a path starting //host is a network-path reference for the links built from it.
    "%2Fevil.example%2F",
    "%2F%2Fevil.example",
    "%5Cevil.example",
    "%2F%5Cevil.example",
]
id_segments = st.one_of(
    st.sampled_from(ID_SEGMENTS),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    values.map(encode),
)
