"""The project's URLs plus the consultation pages, for tests run before zrk/urls.py includes
applications.urls (it then adds nothing)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import NoReverseMatch, include, path, reverse

from zrk.urls import urlpatterns as project_patterns

try:
    reverse("consultation_list", urlconf="zrk.urls")
    urlpatterns = project_patterns
except NoReverseMatch:
    urlpatterns = project_patterns + i18n_patterns(
        path("", include("applications.urls")), prefix_default_language=False
    )
