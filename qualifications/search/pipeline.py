"""One search of the register: the text query, the filters, the order, and for the search page the
facets and the page of results.

``run(params)`` is the one pipeline: the search page, the API and the downloads all start from its
``rows`` (ranked, counted, ordered) and add only what they show; the feeds and the alerts read its
``narrowed`` set. So a parameter means the same thing, and results come in the same order, on every
surface."""

from dataclasses import dataclass, field
from math import ceil

from django.core.paginator import Page, Paginator
from django.db.models import F, Func, QuerySet, Value
from django.db.models.functions import Coalesce, Collate, NullIf
from django.http import QueryDict
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import get_language

from qualifications.filters import DEFAULT_PER_PAGE, QualificationFilter
from qualifications.models import Qualification
from qualifications.search.facet_index import index
from qualifications.search.facets import Facet, facet_options, facets
from qualifications.search.text import TextSearch, public_search
from qualifications.search.text_pages import text_page
from qualifications.search.understanding import rewrite
from zrk.compiled import AnyOf, CompiledQuery
from zrk.i18n import is_english

POLISH_COLLATION = "pl-x-icu"  # Ł after L, not after Z

# Long prose the result list never shows: left out of the row fetch.
HEAVY_FIELDS = [
    f"{name}_{language}"
    for name in (
        "entitlements",
        "target_groups",
        "entry_conditions",
        "validation_requirements",
        "ic_additional_conditions",
        "demand",
        "typical_uses",
        "renewal_conditions",
    )
    for language in ("pl", "en")
] + ["search_vector", "name_vector", "search_names", "active_regions", "active_institutions"]

# What the search page shows of a result (qualifications/search/presenter.py): its rows read these
# columns only. The untranslated columns stay: modeltranslation falls back to them.
RESULT_FIELDS = [
    "id",
    "zrk_id",
    "code",
    "name",
    "name_pl",
    "name_en",
    "characteristic",
    "characteristic_pl",
    "characteristic_en",
    "prk_level",
    "category",
    "status",
]


@dataclass
class SearchResults:
    filterset: QualificationFilter
    text: TextSearch
    page: Page
    facets: list[Facet]
    sort: str
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def query(self) -> str:
        return self.filterset.cleaned_data().get("q") or ""

    @property
    def active_filters(self) -> list[tuple[Facet, object]]:
        return [(facet, option) for facet in self.facets for option in facet.selected_options]

    @property
    def filtered(self) -> bool:
        return bool(self.active_filters or self.text.codes)


def name_order(descending: bool = False, *, indexed: bool = True):
    """Order by the name in the page's language (English falls back to Polish), Polish collation.
    ``indexed=False``: the same order, as an expression no index holds (``ordering``)."""
    name = Coalesce(NullIf(F("name_en"), Value("")), F("name_pl")) if is_english() else F("name_pl")
    if not indexed:
        name = Coalesce(name, name)  # the same value, NULL included
    collated = Collate(name, POLISH_COLLATION)
    return collated.desc() if descending else collated.asc()


def ordering(sort: str, text: TextSearch, *, indexed: bool = True) -> list:
    """The order of ``sort``. ``indexed=False`` gives the same order through expressions no index
    holds: for a text query matching a small part of the register, walking the name (or date)
    index and testing each record's search document until a page is full reads most of the
    register when the matches sort late (measured at 100,000 records: "montaż" by name 0.5 s,
    against 0.1 s from the text index and a sort), and the planner cannot know where they sort."""
    if sort == "relevance" and text.annotations:
        return [*text.relevance(), name_order(), "pk"]
    if sort == "-included":
        newest = Coalesce("included_on", "mp_date")
        if not indexed:
            newest = Coalesce("included_on", "mp_date", "included_on")  # the same value
        # Same expression and order as the qualification_newest index.
        return [newest.desc(nulls_last=True), F("zrk_id").desc()]
    if sort == "level":
        return [F("prk_level").asc(nulls_last=True), name_order(), "pk"]
    return [name_order(indexed=indexed), "pk"]


# A text query matching less than this share of the register is ordered by name or date without
# their indexes (``ordering``). Measured at 100,000 records, by name: words starting the names of 8%
# of the register took 0.1-0.5 s through the name index and 0.1 s without it; words matching 5% took
# about as long either way; words matching 10-15% took 0.05 s through the index and twice that
# without; a broader match finds a page's records early in the index's order.
SPARSE_MATCHES = 0.1


def _share(text: TextSearch, total: int, facet_index) -> float | None:
    """The share of the register a search's text query matches (``total`` results), or None (no
    text query, or no facet index to hold the register's size)."""
    if text.mode == "none" or facet_index is None:
        return None
    return total / max(facet_index.everything.bit_count(), 1)


def with_institution_counts(queryset: QuerySet) -> QuerySet:
    """``institution_count``: institutions with an active right, from the array the triggers keep."""
    return queryset.annotate(institution_count=Func(F("active_institutions"), function="cardinality"))


