"""The back-office's admin site: branded for the register, and a landing page that is the signed-in
user's work (``applications.dashboard``) above the usual list of models."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ZrkAdminSite(admin.AdminSite):
    site_header = _("Integrated Qualifications Register: back-office")
    site_title = _("ZRK back-office")
    index_title = _("Your work")
    # No model list beside every page: at 1280 px it took the width the lists need; the landing
    # page lists the models (and the breadcrumbs lead back to it).
    enable_nav_sidebar = False

    def index(self, request, extra_context=None):
        from applications.dashboard import panels_for

        extra_context = {"panels": panels_for(request), **(extra_context or {})}
        return super().index(request, extra_context)


def boolean_icon(value):
    """Django's yes/no icon, with its text alternative in the reader's language (Django writes
    "True", "False" or "None", which a screen reader then reads out in English)."""
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    label = {True: gettext("Yes"), False: gettext("No"), None: gettext("Unknown")}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), label)


class ZrkAdminConfig(AdminConfig):
    """django.contrib.admin with the register's own site as ``admin.site``."""

    default_site = "zrk.admin_site.ZrkAdminSite"

    def ready(self):
        super().ready()
        # The list, the read-only fields and the display helpers all look the icon up here.
        admin_list._boolean_icon = boolean_icon
