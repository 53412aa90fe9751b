"""The caseload at a glance (Home): which signs are new for a person.

"New" as DESIGN section 6 defines it: noted in the recent window (the last 30 days up to today) and
never noted earlier in the whole log. Pure: compact marks in, sign ids out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from redflags.terms import Marks

RECENT_DAYS = 30  # the "recent" window: the last 30 days (of a period, or up to today)


def new_signs(marks: Iterable[Marks], today: date, *, days: int = RECENT_DAYS) -> frozenset[str]:
    """The signs noted in the last ``days`` days up to ``today`` (both included) and never noted
    before them. Check-ins after ``today`` are left out."""
    start = today - timedelta(days=days - 1)
    recent: set[str] = set()
    earlier: set[str] = set()
    for mark in marks:
        day = mark.observed_at.date()
        if day < start:
            earlier |= mark.noted
        elif day <= today:
            recent |= mark.noted
    return frozenset(recent - earlier)
