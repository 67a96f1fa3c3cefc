"""Back-office entry of the institutions' quarterly reports (art. 65): registry operators enter
them, everyone else reads them (applications/roles.py)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from qualifications.models import QuarterlyReport
from qualifications.scoping import QualificationScopedAdmin
from zrk.history_admin import HistoryAdmin

REPORT_FIGURES = ("documents_issued", "average_fee", "revenue", "free_validations")


class QuarterlyReportInline(admin.TabularInline):
    """The reports of one right, newest first, on the right's own page."""

    model = QuarterlyReport
    fields = ("year", "quarter", *REPORT_FIGURES, "received_on")
    extra = 0
    show_change_link = True


@admin.register(QuarterlyReport)
class QuarterlyReportAdmin(QualificationScopedAdmin, HistoryAdmin):
    qualification_path = "right__qualification"
    list_display = ("institution", "qualification", "period", *REPORT_FIGURES, "received_on")
    list_filter = ("year", "quarter", "right__qualification__ministry")
    search_fields = ("right__institution__name_pl", "right__qualification__name_pl", "=right__qualification__zrk_id")
    autocomplete_fields = ("right",)
    list_select_related = ("right__institution", "right__qualification")
    fields = ("right", ("year", "quarter"), *REPORT_FIGURES, "received_on")
    show_facets = admin.ShowFacets.ALWAYS
    history_list_display = REPORT_FIGURES

    @admin.display(description=_("certifying institution"), ordering="right__institution__name")
    def institution(self, report):
        return report.right.institution

    @admin.display(description=_("qualification"), ordering="right__qualification__name")
    def qualification(self, report):
        return report.right.qualification

    @admin.display(description=_("period"), ordering="-year")
    def period(self, report):
        return f"{report.year} Q{report.quarter}"
