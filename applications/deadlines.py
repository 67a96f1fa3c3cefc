"""Statutory deadlines in working days' terms (Code of Administrative Procedure art. 57).

A period in days ends on the day that many days after its start; a period in months ends on the same
day of the month (or the last day of a shorter month). A deadline that falls on a Saturday, a Sunday
or a Polish public holiday moves to the next working day. Holidays come from the maintained
``holidays`` library, which knows 24 December as a public holiday from 2025 on.
"""

import calendar
import datetime
from functools import cache

FORMAL_CHECK_DAYS = 14
COMPLETION_DAYS = 30
MINISTER_MONTHS = 4
EXTENSION_MONTHS = 4


@cache
def _poland():
    # Imported on first use: the library loads every country's calendar (some 12 MB of a worker's
    # memory), and the public pages, which most workers serve, never count working days.
    import holidays

    return holidays.country_holidays("PL")


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _poland()


def next_working_day(day: datetime.date) -> datetime.date:
    """The day itself when it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def add_days(start: datetime.date, days: int) -> datetime.date:
    return next_working_day(start + datetime.timedelta(days=days))


def add_months(start: datetime.date, months: int) -> datetime.date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return next_working_day(datetime.date(year, month, day))


def formal_check_due(start: datetime.date) -> datetime.date:
    return add_days(start, FORMAL_CHECK_DAYS)


def completion_due(start: datetime.date) -> datetime.date:
    return add_days(start, COMPLETION_DAYS)


def minister_due(forwarded_on: datetime.date, extended: bool = False) -> datetime.date:
    return add_months(forwarded_on, MINISTER_MONTHS + (EXTENSION_MONTHS if extended else 0))
