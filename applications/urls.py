"""Public consultation pages (/konsultacje/, /en/consultations/). Included by zrk/urls.py inside
i18n_patterns; only the first segment is translated."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from applications import views

consultation_patterns = [
    path("", views.consultation_list, name="consultation_list"),
    path("<int:pk>/", views.consultation_detail, name="consultation_detail"),
]

urlpatterns = [
    path(_("consultations/"), include(consultation_patterns)),
    path(_("applications/"), include("applications.portal.urls")),
]
