"""The qualification search page."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from qualifications.page_cache import cached_public_page
from qualifications.results import run_search
from qualifications.search import highlight
from zrk.content import text_in


@require_GET
@cached_public_page
def qualification_search(request):
    results = run_search(request.GET)
    terms = results.text.terms
    for qualification in results.page:
        name, qualification.name_lang = text_in(qualification, "name")
        qualification.highlighted_name = highlight(name, terms)
        snippet, qualification.snippet_lang = text_in(qualification, "characteristic")
        qualification.highlighted_snippet = highlight(_snippet(snippet), terms)
    crumbs = [(_("Home"), reverse("home")), (_("Qualifications"), None)]
    return render(
        request,
        "qualifications/search.html",
        {"results": results, "page_obj": results.page, "back_query": request.GET.urlencode(), "crumbs": crumbs},
    )


def _snippet(text: str, limit: int = 240) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"
