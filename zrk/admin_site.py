"""The back-office's admin site: branded for the register, and a landing page that is the signed-in
user's work (``applications.dashboard``) above the usual list of models."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class ZrkAdminSite(admin.AdminSite):
    site_header = _("Integrated Qualifications Register: back-office")
    site_title = _("ZRK back-office")
    index_title = _("Your work")

    def index(self, request, extra_context=None):
        from applications.dashboard import panels_for

        extra_context = {"panels": panels_for(request), **(extra_context or {})}
        return super().index(request, extra_context)


class ZrkAdminConfig(AdminConfig):
    """django.contrib.admin with the register's own site as ``admin.site``."""

    default_site = "zrk.admin_site.ZrkAdminSite"
