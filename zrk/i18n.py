"""The language a request is served in."""

from django.utils.translation import get_language


def current_language() -> str:
    """The two-letter code of the active language; Polish when none is active (outside a request)."""
    return (get_language() or "pl")[:2]


def is_english() -> bool:
    return current_language() == "en"
