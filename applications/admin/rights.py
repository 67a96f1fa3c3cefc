"""Back-office for certification-rights applications, on the shared ``ApplicationAdmin`` (scoping,
read-only rules and step buttons come from the rights workflow): what is theirs is the qualification
applied for and the right granted."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from applications.admin.applicant_side import ApplicantSideMixin
from applications.admin.base import (
    MINISTRY_WORK_FILTERS,
    ApplicationAdmin,
    AssignedOfficerMixin,
)
from applications.admin.history import TimelineHistoryMixin
from applications.models import CertificationRightsApplication
from applications.rights_forms import NewRightsApplicationForm, RightsTransitionForm
from applications.workflow.rights import RIGHTS
from qualifications.scoping import QualificationScopedAdmin


@admin.register(CertificationRightsApplication)
class CertificationRightsApplicationAdmin(
    TimelineHistoryMixin, ApplicantSideMixin, AssignedOfficerMixin, QualificationScopedAdmin, ApplicationAdmin
):
    workflow = RIGHTS
    qualification_path = "qualification"
    transition_form_class = RightsTransitionForm
    add_form = NewRightsApplicationForm
    fixed_fields = ("applicant", "ministry", "inclusion_application", "fee")
    formal_check_fields = ("fee_paid_on", "contact_email")
    statement_fields = ("validation_staff", "validation_conditions", "quality_system", "no_arrears_declared")

    list_display = ("number", "applicant", "qualification", "ministry", "state", "deadline", "fee", "assigned_officer")
    list_display_links = ("number", "applicant")
    list_filter = MINISTRY_WORK_FILTERS
    search_fields = ("number", "applicant__name_pl", "qualification__name_pl", "=qualification__zrk_id")
    list_select_related = ("applicant", "qualification", "ministry", "assigned_officer")
    autocomplete_fields = ("applicant", "qualification")
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
        *statement_fields,
    )

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
