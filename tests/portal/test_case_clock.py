"""The statutory clock of the case page: the same working-day and holiday rules as the back-office,
days used and left, the minister's extension and the consultation's closing date."""

import datetime

import pytest

from applications import deadlines
from applications.portal.clock import clock
from applications.workflow.engine import perform
from tests.portal.case_support import filed, staff_users, workflow_of

pytestmark = pytest.mark.django_db


def test_the_formal_check_runs_14_days_from_the_submission():
    application = filed("inclusion")
    start = datetime.date(2026, 3, 2)  # a Monday; +14 days is Monday 16 March, a working day
    application.submitted_on = start
    application.formal_check_due = deadlines.formal_check_due(start)
    today = datetime.date(2026, 3, 10)
    result = clock(application, today)
    assert result.due == datetime.date(2026, 3, 16) and not result.moved
    assert (result.days_used, result.days_left) == (8, 6)
    assert result.working_days_left == 4  # 11, 12, 13 and 16 March
    assert str(result.period) == "14 dni"


def test_a_deadline_on_a_holiday_moves_to_the_next_working_day_and_says_so():
    application = filed("rights")
    # 28 October + 14 days = 11 November, Independence Day (a Wednesday in 2026).
    start = datetime.date(2026, 10, 28)
    application.submitted_on = start
    application.formal_check_due = deadlines.formal_check_due(start)
    result = clock(application, datetime.date(2026, 11, 10))
    assert result.nominal_due == datetime.date(2026, 11, 11)
    assert result.due == datetime.date(2026, 11, 12) and result.moved
    assert result.days_left == 2 and result.working_days_left == 1  # 11 November is a holiday


def test_the_completion_period_starts_with_the_request_and_can_pass():
    staff = staff_users()
    application = filed("pzzj")
    workflow = workflow_of("pzzj")
    perform(application.pk, "start_formal_check", staff["operator"], workflow=workflow)
    perform(application.pk, "request_completion", staff["operator"], workflow=workflow, comment="Brak statutu.")
    application.refresh_from_db()
    requested = application.events.get(action="request_completion").created_at.date()
    result = clock(application, requested + datetime.timedelta(days=10))
    assert result.started_on == requested and result.due == application.completion_due
    assert result.days_used == 10 and str(result.period) == "30 dni"
    late = clock(application, application.completion_due + datetime.timedelta(days=3))
    assert late.overdue and late.days_overdue == 3 and late.percent_used == 100


def test_the_minister_s_four_months_and_the_one_extension():
    application = filed("inclusion", "forwarded")
    forwarded = datetime.date(2026, 1, 15)
    application.forwarded_on = forwarded
    application.minister_due = deadlines.minister_due(forwarded)
    result = clock(application, datetime.date(2026, 2, 1))
    assert result.due == datetime.date(2026, 5, 15) and str(result.period) == "4 miesiące"
    application.deadline_extended = True
    application.minister_due = deadlines.minister_due(forwarded, extended=True)
    extended = clock(application, datetime.date(2026, 2, 1))
    assert extended.extended and extended.due == datetime.date(2026, 9, 15)
    assert "przedłużone" in str(extended.period)


def test_the_coordinating_minister_s_month_for_the_pzzj_list():
    application = filed("pzzj", "forwarded")
    application.forwarded_on = datetime.date(2026, 4, 3)
    application.minister_due = deadlines.add_months(application.forwarded_on, 1)  # 3 May: a holiday, Sunday
    result = clock(application, datetime.date(2026, 4, 3))
    assert result.due == datetime.date(2026, 5, 4) and result.moved
    assert str(result.period) == "1 miesiąc" and "koordynatora" in str(result.step)


def test_no_clock_where_no_statutory_period_runs():
    assert clock(filed("inclusion", "decided")) is None
    assert clock(filed("rights", "withdrawn")) is None


def test_the_page_shows_the_clock(client):
    from tests.portal.case_support import MemberRole, case_url, member

    application = filed("inclusion", "forwarded")
    client.force_login(member(application.applicant, MemberRole.EDITOR, "editor"))
    text = client.get(case_url("inclusion", application)).content.decode()
    assert "Rozpatrywanie przez ministra właściwego" in text
    assert f'datetime="{application.minister_due.isoformat()}"' in text
    assert "Pozostało dni" in text and "roboczych" in text
