"""List filters for the register's work lists (``qualifications.worklists``): the landing page's
figures link to them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from qualifications import worklists


class EnglishCoverageFilter(admin.SimpleListFilter):
    """Public records lacking their English short characteristic or an outcome's English text."""

    title = _("English text")
    parameter_name = "english"

    def lookups(self, request, model_admin):
        return [("missing", _("public records lacking English text"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.public().filter(worklists.lacking_english())
        return queryset


class ReportDueFilter(admin.SimpleListFilter):
    """Active rights without a report for the last ended quarter."""

    title = _("quarterly report")
    parameter_name = "report"

    def lookups(self, request, model_admin):
        year, quarter = worklists.last_ended_quarter()
        return [("missing", _("missing for %(year)d Q%(quarter)d") % {"year": year, "quarter": quarter})]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(pk__in=worklists.rights_without_last_report().values("pk"))
        return queryset
