from django.apps import AppConfig


class ZrkConfig(AppConfig):
    name = "zrk"
    verbose_name = "ZRK"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from zrk import checks  # noqa: F401  (registers the system checks)
        from zrk.middleware import mark_staff_login

        user_logged_in.connect(mark_staff_login, dispatch_uid="zrk.staff_session")
