"""The qualification page."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from qualifications.page_cache import cached_public_page
from qualifications.selectors.qualification import back_to_results, public_qualification, qualification_page


@require_GET
@cached_public_page
def qualification_detail(request, zrk_id, slug=None):
    qualification = public_qualification(zrk_id)
    if slug != qualification.slug:
        # One address per record: the bare id and outdated slugs redirect permanently.
        url = reverse("qualification_detail", args=[qualification.zrk_id, qualification.slug])
        query = request.META.get("QUERY_STRING", "")
        return redirect(f"{url}?{query}" if query else url, permanent=True)
    page = qualification_page(qualification, request.GET.get("region"))
    back = back_to_results(request.GET.get("back", ""))
    search_url = reverse("qualification_search") + (f"?{back}" if back else "")
    crumbs = [(_("Home"), reverse("home")), (_("Qualifications"), search_url), (qualification.name, None)]
    return render(
        request,
        "qualifications/detail.html",
        {"page": page, "qualification": qualification, "crumbs": crumbs, "back": back, "search_url": search_url},
    )
