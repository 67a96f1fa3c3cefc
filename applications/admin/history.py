"""An application's history page: its workflow timeline (every step, who took it, from which state
to which, with the comment) above the edits made on its change form."""

from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class TimelineHistoryMixin:
    """For the admin of a kind of application: its ``workflow`` names the step labels."""

    def history_view(self, request, object_id, extra_context=None):
        application = self.get_object(request, unquote(object_id))
        if application is None:
            raise Http404(_("No such record."))
        if not self.has_view_or_change_permission(request, application):
            raise PermissionDenied
        edits = (
            LogEntry.objects.filter(
                object_id=str(application.pk), content_type=ContentType.objects.get_for_model(self.model)
            )
            .select_related("user")
            .order_by("action_time")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %(application)s") % {"application": application},
            "subtitle": None,
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "object": application,
            "opts": self.opts,
            "events": application.events.select_related("actor"),
            "actions": {action: t.label for action, t in self.workflow.transitions.items()}
            | {"submit": _("Submitted")},
            "edits": edits,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/applications/object_history.html", context)
