"""System checks of the project's own settings."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.http.request import validate_host
from django.urls import URLResolver, get_resolver
from django.utils import translation


def _first_segments(pattern, prefix: str = "") -> set[str]:
    route = prefix + str(pattern.pattern).lstrip("^")
    if isinstance(pattern, URLResolver) and "/" not in route:
        # An include at the root (or a language prefix that is empty): what counts is inside it.
        return set().union(*(_first_segments(child, route) for child in pattern.url_patterns))
    return {route.split("/")[0]}


@register(Tags.urls)
def admin_url_takes_no_public_address(app_configs, **kwargs):
    """The admin's URLs end in a catch-all: an ADMIN_URL such as "api/" or "kwalifikacje/" would
    swallow every public address below it."""
    taken = {settings.STATIC_URL.strip("/").split("/")[0], settings.MEDIA_URL.strip("/").split("/")[0]}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for pattern in get_resolver().url_patterns:
                if not (isinstance(pattern, URLResolver) and pattern.namespace == "admin"):
                    taken |= _first_segments(pattern)
    first = settings.ADMIN_URL.split("/")[0]
    if first in taken:
        return [
            Error(
                f"ADMIN_URL {settings.ADMIN_URL!r} starts with /{first}/, which the public site uses.",
                hint="Choose another path for the back-office, e.g. ADMIN_URL=zaplecze/.",
                id="zrk.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def site_url_is_https_and_allowed(app_configs, **kwargs):
    """Every absolute link is built from SITE_URL: in a deployment it must be the HTTPS address the
    site answers at."""
    parts = urlsplit(settings.SITE_URL)
    problems = []
    if parts.scheme != "https":
        problems.append(
            Warning(
                f"SITE_URL {settings.SITE_URL!r} is not an https:// address: canonical links, feeds, sitemaps "
                "and exports would point visitors to plain HTTP.",
                hint="Set SITE_URL=https://<the site's host>.",
                id="zrk.W001",
            )
        )
    if not validate_host(parts.hostname or "", settings.ALLOWED_HOSTS):
        problems.append(
            Error(
                f"The host of SITE_URL {settings.SITE_URL!r} is not in ALLOWED_HOSTS.",
                hint="SITE_URL names the site's own address; add its host to ALLOWED_HOSTS or correct it.",
                id="zrk.E002",
            )
        )
    return problems
