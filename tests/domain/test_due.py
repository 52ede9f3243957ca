"""The due list around the 4-week PSFS boundary and the 3-day conversation deadline."""

from datetime import date, timedelta

import pytest

from app.domain.due import conversation_status, follow_up_due, follow_up_status, in_iso_week

BASELINE = date(2026, 10, 1)  # follow-up falls due on day 28: 2026-10-29; window 7 days → through 11-05


def day(n: int) -> date:
    return BASELINE + timedelta(days=n)


@pytest.mark.parametrize("days_after_baseline, status", [
    (20, None),          # 8 days before the due date: not on the list yet
    (21, "upcoming"),    # 7 days before
    (27, "upcoming"),
    (28, "due"),         # the due date itself
    (35, "due"),         # last day of the 7-day window
    (36, "overdue"),
])
def test_psfs_follow_up_status_around_the_four_week_boundary(days_after_baseline, status):
    assert follow_up_status(BASELINE, None, day(days_after_baseline)) == status


def test_follow_up_is_due_28_days_after_the_baseline():
    assert follow_up_due(BASELINE, None) == date(2026, 10, 29)


def test_nothing_is_due_once_the_follow_up_is_scored_or_without_baseline():
    assert follow_up_due(BASELINE, day(30)) is None
    assert follow_up_status(BASELINE, day(30), day(40)) is None
    assert follow_up_due(None, None) is None


@pytest.mark.parametrize("today_offset, held_offset, status", [
    (-1, None, None),        # pathway starts tomorrow
    (0, None, "missing"),    # start day, none held yet
    (3, None, "missing"),    # day 3 is still within the deadline
    (4, None, "late"),       # deadline passed
    (10, 2, None),           # held on day 2: in time
    (10, 5, "held_late"),
])
def test_what_matters_conversation_within_three_days(today_offset, held_offset, status):
    start = date(2026, 11, 2)
    held = start + timedelta(days=held_offset) if held_offset is not None else None
    assert conversation_status(start, held, start + timedelta(days=today_offset)) == status


def test_due_this_iso_week():
    monday = date(2026, 11, 23)
    assert in_iso_week(date(2026, 11, 29), monday)      # Sunday of the same week
    assert not in_iso_week(date(2026, 11, 30), monday)  # next Monday
