"""Which language a record's translated text is shown in (docs/architecture.md#languages)."""

from django.conf import settings

from zrk.i18n import current_language


def text_in(obj, field: str) -> tuple[str, str | None]:
    """The field's text in the current language, or the Polish text and "pl" when that is missing.

    modeltranslation's own fallback would hide that the text is Polish; pages mark it lang="pl".
    """
    language = current_language()
    text = getattr(obj, f"{field}_{language}", None)
    if text:
        return text, None
    fallback = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    text = getattr(obj, f"{field}_{fallback}", None) or getattr(obj, field, "") or ""
    return text, (fallback if language != fallback and text else None)
