"""The qualification search page."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from qualifications.filters import QualificationFilter, normalised_query
from qualifications.page_cache import cached_public_page, skip_page_cache
from qualifications.search.pipeline import run_search
from qualifications.search.text import highlight
from zrk.content import text_in


def _cache_query(request) -> str:
    return normalised_query(request.GET, [*QualificationFilter.base_filters, "page"])


@require_GET
@cached_public_page(query=_cache_query)
def qualification_search(request):
    results = run_search(request.GET)
    terms = results.text.terms
    for qualification in results.page:
        name, qualification.name_lang = text_in(qualification, "name")
        qualification.highlighted_name = highlight(name, terms)
        snippet, qualification.snippet_lang = text_in(qualification, "characteristic")
        qualification.highlighted_snippet = highlight(_snippet(snippet), terms)
    crumbs = [(_("Home"), reverse("home")), (_("Qualifications"), None)]
    # Links that keep the search carry the cleaned parameters only, never the raw address.
    download_query = results.filterset.clean_query()
    download_query.pop("per_page", None)
    clean_query = results.filterset.clean_query()
    if results.page.number > 1:
        clean_query["page"] = str(results.page.number)
    response = render(
        request,
        "qualifications/search.html",
        {
            "results": results,
            "page_obj": results.page,
            "back_query": clean_query.urlencode(),
            "clean_query": clean_query,
            "per_page": str(results.page.paginator.per_page),
            "download_query": download_query.urlencode(),
            "crumbs": crumbs,
        },
    )
    # A page listing invalid parameters echoes what the visitor typed: not worth a copy in the cache.
    return skip_page_cache(response) if results.errors else response


def _snippet(text: str, limit: int = 240) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"
