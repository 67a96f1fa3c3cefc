"""Site pages that belong to no app: home, accessibility statement, open data, glossary, about the
register, privacy notice, robots.txt, health."""

import datetime

from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from qualifications.page_cache import cached_public_page
from qualifications.selectors.home import home_figures
from zrk.open_data import grouped_outputs
from zrk.site_url import absolute_url

# Dates of the accessibility statement (demo values: this deployment is a demonstration).
SITE_PUBLISHED_ON = datetime.date(2026, 11, 25)
SITE_UPDATED_ON = datetime.date(2026, 11, 25)
STATEMENT_PREPARED_ON = datetime.date(2026, 11, 25)
STATEMENT_REVIEWED_ON = datetime.date(2026, 11, 25)
ACCESSIBILITY_CONTACT_EMAIL = "dostepnosc@example.invalid"


@require_GET
@cached_public_page
def home(request):
    return render(request, "zrk/home.html", home_figures())


@require_GET
def accessibility_statement(request):
    return render(
        request,
        "zrk/accessibility.html",
        {
            "site_url": absolute_url("/"),
            "site_published_on": SITE_PUBLISHED_ON,
            "site_updated_on": SITE_UPDATED_ON,
            "statement_prepared_on": STATEMENT_PREPARED_ON,
            "statement_reviewed_on": STATEMENT_REVIEWED_ON,
            "contact_email": ACCESSIBILITY_CONTACT_EMAIL,
        },
    )


def _crumbs(label):
    return [(_("Home"), reverse("home")), (label, None)]


@require_GET
@cached_public_page
def open_data(request):
    return render(
        request,
        "zrk/open_data.html",
        {
            "groups": grouped_outputs(),
            "site_url": absolute_url("/"),
            "crumbs": _crumbs(_("Open data")),
        },
    )


@require_GET
def glossary(request):
    return render(request, "zrk/glossary.html", {"crumbs": _crumbs(_("Glossary"))})


def _contact():
    """The operator's contact as configured; in demo mode a marked placeholder stands in for a
    missing address, outside it the pages say that none is published here."""
    email = settings.CONTACT_EMAIL
    placeholder = not email and settings.ZRK_DEMO
    return {
        "email": email or ("kontakt@example.invalid" if placeholder else ""),
        "phone": settings.CONTACT_PHONE,
        "placeholder": placeholder,
    }


@require_GET
def about(request):
    return render(
        request,
        "zrk/about.html",
        {"contact": _contact(), "crumbs": _crumbs(_("About the register"))},
    )


@require_GET
def privacy(request):
    return render(
        request,
        "zrk/privacy.html",
        {"contact": _contact(), "crumbs": _crumbs(_("Privacy notice"))},
    )


@require_GET
def robots_txt(request):
    # The back-office is named only at its default address: robots.txt is public, and a moved
    # admin (ADMIN_URL) should not be advertised there. Admin pages carry a noindex meta anyway.
    admin_path = "/admin/" if settings.ADMIN_URL == "admin/" else None
    return render(
        request,
        "zrk/robots.txt",
        {"sitemap_url": absolute_url("/sitemap.xml"), "admin_path": admin_path},
        content_type="text/plain; charset=utf-8",
    )


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def favicon(request):
    # Resolved per request: at import time the production manifest may not exist yet.
    return HttpResponsePermanentRedirect(static("favicon.svg"))
