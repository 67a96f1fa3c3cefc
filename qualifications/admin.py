import nested_admin
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationInlineModelAdmin,
    TranslationStackedInline,
)

from qualifications import admin_views, completeness
from qualifications.admin_worklists import EnglishCoverageFilter, ReportDueFilter
from qualifications.models import (
    CertificationRight,
    LearningOutcome,
    LearningOutcomeSet,
    PrkLevel,
    Qualification,
    RightAction,
    RightEvent,
    SectorFramework,
    Status,
    VerificationCriterion,
)
from qualifications.notices import notice_errors
from qualifications.report_admin import QuarterlyReportInline
from qualifications.scoping import QualificationScopedAdmin
from qualifications.thesaurus_admin import SynonymSetAdmin  # noqa: F401 - registers the thesaurus
from zrk.history_admin import HistoryAdmin
from zrk.widgets import DateInput

REGISTERABLE = (Status.DRAFT, Status.INCLUDED)


@admin.register(PrkLevel)
class PrkLevelAdmin(TabbedTranslationAdmin):
    list_display = ("level", "name", "summary")
    search_fields = ("name_pl", "name_en", "summary_pl", "summary_en")


@admin.register(SectorFramework)
class SectorFrameworkAdmin(TabbedTranslationAdmin):
    list_display = ("abbreviation", "name", "sector", "included_on", "level_min", "level_max")
    search_fields = ("abbreviation", "name_pl", "name_en", "sector_pl")


# Outcomes nest three deep (qualification -> sets -> outcomes -> criteria): on the qualification's
# page all three levels are edited at once (django-nested-admin); the sets' and outcomes' own pages
# keep their one-level inlines.
class VerificationCriterionNestedInline(TranslationInlineModelAdmin, nested_admin.NestedTabularInline):
    model = VerificationCriterion
    fields = ("position", "text")
    extra = 0


class LearningOutcomeNestedInline(TranslationInlineModelAdmin, nested_admin.NestedStackedInline):
    model = LearningOutcome
    fields = ("position", "text")
    extra = 0
    inlines = (VerificationCriterionNestedInline,)


class LearningOutcomeSetInline(TranslationInlineModelAdmin, nested_admin.NestedStackedInline):
    model = LearningOutcomeSet
    fields = ("position", "name", "workload_hours")
    extra = 0
    show_change_link = True
    inlines = (LearningOutcomeNestedInline,)


class LearningOutcomeInline(TranslationStackedInline):
    model = LearningOutcome
    fields = ("position", "text")
    extra = 0
    show_change_link = True


class VerificationCriterionInline(TranslationStackedInline):
    model = VerificationCriterion
    fields = ("position", "text")
    extra = 0


class CertificationRightInline(nested_admin.NestedTabularInline):
    model = CertificationRight
    fk_name = "qualification"
    fields = ("institution", "decision_number", "decision_date", "status", "pzzj", "ended_on")
    # A right's status changes only through the logged actions on its own page (suspend,
    # reinstate, withdraw, expire); a new right added here starts active, under the rules of the
    # grant step (the model's clean). Rights are never deleted.
    readonly_fields = ("status", "ended_on")
    autocomplete_fields = ("institution", "pzzj")
    extra = 0
    show_change_link = True
    can_delete = False

    def has_delete_permission(self, request, obj=None):
        return False


def action_with_reason_page(model_admin, request, template, *, title, label, selected, form):
    """The intermediate page of an action that needs a reason and a date (admin/action_with_reason.html)."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.model._meta,
        "selected": selected,
        "form": form,
        "action": request.POST.get("action"),
        "action_label": label,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        "media": model_admin.media,
    }
    return TemplateResponse(request, template, context)


class ArchiveForm(forms.Form):
    """The intermediate page of the archival decision: the reason and the day it takes effect."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4, "cols": 60}))
    effective_on = forms.DateField(label=_("Effective on"), widget=DateInput())


