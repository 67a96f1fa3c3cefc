from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from zrk import statistics_views, views

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),  # /admin/ unless ADMIN_URL moves it
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Browsers ask for /favicon.ico by themselves (the admin and API pages link no icon).
    path("favicon.ico", views.favicon, name="favicon"),
    # Open data: exports before the API so that "<id>.elm.xml" is not taken for an API detail.
    path("", include("qualifications.exports.urls")),
    path("api/", include("qualifications.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path(_("accessibility-statement/"), views.accessibility_statement, name="accessibility_statement"),
    path(_("open-data/"), views.open_data, name="open_data"),
    path(_("glossary/"), views.glossary, name="glossary"),
    path(_("about/"), views.about, name="about"),
    path(_("privacy/"), views.privacy, name="privacy"),
    path(_("statistics/"), statistics_views.statistics, name="statistics"),
    path(format_lazy("{}<slug:chart>.csv", _("statistics/")), statistics_views.statistics_csv, name="statistics_csv"),
    path("", include("qualifications.urls")),
    path("", include("applications.urls")),
    # Applicant accounts (django-allauth): sign-up, login, password, e-mail, two-factor.
    path(_("account/"), include("allauth.urls")),
    prefix_default_language=False,
)
