"""What is due for a pathway: the 4-week PSFS follow-up and the «Hva er viktig for deg?» conversation."""

from __future__ import annotations

from datetime import date, timedelta

from app.domain.content_store import psfs_rules

CONVERSATION_WITHIN_DAYS = 3
UPCOMING_DAYS = 7


def follow_up_due(baseline_on: date | None, follow_up_on: date | None) -> date | None:
    """The date the PSFS follow-up falls due, or None (no baseline yet, or follow-up already scored)."""
    if baseline_on is None or follow_up_on is not None:
        return None
    return baseline_on + timedelta(days=psfs_rules()["follow_up_after_days"])


def follow_up_status(baseline_on: date | None, follow_up_on: date | None, today: date) -> str | None:
    """'upcoming' in the week before the due date, 'due' from it through the window, then 'overdue'."""
    due_on = follow_up_due(baseline_on, follow_up_on)
    if due_on is None:
        return None
    window = psfs_rules()["follow_up_window_days"]
    if today < due_on - timedelta(days=UPCOMING_DAYS):
        return None
    if today < due_on:
        return "upcoming"
    if today <= due_on + timedelta(days=window):
        return "due"
    return "overdue"


def conversation_status(start_date: date, first_conversation_on: date | None, today: date) -> str | None:
    """'missing' while none is held and the 3 days are running, 'late' after them; None once held in time
    or before the pathway has started. A conversation held after the deadline is 'held_late'."""
    deadline = start_date + timedelta(days=CONVERSATION_WITHIN_DAYS)
    if first_conversation_on is not None:
        return "held_late" if first_conversation_on > deadline else None
    if today < start_date:
        return None
    return "late" if today > deadline else "missing"


def in_iso_week(day: date | None, today: date) -> bool:
    return day is not None and day.isocalendar()[:2] == today.isocalendar()[:2]
