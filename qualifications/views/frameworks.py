"""Public pages of the PRK levels and the sector frameworks."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from qualifications.page_cache import cached_public_page
from qualifications.selectors import frameworks as framework_queries

QUALIFICATIONS_PER_PAGE = 50


@require_GET
@cached_public_page
def prk_level_list(request):
    return render(
        request,
        "qualifications/prk_levels.html",
        {
            "levels": framework_queries.prk_levels(),
            "crumbs": [(_("Home"), reverse("home")), (capfirst(_("PRK levels")), None)],
        },
    )


@require_GET
@cached_public_page
def prk_level_detail(request, level):
    page = request.GET.get("page")
    data = framework_queries.prk_level_detail(level, page, QUALIFICATIONS_PER_PAGE) if 1 <= level <= 8 else None
    if data is None:
        raise Http404(_("The Polish Qualifications Framework has levels 1 to 8."))
    data["crumbs"] = [
        (_("Home"), reverse("home")),
        (capfirst(_("PRK levels")), reverse("prk_level_list")),
        (data["level"].name, None),
    ]
    return render(request, "qualifications/prk_level.html", data)


@require_GET
@cached_public_page
def sector_framework_list(request):
    return render(
        request,
        "qualifications/sector_frameworks.html",
        {
            "frameworks": framework_queries.sector_frameworks(),
            "crumbs": [(_("Home"), reverse("home")), (_("Sector frameworks"), None)],
        },
    )
