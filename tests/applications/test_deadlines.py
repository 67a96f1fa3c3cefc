"""Working-day deadlines around Polish public holidays (KPA art. 57)."""

import datetime

import pytest

from applications import deadlines

D = datetime.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2025, 5, 1), False),  # Labour Day (Thursday)
        (D(2025, 5, 2), True),  # the Friday between: a working day
        (D(2025, 5, 3), False),  # Constitution Day (Saturday)
        (D(2025, 4, 21), False),  # Easter Monday
        (D(2025, 11, 11), False),  # Independence Day (Tuesday)
        (D(2025, 12, 24), False),  # Christmas Eve: a public holiday from 2025
        (D(2024, 12, 24), True),  # ...but not before
        (D(2025, 12, 23), True),
        (D(2025, 6, 7), False),  # a plain Saturday
        (D(2025, 6, 8), False),  # Sunday (Pentecost)
    ],
)
def test_working_days(day, working):
    assert deadlines.is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2025, 4, 17), 14, D(2025, 5, 2)),  # 1 May is a holiday: 14 days land on 1 May -> Friday 2 May
        (D(2025, 4, 19), 14, D(2025, 5, 5)),  # lands on Saturday 3 May -> Monday 5 May
        (D(2025, 4, 7), 14, D(2025, 4, 22)),  # lands on Easter Monday 21 April -> Tuesday
        (D(2025, 10, 28), 14, D(2025, 11, 12)),  # lands on 11 November -> 12 November
        (D(2025, 11, 24), 30, D(2025, 12, 29)),  # 24 Dec (Wed) -> 25, 26 holidays, 27-28 weekend -> Monday 29
        (D(2025, 12, 10), 14, D(2025, 12, 29)),  # 24 December 2025 itself is not a working day
        (D(2024, 12, 10), 14, D(2024, 12, 24)),  # in 2024 it still was one
        (D(2025, 6, 2), 14, D(2025, 6, 16)),  # an ordinary Monday stays
    ],
)
def test_add_days_moves_to_the_next_working_day(start, days, due):
    assert deadlines.add_days(start, days) == due


def test_formal_check_and_completion_periods():
    assert deadlines.formal_check_due(D(2025, 4, 17)) == D(2025, 5, 2)
    assert deadlines.completion_due(D(2025, 4, 1)) == D(2025, 5, 2)  # 1 May -> 2 May


@pytest.mark.parametrize(
    ("forwarded", "extended", "due"),
    [
        (D(2025, 1, 3), False, D(2025, 5, 5)),  # 3 May (Saturday, holiday) -> Monday 5 May
        (D(2024, 12, 21), False, D(2025, 4, 22)),  # 21 April 2025 is Easter Monday
        (D(2025, 7, 11), False, D(2025, 11, 12)),  # 11 November
        (D(2025, 8, 24), False, D(2025, 12, 29)),  # 24 December 2025 -> 25, 26, weekend -> 29
        (D(2025, 4, 24), True, D(2025, 12, 29)),  # 4 + 4 months: 24 December again
        (D(2023, 10, 31), False, D(2024, 2, 29)),  # no 31 February: the last day of the month
        (D(2025, 10, 31), False, D(2026, 3, 2)),  # 28 February 2026 is a Saturday -> Monday 2 March
        (D(2025, 6, 2), False, D(2025, 10, 2)),
    ],
)
def test_minister_deadline_in_months(forwarded, extended, due):
    assert deadlines.minister_due(forwarded, extended=extended) == due
