"""Every public and API address (zrk/urls.py, qualifications/urls.py, qualifications/api/urls.py,
qualifications/exports/urls.py, applications/urls.py), with its parameters and how many hypothesis
examples each gets. The counts keep the whole tests/hostile run near two minutes on two cores; the
terminal summary prints how many examples actually ran per address (tests/conftest.py).

Paths may name demo records: {zrk_id} and {slug} (a public qualification), {institution} (an
organisation with a public page), {consultation} (a consultation); {seg} is a hostile path segment.
"""

from collections import Counter
from dataclasses import dataclass

SEARCH = ("q", "level", "type", "category", "status", "ministry", "srk", "region", "institution", "sort", "page")


@dataclass(frozen=True)
class Target:
    name: str
    paths: tuple[str, ...]
    params: tuple[str, ...] = ()
    examples: int = 20
    trap_params: tuple[str, ...] | None = None  # the parameters of the one-by-one sweep, if not all


# Query strings thrown at each address.
QUERY_TARGETS = [
    # Public pages, Polish and English.
    Target("home", ("/", "/en/"), examples=25),
    Target("qualification search", ("/kwalifikacje/", "/en/qualifications/"), (*SEARCH, "per_page"), examples=200),
    Target(
        "qualification page",
        ("/kwalifikacje/{zrk_id}-{slug}/", "/en/qualifications/{zrk_id}-{slug}/", "/kwalifikacje/{zrk_id}/"),
        ("region", "back"),
        examples=60,
    ),
    Target(
        "qualification changes page",
        ("/kwalifikacje/{zrk_id}-{slug}/zmiany/", "/en/qualifications/{zrk_id}-{slug}/changes/"),
        ("page",),
        examples=15,
    ),
    Target(
        "follow by e-mail (sign-up page)",
        ("/obserwuj/", "/en/follow/"),
        ("qualification", "institution", *SEARCH),
        examples=60,
    ),
    Target("follow: e-mail sent", ("/obserwuj/wyslano/", "/en/follow/sent/"), examples=10),
    Target("institution list", ("/instytucje/", "/en/institutions/"), ("q", "role", "region", "page"), examples=100),
    Target("institution page", ("/instytucje/{institution}/", "/en/institutions/{institution}/"), ("page",)),
    Target("PRK levels", ("/poziomy-prk/", "/en/prk-levels/")),
    Target("PRK level page", ("/poziomy-prk/4/", "/en/prk-levels/4/"), ("page",), examples=30),
    Target("sector frameworks", ("/ramy-sektorowe/", "/en/sector-frameworks/")),
    Target("consultations", ("/konsultacje/", "/en/consultations/")),
    Target("consultation page", ("/konsultacje/{consultation}/", "/en/consultations/{consultation}/"), ("sent",)),
    Target(
        "certification check",
        ("/sprawdz-uprawnienia/", "/en/certification-check/"),
        ("qualification", "institution", "qualification_name", "institution_name"),
        examples=80,
    ),
    Target("PZZJ list", ("/lista-pzzj/", "/en/pzzj-list/"), examples=10),
    Target("open data", ("/otwarte-dane/", "/en/open-data/"), examples=10),
    Target(
        "glossary, about, privacy",
        ("/slowniczek/", "/en/glossary/", "/o-rejestrze/", "/en/about/", "/polityka-prywatnosci/", "/en/privacy/"),
        examples=10,
    ),
    Target("accessibility statement", ("/deklaracja-dostepnosci/", "/en/accessibility-statement/"), examples=10),
    # The page takes no parameter: what it is sent must not reach its cache key unbounded or break it.
    Target("statistics", ("/statystyki/", "/en/statistics/"), ("chart", "page", "lang"), examples=20),
    Target("statistics CSV", ("/statystyki/levels.csv", "/en/statistics/pzzj.csv"), ("chart",), examples=10),
    Target(
        "qualification comparison",
        ("/kwalifikacje/porownaj/", "/en/qualifications/compare/"),
        ("id", "field", "add"),
        examples=120,
    ),
    Target("admin login", ("/admin/login/",), ("next",), examples=20),
    Target("robots.txt and healthz", ("/robots.txt", "/healthz"), examples=10),
    # JSON API v1.
    Target(
        "API qualification list",
        ("/api/v1/qualifications/",),
        (*SEARCH, "page_size", "changed_since", "lang"),
        examples=200,
    ),
    Target("API qualification", ("/api/v1/qualifications/{zrk_id}/",), ("lang",), examples=30),
    Target(
        "API institution list",
        ("/api/v1/institutions/",),
        ("q", "role", "region", "page", "page_size", "lang"),
        examples=80,
    ),
    Target("API institution", ("/api/v1/institutions/{institution}/",), ("lang",)),
    Target("API PRK levels", ("/api/v1/prk-levels/",), ("lang",)),
    # The document is generated on every request (about 0.3 s): fewer examples, one parameter swept.
    Target("OpenAPI document", ("/api/v1/openapi.json",), ("lang", "format", "version"), 10, ("lang",)),
    Target("API docs", ("/api/v1/docs/",), ("lang", "script"), examples=20),
    # Legacy XML.
    Target("legacy XML list", ("/api/xml/kwalifikacje/",), ("page",), examples=40),
    Target("legacy XML qualification", ("/api/xml/kwalifikacje/{zrk_id}/",), examples=10),
    # Exports, feeds, sitemaps.
    Target("ELM qualification", ("/api/v1/qualifications/{zrk_id}.elm.xml",), examples=10),
    Target("ELM register", ("/api/v1/elm/qualifications.xml",), examples=10),
    Target(
        "qualification downloads",
        ("/api/v1/downloads/qualifications.csv", "/api/v1/downloads/qualifications.json"),
        SEARCH,
        examples=100,
    ),
    Target(
        "institution downloads",
        ("/api/v1/downloads/institutions.csv", "/api/v1/downloads/institutions.json"),
        examples=10,
    ),
    Target("Atom feeds", ("/feeds/qualifications.pl.atom", "/feeds/qualifications.en.atom"), examples=10),
    Target("search Atom feeds", ("/feeds/search.pl.atom", "/feeds/search.en.atom"), SEARCH, examples=60),
    Target("sitemap index", ("/sitemap.xml",), ("p",), examples=15),
    Target(
        "sitemap sections",
        ("/sitemap-pages.xml", "/sitemap-prk-levels.xml", "/sitemap-qualifications.xml", "/sitemap-institutions.xml"),
        ("p",),
        examples=30,
    ),
]

