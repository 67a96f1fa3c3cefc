"""Back-office for inclusion applications, on the shared ``ApplicationAdmin`` (scoping, read-only
rules and step buttons come from the inclusion workflow), with what is theirs: the proposed
qualification, its attachments, the consultation and its comments, the description's gaps, the
similar qualifications and the "My work" page."""

from functools import partial

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applications import prk_lock, similarity_admin
from applications.access import UNFILED_DRAFTS, scope, visible_qualifications
from applications.admin.applicant_side import ApplicantSideMixin
from applications.admin.attachments import download
from applications.admin.base import (
    MINISTRY_WORK_FILTERS,
    ApplicationAdmin,
    AssignedOfficerMixin,
    deadline_badge,
)
from applications.admin.history import TimelineHistoryMixin
from applications.forms import NewApplicationForm
from applications.models import (
    OPERATOR_STATES,
    ApplicationAttachment,
    ConsultationComment,
    InclusionApplication,
    Moderation,
    OfficerProfile,
    State,
)
from applications.portal.case import ANSWER
from applications.workflow import INCLUSION, OFFICER, OPERATOR, user_roles
from qualifications import scoping as qualification_scoping
from qualifications.admin import QualificationAdmin
from qualifications.completeness import description_gaps
from qualifications.models import Qualification, Status
from qualifications.scoping import QualificationScopedAdmin

qualification_scoping.set_rule(visible_qualifications, hidden=UNFILED_DRAFTS)


class AttachmentInline(admin.TabularInline):
    model = ApplicationAttachment
    fields = ("title", "file", "uploaded_at")
    readonly_fields = ("uploaded_at",)
    extra = 0

    # A closed application's attachments are kept as they were (the model refuses additions too).
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj is not None and obj.is_terminal)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj is not None and obj.is_terminal)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_terminal)


