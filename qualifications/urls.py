"""Public pages of the register. Only the first segment of each address is translated
(kwalifikacje/ <-> qualifications/), so translate_url maps every page to its twin."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from qualifications.alerts import views as alerts
from qualifications.views import check, compare, detail, frameworks, history, institutions, search

qualification_patterns = [
    path("", search.qualification_search, name="qualification_search"),
    path(_("compare/"), compare.qualification_compare, name="qualification_compare"),
    path("<int:zrk_id>/", detail.qualification_detail, name="qualification_detail_bare"),
    path("<int:zrk_id>-<str:slug>/", detail.qualification_detail, name="qualification_detail"),
    path(_("<int:zrk_id>/changes/"), history.qualification_changes, name="qualification_changes_bare"),
    path(_("<int:zrk_id>-<str:slug>/changes/"), history.qualification_changes, name="qualification_changes"),
]

institution_patterns = [
    path("", institutions.institution_list, name="institution_list"),
    path("<int:pk>/", institutions.institution_detail, name="institution_detail"),
]

prk_patterns = [
    path("", frameworks.prk_level_list, name="prk_level_list"),
    path("<int:level>/", frameworks.prk_level_detail, name="prk_level_detail"),
]

alert_patterns = [
    path("", alerts.subscribe, name="alerts_subscribe"),
    path(_("sent/"), alerts.sent, name="alerts_sent"),
    path(_("confirm/<str:token>/"), alerts.confirm, name="alerts_confirm"),
    path(_("unsubscribe/<str:token>/"), alerts.unsubscribe, name="alerts_unsubscribe"),
]

urlpatterns = [
    path(_("qualifications/"), include(qualification_patterns)),
    path(_("institutions/"), include(institution_patterns)),
    path(_("prk-levels/"), include(prk_patterns)),
    path(_("sector-frameworks/"), frameworks.sector_framework_list, name="sector_framework_list"),
    path(_("pzzj-list/"), institutions.pzzj_list, name="pzzj_list"),
    path(_("certification-check/"), check.certification_check, name="certification_check"),
    path(_("follow/"), include(alert_patterns)),
]
