from django.apps import AppConfig


class ZrkConfig(AppConfig):
    name = "zrk"
    verbose_name = "ZRK"
