"""Language navigation: plain links to the same page in each language, query string kept."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from zrk.site_url import absolute_url as site_absolute_url

register = template.Library()

LANGUAGE_NAMES = {"pl": "Polski", "en": "English"}  # each in its own language, by design


@register.simple_tag(takes_context=True)
def language_links(context):
    request = context.get("request")
    current = get_language()
    # One leading slash: a request for //evil.example/ (a 404) must not make the links and the hreflang
    # alternates point to another host ("//host" is a network-path reference).
    path = "/" + request.get_full_path().lstrip("/") if request else "/"
    clean = context.get("clean_query")
    if request and clean is not None:  # the view's cleaned parameters, not whatever the address held
        path = "/" + request.path.lstrip("/") + (f"?{clean.urlencode()}" if clean else "")
    links = []
    for code, _name in settings.LANGUAGES:
        links.append(
            {
                "code": code,
                "name": LANGUAGE_NAMES.get(code, code),
                "url": translate_url(path, code),
                "current": code == current,
            }
        )
    return links


@register.simple_tag
def absolute_url(url):
    """``url`` (a path) on the configured site address (SITE_URL), whatever host the request named."""
    return site_absolute_url(url)
