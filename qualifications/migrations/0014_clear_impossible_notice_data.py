"""Before the notice constraints of the next migration: clear the values existing rows hold that the
constraints forbid, so the migration runs forward on a populated register.

Nothing here can know the right value, so an impossible one is emptied rather than guessed: the
record then appears in the data-quality view (date of the notice, date of inclusion or Monitor
Polski reference missing) for the registry operator to correct from the notice itself. Each change
is written to the record's history with the reason, so the old value stays visible.

- a notice dated in the future, before the Act (2016-01-15) or outside its Monitor Polski year:
  the date is emptied (the year and position are the citation and stay);
- an inclusion before the Act, or before the (remaining) date of the notice: the date is emptied;
- a Monitor Polski year and position used by several records: the record that carried it first
  (oldest, then lowest id) keeps it, the others lose year and position.
"""

import datetime

from django.db import migrations
from django.utils import timezone

ACT_IN_FORCE = datetime.date(2016, 1, 15)


def clear(apps, schema_editor):
    Qualification = apps.get_model("qualifications", "Qualification")
    History = apps.get_model("qualifications", "HistoricalQualification")
    history_fields = {f.attname for f in History._meta.fields} - {"history_id"}
    today = timezone.localdate()
    now = timezone.now()
    changes: dict[int, tuple[object, list[str]]] = {}

    def change(record, field, reason):
        setattr(record, field, None)
        changes.setdefault(record.pk, (record, []))[1].append(reason)

    candidates = Qualification.objects.exclude(mp_date__isnull=True, included_on__isnull=True)
    for record in candidates.order_by("pk").iterator():
        if record.mp_date is not None and (
            record.mp_date > today
            or record.mp_date < ACT_IN_FORCE
            or (record.mp_year is not None and record.mp_date.year != record.mp_year)
        ):
            change(record, "mp_date", "notice date")
        if record.included_on is not None and (
            record.included_on < ACT_IN_FORCE or (record.mp_date is not None and record.included_on < record.mp_date)
        ):
            change(record, "included_on", "inclusion date")

    seen = set()
    with_reference = Qualification.objects.filter(mp_year__isnull=False, mp_position__isnull=False)
    for record in with_reference.order_by("mp_year", "mp_position", "created_at", "pk").iterator():
        key = (record.mp_year, record.mp_position)
        if key in seen:
            record = changes.get(record.pk, (record, []))[0]
            record.mp_year = record.mp_position = None
            changes.setdefault(record.pk, (record, []))[1].append("duplicate M.P. reference")
        seen.add(key)

    for record, reasons in changes.values():
        # update(), not save(): the model's auto_now and the admin's history hooks are not here.
        Qualification.objects.filter(pk=record.pk).update(
            mp_year=record.mp_year,
            mp_position=record.mp_position,
            mp_date=record.mp_date,
            included_on=record.included_on,
            updated_at=now,
        )
        record.updated_at = now
        History.objects.create(
            **{name: getattr(record, name) for name in history_fields if hasattr(record, name)},
            history_date=now,
            history_type="~",
            history_change_reason=("impossible " + ", ".join(reasons) + " cleared")[:100],
            history_user_id=None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("qualifications", "0013_search_ministry_and_framework"),
    ]

    operations = [migrations.RunPython(clear, migrations.RunPython.noop)]