@admin.register(InclusionApplication)
class InclusionApplicationAdmin(
    TimelineHistoryMixin, ApplicantSideMixin, AssignedOfficerMixin, QualificationScopedAdmin, ApplicationAdmin
):
    workflow = INCLUSION
    qualification_path = "draft"
    add_form = NewApplicationForm
    add_fields = ("proposed_name", "category", *NewApplicationForm.Meta.fields)
    formal_check_fields = ("applicant", "ministry", "fee", "fee_paid_on")
    operator_fields = ("contact_email",)

    list_display = ("number", "proposed_name", "applicant", "ministry", "state", "deadline", "assigned_officer")
    list_display_links = ("number", "proposed_name")
    list_filter = MINISTRY_WORK_FILTERS
    search_fields = ("number", "draft__name_pl", "draft__name_en", "applicant__name_pl")
    list_select_related = ("draft", "applicant", "ministry", "assigned_officer")
    change_list_template = "admin/applications/inclusionapplication/change_list.html"
    inlines = (AttachmentInline,)
    fields = (
        "number",
        "draft_link",
        "applicant",
        "contact_email",
        "ministry",
        "submitted_on",
        "fee",
        "fee_paid_on",
        "assigned_officer",
        "decision_number",
        "decision_date",
        "refusal_reason",
    )

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else ()

    @admin.display(description=_("proposed qualification"), ordering="draft__name_pl")
    def proposed_name(self, obj):
        return obj.draft.name

    @admin.display(description=_("proposed qualification"))
    def draft_link(self, obj):
        url = reverse("admin:qualifications_qualification_change", args=[obj.draft_id])
        return format_html('<a href="{}">{}</a> ({})', url, obj.draft.name, _("the description, outcomes and codes"))

    # --- custom pages -------------------------------------------------------------------------------

    def get_urls(self):
        own = [
            path("my-work/", self.admin_site.admin_view(self.my_work_view), name="applications_my_work"),
            # Attachments are not under /media/: handed out only to staff who may see the application.
            path(
                "attachments/<path:name>",
                self.admin_site.admin_view(download),
                name="applications_attachment_download",
            ),
            path(
                "<path:object_id>/overlap/",
                self.admin_site.admin_view(partial(similarity_admin.overlap_view, self)),
                name="applications_inclusionapplication_overlap",
            ),
        ]
        return own + super().get_urls()

    def workflow_context(self, request, application):
        context = super().workflow_context(request, application)
        consultation = getattr(application, "consultation", None)
        public_url = None
        if consultation is not None:
            try:
                public_url = reverse("consultation_detail", args=[consultation.pk])
            except NoReverseMatch:
                public_url = None
        comments = None
        if consultation is not None:
            comments_url = reverse("admin:applications_consultationcomment_changelist")
            comments = {
                "pending": consultation.comments.filter(moderation=Moderation.PENDING).count(),
                "total": consultation.comments.count(),
                "url": f"{comments_url}?consultation__id__exact={consultation.pk}",
            }
        return {
            **context,
            "consultation": consultation,
            "public_url": public_url,
            "comments": comments,
            # What the proposed description lacks: the formal check requests it, publication refuses it.
            "gaps": None if application.is_terminal else description_gaps(application.draft),
            "draft_url": reverse("admin:qualifications_qualification_change", args=[application.draft_id]),
            "similarity": similarity_admin.similarity_panel(application),
        }

    def my_work_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        visible = self.get_queryset(request).select_related("draft", "applicant", "ministry", "assigned_officer")
        roles = user_roles(request.user)
        sections = [
            (_("Assigned to me"), visible.open().filter(assigned_officer=request.user)),
            (_("Overdue"), visible.overdue(today)),
            (_("Due within 7 days"), visible.due_soon(today)),
            # Annotated by ApplicantSideMixin: answers sent through the portal that nobody has handled.
            (_("Answered by the applicant"), visible.filter(last_action=ANSWER)),
        ]
        if OPERATOR in roles:
            sections.append((_("Waiting for the registry operator"), visible.filter(state__in=OPERATOR_STATES)))
        if OFFICER in roles:
            sections.append(
                (
                    _("Not yet assigned"),
                    visible.open().filter(
                        assigned_officer__isnull=True,
                        state__in=[State.FORWARDED, State.CONSULTATION, State.EXPERT_REVIEW, State.DECIDED],
                    ),
                )
            )
        rows = [
            (title, [(a, deadline_badge(a, today)) for a in queryset.order_by("current_deadline", "pk")])
            for title, queryset in sections
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("My work"),
            "opts": self.opts,
            "sections": rows,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/applications/my_work.html", context)


class ModerationFilter(admin.SimpleListFilter):
    title = _("moderation")
    parameter_name = "moderation"

    def lookups(self, request, model_admin):
        return Moderation.choices

    def queryset(self, request, queryset):
        return queryset.filter(moderation=self.value()) if self.value() else queryset


@admin.register(ConsultationComment)
class ConsultationCommentAdmin(QualificationScopedAdmin, admin.ModelAdmin):
    qualification_path = "consultation__application__draft"
    list_display = ("author_name", "organisation", "application_number", "submitted_at", "moderation")
    # Only the ministries of the comments the user may see (an officer: their own).
    list_filter = (ModerationFilter, ("consultation__application__ministry", admin.RelatedOnlyFieldListFilter))
    search_fields = ("author_name", "organisation", "text", "consultation__application__number")
    list_select_related = ("consultation__application",)
    fields = ("consultation", "author_name", "organisation", "email", "text", "submitted_at", "moderation")
    readonly_fields = ("consultation", "author_name", "organisation", "email", "text", "submitted_at")
    actions = ("publish_comments", "reject_comments")

    def get_queryset(self, request):
        return scope(request, super().get_queryset(request), "consultation__application__ministry")

    def has_add_permission(self, request):
        return False  # comments come from the public consultation page

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Moderation: registry operators and the officers of the application's ministry.
        if not super().has_change_permission(request, obj):
            return False
        return bool(user_roles(request.user) & {OPERATOR, OFFICER})

    @admin.display(description=_("application"), ordering="consultation__application__number")
    def application_number(self, obj):
        return obj.consultation.application.number

    def _moderate(self, request, queryset, moderation):
        count = queryset.update(moderation=moderation)
        self.message_user(
            request,
            ngettext("%(count)d comment marked “%(state)s”.", "%(count)d comments marked “%(state)s”.", count)
            % {"count": count, "state": Moderation(moderation).label},
        )

    @admin.action(description=_("Publish the selected comments"), permissions=["change"])
    def publish_comments(self, request, queryset):
        self._moderate(request, queryset, Moderation.PUBLISHED)

    @admin.action(description=_("Reject the selected comments"), permissions=["change"])
    def reject_comments(self, request, queryset):
        self._moderate(request, queryset, Moderation.REJECTED)


@admin.register(OfficerProfile)
class OfficerProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "ministry")
    list_select_related = ("user", "ministry")
    autocomplete_fields = ("user", "ministry")
    search_fields = ("user__username", "user__last_name", "ministry__name_pl")


# The qualification admin of the layer below, completed for applications (its scope is the rule
# registered above): a draft under an application cannot be published by hand (status and Monitor
# Polski fields belong to the workflow's publication step).
WORKFLOW_FIELDS = ("status", "included_on", "mp_year", "mp_position", "mp_date")


class ScopedQualificationAdmin(QualificationAdmin):
    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status == Status.DRAFT and InclusionApplication.objects.filter(draft=obj).exists():
            readonly += WORKFLOW_FIELDS
        if obj is not None and prk_lock.level_locked(obj):
            readonly += ("prk_level",)  # the minister's decision; changed by the application's logged step
        return readonly


if admin.site.is_registered(Qualification):
    admin.site.unregister(Qualification)
admin.site.register(Qualification, ScopedQualificationAdmin)
