"""Back-office pages of a qualification beyond the admin's own: the record opened by its ZRK id (the
number staff and the public know), and a preview of the public page of a draft. Both go through the
admin's ``get_object``, so they see exactly what the user's admin list shows (404 for the rest)."""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from qualifications.selectors.qualification import qualification_page


def zrk_id_view(model_admin, request, zrk_id):
    """``.../qualification/zrk/<ZRK id>/``: the record's change page (its database key differs)."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    found = model_admin.get_queryset(request).filter(zrk_id=zrk_id).values_list("pk", flat=True).first()
    if found is None:
        raise Http404(_("No such record."))
    return redirect("admin:qualifications_qualification_change", quote(found))


def preview_view(model_admin, request, object_id):
    """The public page as it will read, for a record not (yet) public: staff only, scoped like the
    admin, never cached and never indexed."""
    qualification = model_admin.get_object(request, object_id)
    if qualification is None:
        raise Http404(_("No such record."))
    if not model_admin.has_view_or_change_permission(request, qualification):
        raise PermissionDenied
    change_url = reverse("admin:qualifications_qualification_change", args=[quote(qualification.pk)])
    crumbs = [(_("Back-office"), reverse("admin:index")), (qualification.name, change_url), (_("Preview"), None)]
    response = TemplateResponse(
        request,
        "admin/qualifications/qualification/preview.html",
        {
            "page": qualification_page(qualification, request.GET.get("region")),
            "qualification": qualification,
            "crumbs": crumbs,
            "back": "",
            "search_url": reverse("qualification_search"),
            "change_url": change_url,
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def urls(model_admin):
    """The two addresses, before the admin's own (whose ``<path:object_id>/`` would take them)."""
    view = model_admin.admin_site.admin_view
    return [
        path(
            "zrk/<int:zrk_id>/",
            view(lambda request, zrk_id: zrk_id_view(model_admin, request, zrk_id)),
            name="qualifications_qualification_by_zrk_id",
        ),
        path(
            "<path:object_id>/preview/",
            view(lambda request, object_id: preview_view(model_admin, request, object_id)),
            name="qualifications_qualification_preview",
        ),
    ]
