"""Name ordering shared by the read-side queries."""

from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, Collate, NullIf

from zrk.i18n import current_language

POLISH_COLLATION = "pl-x-icu"


def name_in_language(prefix: str = "") -> Coalesce | F:
    """The translated ``name`` column in the current language, falling back to Polish."""
    if current_language() == "pl":
        return F(f"{prefix}name_pl")
    return Coalesce(NullIf(F(f"{prefix}name_en"), Value("")), F(f"{prefix}name_pl"), output_field=CharField())


def by_name(prefix: str = ""):
    """Ordering by name in Polish collation (Ł after L, not after Z)."""
    return Collate(name_in_language(prefix), POLISH_COLLATION).asc()
