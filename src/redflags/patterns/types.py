"""The Summary of a person's check-ins over a period: plain frozen values, made by ``patterns``.

``Summary.to_json()`` gives the ``redflags.patterns.types/1`` shape of DESIGN section 6.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from redflags.terms import Route

SCHEMA = "redflags.patterns.types/1"

# Fixed English names: calendar.day_name follows the locale, and the JSON must not.
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Direction(str, Enum):
    """Which way the share of check-ins with a sign noted moved from the earlier to the later half."""

    RISING = "rising"
    FALLING = "falling"
    STEADY = "steady"
    TOO_FEW = "too-few"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True, slots=True)
class Count:
    """Check-ins where a sign was noted, out of those where it was checked (noted or not seen)."""

    noted: int
    checked: int

    def to_json(self) -> dict[str, int]:
        """The count as {"noted", "checked"}."""
        return {"noted": self.noted, "checked": self.checked}


@dataclass(frozen=True, slots=True)
class Trend:
    """The earlier and later halves of the check-ins where a sign was checked, and the direction."""

    earlier: Count
    later: Count
    direction: Direction

    def to_json(self) -> dict[str, Any]:
        """The trend as {"earlier", "later", "direction"}."""
        return {
            "earlier": self.earlier.to_json(),
            "later": self.later.to_json(),
            "direction": self.direction.value,
        }


@dataclass(frozen=True, slots=True)
class SignSummary:
    """One sign over the period. ``explained`` counts noted check-ins marked as likely explained."""

    id: str
    group: str
    label: str
    noted: int
    not_seen: int
    not_checked: int
    explained: int
    days_noted: int
    first_noted: date | None
    last_noted: date | None
    trend: Trend

    @property
    def checked(self) -> int:
        """Check-ins where the sign was looked for: noted or not seen."""
        return self.noted + self.not_seen

    def to_json(self) -> dict[str, Any]:
        """The sign in the summary JSON shape."""
        return {
            "id": self.id,
            "group": self.group,
            "label": self.label,
            "noted": self.noted,
            "not_seen": self.not_seen,
            "not_checked": self.not_checked,
            "explained": self.explained,
            "days_noted": self.days_noted,
            "first_noted": _iso(self.first_noted),
            "last_noted": _iso(self.last_noted),
            "trend": self.trend.to_json(),
        }


@dataclass(frozen=True, slots=True)
class GroupSummary:
    """One route group: check-ins with any of its signs noted, and with any of them checked."""

    id: str
    route: Route
    noted_checkins: int
    checked_checkins: int

    def to_json(self) -> dict[str, Any]:
        """The group in the summary JSON shape."""
        return {
            "id": self.id,
            "route": self.route.value,
            "noted_checkins": self.noted_checkins,
            "checked_checkins": self.checked_checkins,
        }


@dataclass(frozen=True, slots=True)
class Pair:
    """Two signs (in checklist order) noted in the same check-in, and in how many check-ins."""

    signs: tuple[str, str]
    together: int

    def to_json(self) -> dict[str, Any]:
        """The pair as {"signs": [a, b], "together"}."""
        return {"signs": list(self.signs), "together": self.together}


@dataclass(frozen=True, slots=True)
class WeekdaySummary:
    """Check-ins on one weekday, and how many of them had anything noted."""

    day: str
    checkins: int
    with_noted: int

    def to_json(self) -> dict[str, Any]:
        """The weekday as {"day", "checkins", "with_noted"}."""
        return {"day": self.day, "checkins": self.checkins, "with_noted": self.with_noted}


@dataclass(frozen=True, slots=True)
class TreatmentComparison:
    """One sign on check-ins marked as treatment days against those marked as other days."""

    id: str
    yes: Count
    no: Count

    def to_json(self) -> dict[str, Any]:
        """The comparison as {"id", "yes", "no"}."""
        return {"id": self.id, "yes": self.yes.to_json(), "no": self.no.to_json()}


@dataclass(frozen=True, slots=True)
class Period:
    """Both ends are whole local days and included; ``days_checked`` have at least one check-in."""

    since: date
    until: date
    days: int
    days_checked: int

    def to_json(self) -> dict[str, Any]:
        """The period as {"since", "until", "days", "days_checked"}."""
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "days": self.days,
            "days_checked": self.days_checked,
        }


@dataclass(frozen=True, slots=True)
class Summary:
    """What the check-ins of a period show, sign by sign, with every denominator kept.

    ``treatment_checkins`` were marked as treatment days and ``treatment_unknown`` as unknown; the
    rest were marked as other days. ``checked_days`` and ``noted_days`` feed the day-by-day strip.
    """

    person: str
    checklist: str
    period: Period
    checkins: int
    treatment_checkins: int
    treatment_unknown: int
    signs: tuple[SignSummary, ...]
    groups: tuple[GroupSummary, ...]
    pairs: tuple[Pair, ...]
    weekdays: tuple[WeekdaySummary, ...]
    treatment: tuple[TreatmentComparison, ...]
    caveats: tuple[str, ...]
    checked_days: frozenset[date]
    noted_days: frozenset[date]
    observers: tuple[str, ...] = ()  # who recorded the check-ins, in order of first appearance

    @property
    def other_day_checkins(self) -> int:
        """Check-ins marked as not a treatment day."""
        return self.checkins - self.treatment_checkins - self.treatment_unknown

    def sign(self, sign_id: str) -> SignSummary | None:
        """The summary of one sign, if the checklist has it."""
        return next((s for s in self.signs if s.id == sign_id), None)

    def to_json(self) -> dict[str, Any]:
        """The ``redflags.patterns.types/1`` JSON shape (DESIGN section 6), dates as YYYY-MM-DD."""
        return {
            "schema": SCHEMA,
            "person": self.person,
            "checklist": self.checklist,
            "period": self.period.to_json(),
            "checkins": self.checkins,
            "treatment_checkins": self.treatment_checkins,
            "treatment_unknown": self.treatment_unknown,
            "signs": [s.to_json() for s in self.signs],
            "groups": [g.to_json() for g in self.groups],
            "pairs": [p.to_json() for p in self.pairs],
            "weekdays": [w.to_json() for w in self.weekdays],
            "treatment": [t.to_json() for t in self.treatment],
            "caveats": list(self.caveats),
        }
