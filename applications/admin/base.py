"""What the back-office of every kind of application shares: ``ApplicationAdmin``, built from the
kind's ``Workflow`` (who sees which applications, which fields only the steps change, the step
buttons of the change page and the deadlines), the deadline badge and filters, and the choice of an
assigned officer. A kind's admin declares only what is its own: its fields and forms, which of them
the registry operator may correct and when, and its own parts of the change page."""

from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from applications.access import scope_applications
from applications.admin.work import WorkFilter
from applications.forms import AssignedOfficerForm, TransitionForm
from applications.models import officers_of
from applications.portal.kinds import DRAFT
from applications.workflow import OFFICER, OPERATOR, TransitionRefused, Workflow, user_roles
from applications.workflow.engine import available_transitions, perform, submit
from qualifications.scoping import NotFoundForOthersMixin


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


# The list filters of a kind decided by a competent minister: the user's work, the state, the
# deadline, the officer assigned and the ministry.
MINISTRY_WORK_FILTERS = (
    WorkFilter,
    ("state", FiledStateFilter),
    DeadlineFilter,
    AssignedFilter,
    ("ministry", admin.RelatedOnlyFieldListFilter),
)


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


DEADLINE_LABELS = {
    "formal_check_due": _("Formal check due"),
    "completion_due": _("Completion due"),
    "minister_due": _("Minister's deadline"),
}


class ApplicationAdmin(NotFoundForOthersMixin, admin.ModelAdmin):
    """The back-office of one kind of application, derived from its ``workflow``.

    Who sees what: registry operators and coordinators every application, a ministry officer only
    those of their own ministry, and none of a kind whose steps no officer takes; on every admin
    path (list, change, history, autocomplete, direct URLs) another one is a 404. Steps are taken
    with the buttons of the change page, which post to ``transition/<action>/`` and run ``perform``:
    the state, the deadlines and whatever else the steps write are read-only in the form."""

    workflow: Workflow
    transition_form_class = TransitionForm
    add_form = None  # the form of a new application, where it is not the model's own
    add_fields: tuple[str, ...] = ()  # what a new application asks for (default: ``add_form``'s fields)
    # Read-only as soon as the application is submitted.
    fixed_fields: tuple[str, ...] = ()
    # Corrected by the registry operator during the formal check only.
    formal_check_fields: tuple[str, ...] = ()
    # Corrected by the registry operator until the application is closed.
    operator_fields: tuple[str, ...] = ()
    # What the applicant stated in the portal: shown to the staff as sent, never edited by them.
    statement_fields: tuple[str, ...] = ()
    deadline_labels: dict = {}  # labels of the kind's own, beyond DEADLINE_LABELS
    change_form_template = "admin/applications/inclusionapplication/change_form.html"

    class Media:
        css = {"all": ("applications/admin.css",)}

    def get_queryset(self, request):
        return scope_applications(request, super().get_queryset(request), self.workflow).with_deadline()

    # --- the forms ------------------------------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None and self.add_form is not None:
            kwargs["form"] = self.add_form
            kwargs["fields"] = None  # the add form's own (some of them are not the model's)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None and (self.add_fields or self.add_form is not None):
            return self.add_fields or self.add_form._meta.fields
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        # Not get_fields() without ``fields``: Django would build the form, which asks for these.
        fields = self.get_fields(request, obj) if self.fields else [f.name for f in self.model._meta.concrete_fields]
        if obj.is_terminal:
            return tuple(fields)  # a closed application is kept as it was
        readonly = {"number", "submitted_on", *self.workflow.managed_fields, *self.fixed_fields, *self.statement_fields}
        readonly.update(name for name in fields if not self._is_model_field(name))  # the links
        operator = OPERATOR in user_roles(request.user)
        if not operator or obj.state not in self.workflow.states_of(OPERATOR):
            readonly.update(self.formal_check_fields)
        if not operator:
            readonly.update(self.operator_fields)
        return tuple(name for name in fields if name in readonly)

    def _is_model_field(self, name):
        try:
            self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        return True

    def has_delete_permission(self, request, obj=None):
        return False  # applications and their trail are kept

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            submit(obj, request.user)

    @admin.display(description=_("current deadline"), ordering="current_deadline")
    def deadline(self, obj):
        return deadline_badge(obj)

    # --- the steps ------------------------------------------------------------------------------------

    def _url_name(self, page):
        return f"admin:{self.opts.app_label}_{self.opts.model_name}_{page}"

    def staff_steps(self, request, application):
        """The steps this user may take now, through their back-office role."""
        roles = user_roles(request.user)
        return [
            t
            for t in available_transitions(application, request.user, self.workflow)
            if t.action in self.workflow.staff_transitions and t.roles & roles
        ]

    def transition_view(self, request, object_id, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        application = self.get_object(request, object_id)
        if application is None:
            raise Http404(_("No such record."))
        if not self.has_view_permission(request, application):
            raise PermissionDenied
        transition = self.workflow.staff_transitions.get(action)
        if transition is None:
            raise Http404(_("No such step."))
        form = self.transition_form_class(transition, application, request.POST)
        if form.is_valid():
            try:
                application = perform(
                    application.pk, action, request.user, workflow=self.workflow, **form.data_for_workflow()
                )
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
        return redirect(self._url_name("change"), application.pk)

    def get_urls(self):
        # Before the ModelAdmin's own patterns, whose "<path:object_id>/" would take the address.
        transition = path(
            "<path:object_id>/transition/<slug:action>/",
            self.admin_site.admin_view(self.transition_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_transition",
        )
        return [transition, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if application is not None:
            extra_context["workflow"] = self.workflow_context(request, application)
        return super().change_view(request, object_id, form_url, extra_context)

    def workflow_context(self, request, application):
        """The change page's workflow panel: state, deadlines, the step forms and the timeline."""
        labels = {**DEADLINE_LABELS, **self.deadline_labels}
        actions = {action: t.label for action, t in self.workflow.transitions.items()}
        dates = [(labels[name], getattr(application, name)) for name in dict.fromkeys(self.model.DEADLINES.values())]
        return {
            "application": application,
            "current_deadline": deadline_badge(application, timezone.localdate()),
            "deadlines": [(label, date) for label, date in dates if date],
            "extended": application.deadline_extended,
            "events": application.events.select_related("actor"),
            "forms": [
                (
                    t,
                    self.transition_form_class(t, application),
                    reverse(self._url_name("transition"), args=[application.pk, t.action]),
                )
                for t in self.staff_steps(request, application)
            ],
            "actions": actions | {"submit": _("Submitted")},
        }


def _officer_only(user) -> bool:
    return not user.is_superuser and user_roles(user) == {OFFICER}


class AssignedOfficerMixin:
    """For the admin of an application with a competent ministry: the assigned officer is chosen
    among that ministry's officers only, and a change of ministry unassigns an officer of the former
    one (``AssignedOfficerForm``; the model re-checks)."""

    form = AssignedOfficerForm

    def get_list_display(self, request):
        # An officer sees their own ministry's applications only: a ministry column or filter would
        # repeat one name on every row.
        shown = super().get_list_display(request)
        return tuple(c for c in shown if c != "ministry") if _officer_only(request.user) else shown

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if not _officer_only(request.user):
            return filters
        return tuple(f for f in filters if not (isinstance(f, tuple) and f[0] == "ministry"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "assigned_officer" in form.base_fields:
            form.base_fields["assigned_officer"].queryset = officers_of(obj.ministry_id)
        return form
