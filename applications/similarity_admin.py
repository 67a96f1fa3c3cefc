"""The similarity panel of an inclusion application's change page and its overlap report: which
register entries already cover the ground of the proposed qualification (qualifications.similarity).
Both pages reach the application through the admin's own ``get_object``, so an officer sees them
only for applications of their ministry."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.models import State
from qualifications.similarity.engine import duplicate_names, overlap_report, similar_entries

# Before the application goes to the minister a near-identical name is most worth a second look.
CHECK_STATES = (State.SUBMITTED, State.FORMAL_CHECK, State.COMPLETION_REQUESTED)


def similarity_panel(application) -> dict:
    draft = application.draft
    return {
        "matches": similar_entries(draft, 10),
        "duplicates": duplicate_names(draft),
        "at_check": application.state in CHECK_STATES,
        "overlap_url": reverse("admin:applications_inclusionapplication_overlap", args=[application.pk]),
    }


def overlap_view(model_admin, request, object_id):
    application = model_admin.get_object(request, object_id)
    if application is None:
        raise Http404(_("No such record."))
    if not model_admin.has_view_permission(request, application):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Overlap with the register: %(name)s") % {"name": application.draft.name},
        "opts": model_admin.opts,
        "application": application,
        "report": overlap_report(application.draft),
        "media": model_admin.media,
    }
    return TemplateResponse(request, "admin/applications/inclusionapplication/overlap_report.html", context)
