from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self):
        from applications import (
            demo_accounts,  # noqa: F401  (registers the demo accounts' deploy check)
            prk_lock,  # noqa: F401  (the decided PRK level is changed only by its step)
        )
