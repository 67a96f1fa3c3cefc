"""Template filters of the applicant portal's preview: a section's answers as (label, text) pairs,
labelled as on the section's form, and the files of one section."""

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.portal.draft_forms import section_form_class
from applications.portal.kinds import kind_of
from applications.portal.sections import DESCRIPTION

register = template.Library()


def _display(record, name):
    if name == "ministries":
        return ", ".join(str(ministry) for ministry in record.ministries.order_by("name"))
    value = getattr(record, name, None)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    display = getattr(record, f"get_{name}_display", None)
    if display is not None:
        return display()
    if hasattr(value, "isoformat"):
        return date_format(value, "j E Y")
    return "" if value is None else str(value)


@register.filter
def answers(application, section):
    record = application.draft if section.target == DESCRIPTION else application
    form = section_form_class(kind_of(application).slug, section)(instance=record)
    return [(field.label, _display(record, name)) for name, field in form.fields.items()]


@register.filter
def in_section(files, slug):
    return [file for file in files if file.section == slug]
