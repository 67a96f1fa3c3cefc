"""django-simple-history's admin, made readable for the register's staff: headers and values in the
reader's language (a choice's label, not its code; nothing for an empty value), one row per change
(a save that changed nothing is not listed), the full old and new text of every changed field, and
404 (not 500) for an address whose id is not an id."""

import datetime

from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin


def field_label(model, name: str, model_admin=None) -> str:
    """A field's verbose name, or an admin method's description, capitalised."""
    try:
        return capfirst(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        method = getattr(model_admin, name, None) if model_admin else None
        return capfirst(getattr(method, "short_description", name.replace("_", " ")))


def display_value(model, name: str, value) -> str:
    """How a reader should see one stored value: a choice's label, yes/no, a date in their format,
    a related record's name, and nothing at all for an empty value."""
    if value is None or value == "" or value == []:
        return ""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, list | tuple):  # many-to-many: the related rows
        return ", ".join(str(item.get("name", item) if isinstance(item, dict) else item) for item in value)
    return str(value)


class HistoryAdmin(SimpleHistoryAdmin):
    object_history_template = "admin/zrk_history/object_history.html"
    object_history_list_template = "admin/zrk_history/object_history_list.html"

    def _valid_id_or_404(self, object_id, model=None):
        try:
            (model or self.model)._meta.pk.to_python(unquote(object_id))
        except (ValidationError, ValueError, TypeError) as bad:
            raise Http404 from bad

    def history_view(self, request, object_id, extra_context=None):
        self._valid_id_or_404(object_id)
        columns = [field_label(self.model, name, self) for name in self.get_history_list_display(request)]
        extra_context = {"history_columns": columns, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._valid_id_or_404(object_id)
        self._valid_id_or_404(version_id, self.model.history.model)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each record (newest first) gets ``readable_changes`` against the one before it, and
        ``readable_columns`` for the listed fields; a record that changed nothing is marked
        ``unchanged`` and left out of the table."""
        records = list(historical_records)
        columns = self.get_history_list_display(request)
        for index, record in enumerate(records):
            record.readable_columns = [display_value(self.model, name, getattr(record, name, None)) for name in columns]
            record.readable_changes = []
            record.unchanged = False
            older = records[index + 1] if index + 1 < len(records) else record.prev_record
            if older is None or record.history_type != "~":
                continue
            delta = record.diff_against(older, foreign_keys_are_objs=foreign_keys_are_objs)
            record.readable_changes = [
                {
                    "field": field_label(self.model, change.field, self),
                    "old": display_value(self.model, change.field, change.old),
                    "new": display_value(self.model, change.field, change.new),
                }
                for change in delta.changes
                if change.field != "updated_at"
            ]
            record.unchanged = not record.readable_changes
