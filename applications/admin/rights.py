"""Back-office for certification-rights applications, like the inclusion applications': everything
for registry operators and coordinators, a ministry officer only their own ministry's (404 for the
rest); the steps are buttons on the change page posting to ``transition/<action>/``."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from applications.access import scope
from applications.admin.base import (
    AssignedFilter,
    AssignedOfficerMixin,
    DeadlineFilter,
    WorkflowStepsMixin,
    deadline_badge,
)
from applications.admin.history import TimelineHistoryMixin
from applications.admin.work import WorkFilter
from applications.models import RIGHTS_OPERATOR_STATES, CertificationRightsApplication
from applications.rights_forms import NewRightsApplicationForm, RightsTransitionForm
from applications.workflow import OPERATOR, available_transitions, user_roles
from applications.workflow.rights import RIGHTS, TRANSITIONS, perform, submit
from qualifications.scoping import QualificationScopedAdmin

CHANGE = "admin:applications_certificationrightsapplication_change"


@admin.register(CertificationRightsApplication)
class CertificationRightsApplicationAdmin(
    TimelineHistoryMixin, WorkflowStepsMixin, AssignedOfficerMixin, QualificationScopedAdmin, admin.ModelAdmin
):
    qualification_path = "qualification"
    workflow_transitions = TRANSITIONS
    transition_form_class = RightsTransitionForm
    workflow_perform = staticmethod(perform)
    change_url_name = CHANGE

    list_display = ("number", "applicant", "qualification", "ministry", "state", "deadline", "fee", "assigned_officer")
    list_display_links = ("number", "applicant")
    list_filter = (WorkFilter, "state", DeadlineFilter, AssignedFilter, ("ministry", admin.RelatedOnlyFieldListFilter))
    search_fields = ("number", "applicant__name_pl", "qualification__name_pl", "=qualification__zrk_id")
    list_select_related = ("applicant", "qualification", "ministry", "assigned_officer")
    autocomplete_fields = ("applicant", "qualification")
    change_form_template = "admin/applications/inclusionapplication/change_form.html"
    fields = (
        "number",
        "qualification_link",
        "applicant",
        "contact_email",
        "ministry",
        "inclusion_application",
        "submitted_on",
        "fee",
        "fee_paid_on",
        "assigned_officer",
        "refusal_reason",
        "right_link",
    )

    class Media:
        css = {"all": ("applications/admin.css",)}

    def get_queryset(self, request):
        return scope(request, super().get_queryset(request), "ministry").with_deadline()

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = NewRightsApplicationForm
            kwargs["fields"] = None
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": NewRightsApplicationForm.Meta.fields})]
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        readonly = [
            "number",
            "qualification_link",
            "applicant",
            "ministry",
            "inclusion_application",
            "submitted_on",
            "fee",
            "refusal_reason",
            "right_link",
        ]
        if OPERATOR not in user_roles(request.user) or obj.state not in RIGHTS_OPERATOR_STATES:
            readonly += ["fee_paid_on", "contact_email"]
        if obj.is_terminal:
            readonly += ["assigned_officer"]
        return tuple(readonly)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            submit(obj, request.user)

    @admin.display(description=_("current deadline"), ordering="current_deadline")
    def deadline(self, obj):
        return deadline_badge(obj)

    @admin.display(description=_("qualification"))
    def qualification_link(self, obj):
        url = reverse("admin:qualifications_qualification_change", args=[obj.qualification_id])
        qualification = obj.qualification
        return format_html('<a href="{}">{}</a> ({})', url, qualification.name, qualification.get_status_display())

    @admin.display(description=_("certification right granted"))
    def right_link(self, obj):
        if obj.right_id is None:
            return "–"
        url = reverse("admin:qualifications_certificationright_change", args=[obj.right_id])
        return format_html('<a href="{}">{}</a>', url, obj.right)

    def workflow_context(self, request, application):
        dates = [
            (_("Formal check due"), application.formal_check_due),
            (_("Completion due"), application.completion_due),
            (_("Minister's deadline"), application.minister_due),
        ]
        forms = [
            (
                t,
                RightsTransitionForm(t, application),
                reverse(
                    "admin:applications_certificationrightsapplication_transition", args=[application.pk, t.action]
                ),
            )
            for t in available_transitions(application, request.user, RIGHTS)
        ]
        return {
            "application": application,
            "current_deadline": deadline_badge(application, timezone.localdate()),
            "deadlines": [(label, date) for label, date in dates if date],
            "extended": False,
            "events": application.events.select_related("actor"),
            "forms": forms,
            "actions": {action: t.label for action, t in TRANSITIONS.items()} | {"submit": _("Submitted")},
        }
