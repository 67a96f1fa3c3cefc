"""What the applicant sent through the portal, in the back-office of every kind of application: the
applicant's messages and files on the change page (files handed out by a download that checks the
same scoping as the change page), and the staff's queue of applications answered by the applicant
(a list filter and a column)."""

from django.contrib import admin
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.portal.case import ANSWER, APPLICANT_ACTIONS, files_by_answer, with_last_action
from applications.uploads import files_of


class AnsweredFilter(admin.SimpleListFilter):
    title = gettext_lazy("applicant's answer")
    parameter_name = "answered"

    def lookups(self, request, model_admin):
        return [("yes", gettext_lazy("answered by the applicant, not yet handled"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(last_action=ANSWER)
        return queryset


class ApplicantSideMixin:
    """For the ModelAdmin of an application of any kind (before its workflow mixin in the bases)."""

    def get_queryset(self, request):
        return with_last_action(super().get_queryset(request))

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), AnsweredFilter)

    def get_list_display(self, request):
        return (*super().get_list_display(request), "answered_by_applicant")

    @admin.display(description=gettext_lazy("answered"), boolean=True)
    def answered_by_applicant(self, obj):
        return getattr(obj, "last_action", None) == ANSWER

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        download = path(
            "<path:object_id>/applicant-files/<int:file_pk>/",
            self.admin_site.admin_view(self.applicant_file_view),
            name="{}_{}_applicant_file".format(*info),
        )
        return [download, *super().get_urls()]

    def applicant_file_view(self, request, object_id, file_pk):
        # get_object reads through get_queryset: the application's scoping decides, as on its change
        # page; a file of an application the user may not see is a 404 like a file that does not exist.
        application = self.get_object(request, object_id)
        if application is None or not self.has_view_permission(request, application):
            raise Http404(_("There is no such file."))
        record = files_of(application).filter(pk=file_pk).first()
        if record is None:
            raise Http404(_("There is no such file."))
        try:
            handle = record.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404(_("The file is missing from the storage.")) from missing
        response = FileResponse(
            handle, as_attachment=True, filename=record.original_name, content_type=record.content_type
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def applicant_side_context(self, application):
        meta = self.model._meta
        url_name = f"admin:{meta.app_label}_{meta.model_name}_applicant_file"
        by_answer = files_by_answer(application)
        messages = [
            (event, by_answer.get(event.pk, []))
            for event in application.events.filter(action__in=APPLICANT_ACTIONS).select_related("actor")
        ]
        files = [(record, reverse(url_name, args=[application.pk, record.pk])) for record in files_of(application)]
        return {"messages": messages, "files": files}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if application is not None:
            extra_context["applicant_side"] = self.applicant_side_context(application)
        return super().change_view(request, object_id, form_url, extra_context)
