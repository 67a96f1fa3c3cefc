"""Reading numbers typed into query strings and forms."""


def is_ascii_number(value: str, max_length: int | None = None) -> bool:
    """ASCII digits only, and at most ``max_length`` of them when given.

    ``str.isdigit()`` alone also accepts "²" and other digits that ``int()`` refuses, and ``int()`` refuses
    thousands of digits with an error of its own, so the length is checked before converting.
    """
    return value.isascii() and value.isdigit() and (max_length is None or len(value) <= max_length)
