"""The public changes page of a qualification."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from qualifications.history import public_history
from qualifications.page_cache import cached_public_page
from qualifications.selectors.qualification import public_qualification


@require_GET
@cached_public_page
def qualification_changes(request, zrk_id, slug=None):
    qualification = public_qualification(zrk_id)  # drafts: 404
    if slug != qualification.slug:
        return redirect("qualification_changes", qualification.zrk_id, qualification.slug, permanent=True)
    detail_url = reverse("qualification_detail", args=[qualification.zrk_id, qualification.slug])
    crumbs = [
        (_("Home"), reverse("home")),
        (_("Qualifications"), reverse("qualification_search")),
        (qualification.name, detail_url),
        (_("History of changes"), None),
    ]
    return render(
        request,
        "qualifications/changes.html",
        {
            "qualification": qualification,
            "entries": public_history(qualification),
            "detail_url": detail_url,
            "crumbs": crumbs,
        },
    )
