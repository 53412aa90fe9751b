"""The Summary of a person's check-ins over a period: plain frozen values, made by ``patterns``.

``Summary.to_json()`` gives the ``redflags.summary/2`` shape of DESIGN section 6.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, NamedTuple, Protocol

from redflags.terms import Status, TreatmentDay

SCHEMA = "redflags.summary/2"

# Fixed English names: calendar.day_name follows the locale, and the JSON must not.
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Word(str, Enum):
    """The only two words a comparison of two windows ever uses (DESIGN section 6)."""

    NEW = "new"
    NOT_NOTED_LATELY = "not-noted-lately"


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


class QuotedSign(Protocol):
    """A sign's note in a check-in, with what was recorded for the sign."""

    @property
    def status(self) -> Status: ...
    @property
    def explained(self) -> bool: ...
    @property
    def note(self) -> str: ...


class Quoted(Protocol):
    """What a summary quotes of a check-in: a whole check-in (``model.CheckIn``) or only what
    its observer wrote, as the store reads it for quoting (``store.checkins.Written``)."""

    @property
    def id(self) -> str: ...
    @property
    def person(self) -> str: ...
    @property
    def checklist(self) -> str: ...
    @property
    def observed_at(self) -> datetime: ...
    @property
    def observer(self) -> str: ...
    @property
    def treatment_day(self) -> TreatmentDay: ...
    @property
    def setting(self) -> str: ...
    @property
    def note(self) -> str: ...
    @property
    def positives(self) -> str: ...
    @property
    def observations(self) -> Mapping[str, QuotedSign]: ...
    @property
    def labels(self) -> Mapping[str, str]: ...
    @property
    def deleted(self) -> bool: ...
    @property
    def day(self) -> date: ...


class StoredMarks(NamedTuple):
    """Check-ins' compact form as the store keeps it, one column each, in time order: the local
    day (YYYY-MM-DD), the treatment day's value, the sign ids noted, not seen, and noted and
    marked explained (each set sorted and joined by spaces), the observer; or, in place of the
    signs not seen, the signs looked for (noted or not seen; in any order), in ``checked``. With
    ``bits`` (each sign id's bit), the signs noted and explained may be numbers of those bits
    (see patterns.renumber)."""

    days: Sequence[str]
    treatment: Sequence[str]
    noted: Sequence[str | int]
    not_seen: Sequence[str]
    explained: Sequence[str | int]
    observers: Sequence[str]
    checked: Sequence[str] | None = None
    bits: Mapping[str, int] | None = None


@dataclass(frozen=True, slots=True)
class LogFacts:
    """What a summary needs of the log before the check-ins it is given: when the log began, the
    last treatment day (up to the period's end), and the signs noted on any day before
    ``before``. The check-ins given then start on ``before``."""

    began: date | None
    last_treatment_day: date | None
    noted_before: frozenset[str]
    before: date


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
    on_treatment_days: int = 0  # noted check-ins marked as treatment days

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
            "noted_on_treatment_days": self.on_treatment_days,
        }


@dataclass(frozen=True, slots=True)
class Window:
    """A run of whole local days (both ends included) and the check-ins in it."""

    since: date
    until: date
    checkins: int

    @property
    def days(self) -> int:
        """How many days the window spans (0 when it is empty)."""
        return max((self.until - self.since).days + 1, 0)

    def to_json(self) -> dict[str, Any]:
        """The window as {"since", "until", "checkins"}."""
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "checkins": self.checkins,
        }


@dataclass(frozen=True, slots=True)
class Change:
    """One sign in the two windows: noted out of looked for in each, and the one word that may
    describe the change (``None``: the counts stand side by side)."""

    id: str
    recent: Count
    before: Count
    word: Word | None
    first_noted: date | None  # the first day ever noted, for a sign that is new

    def to_json(self) -> dict[str, Any]:
        """The change as {"id", "recent", "before", "word", "first_noted"}."""
        return {
            "id": self.id,
            "recent": self.recent.to_json(),
            "before": self.before.to_json(),
            "word": self.word.value if self.word else None,
            "first_noted": _iso(self.first_noted),
        }


@dataclass(frozen=True, slots=True)
class Changes:
    """What changed between the ``before`` window and the ``recent`` one (DESIGN section 6).

    ``signs`` holds every sign noted in either window, in checklist order.
    """

    recent: Window
    before: Window
    signs: tuple[Change, ...]

    def to_json(self) -> dict[str, Any]:
        """The windows (the list of changes is the summary's ``changes``)."""
        return {"recent": self.recent.to_json(), "before": self.before.to_json()}


