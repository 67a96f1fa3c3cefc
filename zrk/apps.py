from django.apps import AppConfig


class ZrkConfig(AppConfig):
    name = "zrk"
    verbose_name = "ZRK"

    def ready(self):
        from zrk import checks  # noqa: F401  (registers the system checks)
