"""New signs for the Home caseload: noted in the last 30 days and never before in the whole log."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from redflags.patterns.caseload import new_signs
from redflags.terms import Marks, TreatmentDay

TODAY = date(2026, 3, 1)


def mark(days_back: int, *noted: str, not_seen: tuple[str, ...] = ()) -> Marks:
    day = TODAY - timedelta(days=days_back)
    return Marks(
        observed_at=datetime(day.year, day.month, day.day, 20, 0, tzinfo=timezone.utc),
        treatment_day=TreatmentDay.NO,
        noted=frozenset(noted),
        not_seen=frozenset(not_seen),
        explained=frozenset(),
    )


def test_a_sign_noted_lately_and_never_before_is_new() -> None:
    marks = [mark(90, not_seen=("cough",)), mark(3, "cough"), mark(0, "nosebleeds")]
    assert new_signs(marks, TODAY) == {"cough", "nosebleeds"}


def test_a_sign_noted_before_the_30_days_is_not_new_however_long_ago() -> None:
    assert new_signs([mark(3000, "cough"), mark(1, "cough")], TODAY) == frozenset()


def test_the_window_is_the_last_30_days_both_ends_included() -> None:
    assert new_signs([mark(29, "cough")], TODAY) == {"cough"}
    assert new_signs([mark(30, "cough")], TODAY) == frozenset()  # before the window: not recent
    assert new_signs([mark(-1, "cough")], TODAY) == frozenset()  # after today: left out


def test_only_noted_counts_not_looked_for_or_not_seen() -> None:
    assert new_signs([mark(40, not_seen=("cough",)), mark(2, not_seen=("cough",))], TODAY) == set()
    assert new_signs([], TODAY) == frozenset()
