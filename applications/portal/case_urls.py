"""Applicant portal addresses: case pages (included by applications/portal/urls.py)."""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from applications.portal import case_views

# /wnioski/sprawa/<kind>/<pk>/ (/en/applications/case/<kind>/<pk>/)
CASE = format_lazy("{}<slug:kind_slug>/<int:pk>/", _("case/"))

urlpatterns = [
    path(CASE, case_views.case, name="case"),
    path(format_lazy("{}{}", CASE, _("answer/")), case_views.answer, name="case_answer"),
    path(format_lazy("{}{}", CASE, _("withdraw/")), case_views.withdraw, name="case_withdraw"),
]
