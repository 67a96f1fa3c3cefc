"""Translated record content on public pages.

An English page whose content exists only in Polish shows the Polish text marked ``lang="pl"``
(so screen readers switch voice) with a visible note (docs/architecture.md#languages). modeltranslation's own
fallback would hide that the text is Polish, so these tags read the ``_pl``/``_en`` columns.
"""

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import format_html
from django.utils.translation import gettext as _

from zrk.content import text_in

register = template.Library()


@register.simple_tag
def content(obj, field: str):
    """Inline text, e.g. a name: ``{% content qualification "name" %}``."""
    text, fallback = text_in(obj, field)
    if not fallback:
        return text
    return format_html(
        '<span lang="{}">{}</span> <span class="lang-note">({})</span>', fallback, text, _("in Polish only")
    )


@register.simple_tag
def content_block(obj, field: str):
    """Prose as paragraphs: ``{% content_block qualification "characteristic" %}``."""
    text, fallback = text_in(obj, field)
    if not text:
        return ""
    paragraphs = linebreaks_filter(text, autoescape=True)
    if not fallback:
        return paragraphs
    return format_html(
        '<p class="lang-note">{}</p><div lang="{}">{}</div>',
        _("This text is available in Polish only."),
        fallback,
        paragraphs,
    )


@register.filter
def has_content(obj, field: str) -> bool:
    """True when the field has text in any language: ``{% if q|has_content:"demand" %}``."""
    return bool(text_in(obj, field)[0])
