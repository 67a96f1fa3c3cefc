"""The register's version: a counter that database triggers raise whenever anything a public page
shows changes. Cached pages are keyed by it, so publishing or editing a record invalidates them
at once without tracking which pages it touched."""

from django.db import models


class RegisterVersion(models.Model):
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "register version"
        default_permissions = ()

    def __str__(self):
        return str(self.value)