@dataclass
class Search:
    """A search before anything is read: ``narrowed`` is the filtered set (unordered, no
    annotations: facet counts, feeds and alerts group or re-order it), ``rows`` the same set ranked,
    with institution counts, in the order asked for (``sort``)."""

    filterset: QualificationFilter
    text: TextSearch
    narrowed: QuerySet
    sort: str
    language: str | None = None  # active when the search was run: the name order's

    @cached_property
    def rows(self) -> QuerySet:
        # Built when first read: the search page reads a text query's page by id instead
        # (text_pages.py), and building the ranked queryset costs it about a millisecond.
        with translation.override(self.language):
            return with_institution_counts(self.text.ranked(self.narrowed)).order_by(*ordering(self.sort, self.text))


def run(params: QueryDict) -> Search:
    """The one search pipeline: filter, text query, rank, count and order, for ``params`` (the search
    page's parameters; invalid ones are left out and listed by ``filterset.form.errors``; the filters
    named in ``q`` are read as filters, understanding.py). Runs the queries of the text query's
    probe; ``rows`` is read by the caller. The name order follows the active
    language when this is called."""
    params = rewrite(params) or params
    filterset = QualificationFilter(params, queryset=Qualification.objects.public())
    cleaned = filterset.cleaned_data()
    text = public_search(cleaned.get("q") or "")
    narrowed = filterset.narrowed(text.queryset)
    sort = cleaned.get("sort") or ("relevance" if text.annotations else "name")
    return Search(filterset=filterset, text=text, narrowed=narrowed, sort=sort, language=get_language())


def run_search(params: QueryDict) -> SearchResults:
    """The search page: the pipeline's rows, one page of them, and the facets."""
    found = run(params)
    per_page = int(found.filterset.cleaned_data().get("per_page") or DEFAULT_PER_PAGE)
    facet_index = index()
    # A text query's matches and their order, from the copies kept per register version; the page's
    # rows are then read by id, without the text query's ranking, which decided the order already.
    from_copies = text_page(found, found.filterset, facet_index, PageRows())
    if from_copies is not None:
        counts, total, results = from_copies
        facet_list = facet_options(found.filterset, counts)
    else:
        # The facet statement counts the results under every filter; a guard test holds that count
        # to the filtered set's (tests/qualifications/test_search_pipeline.py).
        facet_list, total = facets(
            found.filterset, found.text.queryset, text_query=found.text.mode != "none", facet_index=facet_index
        )
        results = rows = found.rows.only(*RESULT_FIELDS)
        share = _share(found.text, total, facet_index)
        if share is not None and share < SPARSE_MATCHES:
            results = rows.order_by(*ordering(found.sort, found.text, indexed=False))
    paginator = CountedPaginator(results, per_page, count=total, max_results=MAX_PAGED_RESULTS)
    page = paginator.get_page(params.get("page"))
    return SearchResults(
        filterset=found.filterset,
        text=found.text,
        page=page,
        facets=facet_list,
        sort=found.sort,
        errors=found.filterset.errors_for_summary(),
    )


def _page_rows(ids: list[int]) -> QuerySet:
    # Unordered: the page puts the records in the order of its ids.
    return (
        with_institution_counts(Qualification.objects.public())
        .filter(AnyOf(F("pk"), Value(ids)))
        .only(*RESULT_FIELDS)
        .order_by()
    )


# Every text search page reads its page's records by id with this statement: compiled once per
# process and language, then sent with the page's ids as one array (zrk/compiled.py).
_PAGE_ROWS = CompiledQuery(Qualification, _page_rows, ids=list)


class PageRows:
    """The records of a page of text search results, read as ``TextPage`` asks for them
    (``rows.filter(pk__in=ids).order_by()``, in any order), through ``_PAGE_ROWS``."""

    def __init__(self, ids: list[int] | None = None):
        self.ids = ids

    def filter(self, *, pk__in) -> "PageRows":
        return PageRows(list(pk__in))

    def order_by(self) -> "PageRows":
        return self

    def __iter__(self):
        return iter(_PAGE_ROWS.rows(ids=self.ids) if self.ids else [])


# The search page lists at most this many results as pages: a page far down a long list costs the
# database the reading of every row before it, and no reader pages through thousands of results.
# Beyond it the page says how to narrow the list; the API and the downloads serve bulk readers.
MAX_PAGED_RESULTS = 1000


class CountedPaginator(Paginator):
    """A paginator told its count (the facet statement has already counted the results) whose pages
    cover the first ``max_results`` of them; an address of a page beyond shows the last one."""

    def __init__(self, object_list, per_page, *, count: int, max_results: int | None = None):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # fills the cached_property
        self.max_results = max_results

    @cached_property
    def num_pages(self):
        pages = super().num_pages
        if self.max_results is None:
            return pages
        return min(pages, max(ceil(self.max_results / self.per_page), 1))

    @property
    def truncated(self) -> bool:
        """Whether some results are on no page (narrowing the search, or a download, shows them)."""
        return self.num_pages * self.per_page < self.count

    @property
    def paged_results(self) -> int:
        return min(self.count, self.num_pages * self.per_page)