class StatusAdminMixin:
    """The status of a qualification in the register is derived, never typed: it follows its rights
    (qualifications.rights.refresh_status) and the archival decision (the "archive" action). The
    change form shows it read-only with the date and cause of its last change. A record in the register
    is never deleted (a database trigger refuses it too); only a draft may be."""

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk:
            readonly += ("status", "status_last_change")
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not obj.pk:
            return fieldsets
        first_name, first = fieldsets[0]
        fields = list(first["fields"])
        fields.insert(fields.index("status") + 1, "status_last_change")
        return ((first_name, {**first, "fields": tuple(fields)}), *fieldsets[1:])

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            # A new record is a draft or, for a category not included through an application here
            # (vocational, higher education...), included; functioning follows from its rights.
            kwargs["choices"] = [(value, label) for value, label in Status.choices if value in REGISTERABLE]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    @admin.display(description=_("last status change"))
    def status_last_change(self, obj):
        from qualifications.rights import last_status_change

        found = last_status_change(obj) if obj and obj.pk else None
        if not found:
            return "–"
        moment, cause, _status = found
        return f"{date_format(timezone.localtime(moment), 'DATE_FORMAT')}: {cause or _('record created or edited')}"

    def has_delete_permission(self, request, obj=None):
        # Without an object (the list) there is no bulk delete; a draft may go, nothing in the register.
        return obj is not None and obj.status == Status.DRAFT and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def revert_disabled(self, request, obj=None):
        return True  # a revert from history would type a status or bring back an ended right

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is CertificationRight:
            from qualifications.rights import record_grant

            for right in formset.new_objects:  # logged like the grant step
                record_grant(right, request.user)

    @admin.action(description=_("Archive the selected qualifications"), permissions=["change"])
    def archive_qualifications(self, request, queryset):
        from qualifications.rights import RightChangeRefused, archive

        if "apply" in request.POST:
            form = ArchiveForm(request.POST)
            if form.is_valid():
                done = 0
                for qualification in queryset:
                    try:
                        archive(
                            qualification,
                            reason=form.cleaned_data["reason"],
                            on=form.cleaned_data["effective_on"],
                            user=request.user,
                        )
                    except RightChangeRefused as refusal:
                        self.message_user(request, f"{qualification}: {refusal.message}", messages.ERROR)
                    else:
                        done += 1
                if done:
                    self.message_user(
                        request,
                        ngettext("%(count)d qualification archived.", "%(count)d qualifications archived.", done)
                        % {"count": done},
                        messages.SUCCESS,
                    )
                return None
        else:
            form = ArchiveForm(initial={"effective_on": timezone.localdate()})
        label = _("archive")
        return action_with_reason_page(
            self,
            request,
            "admin/qualifications/qualification/archive.html",
            title=_("Qualifications: %(action)s") % {"action": label},
            label=label,
            selected=queryset,
            form=form,
        )


class MissingElementFilter(admin.SimpleListFilter):
    """Public records lacking one element their category requires (the data-quality view links here)."""

    title = _("missing element")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [(code, element.label) for code, element in completeness.ELEMENTS.items()]

    def queryset(self, request, queryset):
        if self.value() in completeness.ELEMENTS:
            return queryset.public().filter(completeness.lacking(self.value()))
        return queryset

    def choices(self, changelist):
        # Without facet counts: 27 conditions over the whole register (outcomes and criteria
        # included) would cost every visit of the list about as much as the data-quality page,
        # which is where the counts are shown.
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("All"),
        }
        for code, label in self.lookup_choices:
            yield {
                "selected": self.value() == code,
                "query_string": changelist.get_query_string({self.parameter_name: code}),
                "display": label,
            }


class QualificationForm(forms.ModelForm):
    """The notice rules the publication step applies, for records edited by hand."""

    def clean(self):
        cleaned = super().clean()
        fields = ("mp_year", "mp_position", "mp_date", "included_on")
        # A field the form does not show (read-only) keeps the record's value.
        values = {name: cleaned.get(name) if name in self.fields else getattr(self.instance, name) for name in fields}
        if any(name in self.fields and name not in self.errors for name in fields):
            errors = notice_errors(**values, today=timezone.localdate(), exclude_pk=self.instance.pk)
            for name, message in errors.items():
                self.add_error(name if name in self.fields else None, message)
        return cleaned


