"""The work-list filter of every kind's application list: the lists the landing page counts
(``applications.dashboard``), so that each figure there opens exactly its rows here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from applications import dashboard


class WorkFilter(admin.SimpleListFilter):
    title = _("work list")
    parameter_name = "work"

    def lookups(self, request, model_admin):
        with_officer = hasattr(model_admin.model, "assigned_officer")
        return [
            (code, label)
            for code, label in dashboard.WORK_CHOICES
            if with_officer or code not in (dashboard.MINE, dashboard.UNASSIGNED)
        ]

    def queryset(self, request, queryset):
        if self.value() in dict(dashboard.WORK_CHOICES):
            return dashboard.work_queryset(queryset, self.value(), request.user)
        return queryset
