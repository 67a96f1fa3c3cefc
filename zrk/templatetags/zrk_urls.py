"""Query-string helpers for shareable GET pages (search, lists): links that change one parameter
and keep the rest, so filters survive pagination and removal of a single filter."""

from django import template

register = template.Library()


def _current(context):
    # A view that cleans its parameters passes them as ``clean_query``: links then never repeat what
    # the address held beyond them.
    clean = context.get("clean_query")
    return clean.copy() if clean is not None else context["request"].GET.copy()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with ``changes`` applied; a value of None removes the parameter."""
    params = _current(context)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.simple_tag(takes_context=True)
def query_without(context, key, value=None):
    """The current query string without ``key`` (or only without its one ``value``), back on page 1."""
    params = _current(context)
    params.pop("page", None)
    if value is None:
        params.pop(key, None)
    else:
        params.setlist(key, [v for v in params.getlist(key) if v != str(value)])
    return params.urlencode()


@register.filter
def page_window(paginator, current, width=2):
    """Page numbers around ``current`` with the first and last, None where pages are skipped."""
    last = paginator.num_pages
    shown = sorted({1, last, *range(max(1, current - width), min(last, current + width) + 1)})
    window, previous = [], 0
    for number in shown:
        if number - previous > 1:
            window.append(None)
        window.append(number)
        previous = number
    return window
