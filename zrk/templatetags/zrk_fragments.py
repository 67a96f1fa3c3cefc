"""Parts of the site's frame rendered once per process instead of once per page.

The footer and the main menu read nothing but the active language and which section the page
belongs to, yet rendering them (sixteen reversed addresses, twenty translations) took about a
tenth of an uncached public page's application time. ``{% fragment %}`` renders such a template
with the values it is given and nothing else of the page's context (so it can never show one
visitor's data to another), keeps the result per language, URL configuration and values, and
serves the copy afterwards. The copies live as long as the worker: templates and translations
change only with a deployment, which restarts it.
"""

from django import template
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

MAX_COPIES = 500  # the values are URL names and sections, a few dozen; the bound is a safety net
_copies: dict[tuple, str] = {}


@register.simple_tag
def fragment(template_name: str, **values) -> str:
    """``template_name`` rendered with ``values`` alone, once per process for each language and set of values."""
    key = (template_name, get_language(), get_script_prefix(), get_urlconf(), tuple(sorted(values.items())))
    html = _copies.get(key)
    if html is None:
        html = get_template(template_name).render(values)
        if len(_copies) < MAX_COPIES:
            _copies[key] = html
    return mark_safe(html)  # noqa: S308 - the template's own output, escaped as it rendered
