"""Template filters for the portal's forms (its own pages and allauth's)."""

from django import template

from applications.portal.account_forms import form_errors

register = template.Library()


@register.filter
def error_list(form):
    """The (anchor, message) pairs components/error_summary.html lists for a form."""
    return form_errors(form)
