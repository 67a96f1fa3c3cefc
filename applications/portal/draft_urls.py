"""Applicant portal addresses: draft pages (included by applications/portal/urls.py): starting a
draft, its task list, sections, learning-outcome editor, files, preview, Submit and discarding."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from applications.portal import drafts

draft_patterns = [
    path("", drafts.task_list, name="draft"),
    path(_("section/<slug:section_slug>/"), drafts.section, name="section"),
    path(_("outcomes/<slug:row_type>/add/"), drafts.row, name="row_add"),
    path(_("outcomes/<slug:row_type>/<int:row_pk>/"), drafts.row, name="row_edit"),
    path(_("outcomes/<slug:row_type>/<int:row_pk>/delete/"), drafts.row_delete, name="row_delete"),
    path(_("preview/"), drafts.preview, name="preview"),
    path(_("submit/"), drafts.submit, name="submit"),
    path(_("discard/"), drafts.discard, name="discard"),
]

urlpatterns = [
    path(_("new/<slug:kind_slug>/"), drafts.new, name="new"),
    path(_("draft/<slug:kind_slug>/<int:pk>/"), include(draft_patterns)),
    path(_("submitted/<slug:kind_slug>/<int:pk>/"), drafts.submitted, name="submitted"),
    path(_("files/<slug:kind_slug>/<int:application_pk>/<int:file_pk>/"), drafts.file_download, name="file"),
    path(
        _("files/<slug:kind_slug>/<int:application_pk>/<int:file_pk>/delete/"),
        drafts.file_delete,
        name="file_delete",
    ),
]
