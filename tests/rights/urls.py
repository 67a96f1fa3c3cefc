"""The project's URLs plus the public certification check, for tests run before
qualifications/urls.py wires it (it then adds nothing)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext_lazy as _

from qualifications.views import check
from zrk.urls import urlpatterns as project_patterns

try:
    reverse("certification_check", urlconf="zrk.urls")
    urlpatterns = project_patterns
except NoReverseMatch:
    urlpatterns = project_patterns + i18n_patterns(
        path(_("certification-check/"), check.certification_check, name="certification_check"),
        prefix_default_language=False,
    )
