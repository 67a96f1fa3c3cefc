from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualificationsConfig(AppConfig):
    name = "qualifications"
    verbose_name = _("Qualifications")

    def ready(self):
        from qualifications import checks, rights  # noqa: F401  (the system check; the status rule on rights)
        from qualifications.similarity import signals  # noqa: F401  (the similarity index follows edits)
