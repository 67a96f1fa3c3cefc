from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualificationsConfig(AppConfig):
    name = "qualifications"
    verbose_name = _("Qualifications")

    def ready(self):
        from qualifications import checks  # noqa: F401  (registers the system check)
