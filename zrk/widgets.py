"""Form widgets shared by the back-office forms."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker. It accepts only ISO dates (YYYY-MM-DD): with the Polish format
    (25.11.2026) Chromium shows an empty field and the date must be typed again."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
