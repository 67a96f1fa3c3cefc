"""What the back-office of every kind of application shares: the deadline badge and filters, the
workflow buttons of the change page and the choice of an assigned officer."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from applications.forms import AssignedOfficerForm, TransitionForm
from applications.models import (
    officers_of,
)
from applications.portal.kinds import DRAFT
from applications.workflow import (
    TransitionRefused,
)


class FiledStateFilter(admin.ChoicesFieldListFilter):
    """The state filter without "in preparation": the back-office never sees a portal draft."""

    def choices(self, changelist):
        draft = str(dict(self.field.flatchoices).get(DRAFT, ""))
        for choice in super().choices(changelist):
            if str(choice["display"]) != draft:
                yield choice


class DeadlineFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [("overdue", _("overdue")), ("due_soon", _("due within 7 days"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue()
        if self.value() == "due_soon":
            return queryset.due_soon()
        return queryset


class AssignedFilter(admin.SimpleListFilter):
    title = _("assigned officer")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", _("assigned to me")), ("nobody", _("not assigned"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_officer=request.user)
        if self.value() == "nobody":
            return queryset.filter(assigned_officer__isnull=True)
        return queryset


def deadline_badge(application, today=None):
    deadline = application.deadline
    if deadline is None:
        return "–"
    status = application.deadline_status(today)
    labels = {"overdue": _("overdue"), "due_soon": _("due soon")}
    if not status:
        return format_html('<time datetime="{}">{}</time>', deadline.isoformat(), deadline.isoformat())
    return format_html(
        '<span class="deadline deadline--{}"><time datetime="{}">{}</time> <strong>{}</strong></span>',
        status,
        deadline.isoformat(),
        deadline.isoformat(),
        labels[status],
    )


class WorkflowStepsMixin:
    """The POST endpoint behind the step buttons of an application's change page, shared by every
    kind of application: the subclass names its transition table, form, perform function and
    change page."""

    workflow_transitions: dict = {}
    transition_form_class = TransitionForm
    workflow_perform = None  # staticmethod(perform) of the application's workflow module
    change_url_name = ""

    def transition_view(self, request, object_id, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        application = self.get_object(request, object_id)
        if application is None:
            raise Http404(_("No such record."))
        if not self.has_view_permission(request, application):
            raise PermissionDenied
        transition = self.workflow_transitions.get(action)
        if transition is None:
            raise Http404(_("No such step."))
        form = self.transition_form_class(transition, application, request.POST)
        if form.is_valid():
            try:
                application = self.workflow_perform(application.pk, action, request.user, **form.data_for_workflow())
            except TransitionRefused as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(
                    request,
                    _("Done: %(action)s. The application is now “%(state)s”.")
                    % {"action": transition.label, "state": application.get_state_display()},
                )
        else:
            errors = "; ".join(
                f"{form.fields[name].label if name in form.fields else name}: {' '.join(errs)}"
                for name, errs in form.errors.items()
            )
            messages.error(request, _("Nothing was done: %(errors)s") % {"errors": errors})
        return redirect(self.change_url_name, application.pk)

    def get_urls(self):
        # Before the ModelAdmin's own patterns, whose "<path:object_id>/" would take the address.
        info = self.model._meta.app_label, self.model._meta.model_name
        transition = path(
            "<path:object_id>/transition/<slug:action>/",
            self.admin_site.admin_view(self.transition_view),
            name="{}_{}_transition".format(*info),
        )
        return [transition, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The change page with the application's state, deadlines, timeline and step buttons
        (``workflow_context`` of the subclass)."""
        application = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if application is not None:
            extra_context["workflow"] = self.workflow_context(request, application)
        return super().change_view(request, object_id, form_url, extra_context)


class AssignedOfficerMixin:
    """For the admin of an application with a competent ministry: the assigned officer is chosen
    among that ministry's officers only, and a change of ministry unassigns an officer of the former
    one (``AssignedOfficerForm``; the model re-checks)."""

    form = AssignedOfficerForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "assigned_officer" in form.base_fields:
            form.base_fields["assigned_officer"].queryset = officers_of(obj.ministry_id)
        return form
