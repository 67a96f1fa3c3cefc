"""Back-office for PZZJ list applications: registry operators (formal check) and coordinators
(decision) see them all; ministry officers none. Steps are the change page's buttons."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from applications.admin.base import DeadlineFilter, WorkflowStepsMixin, deadline_badge
from applications.admin.history import TimelineHistoryMixin
from applications.admin.work import WorkFilter
from applications.forms import TransitionForm
from applications.models import PZZJ_OPERATOR_STATES, PzzjApplication, PzzjState
from applications.pzzj_forms import PzzjApplicationForm
from applications.roles import COORDINATOR
from applications.workflow import OPERATOR, available_transitions, user_roles
from applications.workflow.pzzj import PZZJ, TRANSITIONS, perform, submit
from qualifications.scoping import NotFoundForOthersMixin
from zrk.widgets import DateInput

CHANGE = "admin:applications_pzzjapplication_change"


class PzzjTransitionForm(TransitionForm):
    expected_state = forms.ChoiceField(choices=PzzjState.choices, widget=forms.HiddenInput)

    FIELDS = {
        **TransitionForm.FIELDS,
        "decision_date": lambda: forms.DateField(label=_("Decision date"), required=False, widget=DateInput()),
    }


@admin.register(PzzjApplication)
class PzzjApplicationAdmin(TimelineHistoryMixin, WorkflowStepsMixin, NotFoundForOthersMixin, admin.ModelAdmin):
    form = PzzjApplicationForm
    workflow_transitions = TRANSITIONS
    transition_form_class = PzzjTransitionForm
    workflow_perform = staticmethod(perform)
    change_url_name = CHANGE

    list_display = ("number", "applicant", "state", "deadline", "fee", "submitted_on")
    list_filter = (WorkFilter, "state", DeadlineFilter)
    search_fields = ("number", "applicant__name_pl")
    list_select_related = ("applicant",)
    autocomplete_fields = ("applicant",)
    filter_horizontal = ("ministries",)
    change_form_template = "admin/applications/inclusionapplication/change_form.html"
    fields = (
        "number",
        "applicant",
        "contact_email",
        "ministries",
        "submitted_on",
        "fee",
        "fee_paid_on",
        "refusal_reason",
        "entry_link",
    )

    class Media:
        css = {"all": ("applications/admin.css",)}

    def get_queryset(self, request):
        queryset = super().get_queryset(request).with_deadline()
        if request.user.is_superuser or user_roles(request.user) & {OPERATOR, COORDINATOR}:
            return queryset
        return queryset.none()

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("applicant", "contact_email", "ministries", "submitted_on", "fee", "fee_paid_on")
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        readonly = ["number", "applicant", "submitted_on", "refusal_reason", "entry_link"]
        if OPERATOR not in user_roles(request.user) or obj.state not in PZZJ_OPERATOR_STATES:
            readonly += ["contact_email", "ministries", "fee", "fee_paid_on"]
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

    @admin.display(description=_("PZZJ list entry"))
    def entry_link(self, obj):
        if obj.entry_id is None:
            return "–"
        url = reverse("admin:institutions_pzzjentry_change", args=[obj.entry_id])
        return format_html('<a href="{}">{}</a>', url, obj.entry)

    def workflow_context(self, request, application):
        dates = [
            (_("Formal check due"), application.formal_check_due),
            (_("Completion due"), application.completion_due),
            (_("Coordinating minister's deadline"), application.minister_due),
        ]
        return {
            "application": application,
            "current_deadline": deadline_badge(application, timezone.localdate()),
            "deadlines": [(label, date) for label, date in dates if date],
            "extended": False,
            "events": application.events.select_related("actor"),
            "forms": [
                (
                    t,
                    PzzjTransitionForm(t, application),
                    reverse("admin:applications_pzzjapplication_transition", args=[application.pk, t.action]),
                )
                for t in available_transitions(application, request.user, PZZJ)
            ],
            "actions": {action: t.label for action, t in TRANSITIONS.items()} | {"submit": _("Submitted")},
        }
