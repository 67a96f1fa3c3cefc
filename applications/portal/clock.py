"""The statutory clock of an application's current step, as the applicant portal shows it: which period
runs, when it started, its deadline, the days used and left.

The deadline is the one the back-office keeps on the application (``BaseApplication.deadline``,
computed by ``applications.deadlines`` with its working-day and holiday rules); where an older record
lacks it, it is computed here by the same functions. Days are counted as the Code of Administrative
Procedure counts periods (calendar days); the working days left are given beside them, and a deadline
moved off a Saturday, a Sunday or a public holiday says so.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from applications import deadlines

# The events that start each period (the latest one counts).
COMPLETION_ENDS = ("receive_completion", "answer_completion")
COMPLETION_STARTS = ("request_completion",)
MINISTER_STATES = ("forwarded", "consultation", "expert_review")


@dataclass(frozen=True)
class Clock:
    step: str  # what the period is for
    period: str  # its statutory length, e.g. "14 days"
    started_on: datetime.date
    due: datetime.date
    today: datetime.date
    nominal_due: datetime.date  # the end of the period before moving it to a working day
    extended: bool = False
    consultation_closes_on: datetime.date | None = None

    @property
    def days_used(self) -> int:
        return max((self.today - self.started_on).days, 0)

    @property
    def days_left(self) -> int:
        """Calendar days from today to the deadline (0 on the day itself, negative once it passed)."""
        return (self.due - self.today).days

    @property
    def days_overdue(self) -> int:
        return max(-self.days_left, 0)

    @property
    def overdue(self) -> bool:
        return self.today > self.due

    @property
    def working_days_left(self) -> int:
        """Working days after today up to and including the deadline."""
        day, count = self.today, 0
        while day < self.due:
            day += datetime.timedelta(days=1)
            count += deadlines.is_working_day(day)
        return count

    @property
    def moved(self) -> bool:
        """Whether the period ended on a day off and the deadline moved to the next working day."""
        return self.nominal_due != self.due and not deadlines.is_working_day(self.nominal_due)

    @property
    def percent_used(self) -> int:
        total = (self.due - self.started_on).days
        if total <= 0:
            return 100
        return min(100, max(0, round(100 * self.days_used / total)))


def _local_date(moment) -> datetime.date:
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()


def _last_event_date(application, actions) -> datetime.date | None:
    event = application.events.filter(action__in=actions).order_by("-created_at", "-pk").first()
    return _local_date(event.created_at) if event else None


def _add_days_nominal(start, days):
    return start + datetime.timedelta(days=days)


def _add_months_nominal(start, months):
    # The same calendar rule as deadlines.add_months, without moving to a working day.
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _months_between(start: datetime.date, end: datetime.date) -> int:
    """The whole months of a period set in months (the minister's deadline), read from its dates."""
    for months in range(1, 25):
        if deadlines.add_months(start, months) >= end:
            return months
    return 0


def clock(application, today: datetime.date | None = None) -> Clock | None:
    """The clock of the step the application is in, or None when no statutory period runs (a draft,
    a decided application waiting for its notice, or a closed one)."""
    today = today or timezone.localdate()
    state = application.state
    if state not in application.DEADLINES:
        return None
    if state in ("submitted", "formal_check"):
        # The submission starts it (the date the application arrived, not the day it was typed in);
        # a completion starts it again.
        started = application.submitted_on
        if state == "formal_check":
            started = max(started, _last_event_date(application, COMPLETION_ENDS) or started)
        due = application.formal_check_due or deadlines.formal_check_due(started)
        return Clock(
            step=_("Formal check by the registry"),
            period=_("14 days"),
            started_on=started,
            due=due,
            today=today,
            nominal_due=_add_days_nominal(started, deadlines.FORMAL_CHECK_DAYS),
        )
    if state == "completion_requested":
        started = _last_event_date(application, COMPLETION_STARTS)
        due = application.completion_due
        if started is None:
            started = (due - datetime.timedelta(days=deadlines.COMPLETION_DAYS)) if due else today
        due = due or deadlines.completion_due(started)
        return Clock(
            step=_("Your completion of the application"),
            period=_("30 days"),
            started_on=started,
            due=due,
            today=today,
            nominal_due=_add_days_nominal(started, deadlines.COMPLETION_DAYS),
        )
    # At the minister (the coordinating minister for the PZZJ list).
    started = application.forwarded_on or today
    extended = bool(getattr(application, "deadline_extended", False))
    due = application.minister_due or deadlines.minister_due(started, extended=extended)
    months = _months_between(started, due)
    if extended:
        period = _("4 months, extended once by 4 months")
    else:
        period = ngettext("%(months)d month", "%(months)d months", months) % {"months": months}
    consultation = None
    if state == "consultation":
        consultation = getattr(getattr(application, "consultation", None), "closes_on", None)
    coordinating = getattr(application, "ministry_id", None) is None  # the PZZJ list
    return Clock(
        step=_("Examination by the coordinating minister") if coordinating else _("Examination by the minister"),
        period=period,
        started_on=started,
        due=due,
        today=today,
        nominal_due=_add_months_nominal(started, months) if months else due,
        extended=extended,
        consultation_closes_on=consultation,
    )
