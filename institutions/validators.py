"""Validators for Polish identifiers and addresses. Messages are shown to operators in forms."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
REGON9_WEIGHTS = (8, 9, 2, 3, 4, 5, 6, 7)
REGON14_WEIGHTS = (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)
POSTAL_CODE_RE = re.compile(r"^[0-9]{2}-[0-9]{3}$")


def _checksum(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11


def nip_is_valid(value: str) -> bool:
    if not re.fullmatch(r"[0-9]{10}", value or ""):
        return False
    check = _checksum(value, NIP_WEIGHTS)
    return check != 10 and check == int(value[9])


def regon_is_valid(value: str) -> bool:
    if re.fullmatch(r"[0-9]{9}", value or ""):
        return _checksum(value, REGON9_WEIGHTS) % 10 == int(value[8])
    if re.fullmatch(r"[0-9]{14}", value or ""):
        return regon_is_valid(value[:9]) and _checksum(value, REGON14_WEIGHTS) % 10 == int(value[13])
    return False


def validate_nip(value: str) -> None:
    if not nip_is_valid(value):
        raise ValidationError(
            _("Enter a valid NIP: 10 digits without dashes, with a correct check digit."), code="invalid_nip"
        )


def validate_regon(value: str) -> None:
    if not regon_is_valid(value):
        raise ValidationError(
            _("Enter a valid REGON: 9 or 14 digits with a correct check digit."), code="invalid_regon"
        )


def validate_krs(value: str) -> None:
    if not re.fullmatch(r"[0-9]{10}", value or ""):
        raise ValidationError(_("Enter a valid KRS number: 10 digits."), code="invalid_krs")


def validate_postal_code(value: str) -> None:
    if not POSTAL_CODE_RE.match(value or ""):
        raise ValidationError(_("Enter a postal code in the form NN-NNN, e.g. 00-950."), code="invalid_postal_code")
