"""The rules a Monitor Polski notice and an inclusion date obey, for the publication step of the
workflow and the qualification admin alike. The database holds the same rules where they do not
depend on today's date (check constraints and a unique reference on Qualification)."""

import datetime

from django.utils.translation import gettext as _

from qualifications.models import ACT_IN_FORCE, Qualification


def notice_errors(
    *,
    mp_year: int | None,
    mp_position: int | None,
    mp_date: datetime.date | None,
    included_on: datetime.date | None,
    today: datetime.date,
    exclude_pk: int | None = None,
) -> dict[str, str]:
    """Field name -> why the value is impossible; empty when the notice data hold together."""
    errors = {}
    act = ACT_IN_FORCE.strftime("%Y-%m-%d")
    if mp_date is not None:
        if mp_date > today:
            errors["mp_date"] = _("The date of the notice cannot be in the future.")
        elif mp_date < ACT_IN_FORCE:
            errors["mp_date"] = _(
                "The date of the notice cannot be before the Act on the Integrated Qualifications System "
                "came into force (%(date)s)."
            ) % {"date": act}
        elif mp_year is not None and mp_date.year != mp_year:
            errors["mp_date"] = _(
                "The notice is dated %(date)s but its Monitor Polski year is %(year)s: they must match."
            ) % {"date": mp_date.isoformat(), "year": mp_year}
    if included_on is not None:
        if included_on < ACT_IN_FORCE:
            errors["included_on"] = _(
                "A qualification cannot be included before the Act on the Integrated Qualifications System "
                "came into force (%(date)s)."
            ) % {"date": act}
        elif mp_date is not None and included_on < mp_date:
            errors["included_on"] = _("A qualification is included on or after the date of its notice (%(date)s).") % {
                "date": mp_date.isoformat()
            }
    if mp_year is not None and mp_position is not None:
        other = (
            Qualification.objects.filter(mp_year=mp_year, mp_position=mp_position)
            .exclude(pk=exclude_pk)
            .only("zrk_id", "name_pl")
            .first()
        )
        if other is not None:
            errors["mp_position"] = _(
                "M.P. %(year)s poz. %(position)s is already the notice of “%(name)s” (ZRK id %(id)s)."
            ) % {"year": mp_year, "position": mp_position, "name": other.name_pl, "id": other.zrk_id}
    return errors
