"""Reading the dates and times people type: one parser for the app and the command line.

Understood: ISO (``2026-11-28 20:00``, ``2026-11-28T20:00+01:00``), ``now``, ``today 20:00``,
``yesterday 8pm``, ``8:30pm`` (today), ``last night`` (yesterday at 21:00), ``28 Nov 20:00``
(the latest 28 November that has passed), ``Sat 20:00`` (the latest Saturday that has passed).
Day and month written with slashes (``28/11``) are refused: they read differently in different
countries, and a date is never guessed. A local time that does not exist (the hour skipped when
the clocks go forward) is refused, never shifted. Every problem is an EntryError with one calm line.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from redflags.errors import EntryError
from redflags.safe_text import one_line

# A check-in may be stamped a little ahead of this machine's clock (another device's clock).
FUTURE_SLACK = timedelta(minutes=10)
EARLIEST_YEAR = 1900
LAST_NIGHT = time(21, 0)

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH_ALIASES = {"sept": 9}
_WEEKDAY_ALIASES = {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}

_TIME = r"(?:at\s+)?(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>[ap]\.?m\.?)?"
_FORMS = [
    re.compile(rf"^(?:(?P<word>today|yesterday)\s*,?\s+)?{_TIME}$"),
    re.compile(rf"^{_TIME}\s+(?P<word>today|yesterday)$"),
    re.compile(
        rf"^(?:on\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>[a-z]+)\.?"
        rf"(?:\s+(?P<year>\d{{4}}))?\s*,?\s+{_TIME}$"
    ),
    re.compile(
        rf"^(?:on\s+)?(?P<month>[a-z]+)\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
        rf"(?:\s*,?\s+(?P<year>\d{{4}}))?\s*,?\s+{_TIME}$"
    ),
    re.compile(rf"^(?:on\s+|last\s+)?(?P<weekday>[a-z]+)\.?\s*,?\s+{_TIME}$"),
]
# A day named without a time of day: asked for again, with the time added as an example.
_DAY_ONLY = re.compile(
    r"^(?:today|yesterday|(?:on\s+|last\s+)?[a-z]+\.?|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+\.?"
    r"(?:\s+\d{4})?|[a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:\s*,?\s+\d{4})?|\d{4}-\d{2}-\d{2})$"
)
_SLASHES = re.compile(r"\d{1,4}\s*/\s*\d{1,4}")
_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")


def when_words(moment: datetime) -> str:
    """'Saturday 3 October 2026 at 18:30' (no zero padding, the same on every platform)."""
    return f"{_WEEKDAYS[moment.weekday()].capitalize()} {day_words(moment.date())} at " + (
        f"{moment:%H:%M}"
    )


def day_words(day: date) -> str:
    """'3 October 2026'."""
    return f"{day.day} {_MONTHS[day.month - 1].capitalize()} {day.year}"


def examples(now: datetime) -> str:
    """Forms people can type, with real dates: 'yesterday 20:00, 2 Oct 20:00 or 2026-10-02 20:00'."""
    day = now.date() - timedelta(days=1)
    short = _MONTHS[day.month - 1][:3].capitalize()
    return f"yesterday 20:00, {day.day} {short} 20:00 or {day:%Y-%m-%d} 20:00"


def _quoted(text: str) -> str:
    # Kept short and on one line; control characters shown as escapes, never sent raw.
    shown = one_line(text.strip())
    if len(shown) > 40:
        shown = shown[:40] + "…"
    return f"“{shown}”"


def _unreadable(text: str, now: datetime) -> EntryError:
    return EntryError(
        f"{_quoted(text)} could not be read as a date and time. "
        f"Please write it like {examples(now)}."
    )


def _month(word: str) -> int | None:
    if word in _MONTH_ALIASES:
        return _MONTH_ALIASES[word]
    if len(word) >= 3:
        for number, name in enumerate(_MONTHS, start=1):
            if name.startswith(word):
                return number
    return None


def _weekday(word: str) -> int | None:
    if word in _WEEKDAY_ALIASES:
        return _WEEKDAY_ALIASES[word]
    if len(word) >= 3:
        for number, name in enumerate(_WEEKDAYS):
            if name.startswith(word):
                return number
    return None


def _clock(hour_text: str, minute_text: str | None, half: str | None) -> time | None:
    """The time of day, or None when it is not clearly one (a bare '8', '13pm', '24:00')."""
    if minute_text is None and half is None:
        return None
    hour, minute = int(hour_text), int(minute_text or 0)
    if half is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def local_moment(naive: datetime, zone: tzinfo | None = None) -> datetime:
    """A wall-clock time where the observer is (``zone``, or this computer's), with its UTC offset.

    EntryError for a time the clocks skipped (it is refused, never shifted) and one too far out.
    """
    try:
        if zone is None:
            aware = naive.astimezone()
            back = aware.astimezone(timezone.utc).astimezone().replace(tzinfo=None)
        else:
            aware = naive.replace(tzinfo=zone)
            back = aware.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None)
            offset = aware.utcoffset()
            if offset is not None:
                aware = aware.astimezone(timezone(offset))
    except (OverflowError, ValueError, OSError):
        raise EntryError(
            f"That time could not be read as a check-in: the year {naive.year} is too far from "
            "today. Please check the year."
        ) from None
    if back != naive:
        raise EntryError(
            f"There was no {naive:%H:%M} on {day_words(naive.date())} here: the clocks went "
            "forward that night. Please check the time; it is not changed for you."
        )
    return aware


def _checked(moment: datetime, now: datetime) -> datetime:
    if moment.year < EARLIEST_YEAR:
        raise EntryError(
            f"That time could not be read as a check-in: the year {moment.year} is too long ago. "
            "Please check the year."
        )
    try:
        ahead = moment - now
    except OverflowError:  # pragma: no cover - both are aware and in range by now
        ahead = timedelta.max
    if ahead > FUTURE_SLACK:
        raise EntryError(
            f"That time is still to come ({when_words(moment)}). "
            "Please give a time that has already passed."
        )
    return moment


def parse_moment(
    text: str, *, now: datetime, today: date | None = None, zone: tzinfo | None = None
) -> datetime:
    """The moment ``text`` means, as an aware datetime with the observer's UTC offset.

    ``today`` is the day "today" and "yesterday" count from (default: the day of ``now``; a draft
    finished the next day passes the day it began). ``zone`` is where the observer is (default:
    this computer's local time). EntryError with one calm line for anything else.
    """
    raw = text.strip()
    if not raw:
        raise EntryError(f"Please give the date and time you saw them, like {examples(now)}.")
    lowered = " ".join(raw.lower().split())
    if lowered == "now":
        return now
    if _SLASHES.search(lowered):
        raise EntryError(
            f"{_quoted(raw)} could be day/month or month/day, so it is not guessed. "
            f"Please write the month as a word or as in ISO, like {examples(now)}."
        )
    if _ISO.match(lowered):
        return _checked(_iso(raw, now, zone), now)
    base = today or now.date()
    if lowered == "last night":
        return _checked(
            local_moment(datetime.combine(base - timedelta(days=1), LAST_NIGHT), zone), now
        )
    for form in _FORMS:
        found = form.match(lowered)
        if found is None:
            continue
        parts = found.groupdict()
        clock = _clock(parts["hour"], parts["minute"], parts["half"])
        if clock is None:
            continue
        day = _day(parts, base, clock, now, zone)
        if day is None:
            continue
        return _checked(local_moment(datetime.combine(day, clock), zone), now)
    if _DAY_ONLY.match(lowered) and _names_a_day(lowered):
        raise EntryError(f"Please add the time of day as well, like {raw} 20:00.")
    raise _unreadable(raw, now)


def _names_a_day(lowered: str) -> bool:
    words = re.findall(r"[a-z]+", lowered.replace("last ", "").replace("on ", ""))
    if _ISO.match(lowered) or lowered in ("today", "yesterday"):
        return True
    return any(_month(w) is not None or _weekday(w) is not None for w in words)


def _day(
    parts: dict[str, str | None], base: date, clock: time, now: datetime, zone: tzinfo | None
) -> date | None:
    """The calendar day named in ``parts``; None when the words are not a day."""
    if parts.get("weekday"):
        wanted = _weekday(str(parts["weekday"]))
        if wanted is None:
            return None
        day = base - timedelta(days=(base.weekday() - wanted) % 7)
        if _after(day, clock, now, zone):
            day -= timedelta(days=7)
        return day
    if parts.get("month"):
        month = _month(str(parts["month"]))
        if month is None:
            return None
        number = int(str(parts["day"]))
        if parts.get("year"):
            return _calendar_day(int(str(parts["year"])), month, number)
        for year in range(base.year, base.year - 9, -1):
            try:
                day = date(year, month, number)
            except ValueError:
                if number > 29 or month != 2:
                    break
                continue
            if not _after(day, clock, now, zone):
                return day
        return _calendar_day(base.year, month, number)
    if parts.get("word") == "yesterday":
        return base - timedelta(days=1)
    return base


def _calendar_day(year: int, month: int, number: int) -> date:
    try:
        return date(year, month, number)
    except ValueError:
        raise EntryError(
            f"There is no {number} {_MONTHS[month - 1].capitalize()}"
            + (f" in {year}" if month == 2 and number == 29 else "")
            + ". Please check the date."
        ) from None


def _after(day: date, clock: time, now: datetime, zone: tzinfo | None) -> bool:
    """Whether that day at that time is still to come (a skipped time counts as passed)."""
    try:
        return local_moment(datetime.combine(day, clock), zone) - now > FUTURE_SLACK
    except EntryError:
        return False


def _iso(raw: str, now: datetime, zone: tzinfo | None) -> datetime:
    text = raw.strip().replace("Z", "+00:00").replace("z", "+00:00")
    if len(text) <= 10:
        try:
            date.fromisoformat(text)
        except ValueError:
            raise _unreadable(raw, now) from None
        raise EntryError(f"Please add the time of day as well, like {text} 20:00.")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _unreadable(raw, now) from None
    if moment.year < EARLIEST_YEAR:
        raise EntryError(
            f"That time could not be read as a check-in: the year {moment.year} is too long ago. "
            "Please check the year."
        )
    if moment.tzinfo is None:
        return local_moment(moment, zone)
    try:
        moment.astimezone(timezone.utc)
    except OverflowError:
        raise EntryError(
            f"That time could not be read as a check-in: the year {moment.year} is too far from "
            "today. Please check the year."
        ) from None
    return moment


def parse_day(text: str, what: str = "date") -> date:
    """A calendar date written YYYY-MM-DD (slashes refused: they read differently by country)."""
    raw = text.strip()
    if _SLASHES.search(raw):
        raise EntryError(
            f"{what} {_quoted(raw)} could be day/month or month/day, so it is not guessed; "
            "please write it like 2026-10-03"
        )
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise EntryError(f"{what} {_quoted(raw)} is not a date like 2026-10-03") from None
    if day.year < EARLIEST_YEAR:
        raise EntryError(f"{what} {_quoted(raw)} is too long ago; please check the year")
    return day