# Hostile path segments where an address takes an id, a slug or a section.
PATH_TARGETS = [
    Target(
        "qualification page ids",
        (
            "/kwalifikacje/{seg}/",
            "/en/qualifications/{seg}/",
            "/kwalifikacje/{seg}-{slug}/",
            "/kwalifikacje/{zrk_id}-{seg}/",
        ),
        examples=60,
    ),
    Target(
        "qualification changes ids",
        ("/kwalifikacje/{seg}/zmiany/", "/kwalifikacje/{zrk_id}-{seg}/zmiany/", "/en/qualifications/{seg}/changes/"),
        examples=30,
    ),
    Target(
        "alert confirm and unsubscribe tokens",
        ("/obserwuj/potwierdz/{seg}/", "/obserwuj/wypisz/{seg}/", "/en/follow/confirm/{seg}/"),
        examples=30,
    ),
    Target("institution page ids", ("/instytucje/{seg}/", "/en/institutions/{seg}/"), examples=30),
    Target("PRK level ids", ("/poziomy-prk/{seg}/", "/en/prk-levels/{seg}/"), examples=30),
    Target("consultation ids", ("/konsultacje/{seg}/", "/en/consultations/{seg}/"), examples=30),
    Target("statistics CSV names", ("/statystyki/{seg}.csv", "/en/statistics/{seg}.csv"), examples=20),
    Target("API qualification ids", ("/api/v1/qualifications/{seg}/", "/api/v1/institutions/{seg}/"), examples=40),
    Target("legacy XML ids", ("/api/xml/kwalifikacje/{seg}/",), examples=30),
    Target("ELM ids", ("/api/v1/qualifications/{seg}.elm.xml",), examples=30),
    Target("sitemap sections by name", ("/sitemap-{seg}.xml",), examples=20),
    Target(
        "unknown addresses",
        (
            "/{seg}",
            "/{seg}/",
            "/en/{seg}/",
            "/kwalifikacje/{seg}/{seg}/",
            "/api/v1/{seg}",
            "/feeds/{seg}",
            "/{seg}.xml",
        ),
        examples=60,
    ),
]

# The comment form of a consultation page, POSTed with hostile fields.
COMMENT_FORM = "consultation comment form (POST)"
COMMENT_FORM_EXAMPLES = 40

# How many requests ran, per (target name, "hypothesis" or "fixed"), printed at the end of the run.
RUN = Counter()
