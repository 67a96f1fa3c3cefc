"""Public pages of certifying institutions and PZZJ bodies."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from institutions.models import PZZJ_EXPIRY_WARNING_DAYS
from qualifications.page_cache import cached_public_page
from qualifications.selectors import institutions as institution_queries
from qualifications.selectors import pzzj as pzzj_queries

INSTITUTIONS_PER_PAGE = 20


@require_GET
@cached_public_page
def institution_list(request):
    filters = institution_queries.parse_institution_filters(request.GET, institution_queries.voivodeship_codes())
    organisations, facets = institution_queries.institution_list(filters)
    page_obj = Paginator(organisations, INSTITUTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "institutions/list.html",
        {
            "filters": filters,
            "facets": facets,
            "selected_filters": _removal_links(filters, facets),
            "page_obj": page_obj,
            "organisations": page_obj.object_list,
            "errors": filters.errors,
            "crumbs": [(_("Home"), reverse("home")), (_("Institutions"), None)],
        },
    )


def _removal_links(filters, facets):
    """(label, address) of each active filter, the address being the list without that one filter.
    Built from the cleaned filters, so a value that was ignored is not carried on."""
    base = reverse("institution_list")
    current = {"q": [filters.q] if filters.q else [], "role": filters.roles, "region": filters.regions}

    def without(key, value):
        params = {name: [v for v in values if not (name == key and v == value)] for name, values in current.items()}
        query = urlencode([(name, v) for name, values in params.items() for v in values])
        return f"{base}?{query}" if query else base

    links = []
    if filters.q:
        links.append((_("search “%(query)s”") % {"query": filters.q}, without("q", filters.q)))
    for key in ("role", "region"):
        for option in facets[key]:
            if option["selected"]:
                links.append((option["label"], without(key, option["value"])))
    return links


@require_GET
@cached_public_page
def institution_detail(request, pk):
    data = institution_queries.institution_detail(pk)
    if data is None:
        raise Http404(_("No such institution."))
    data["crumbs"] = [
        (_("Home"), reverse("home")),
        (_("Institutions"), reverse("institution_list")),
        (data["organisation"].name, None),
    ]
    return render(request, "institutions/detail.html", data)


def _today_key(request) -> str:
    return timezone.localdate().isoformat()


@require_GET
# An entry's state (valid, expiring, expired) changes with the date as well as with the register:
# the cached copy is keyed on the day, and the page takes no parameters.
@cached_public_page(query=_today_key)
def pzzj_list(request):
    today = timezone.localdate()
    current, expired = pzzj_queries.pzzj_list(today)
    return render(
        request,
        "institutions/pzzj_list.html",
        {
            "today": today,
            "current": current,
            "expired": expired,
            "expiry_warning_days": PZZJ_EXPIRY_WARNING_DAYS,
            "crumbs": [
                (_("Home"), reverse("home")),
                (_("Institutions"), reverse("institution_list")),
                (_("PZZJ list"), None),
            ],
        },
    )
