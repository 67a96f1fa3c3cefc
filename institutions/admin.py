from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from institutions.models import (
    PZZJ_EXPIRY_WARNING_DAYS,
    Ministry,
    Organisation,
    PzzjEntry,
    PzzjValidity,
    Voivodeship,
)
from zrk.history_admin import HistoryAdmin


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
class OrganisationAdmin(HistoryAdmin, TabbedTranslationAdmin):
    list_display = ("name", "city", "voivodeship", "nip", "rights_count", "is_pzzj")
    list_filter = (RoleFilter, "voivodeship", "legal_form")
    search_fields = ("name_pl", "name_en", "short_name", "nip", "regon", "krs", "city")
    list_select_related = ("voivodeship",)
    show_facets = admin.ShowFacets.ALWAYS
    # A website typed without a scheme is taken as https:// (Django 6's default, adopted now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
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


class PzzjValidityFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [
            (PzzjValidity.VALID, _("valid today")),
            (PzzjValidity.EXPIRING, _("expiring within %(days)d days") % {"days": PZZJ_EXPIRY_WARNING_DAYS}),
            (PzzjValidity.EXPIRED, _("expired")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == PzzjValidity.VALID:
            return queryset.valid_on(today)
        if self.value() == PzzjValidity.EXPIRING:
            return queryset.expiring(today)
        if self.value() == PzzjValidity.EXPIRED:
            return queryset.expired(today)
        return queryset


@admin.register(PzzjEntry)
class PzzjEntryAdmin(admin.ModelAdmin):
    list_display = ("organisation", "decision_number", "decision_date", "valid_until", "validity")
    list_filter = (PzzjValidityFilter, "ministries", "valid_until")
    search_fields = ("organisation__name_pl", "organisation__name_en", "decision_number")
    autocomplete_fields = ("organisation",)
    filter_horizontal = ("ministries",)
    list_select_related = ("organisation",)
    date_hierarchy = "decision_date"
    show_facets = admin.ShowFacets.ALWAYS

    class Media:
        css = {"all": ("institutions/admin.css",)}

    def changelist_view(self, request, extra_context=None):
        # The coordinator sees at once how many entries need a renewal, whatever the filters.
        expiring = PzzjEntry.objects.expiring(timezone.localdate()).count()
        if expiring and request.method == "GET":
            self.message_user(
                request,
                ngettext(
                    "%(count)d PZZJ list entry expires within %(days)d days.",
                    "%(count)d PZZJ list entries expire within %(days)d days.",
                    expiring,
                )
                % {"count": expiring, "days": PZZJ_EXPIRY_WARNING_DAYS},
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("validity"), ordering="valid_until")
    def validity(self, obj):
        today = timezone.localdate()
        state = obj.validity(today)
        if state == PzzjValidity.EXPIRING:
            days = (obj.valid_until - today).days
            label = ngettext("expires in %(days)d day", "expires in %(days)d days", days) % {"days": days}
        else:
            label = state.label
        return format_html('<span class="validity validity--{}">{}</span>', state.value, label)
