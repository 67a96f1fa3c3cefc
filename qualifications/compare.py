"""Comparing up to four public qualifications side by side (/kwalifikacje/porownaj/?id=..&id=..).

The address holds the whole comparison (``id``: ZRK ids, ``field``: the fields the reader chose), so
it can be shared and printed. Anything that makes no sense in it is reported and left out; a draft
is treated as a number that does not exist, so a comparison never reveals one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from qualifications.models import Qualification
from qualifications.statistics import certifying_rights
from zrk.content import text_in
from zrk.params import is_ascii_number

MAX_COMPARED = 4
MAX_ZRK_ID = 2**31 - 1  # the column's range: a larger number cannot name a record
MAX_PARAM_LENGTH = 40  # an id or a code is short; longer text is not echoed back whole


@dataclass(frozen=True)
class Value:
    text: str
    lang: str | None = None  # "pl" when an English page shows the Polish text


def _content(name: str) -> Callable[[Qualification], Value]:
    def value(qualification):
        text, lang = text_in(qualification, name)
        return Value(text, lang)

    return value


def _level(qualification):
    if qualification.prk_level_id is None:
        return Value(_("not assigned"))
    return Value(_("PRK level %(level)s") % {"level": qualification.prk_level_id})


def _framework(qualification):
    framework = qualification.sector_framework
    if framework is None:
        return Value("")
    if qualification.srk_level:
        return Value(
            _("level %(level)s of %(abbreviation)s")
            % {"level": qualification.srk_level, "abbreviation": framework.abbreviation}
        )
    return Value(framework.abbreviation)


def _ministry(qualification):
    if qualification.ministry is None:
        return Value(_("not recorded"))
    text, lang = text_in(qualification.ministry, "name")
    return Value(text, lang)


def _included(qualification):
    day = qualification.included_on or qualification.mp_date
    return Value(date_format(day, "j E Y") if day else _("not recorded"))


def _validity(qualification):
    if qualification.validity_indefinite:
        return Value(_("valid indefinitely"))
    months = qualification.validity_months
    if not months:
        return Value(_("validity not recorded"))
    if months % 12 == 0:
        years = months // 12
        return Value(ngettext("valid for %(years)s year", "valid for %(years)s years", years) % {"years": years})
    return Value(ngettext("valid for %(months)s month", "valid for %(months)s months", months) % {"months": months})


def _workload(qualification):
    hours = qualification.workload_hours
    if not hours:
        return Value("")
    return Value(ngettext("%(hours)s hour", "%(hours)s hours", hours) % {"hours": hours})


def _institutions(qualification):
    return Value(str(qualification.certifying_institutions))


def _codes(qualification):
    parts = []
    if qualification.isced_code:
        parts.append(f"ISCED-F {qualification.isced_code}")
    if qualification.pkd_code:
        parts.append(f"PKD {qualification.pkd_code}")
    return Value("; ".join(parts))


@dataclass(frozen=True)
class Field:
    key: str
    label: object  # a lazy translation
    value: Callable[[Qualification], Value]
    default: bool = True
    long: bool = False  # prose: shown with its line breaks


# The order of the rows within each group (differences, then what is the same).
FIELDS = [
    Field("level", gettext_lazy("PRK level"), _level),
    Field("type", gettext_lazy("Type"), lambda q: Value(str(q.get_type_display()))),
    Field("category", gettext_lazy("Category"), lambda q: Value(str(q.get_category_display()))),
    Field("status", gettext_lazy("Status"), lambda q: Value(str(q.get_status_display()))),
    Field("code", gettext_lazy("Code"), lambda q: Value(q.code)),
    Field("ministry", gettext_lazy("Competent minister"), _ministry),
    Field("framework", gettext_lazy("Sector framework level"), _framework),
    Field("included", gettext_lazy("Included in the system"), _included),
    Field("institutions", gettext_lazy("Certifying institutions"), _institutions),
    Field("document", gettext_lazy("Confirming document"), _content("document_name")),
    Field("validity", gettext_lazy("Validity of the document"), _validity),
    Field("workload", gettext_lazy("Indicative workload"), _workload),
    Field("characteristic", gettext_lazy("What the holder can do"), _content("characteristic"), long=True),
    Field("target_groups", gettext_lazy("Who it is for"), _content("target_groups"), default=False, long=True),
    Field(
        "entry_conditions",
        gettext_lazy("Conditions for entering validation"),
        _content("entry_conditions"),
        default=False,
        long=True,
    ),
    Field(
        "validation",
        gettext_lazy("Validation requirements"),
        _content("validation_requirements"),
        default=False,
        long=True,
    ),
    Field("entitlements", gettext_lazy("Entitlements"), _content("entitlements"), default=False, long=True),
    Field("typical_uses", gettext_lazy("Typical uses"), _content("typical_uses"), default=False, long=True),
    Field("codes", gettext_lazy("Classification codes"), _codes, default=False),
]
FIELDS_BY_KEY = {item.key: item for item in FIELDS}


@dataclass
class Selection:
    """What the address asks for, cleaned: ids in their order (each once, at most four), the fields
    (in the order of FIELDS), and what was wrong with the rest."""

    ids: list[int] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    fields_chosen: bool = False
    errors: list[str] = field(default_factory=list)

    def query(self, ids=None, **extra) -> str:
        """The query string of this selection, with other ``ids`` if given (the shareable address)."""
        params = [("id", zrk_id) for zrk_id in (self.ids if ids is None else ids)]
        if self.fields_chosen:
            params += [("field", item.key) for item in self.fields]
        params += list(extra.items())
        return urlencode(params)


def _shown(value: str) -> str:
    return value if len(value) <= MAX_PARAM_LENGTH else value[:MAX_PARAM_LENGTH] + "…"


def parse(params) -> Selection:
    selection = Selection()
    for raw in params.getlist("id"):
        value = raw.strip()
        # The length first: int() refuses thousands of digits with an error of its own.
        if not is_ascii_number(value, 10) or not 0 < int(value) <= MAX_ZRK_ID:
            selection.errors.append(
                _("“%(value)s” is not a qualification number; it was left out.") % {"value": _shown(raw)}
            )
            continue
        zrk_id = int(value)
        if zrk_id in selection.ids:
            continue
        if len(selection.ids) == MAX_COMPARED:
            selection.errors.append(
                _("You can compare up to %(max)s qualifications at a time; qualification %(id)s was left out.")
                % {"max": MAX_COMPARED, "id": zrk_id}
            )
            continue
        selection.ids.append(zrk_id)
    chosen = set()
    for raw in params.getlist("field"):
        if raw in FIELDS_BY_KEY:
            chosen.add(raw)
        else:
            selection.errors.append(_("“%(value)s” is not a field that can be compared.") % {"value": _shown(raw)})
    selection.fields_chosen = bool(chosen)
    selection.fields = [item for item in FIELDS if item.key in chosen] if chosen else [i for i in FIELDS if i.default]
    return selection


def find_public(text: str) -> Qualification | None:
    """The public qualification named by its ZRK id or its code (as the reader types it)."""
    value = text.strip()
    # PostgreSQL refuses a NUL in a text parameter; no code contains one.
    if not value or len(value) > MAX_PARAM_LENGTH or "\x00" in value:
        return None
    public = Qualification.objects.public().only("zrk_id")
    if is_ascii_number(value):
        return public.filter(zrk_id=int(value)).first() if 0 < int(value) <= MAX_ZRK_ID else None
    return public.filter(code__iexact=value).first()


def compared(ids: list[int]) -> list[Qualification]:
    """The public qualifications with these ids, in the order given, each with the number of
    institutions that may certify it today (two queries)."""
    found = {
        qualification.zrk_id: qualification
        for qualification in Qualification.objects.public()
        .filter(zrk_id__in=ids)
        .select_related("prk_level", "ministry", "sector_framework")
    }
    counts = dict(
        certifying_rights()
        .filter(qualification__in=[q.pk for q in found.values()])
        .order_by()
        .values_list("qualification")
        .annotate(n=Count("institution", distinct=True, filter=Q(institution__isnull=False)))
    )
    for qualification in found.values():
        qualification.certifying_institutions = counts.get(qualification.pk, 0)
    return [found[zrk_id] for zrk_id in ids if zrk_id in found]


@dataclass
class Row:
    field: Field
    values: list[Value]

    @property
    def label(self) -> str:
        return capfirst(str(self.field.label))

    @property
    def differs(self) -> bool:
        return len({value.text.strip() for value in self.values}) > 1


def rows(qualifications: list[Qualification], fields: list[Field]) -> tuple[list[Row], list[Row]]:
    """(rows that differ, rows that are the same in every qualification), each in the order of FIELDS."""
    all_rows = [Row(item, [item.value(qualification) for qualification in qualifications]) for item in fields]
    return [row for row in all_rows if row.differs], [row for row in all_rows if not row.differs]