@dataclass(frozen=True, slots=True)
class Gap:
    """The longest run of days without a check-in, from the day the log counts from."""

    days: int
    since: date | None
    until: date | None

    def to_json(self) -> dict[str, Any]:
        """The gap as {"days", "since", "until"}."""
        return {"days": self.days, "since": _iso(self.since), "until": _iso(self.until)}


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much was observed (DESIGN section 6).

    ``counted_from`` is the later of the period's first day and the day the log began: days
    before the log began are not counted as days without a check-in. ``usual_looked_for`` is the
    median number of signs looked for per check-in, out of ``signs``. ``rarely`` holds the signs
    looked for in fewer than a quarter of the check-ins (but at least once), with their counts;
    ``never`` those never looked for in the period.
    """

    log_began: date | None
    counted_from: date | None
    days_counted: int
    days_with_checkin: int
    checkins: int
    longest_gap: Gap
    usual_looked_for: int
    signs: int
    rarely: tuple[tuple[str, int], ...]
    never: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """The coverage in the summary JSON shape."""
        return {
            "log_began": _iso(self.log_began),
            "counted_from": _iso(self.counted_from),
            "days_counted": self.days_counted,
            "days_with_checkin": self.days_with_checkin,
            "checkins": self.checkins,
            "longest_gap": self.longest_gap.to_json(),
            "usual_looked_for": self.usual_looked_for,
            "signs": self.signs,
            "rarely_looked_for": [{"id": sid, "checked": n} for sid, n in self.rarely],
            "never_looked_for": list(self.never),
        }


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
class Treatment:
    """Check-ins by treatment day, the last treatment day recorded (in the whole log up to the
    period's end), and, when both kinds of day were recorded, each sign noted at least once on
    treatment days against other days."""

    yes: int
    no: int
    unknown: int
    last_day: date | None
    signs: tuple[TreatmentComparison, ...]

    def to_json(self) -> dict[str, Any]:
        """The treatment block in the summary JSON shape."""
        return {
            "yes": self.yes,
            "no": self.no,
            "unknown": self.unknown,
            "last_treatment_day": _iso(self.last_day),
            "signs": [t.to_json() for t in self.signs],
        }


@dataclass(frozen=True, slots=True)
class SignWords:
    """A note written on one sign of a check-in."""

    id: str
    label: str
    status: str
    explained: bool
    note: str


@dataclass(frozen=True, slots=True)
class WordsEntry:
    """What the observer wrote at one check-in, exactly as typed (made safe only when shown)."""

    at: str  # the local date and time, "YYYY-MM-DD HH:MM"
    day: date
    treatment_day: str
    observer: str
    setting: str
    note: str
    positives: str
    signs: tuple[SignWords, ...]

    def to_json(self) -> dict[str, Any]:
        """The entry in the summary JSON shape."""
        return {
            "at": self.at,
            "day": self.day.isoformat(),
            "treatment_day": self.treatment_day,
            "observer": self.observer,
            "setting": self.setting,
            "note": self.note,
            "went_well": self.positives,
            "signs": [
                {
                    "id": s.id,
                    "label": s.label,
                    "status": s.status,
                    "explained": s.explained,
                    "note": s.note,
                }
                for s in self.signs
            ],
        }


@dataclass(frozen=True, slots=True)
class Words:
    """In the family's words: entries newest first, and on how many check-ins something went well."""

    went_well: int
    checkins: int
    last_went_well: date | None
    entries: tuple[WordsEntry, ...]

    def to_json(self) -> dict[str, Any]:
        """The family's words in the summary JSON shape."""
        return {
            "went_well": self.went_well,
            "checkins": self.checkins,
            "last_went_well": _iso(self.last_went_well),
            "entries": [e.to_json() for e in self.entries],
        }


@dataclass(frozen=True, slots=True)
class Pair:
    """Two signs (in checklist order) noted in the same check-in, in how many check-ins, out of
    the check-ins where both were looked for."""

    signs: tuple[str, str]
    together: int
    both_checked: int

    def to_json(self) -> dict[str, Any]:
        """The pair as {"signs": [a, b], "together", "both_checked"}."""
        return {
            "signs": list(self.signs),
            "together": self.together,
            "both_checked": self.both_checked,
        }


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
    """What the check-ins of a period show, with every denominator kept (DESIGN section 6).

    ``checked_days``, ``noted_days`` and ``well_looked_days`` (a check-in that day looked for at
    least half of the signs) feed the day-by-day strip; ``last_summary`` is the day the previous
    summary for this person was made, if one was.
    """

    person: str
    checklist: str
    period: Period
    checkins: int
    coverage: Coverage
    changes: Changes
    treatment: Treatment
    words: Words
    signs: tuple[SignSummary, ...]
    pairs: tuple[Pair, ...]
    weekdays: tuple[WeekdaySummary, ...]
    caveats: tuple[str, ...]
    checked_days: frozenset[date]
    noted_days: frozenset[date]
    well_looked_days: frozenset[date]
    observers: tuple[str, ...] = ()  # who recorded the check-ins, in order of first appearance
    last_summary: date | None = None
    since_last: bool = False  # the period starts the day after the last summary made

    @property
    def treatment_checkins(self) -> int:
        """Check-ins marked as treatment days."""
        return self.treatment.yes

    @property
    def other_day_checkins(self) -> int:
        """Check-ins marked as not a treatment day."""
        return self.treatment.no

    @property
    def treatment_unknown(self) -> int:
        """Check-ins where whether it was a treatment day is not known."""
        return self.treatment.unknown

    def to_json(self) -> dict[str, Any]:
        """The ``redflags.summary/2`` JSON shape (DESIGN section 6), dates as YYYY-MM-DD."""
        return {
            "schema": SCHEMA,
            "person": self.person,
            "checklist": self.checklist,
            "period": self.period.to_json(),
            "last_summary": _iso(self.last_summary),
            "since_last": self.since_last,
            "checkins": self.checkins,
            "observers": list(self.observers),
            "coverage": self.coverage.to_json(),
            "windows": self.changes.to_json(),
            "changes": [c.to_json() for c in self.changes.signs],
            "treatment": self.treatment.to_json(),
            "words": self.words.to_json(),
            "signs": [s.to_json() for s in self.signs],
            "pairs": [p.to_json() for p in self.pairs],
            "weekdays": [w.to_json() for w in self.weekdays],
            "caveats": list(self.caveats),
        }
