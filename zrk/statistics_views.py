"""Views of the statistics page and its CSV tables."""

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from qualifications.exports.downloads import csv_stream
from qualifications.page_cache import MAX_RAW_QUERY, cached_public_page
from zrk.statistics_page import CHARTS, all_charts


def _cache_query(request) -> str:
    # The PZZJ chart counts what expires from today: a copy lasts one day at most. The page takes no
    # parameters, but an address of its own (as the benchmark's) still builds it afresh.
    raw = request.META.get("QUERY_STRING", "")
    return f"day={timezone.localdate().isoformat()}&{raw if len(raw) <= MAX_RAW_QUERY else ''}"


@require_GET
@cached_public_page(query=_cache_query)
def statistics(request):
    return render(
        request,
        "zrk/statistics.html",
        {"charts": all_charts(), "crumbs": [(_("Home"), reverse("home")), (_("Statistics"), None)]},
    )


@require_GET
def statistics_csv(request, chart):
    build = CHARTS.get(chart)
    if build is None:
        raise Http404(_("There is no such table."))
    table = build()
    records = ({column.key: row[column.key] for column in table.columns} for row in table.rows)
    response = StreamingHttpResponse(
        (piece.encode("utf-8") for piece in csv_stream(table.csv_header, records)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="zrk-statistics-{chart}-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    return response
