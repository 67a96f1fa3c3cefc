"""Back-office for PZZJ list applications, on the shared ``ApplicationAdmin``: registry operators
(formal check) and coordinators (decision) see them all, ministry officers none (they take no step
of this workflow); what is theirs is the decision date and the list entry."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from applications.admin.applicant_side import ApplicantSideMixin
from applications.admin.base import ApplicationAdmin, DeadlineFilter, FiledStateFilter
from applications.admin.history import TimelineHistoryMixin
from applications.admin.work import WorkFilter
from applications.forms import TransitionForm
from applications.models import PzzjApplication, PzzjState
from applications.pzzj_forms import PzzjApplicationForm
from applications.workflow.pzzj import PZZJ
from zrk.widgets import DateInput


class PzzjTransitionForm(TransitionForm):
    expected_state = forms.ChoiceField(choices=PzzjState.choices, widget=forms.HiddenInput)

    FIELDS = {
        **TransitionForm.FIELDS,
        "decision_date": lambda: forms.DateField(label=_("Decision date"), required=False, widget=DateInput()),
    }


@admin.register(PzzjApplication)
class PzzjApplicationAdmin(TimelineHistoryMixin, ApplicantSideMixin, ApplicationAdmin):
    workflow = PZZJ
    form = PzzjApplicationForm
    transition_form_class = PzzjTransitionForm
    add_fields = ("applicant", "contact_email", "ministries", "submitted_on", "fee", "fee_paid_on")
    fixed_fields = ("applicant",)
    formal_check_fields = ("contact_email", "ministries", "fee", "fee_paid_on")
    statement_fields = ("experience", "staff", "quality_system", "no_arrears_declared")
    deadline_labels = {"minister_due": _("Coordinating minister's deadline")}

    list_display = ("number", "applicant", "state", "deadline", "fee", "submitted_on")
    list_filter = (WorkFilter, ("state", FiledStateFilter), DeadlineFilter)
    search_fields = ("number", "applicant__name_pl")
    list_select_related = ("applicant",)
    autocomplete_fields = ("applicant",)
    filter_horizontal = ("ministries",)
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
        *statement_fields,
    )

    @admin.display(description=_("PZZJ list entry"))
    def entry_link(self, obj):
        if obj.entry_id is None:
            return "–"
        url = reverse("admin:institutions_pzzjentry_change", args=[obj.entry_id])
        return format_html('<a href="{}">{}</a>', url, obj.entry)
