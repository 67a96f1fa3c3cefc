from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from qualifications.models import (
    CertificationRight,
    LearningOutcome,
    LearningOutcomeSet,
    PrkLevel,
    Qualification,
    SectorFramework,
    VerificationCriterion,
)


@admin.register(PrkLevel)
class PrkLevelAdmin(TabbedTranslationAdmin):
    list_display = ("level", "name", "summary")
    search_fields = ("name_pl", "name_en", "summary_pl", "summary_en")


@admin.register(SectorFramework)
class SectorFrameworkAdmin(TabbedTranslationAdmin):
    list_display = ("abbreviation", "name", "sector", "included_on", "level_min", "level_max")
    search_fields = ("abbreviation", "name_pl", "name_en", "sector_pl")


# Outcomes nest three deep; Django admin nests one level, so each level links to the next
# ("change" link on every row): qualification -> sets -> outcomes -> criteria.
class LearningOutcomeSetInline(TranslationTabularInline):
    model = LearningOutcomeSet
    fields = ("position", "name", "workload_hours")
    extra = 0
    show_change_link = True


class LearningOutcomeInline(TranslationStackedInline):
    model = LearningOutcome
    fields = ("position", "text")
    extra = 0
    show_change_link = True


class VerificationCriterionInline(TranslationStackedInline):
    model = VerificationCriterion
    fields = ("position", "text")
    extra = 0


class CertificationRightInline(admin.TabularInline):
    model = CertificationRight
    fk_name = "qualification"
    fields = ("institution", "decision_number", "decision_date", "status", "pzzj", "ended_on")
    autocomplete_fields = ("institution", "pzzj")
    extra = 0
    show_change_link = True


@admin.register(Qualification)
class QualificationAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ("zrk_id", "name", "prk_level", "category", "status", "ministry", "updated_at")
    list_display_links = ("zrk_id", "name")
    list_filter = ("status", "category", "type", "prk_level", "ministry", "sector_framework")
    search_fields = ("name_pl", "name_en", "code", "symbol", "=zrk_id")
    list_select_related = ("prk_level", "ministry")
    autocomplete_fields = ("ministry", "applicant", "sector_framework", "related_qualifications")
    readonly_fields = ("public_id", "created_at", "updated_at")
    show_facets = admin.ShowFacets.ALWAYS
    inlines = (LearningOutcomeSetInline, CertificationRightInline)
    history_list_display = ("status", "prk_level")
    fieldsets = (
        (None, {"fields": ("public_id", "code", "symbol", "name", "type", "category", "status")}),
        (
            _("Level and competence"),
            {
                "fields": ("prk_level", "sector_framework", "srk_level", "ministry", "vocational_branch", "applicant"),
            },
        ),
        (_("Inclusion"), {"fields": ("included_on", "mp_year", "mp_position", "mp_date")}),
        (
            _("Document"),
            {
                "fields": (
                    "document_name",
                    "validity_months",
                    "validity_indefinite",
                    "renewal_conditions",
                    "workload_hours",
                ),
            },
        ),
        (
            _("Description"),
            {
                "fields": (
                    "characteristic",
                    "target_groups",
                    "entry_conditions",
                    "validation_requirements",
                    "ic_additional_conditions",
                    "entitlements",
                    "demand",
                    "typical_uses",
                    "related_qualifications",
                ),
            },
        ),
        (_("Codes"), {"fields": ("isced_code", "pkd_code", "polon_id")}),
        (_("Record"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    @admin.display(description=_("ZRK id"))
    def public_id(self, obj):
        # An unsaved record has no id yet: the database sequence assigns it on insert.
        return obj.zrk_id if obj.pk else _("assigned when saved")


@admin.register(LearningOutcomeSet)
class LearningOutcomeSetAdmin(TabbedTranslationAdmin):
    list_display = ("name", "qualification", "position", "workload_hours")
    search_fields = ("name_pl", "name_en", "qualification__name_pl")
    autocomplete_fields = ("qualification",)
    list_select_related = ("qualification",)
    inlines = (LearningOutcomeInline,)


@admin.register(LearningOutcome)
class LearningOutcomeAdmin(TabbedTranslationAdmin):
    list_display = ("__str__", "outcome_set")
    search_fields = ("text_pl", "text_en")
    autocomplete_fields = ("outcome_set",)
    list_select_related = ("outcome_set",)
    inlines = (VerificationCriterionInline,)


@admin.register(CertificationRight)
class CertificationRightAdmin(SimpleHistoryAdmin):
    list_display = ("qualification", "institution", "status", "decision_date", "pzzj", "ended_on")
    list_filter = ("status", "institution__voivodeship", "qualification__ministry")
    search_fields = ("qualification__name_pl", "institution__name_pl", "decision_number", "=qualification__zrk_id")
    autocomplete_fields = ("qualification", "institution", "pzzj")
    list_select_related = ("qualification", "institution", "pzzj")
    show_facets = admin.ShowFacets.ALWAYS
    history_list_display = ("status", "pzzj")
