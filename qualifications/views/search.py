"""The qualification search page."""

from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from qualifications.filters import QualificationFilter, normalised_query
from qualifications.page_cache import cached_public_page, skip_page_cache
from qualifications.search.hints import EXAMPLES, did_you_mean
from qualifications.search.pipeline import run, run_search
from qualifications.search.presenter import shown_results
from qualifications.search.understanding import rewrite


def _cache_query(request) -> str:
    return normalised_query(request.GET, [*QualificationFilter.base_filters, "page"])


@require_GET
@cached_public_page(query=_cache_query)
def qualification_search(request):
    # Words of the query that name a filter ("poziom 5", "rynkowe", "FRK.01") become that filter: the
    # page moves to the address with it set, where it shows as a removable chip.
    rewritten = rewrite(request.GET)
    if rewritten is not None:
        return redirect(f"{request.path}?{rewritten.urlencode()}")
    results = run_search(request.GET)
    crumbs = [(_("Home"), reverse("home")), (_("Qualifications"), None)]
    # Links that keep the search carry the cleaned parameters only, never the raw address.
    download_query = results.filterset.clean_query()
    download_query.pop("per_page", None)
    clean_query = results.filterset.clean_query()
    if results.page.number > 1:
        clean_query["page"] = str(results.page.number)
    back_query = clean_query.urlencode()
    response = render(
        request,
        "qualifications/search.html",
        {
            **_hints(results),
            "results": results,
            "page_obj": results.page,
            "back_query": back_query,
            "shown_results": shown_results(results.page, results.text.terms, back_query),
            "clean_query": clean_query,
            "per_page": str(results.page.paginator.per_page),
            "download_query": download_query.urlencode(),
            "crumbs": crumbs,
        },
    )
    # A page listing invalid parameters echoes what the visitor typed: not worth a copy in the cache.
    return skip_page_cache(response) if results.errors else response


def _hints(results) -> dict:
    """Did you mean (when only similar names were found), the count of the query without its
    filters (when they left nothing), and example queries in the page's language."""
    hints = {"examples": [str(example) for example in EXAMPLES]}
    if results.text.mode == "similar" and results.page.paginator.count:
        names = [name for qualification in results.page for name in (qualification.name_pl, qualification.name_en)]
        hints["suggestion"] = did_you_mean(results.text.terms, [name for name in names if name])
    if not results.page.paginator.count and results.filtered and results.query:
        unfiltered = QueryDict(mutable=True)
        unfiltered["q"] = results.query
        hints["unfiltered_query"] = unfiltered.urlencode()
        hints["unfiltered_count"] = run(unfiltered).narrowed.count()
    return hints
