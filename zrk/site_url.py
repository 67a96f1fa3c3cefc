"""Absolute addresses of the site, built from the configured ``SITE_URL`` and never from the request.

The Host header and the forwarding headers are written by the client: a page built from them and then
cached (or a sitemap, a feed, an export) would hand every later visitor links to whatever host and port
one request named. Every absolute link (canonical and hreflang links, JSON-LD, the API's ``next`` and
``previous``, downloads, feeds, sitemaps, Europass documents, robots.txt) goes through here.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def parse_site_url(value: str) -> str:
    """``SITE_URL``: a scheme and a host (and port), nothing else; returned without a trailing slash."""
    value = value.strip()
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        parts, port_ok = None, False
    if (
        parts is None
        or not port_ok
        or parts.scheme not in {"http", "https"}
        or not parts.hostname
        or parts.username is not None
        or parts.password is not None
        or parts.path not in {"", "/"}
        or parts.query
        or parts.fragment
    ):
        raise ImproperlyConfigured(
            f"SITE_URL must be the site's scheme and host, like https://zrk.example.gov.pl, not {value!r}"
        )
    return f"{parts.scheme}://{parts.netloc.lower()}"


def site_url() -> str:
    """The site's origin, e.g. ``https://zrk.example.gov.pl`` (no trailing slash)."""
    return settings.SITE_URL


def absolute_url(path: str) -> str:
    """``path`` (an absolute path, with any query) on the configured site. A leading ``//`` is made one
    slash, so that a path can never name another host."""
    return settings.SITE_URL + "/" + path.lstrip("/")
