from django.contrib import admin
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from institutions.models import Ministry, Organisation, PzzjEntry, Voivodeship


@admin.register(Voivodeship)
class VoivodeshipAdmin(TabbedTranslationAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name_pl", "name_en")


@admin.register(Ministry)
class MinistryAdmin(TabbedTranslationAdmin):
    list_display = ("name", "department", "active")
    list_filter = ("active",)
    search_fields = ("name_pl", "name_en", "department_pl", "department_en", "code")
    show_facets = admin.ShowFacets.ALWAYS


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [("ic", _("certifying institution")), ("pzzj", _("PZZJ")), ("applicant", _("applicant"))]

    def queryset(self, request, queryset):
        if self.value() == "ic":
            return queryset.filter(certification_rights__isnull=False).distinct()
        if self.value() == "pzzj":
            return queryset.filter(pzzj_entries__isnull=False).distinct()
        if self.value() == "applicant":
            return queryset.filter(applied_qualifications__isnull=False).distinct()
        return queryset


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ("name", "city", "voivodeship", "nip", "rights_count", "is_pzzj")
    list_filter = (RoleFilter, "voivodeship", "legal_form")
    search_fields = ("name_pl", "name_en", "short_name", "nip", "regon", "krs", "city")
    list_select_related = ("voivodeship",)
    show_facets = admin.ShowFacets.ALWAYS
    fieldsets = (
        (None, {"fields": ("name", "short_name", "legal_form")}),
        (_("Identifiers"), {"fields": ("nip", "regon", "krs")}),
        (_("Address"), {"fields": ("street", "postal_code", "city", "voivodeship")}),
        (_("Contact"), {"fields": ("website", "email", "phone")}),
    )
    history_list_display = ("name", "nip", "city")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _rights=Count("certification_rights", filter=Q(certification_rights__status="active"), distinct=True),
                _pzzj=Count("pzzj_entries", distinct=True),
            )
        )

    @admin.display(description=_("active rights"), ordering="_rights")
    def rights_count(self, obj):
        return obj._rights

    @admin.display(description=_("PZZJ"), boolean=True, ordering="_pzzj")
    def is_pzzj(self, obj):
        return bool(obj._pzzj)


@admin.register(PzzjEntry)
class PzzjEntryAdmin(admin.ModelAdmin):
    list_display = ("organisation", "decision_number", "decision_date", "valid_until", "is_valid")
    list_filter = ("ministries", "valid_until")
    search_fields = ("organisation__name_pl", "organisation__name_en", "decision_number")
    autocomplete_fields = ("organisation",)
    filter_horizontal = ("ministries",)
    list_select_related = ("organisation",)
    date_hierarchy = "decision_date"
    show_facets = admin.ShowFacets.ALWAYS

    @admin.display(description=_("valid today"), boolean=True)
    def is_valid(self, obj):
        today = timezone.localdate()
        return obj.decision_date <= today <= obj.valid_until