@admin.register(Qualification)
class QualificationAdmin(
    QualificationScopedAdmin, StatusAdminMixin, nested_admin.NestedModelAdminMixin, HistoryAdmin, TabbedTranslationAdmin
):
    qualification_path = ""
    form = QualificationForm
    list_display = ("zrk_id", "name", "prk_level", "category", "status", "ministry", "updated_at")
    list_display_links = ("zrk_id", "name")
    list_filter = (
        "status",
        "category",
        "type",
        "prk_level",
        "ministry",
        "sector_framework",
        MissingElementFilter,
        EnglishCoverageFilter,
    )
    search_fields = ("name_pl", "name_en", "code", "symbol", "=zrk_id")
    list_select_related = ("prk_level", "ministry")
    autocomplete_fields = ("ministry", "applicant", "sector_framework", "related_qualifications")
    readonly_fields = ("public_id", "gaps", "created_at", "updated_at")
    show_facets = admin.ShowFacets.ALWAYS
    inlines = (LearningOutcomeSetInline, CertificationRightInline)
    actions = ("archive_qualifications",)
    history_list_display = ("status", "prk_level")
    fieldsets = (
        (None, {"fields": ("public_id", "code", "symbol", "name", "type", "category", "status", "gaps")}),
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

    @admin.display(description=_("missing elements"))
    def gaps(self, obj):
        if obj.pk is None:
            return _("checked once the record is saved")
        # A draft is judged on its description (the rest comes with publication); a register
        # record on everything its category requires.
        if obj.status == Status.DRAFT:
            missing = completeness.description_gaps(obj)
        else:
            missing = completeness.missing_elements(obj)
        if not missing:
            return _("none: the description has every element its category requires")
        return format_html(
            '<ul class="missing-elements">{}</ul>', format_html_join("", "<li>{}</li>", ((m.label,) for m in missing))
        )

    # --- data quality --------------------------------------------------------------------------------

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        own = [
            path(
                "data-quality/",
                self.admin_site.admin_view(self.data_quality_view),
                name="{}_{}_data_quality".format(*info),
            ),
            *admin_views.urls(self),
        ]
        return own + super().get_urls()

    def data_quality_view(self, request):
        """Every public record lacking an element it should have, counted per element (one query)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        report = completeness.register_gaps()
        changelist = reverse("admin:qualifications_qualification_changelist")
        categories = dict(Qualification._meta.get_field("category").choices)
        rows = [
            {
                "element": gap.element,
                "missing": gap.missing,
                "required": gap.required,
                "url": f"{changelist}?{urlencode({'missing': gap.element.code})}",
                "categories": [
                    (
                        categories.get(category, category),
                        count,
                        f"{changelist}?{urlencode({'missing': gap.element.code, 'category__exact': category})}",
                    )
                    for category, count in gap.by_category.items()
                ],
            }
            for gap in report.gaps
            if gap.required
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Data quality of the register"),
            "opts": self.opts,
            "report": report,
            "rows": rows,
            "stages": {
                completeness.DESCRIPTION: _("description"),
                completeness.RECORD: _("inclusion"),
                completeness.TRANSLATION: _("English text"),
            },
            "media": self.media,
        }
        return TemplateResponse(request, "admin/qualifications/qualification/data_quality.html", context)


@admin.register(LearningOutcomeSet)
class LearningOutcomeSetAdmin(QualificationScopedAdmin, TabbedTranslationAdmin):
    qualification_path = "qualification"
    list_display = ("name", "qualification", "position", "workload_hours")
    search_fields = ("name_pl", "name_en", "qualification__name_pl")
    autocomplete_fields = ("qualification",)
    list_select_related = ("qualification",)
    inlines = (LearningOutcomeInline,)


@admin.register(LearningOutcome)
class LearningOutcomeAdmin(QualificationScopedAdmin, TabbedTranslationAdmin):
    qualification_path = "outcome_set__qualification"
    list_display = ("__str__", "outcome_set")
    search_fields = ("text_pl", "text_en")
    autocomplete_fields = ("outcome_set",)
    list_select_related = ("outcome_set",)
    inlines = (VerificationCriterionInline,)


def pzzj_entry_text(right) -> str:
    """The designated PZZJ's list entry for the right's group, as the coordinator needs to read it."""
    if not right.pzzj_id:
        return _("no PZZJ designated")
    right = CertificationRight.objects.with_pzzj_validity().get(pk=right.pk)
    if right.pzzj_valid:
        return _("valid until %(date)s") % {"date": date_format(right.pzzj_valid_until)}
    if right.pzzj_valid_until:
        return _("expired on %(date)s: the minister must designate another PZZJ") % {
            "date": date_format(right.pzzj_valid_until)
        }
    return _("the PZZJ has no list entry for this group of qualifications")


class PzzjEntryFilter(admin.SimpleListFilter):
    """Rights by the state of their PZZJ's list entry today, counted (the coordinator's view)."""

    title = _("PZZJ list entry")
    parameter_name = "pzzj_entry"

    def lookups(self, request, model_admin):
        return (
            ("valid", _("valid")),
            ("expired", _("expired or missing: a new PZZJ is needed")),
            ("none", _("no PZZJ designated")),
        )

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(pzzj__isnull=True)
        if value in ("valid", "expired"):
            ids = CertificationRight.objects.filter(pzzj__isnull=False).with_pzzj_validity()
            ids = ids.filter(pzzj_valid=(value == "valid")).values("pk")
            return queryset.filter(pk__in=ids)
        return queryset


class RightEventInline(admin.TabularInline):
    """The lifecycle log of a right, read-only (rows come from qualifications.rights)."""

    model = RightEvent
    fields = ("created_at", "action", "from_status", "to_status", "effective_on", "reason", "actor")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RightChangeForm(forms.Form):
    """The intermediate page of a lifecycle action: the reason and the date it applies from."""

    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 4, "cols": 60}))
    effective_on = forms.DateField(label=_("Effective on"), widget=DateInput())

    def __init__(self, *args, reason_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required


@admin.register(CertificationRight)
class CertificationRightAdmin(QualificationScopedAdmin, HistoryAdmin):
    qualification_path = "qualification"
    list_display = ("qualification", "institution", "status", "decision_date", "pzzj", "ended_on")
    list_filter = ("status", "institution__voivodeship", "qualification__ministry")
    search_fields = ("qualification__name_pl", "institution__name_pl", "decision_number", "=qualification__zrk_id")
    autocomplete_fields = ("qualification", "institution", "pzzj")
    list_select_related = ("qualification", "institution", "pzzj")
    show_facets = admin.ShowFacets.ALWAYS
    history_list_display = ("status", "pzzj")
    inlines = (RightEventInline, QuarterlyReportInline)
    actions = ("suspend_rights", "reinstate_rights", "withdraw_rights", "expire_rights")

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else ()

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), PzzjEntryFilter, ReportDueFilter)

    def get_readonly_fields(self, request, obj=None):
        # An existing right changes status only through the actions, which log a reason and a date;
        # a new one starts active. Its qualification and institution are what the decision named.
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly += ("qualification", "institution", "status", "ended_on", "reason_pl", "reason_en")
            readonly += ("status_since", "pzzj_entry")
        else:
            readonly += ("status", "ended_on")
        return readonly

    @admin.display(description=_("PZZJ list entry"))
    def pzzj_entry(self, obj):
        return pzzj_entry_text(obj)

    def save_model(self, request, obj, form, change):
        from qualifications.rights import record_grant

        super().save_model(request, obj, form, change)
        if not change:
            record_grant(obj, request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # withdrawn or expired with a reason, never deleted (a database trigger agrees)

    def revert_disabled(self, request, obj=None):
        return True  # a revert from history would bring back a status without its event

    def _change_status(self, request, queryset, action):
        from qualifications.rights import LIFECYCLE, RightChangeRefused, change

        reason_required = LIFECYCLE[action][3]
        label = RightAction(action).label
        if "apply" in request.POST:
            form = RightChangeForm(request.POST, reason_required=reason_required)
            if form.is_valid():
                done = 0
                for right in queryset:
                    try:
                        change(
                            right,
                            action,
                            reason=form.cleaned_data["reason"],
                            on=form.cleaned_data["effective_on"],
                            user=request.user,
                        )
                    except RightChangeRefused as refusal:
                        self.message_user(request, f"{right}: {refusal.message}", messages.ERROR)
                    else:
                        done += 1
                if done:
                    self.message_user(
                        request,
                        ngettext(
                            "%(count)d certification right changed: %(action)s.",
                            "%(count)d certification rights changed: %(action)s.",
                            done,
                        )
                        % {"count": done, "action": label},
                        messages.SUCCESS,
                    )
                return None
        else:
            form = RightChangeForm(initial={"effective_on": timezone.localdate()}, reason_required=reason_required)
        return action_with_reason_page(
            self,
            request,
            "admin/qualifications/certificationright/change_status.html",
            title=_("Certification rights: %(action)s") % {"action": label},
            label=label,
            selected=queryset.select_related("qualification", "institution"),
            form=form,
        )

    @admin.action(description=_("Suspend the selected rights"), permissions=["change"])
    def suspend_rights(self, request, queryset):
        return self._change_status(request, queryset, RightAction.SUSPEND)

    @admin.action(description=_("Reinstate the selected rights"), permissions=["change"])
    def reinstate_rights(self, request, queryset):
        return self._change_status(request, queryset, RightAction.REINSTATE)

    @admin.action(description=_("Withdraw the selected rights"), permissions=["change"])
    def withdraw_rights(self, request, queryset):
        return self._change_status(request, queryset, RightAction.WITHDRAW)

    @admin.action(description=_("Record the expiry of the selected rights"), permissions=["change"])
    def expire_rights(self, request, queryset):
        return self._change_status(request, queryset, RightAction.EXPIRE)
