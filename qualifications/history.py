"""The public history of a qualification: dated versions of its public fields with word-level
differences, the legal basis (the Monitor Polski notice) of its publication, and the lifecycle of its
certification rights.

Built from django-simple-history's records and the rights' ``RightEvent`` log. Only the fields listed
in ``PUBLIC_FIELDS`` are read (``values_list``), so who made a change, the change reason typed in the
back-office and any other internal column never reach a page. Versions from before publication (the
draft an application proposed) are not shown: the history starts with the version that entered the
register. A fixed number of queries whatever the number of versions.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from institutions.models import Ministry
from qualifications.models import (
    Category,
    QualificationType,
    RightAction,
    RightEvent,
    SectorFramework,
    Status,
)
from qualifications.models.qualification import Qualification
from zrk.i18n import is_english

# (field, label): single-language public fields. Choices and relations are shown by their label.
PLAIN_FIELDS = [
    ("code", gettext_lazy("Code")),
    ("symbol", gettext_lazy("symbol")),
    ("type", gettext_lazy("Type")),
    ("category", gettext_lazy("Category")),
    ("status", gettext_lazy("Status")),
    ("prk_level_id", gettext_lazy("PRK level")),
    ("sector_framework_id", gettext_lazy("sector framework (SRK)")),
    ("srk_level", gettext_lazy("SRK level")),
    ("ministry_id", gettext_lazy("Competent minister")),
    ("included_on", gettext_lazy("included in the ZSK on")),
    ("mp_year", gettext_lazy("Monitor Polski year")),
    ("mp_position", gettext_lazy("Monitor Polski position")),
    ("mp_date", gettext_lazy("date of the notice")),
    ("validity_months", gettext_lazy("document validity (months)")),
    ("validity_indefinite", gettext_lazy("document valid indefinitely")),
    ("workload_hours", gettext_lazy("indicative workload (hours)")),
    ("isced_code", gettext_lazy("ISCED field code")),
    ("pkd_code", gettext_lazy("PKD code")),
]
# (field, label): translated public fields; both languages are shown, each under its own label.
TRANSLATED_FIELDS = [
    ("name", gettext_lazy("name")),
    ("document_name", gettext_lazy("confirming document")),
    ("renewal_conditions", gettext_lazy("conditions for renewing the document")),
    ("characteristic", gettext_lazy("short characteristic")),
    ("entitlements", gettext_lazy("entitlements")),
    ("target_groups", gettext_lazy("target groups")),
    ("entry_conditions", gettext_lazy("conditions for entering validation")),
    ("validation_requirements", gettext_lazy("validation requirements")),
    ("ic_additional_conditions", gettext_lazy("additional conditions for certifying institutions")),
    ("demand", gettext_lazy("demand for the qualification")),
    ("typical_uses", gettext_lazy("typical uses")),
]
LANGUAGE_LABELS = {"pl": gettext_lazy("in Polish"), "en": gettext_lazy("in English")}
PUBLIC_FIELDS = [name for name, _label in PLAIN_FIELDS] + [
    f"{name}_{language}" for name, _label in TRANSLATED_FIELDS for language in ("pl", "en")
]
PROSE_FIELDS = {f"{name}_{language}" for name, _label in TRANSLATED_FIELDS for language in ("pl", "en")}
CHOICES = {"type": QualificationType, "category": Category, "status": Status}
RIGHT_ACTIONS = {
    RightAction.GRANT: gettext_lazy("certification right granted to %(institution)s"),
    RightAction.SUSPEND: gettext_lazy("certification right of %(institution)s suspended"),
    RightAction.REINSTATE: gettext_lazy("certification right of %(institution)s reinstated"),
    RightAction.WITHDRAW: gettext_lazy("certification right of %(institution)s withdrawn"),
    RightAction.EXPIRE: gettext_lazy("certification right of %(institution)s expired"),
}
_TOKENS = re.compile(r"\s+|[^\s]+")


def field_label(name: str) -> str:
    for field_name, label in PLAIN_FIELDS:
        if field_name == name:
            return capfirst(str(label))
    base, language = name.rsplit("_", 1)
    label = dict(TRANSLATED_FIELDS)[base]
    return f"{capfirst(str(label))} ({LANGUAGE_LABELS[language]})"


def word_diff(old: str, new: str) -> SafeString:
    """``old`` → ``new`` as HTML: removed words in ``<del>``, added words in ``<ins>``, all text escaped."""
    before, after = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            parts.append(escape("".join(before[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(before[i1:i2]))}</del>")
        if i2 > i1 and j2 > j1:
            parts.append(" ")  # "old new", not "oldnew"
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(after[j1:j2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


@dataclass
class FieldChange:
    name: str
    label: str
    diff: SafeString
    prose: bool  # long text: shown as a block rather than inline
    summary: str = ""  # plain text for e-mails: the label, and old → new for short values


@dataclass
class Entry:
    """One dated item of the public history: a version of the record, or a day's right events."""

    when: object
    kind: str  # "published", "changed" or "rights"
    changes: list[FieldChange] = field(default_factory=list)
    legal_basis: str = ""
    rights: list[str] = field(default_factory=list)
    status_changed: bool = False
    status_only: bool = False

    @property
    def date(self):
        return timezone.localdate(self.when)


