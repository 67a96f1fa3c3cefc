"""The comparison of qualifications (/kwalifikacje/porownaj/, /en/qualifications/compare/)."""

import hashlib

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from qualifications import compare
from qualifications.page_cache import cached_public_page, skip_page_cache


def _cache_query(request) -> str:
    # Keyed on the cleaned selection: reordered fields or repeated ids share one copy. An address with
    # something to report (or to add) gets a key of its own, so that it is not answered by the clean
    # copy without its message; such pages are never stored (skip_page_cache below).
    selection = compare.parse(request.GET)
    if selection.errors or request.GET.get("add"):
        return "unstored:" + hashlib.sha256(request.META.get("QUERY_STRING", "").encode()).hexdigest()
    return selection.query()


@require_GET
@cached_public_page(query=_cache_query)
def qualification_compare(request):
    selection = compare.parse(request.GET)
    base = reverse("qualification_compare")
    errors = list(selection.errors)
    added = request.GET.get("add")
    if added is not None and added.strip():
        found = compare.find_public(added)
        if found is None:
            errors.append(
                _("No public qualification has the number or code “%(value)s”.") % {"value": compare._shown(added)}
            )
        elif found.zrk_id not in selection.ids and len(selection.ids) >= compare.MAX_COMPARED:
            errors.append(_("You can compare up to %(max)s qualifications at a time.") % {"max": compare.MAX_COMPARED})
        elif not errors:
            # One address per comparison: the added qualification joins the ids.
            ids = selection.ids if found.zrk_id in selection.ids else [*selection.ids, found.zrk_id]
            return redirect(f"{base}?{selection.query(ids)}")
    qualifications = compare.compared(selection.ids)
    found_ids = {qualification.zrk_id for qualification in qualifications}
    for zrk_id in selection.ids:
        if zrk_id not in found_ids:
            errors.append(_("No public qualification has the number %(id)s; it was left out.") % {"id": zrk_id})
    differing, same = compare.rows(qualifications, selection.fields)
    shown_ids = [qualification.zrk_id for qualification in qualifications]
    columns = [
        {
            "qualification": qualification,
            "remove_url": f"{base}?{selection.query([i for i in shown_ids if i != qualification.zrk_id])}",
        }
        for qualification in qualifications
    ]
    response = render(
        request,
        "qualifications/compare.html",
        {
            "columns": columns,
            "search_url": reverse("qualification_search"),
            "differing": differing,
            "same": same,
            "selection": selection,
            "shown_ids": shown_ids,
            "share_url": f"{base}?{selection.query(shown_ids)}" if shown_ids else base,
            "fields": compare.FIELDS,
            "chosen_keys": {item.key for item in selection.fields},
            "can_add": len(shown_ids) < compare.MAX_COMPARED,
            "max_compared": compare.MAX_COMPARED,
            "errors": [("", message) for message in errors],
            "crumbs": [
                (_("Home"), reverse("home")),
                (_("Qualifications"), reverse("qualification_search")),
                (_("Compare qualifications"), None),
            ],
        },
    )
    return skip_page_cache(response) if errors else response