def _display(name: str, value, names: dict) -> str:
    if value in (None, ""):
        return ""
    if name in CHOICES:
        try:
            return str(CHOICES[name](value).label)
        except ValueError:
            return str(value)
    if name == "ministry_id":
        return names["ministry"].get(value, str(value))
    if name == "sector_framework_id":
        return names["framework"].get(value, str(value))
    if name == "validity_indefinite":
        return _("yes") if value else _("no")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def mp_reference(row: dict) -> str:
    if row.get("mp_year") and row.get("mp_position"):
        reference = f"M.P. {row['mp_year']} poz. {row['mp_position']}"
        return f"{reference} ({row['mp_date'].isoformat()})" if row.get("mp_date") else reference
    return ""


def _versions(qualification_id: int) -> list[dict]:
    rows = (
        Qualification.history.filter(id=qualification_id)
        .exclude(history_type="-")
        .order_by("history_date", "history_id")
        .values("history_date", *PUBLIC_FIELDS)
    )
    return list(rows)


def _names(versions: list[dict]) -> dict:
    ministries = {row["ministry_id"] for row in versions if row["ministry_id"]}
    frameworks = {row["sector_framework_id"] for row in versions if row["sector_framework_id"]}
    lang = "en" if is_english() else "pl"

    def pick(pl, en):
        return en if lang == "en" and en else pl

    ministry_rows = Ministry.objects.filter(pk__in=ministries).values_list("pk", "name_pl", "name_en")
    framework_rows = SectorFramework.objects.filter(pk__in=frameworks).values_list(
        "pk", "name_pl", "name_en", "abbreviation"
    )
    return {
        "ministry": {pk: pick(pl, en) for pk, pl, en in (ministry_rows if ministries else [])},
        "framework": {
            pk: f"{pick(pl, en)} ({abbreviation})"
            for pk, pl, en, abbreviation in (framework_rows if frameworks else [])
        },
    }


def version_entries(versions: list[dict]) -> list[Entry]:
    """The public versions, oldest first: the first one not a draft is the publication; each later
    version that changed a public field lists its changes."""
    names = _names(versions)
    entries = []
    previous = None
    for row in versions:
        if previous is None:
            if row["status"] == Status.DRAFT:
                continue  # the draft period: not part of the public record
            entries.append(Entry(when=row["history_date"], kind="published", legal_basis=mp_reference(row)))
            previous = row
            continue
        changes = []
        for name in PUBLIC_FIELDS:
            old, new = previous[name], row[name]
            if (old or None) == (new or None) or old == new:
                continue
            if name == "code" and not old:
                # An empty code is set to the ZRK id right after the insert, without a history row
                # of its own: not a change anybody made.
                continue
            label = field_label(name)
            if name in PROSE_FIELDS:
                diff, summary = word_diff(old or "", new or ""), label
            else:
                before, after = _display(name, old, names), _display(name, new, names)
                diff, summary = word_diff(before, after), f"{label}: {before or '–'} → {after or '–'}"
            changes.append(FieldChange(name, label, diff, name in PROSE_FIELDS, summary))
        if changes:
            reference = mp_reference(row)
            mp_changed = any(change.name in ("mp_year", "mp_position", "mp_date") for change in changes)
            entries.append(
                Entry(
                    when=row["history_date"],
                    kind="changed",
                    changes=changes,
                    legal_basis=reference if mp_changed else "",
                    status_changed=any(change.name == "status" for change in changes),
                    status_only=[change.name for change in changes] == ["status"],
                )
            )
        previous = row
    return entries


def right_entries(qualification_id: int, since=None, *, after=None, until=None) -> list[Entry]:
    """The certification rights' lifecycle recorded from ``since`` (or strictly after ``after``) up to
    ``until``, one entry per day, oldest first."""
    events = RightEvent.objects.filter(right__qualification_id=qualification_id)
    if since is not None:
        events = events.filter(created_at__gte=since)
    if after is not None:
        events = events.filter(created_at__gt=after)
    if until is not None:
        events = events.filter(created_at__lte=until)
    english = is_english()
    entries: dict = {}
    for created, action, effective, name_pl, name_en in events.order_by("created_at", "pk").values_list(
        "created_at", "action", "effective_on", "right__institution__name_pl", "right__institution__name_en"
    ):
        day = timezone.localdate(created)
        entry = entries.setdefault(day, Entry(when=created, kind="rights"))
        institution = name_en if english and name_en else name_pl
        text = RIGHT_ACTIONS.get(action, RIGHT_ACTIONS[RightAction.GRANT]) % {"institution": institution}
        effective_on = date_format(effective, "DATE_FORMAT")
        entry.rights.append(_("%(change)s, effective %(date)s") % {"change": text, "date": effective_on})
    return list(entries.values())


def public_history(qualification: Qualification) -> list[Entry]:
    """Everything the changes page shows, newest first."""
    versions = version_entries(_versions(qualification.pk))
    published = versions[0].when if versions else None
    entries = versions + right_entries(qualification.pk, since=published)
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
