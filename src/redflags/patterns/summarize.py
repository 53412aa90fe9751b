"""Pure functions from check-ins (in their compact ``Marks`` form) to a ``Summary``. No I/O.

Counts are per check-in. "Checked" means noted or looked for and not seen; a sign that was not
checked is unknown and never counts as not seen. DESIGN section 6 is the specification.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import compress, pairwise, repeat
from operator import and_, attrgetter, eq, ge, lt, or_, sub
from typing import Literal

from redflags.checklist import Checklist
from redflags.patterns.caseload import RECENT_DAYS
from redflags.patterns.renumber import checklist_masks, database_picks
from redflags.patterns.types import (
    WEEKDAYS,
    Change,
    Changes,
    Count,
    Coverage,
    Gap,
    LogFacts,
    Pair,
    Period,
    Quoted,
    SignSummary,
    SignWords,
    StoredMarks,
    Summary,
    Treatment,
    TreatmentComparison,
    WeekdaySummary,
    Window,
    Word,
    Words,
    WordsEntry,
)
from redflags.terms import Marks, TreatmentDay
from redflags.words import counted

DEFAULT_DAYS = 90
SINCE_LAST_BEFORE_DAYS = 60  # with --since-last, "before" is the 60 days before the period
WORDS_KEPT = 60  # the latest entries in the family's words a summary keeps (a page holds fewer)
COMPARE_MIN = 5  # a window where a sign was looked for fewer times is "too few to compare"
PAIR_MIN = 3  # signs noted together at least this often are listed as a pair
WEEKDAY_MIN = 4  # weekdays are shown only when every weekday has at least this many check-ins
MANY_NOT_CHECKED = 1 / 3  # share of unchecked sign entries above which a caveat says so
OFTEN_EXPLAINED = 1 / 4  # share of noted signs marked explained above which a caveat says so


def period(
    since: date | None,
    until: date | None,
    *,
    everything: bool,
    first_day: date | None,
    today: date,
    since_last: bool = False,
    last_summary: date | None = None,
) -> tuple[date, date]:
    """The first and last day of a summary: 90 days up to ``until`` (default today) unless
    ``since`` is given, from the first check-in with ``everything``, or from the day after the
    last summary made with ``since_last`` (90 days when none was made)."""
    end = until or today
    if sum((everything, since is not None, since_last)) > 1:
        raise ValueError("give only one of a start date, all check-ins, or since the last summary")
    if everything:
        # With no check-in on or before the end, the period is that one day and holds nothing.
        start = min(first_day, end) if first_day else end
    elif since is not None:
        start = since
    elif since_last and last_summary is not None:
        # A summary made on the last day of the period: that day again, not an empty period.
        start = min(last_summary + timedelta(days=1), end)
    else:
        start = end - timedelta(days=DEFAULT_DAYS - 1)
    _in_order(start, end)
    return start, end


def _in_order(since: date, until: date) -> None:
    if since > until:
        raise ValueError(f"the start date {since} is after the end date {until}")


def windows(since: date, until: date, *, since_last: bool = False) -> tuple[date, date]:
    """The first day of the ``recent`` window and the first day of ``before`` (which ends the day
    before ``recent`` starts). ``before`` is empty when its first day is after its last."""
    if since_last:
        return since, since - timedelta(days=SINCE_LAST_BEFORE_DAYS)
    recent = max(since, until - timedelta(days=RECENT_DAYS - 1))
    return recent, since


def _in_time_order(marks: Iterable[Marks]) -> list[Marks]:
    ordered = sorted(marks, key=attrgetter("observed_at"))
    if any(a.observed_at == b.observed_at for a, b in pairwise(ordered)):
        # Check-ins at the same instant: order them by content so that the order they arrived in
        # can never change a figure (the order the store's index keeps them in: the local day
        # and time, the treatment day, the observer, the sign ids noted, not seen, explained).
        ordered.sort(
            key=lambda m: (
                m.observed_at,
                m.observed_at.date(),
                m.observed_at.isoformat(),
                m.treatment_day.value,
                m.observer,
                sorted(m.noted),
                sorted(m.not_seen),
                sorted(m.explained),
            )
        )
    return ordered


# A set of check-ins is an int with bit k set when the k-th check-in (in time order) is in it:
# AND, OR and bit_count() give every count, and years of check-ins take a few hundred bytes. It
# converts to and from one byte (0 or 1) per check-in, which itertools.compress takes, in a few
# steps of C: written out in binary, highest bit first, its digits are those bytes backwards.

_DIGIT = bytes.maketrans(b"\x00\x01", b"01")
_FLAG = bytes.maketrans(b"01", b"\x00\x01")


def _bits(flags: bytes | bytearray) -> int:
    """A set of check-ins as an int: bit k is set when flags[k] is 1."""
    return int(flags[::-1].translate(_DIGIT), 2) if flags else 0


def _flags(bits: int, total: int) -> bytes:
    """The set back as one byte (0 or 1) per check-in."""
    return f"{bits:0{total}b}"[::-1].encode().translate(_FLAG) if total else b""


def _every(total: int) -> int:
    """The set of all ``total`` check-ins."""
    return (1 << total) - 1


class _Bits(dict[str, int]):
    """Each sign of the checklist's bit in a check-in's mask; a sign it does not have (from
    another version) none."""

    def __missing__(self, key: str) -> int:
        return 0


def _bits_of(order: list[str]) -> _Bits:
    return _Bits({sid: 1 << i for i, sid in enumerate(order)})


def _text_masks(texts: Sequence[str], bit: _Bits, *, repeats: bool = False) -> list[int]:
    """Each stored set of sign ids (joined by spaces) as a mask; the same text, which years of
    check-ins repeat, is split once. With ``repeats`` an id may come twice in a text."""
    known: dict[str, int] = {"": 0}
    for text in set(texts).difference(known):
        # Ids are told apart in a set: their bits add up without carrying.
        ids = text.split()
        known[text] = sum(map(bit.__getitem__, set(ids) if repeats else ids))
    return list(map(known.__getitem__, texts))


def _set_masks(sets: Iterable[frozenset[str]], bit: _Bits) -> list[int]:
    """Each set of sign ids as a mask, each distinct set looked through once."""
    known: dict[frozenset[str], int] = {}
    get = known.get
    masks = []
    for ids in sets:
        mask = get(ids)
        if mask is None:
            mask = known[ids] = sum(map(bit.__getitem__, ids))
        masks.append(mask)
    return masks


# For each bit of a byte: each byte's value as the binary digit of that bit (b"0" or b"1"):
# for bit p, 2**p values without it, 2**p with it, and so on.
_DIGIT_AT = [(b"0" * (1 << p) + b"1" * (1 << p)) * (128 >> p) for p in range(8)]


def _same(masks: Sequence[int]) -> bool:
    """Whether every mask is the same (every sign looked for, each time, most often); a look at
    the last and the middle one tells most others apart at once."""
    if not masks:
        return True
    first = masks[0]
    return (
        masks[-1] == first and masks[len(masks) // 2] == first and masks.count(first) == len(masks)
    )


def _holding(masks: list[int], signs: int, *, same: bool | None = None) -> list[int]:
    """For each sign (by its bit): the check-ins whose mask holds it. The masks are laid side by
    side as bytes, a few each; every ``width``-th byte, from the last check-in's first, holds 8
    signs' bits, which a table turns into the binary digits of those signs' sets, in C.
    ``same`` tells whether every mask is the same, when already known."""
    total = len(masks)
    if not any(masks):
        return [0] * signs
    if _same(masks) if same is None else same:
        every = _every(total)
        return [every if masks[0] >> i & 1 else 0 for i in range(signs)]
    laid = _side_by_side(masks, max(1, (signs + 7) // 8))[::-1]
    width = len(laid) // total
    # Backwards, byte j of the k-th mask is at (total - 1 - k) * width + width - 1 - j.
    columns = [laid[width - 1 - j :: width] for j in range((signs + 7) // 8)]
    held = []
    for i in range(signs):
        digits = columns[i >> 3].translate(_DIGIT_AT[i & 7])
        held.append(int(digits, 2) if 49 in digits else 0)  # a sign never held: no digit 1
    return held


def _picked(held: list[int], picks: Sequence[int] | None) -> list[int]:
    """Each sign's item of ``held`` (by its bit), in the checklist's order (see _Log)."""
    if picks is None:
        return held
    return [held[bit] if bit >= 0 else 0 for bit in picks]


def _held_counts(masks: Iterable[int], signs: int) -> list[int]:
    """For each sign (by its bit): how many of the masks hold it. Only the masks holding any
    sign are laid side by side (signs marked explained are few among years of check-ins)."""
    held = list(filter(None, masks))
    if not held:
        return [0] * signs
    laid = _side_by_side(held, max(1, (signs + 7) // 8))
    width = len(laid) // len(held)
    columns = [laid[j::width] for j in range((signs + 7) // 8)]
    return [columns[i >> 3].translate(_DIGIT_AT[i & 7]).count(49) for i in range(signs)]


def _side_by_side(masks: list[int], width: int) -> bytes:
    """The masks as bytes, little-endian, each in as many bytes (``width`` at least): an array
    of machine integers when one is wide enough, made in one step of C."""
    for code in "BHILQ":
        if array(code).itemsize >= width:
            laid = array(code, masks)
            if sys.byteorder == "big":
                laid.byteswap()
            return laid.tobytes()
    little: Literal["little"] = "little"
    return b"".join(map(int.to_bytes, masks, repeat(width), repeat(little)))


@dataclass(frozen=True, slots=True)
class _Log:
    """Check-ins in time order as columns: each one's local day, treatment day (its value),
    the checklist's signs noted, checked (noted or looked for and not seen) and noted and marked
    explained (as masks: bit i for the checklist's i-th sign), and its observer.

    With ``picks``, the masks of signs noted and explained have the bits the database gave the
    signs instead: the i-th sign's is ``picks[i]`` (-1: none, never noted), and no other bit is
    set; the signs checked are then those looked for, the noted ones among them (as every way
    of storing a check-in keeps them)."""

    days: list[date]
    treatment: Sequence[str]
    noted: list[int]
    checked: list[int]
    explained: list[int]
    observers: Sequence[str]
    picks: Sequence[int] | None = None


def _log_of_marks(log: list[Marks], order: list[str]) -> _Log:
    bit = _bits_of(order)
    noted = _set_masks((m.noted for m in log), bit)
    seen = _set_masks((m.not_seen for m in log), bit)
    explained = _set_masks((m.explained for m in log), bit)
    return _Log(
        [m.observed_at.date() for m in log],
        [m.treatment_day.value for m in log],
        noted,
        list(map(or_, noted, seen)),
        list(map(and_, explained, noted)),
        [m.observer for m in log],
    )


def _between(days: list[date], first: date, last: date, ordered: bool) -> int:
    """The check-ins whose day lies in [first, last]; found by halving when the days are in
    order (a check-in made later can fall on an earlier local day: then one by one)."""
    if not ordered:
        return _bits(bytes(first <= d <= last for d in days))
    low, high = bisect_left(days, first), bisect_right(days, last)
    return _every(high - low) << low if high > low else 0


def _days_of(bits: int, days: list[date]) -> list[date]:
    """The days of the check-ins in the set."""
    return list(compress(days, _flags(bits, len(days))))


def _first_day(bits: int, days: list[date]) -> date:
    """The day of the set's first check-in (not empty)."""
    return days[(bits & -bits).bit_length() - 1]


def _last_day(bits: int, days: list[date]) -> date:
    """The day of the set's last check-in (not empty)."""
    return days[bits.bit_length() - 1]


def family_words(checkins: Iterable[Quoted], checklist: Checklist) -> Words:
    """What the observer wrote (the latest ``WORDS_KEPT`` entries, newest first), and on how many
    of the check-ins something went well. ``checkins`` are the period's (those with nothing
    written may be left out)."""
    labels = {s.id: s.label for s in checklist.signs}
    entries: list[WordsEntry] = []
    live = [c for c in checkins if not c.deleted]
    moments = [c.observed_at for c in live]
    if all(map(lt, moments, moments[1:])):  # as the store hands them: oldest first, no two alike
        live.reverse()
    else:  # newest first, by the instant (a float compares faster than an aware datetime)
        live.sort(key=lambda c: c.observed_at.timestamp(), reverse=True)
    well = [c.observed_at.date() for c in live if c.positives.strip()]
    went_well = len(well)
    last_went_well = max(well) if well else None
    for c in live:
        if len(entries) >= WORDS_KEPT:
            break  # the page has its entries
        day = c.observed_at.date()
        positives = c.positives
        signs = tuple(
            SignWords(
                id=sid,
                label=c.labels.get(sid) or labels.get(sid) or sid,
                status=obs.status.value,
                explained=obs.explained,
                note=obs.note,
            )
            for sid, obs in c.observations.items()
            if obs.note.strip()
        )
        if signs or c.setting.strip() or c.note.strip() or positives.strip():
            entries.append(
                WordsEntry(
                    # "YYYY-MM-DD HH:MM" in the observer's own time.
                    c.observed_at.isoformat(" ", "minutes")[:16],
                    day,
                    c.treatment_day.value,
                    c.observer,
                    c.setting,
                    c.note,
                    positives,
                    signs,
                )
            )
    return Words(went_well, 0, last_went_well, tuple(entries))


def summarize(
    checklist: Checklist,
    marks: Sequence[Marks],
    *,
    person: str,
    since: date,
    until: date,
    since_last: bool = False,
    written: Sequence[Quoted] = (),
    last_summary: date | None = None,
    facts: LogFacts | None = None,
) -> Summary:
    """Summarize the check-ins whose local day lies in [since, until] against the checklist's signs.

    ``marks`` may hold the person's earlier check-ins too (the whole log up to ``until``): they
    tell when the log began, which signs are new, the ``before`` window of ``since_last`` and the
    last treatment day, and never count in the period's figures. Instead of the whole log,
    ``facts`` may tell what the log held before ``facts.before``; ``marks`` then start on that
    day, at the latest on the first day of the ``before`` window. ``written`` are the period's
    check-ins with something written (the family's words). Signs the checklist does not have
    (from another version) are ignored.
    """
    _in_order(since, until)
    order = [s.id for s in checklist.signs]
    log = _in_time_order(m for m in marks if m.observed_at.date() <= until)
    return _summarize(
        checklist,
        _log_of_marks(log, order),
        person=person,
        since=since,
        until=until,
        since_last=since_last,
        written=written,
        last_summary=last_summary,
        facts=facts,
    )


def summarize_stored(
    checklist: Checklist,
    stored: StoredMarks,
    *,
    person: str,
    since: date,
    until: date,
    since_last: bool = False,
    written: Sequence[Quoted] = (),
    last_summary: date | None = None,
    facts: LogFacts | None = None,
) -> Summary:
    """``summarize``, from the check-ins' compact form as the store keeps it (columns of text, in
    the order ``summarize`` puts check-ins in, none after ``until``): years of check-ins are
    never made into a set of sign ids each."""
    _in_order(since, until)
    order = [s.id for s in checklist.signs]
    bit = _bits_of(order)
    picks = None if stored.bits is None else database_picks(stored, order)
    if picks is not None:  # the numbers as they are, read in the database's bits
        noted: list[int] = list(stored.noted)  # type: ignore[arg-type]
        explained: list[int] = list(stored.explained)  # type: ignore[arg-type]
    elif stored.bits is None:
        noted = _text_masks(stored.noted, bit)  # type: ignore[arg-type]
        explained = _text_masks(stored.explained, bit)  # type: ignore[arg-type]
    else:
        noted = checklist_masks(stored.noted, stored.bits, order)
        explained = checklist_masks(stored.explained, stored.bits, order)
    if stored.checked is None:
        checked = list(map(or_, noted, _text_masks(stored.not_seen, bit)))
    elif picks is not None:  # the noted ones are among them (see _Log)
        checked = _text_masks(stored.checked, bit, repeats=True)
    else:  # noted ones among them, always
        checked = list(map(or_, noted, _text_masks(stored.checked, bit, repeats=True)))
    return _summarize(
        checklist,
        _Log(
            list(map(date.fromisoformat, stored.days)),
            stored.treatment,
            noted,
            checked,
            list(map(and_, explained, noted)),
            stored.observers,
            picks,
        ),
        person=person,
        since=since,
        until=until,
        since_last=since_last,
        written=written,
        last_summary=last_summary,
        facts=facts,
    )


def _summarize(
    checklist: Checklist,
    log: _Log,
    *,
    person: str,
    since: date,
    until: date,
    since_last: bool,
    written: Sequence[Quoted],
    last_summary: date | None,
    facts: LogFacts | None,
) -> Summary:
    order = [s.id for s in checklist.signs]
    days = log.days
    total = len(days)
    recent_since, before_since = windows(since, until, since_last=since_last)
    before_until = recent_since - timedelta(days=1)
    # The days in order, as a sorted copy of them is (in C, in one pass when they are).
    ordered = sorted(days) == days
    in_period = _between(days, since, until, ordered)
    recent = _between(days, recent_since, until, ordered)
    before = _between(days, before_since, before_until, ordered)
    earlier = _between(days, date.min, before_until, ordered)
    # The period's check-ins, column by column: a slice when the days are in order.
    if ordered:
        low = bisect_left(days, since)
        high = max(low, bisect_right(days, until))
        inside_days = days[low:high]
        period_noted = log.noted[low:high]
        period_checked = log.checked[low:high]
        period_explained: Sequence[int] = log.explained[low:high]
        period_observers = log.observers[low:high]
    else:
        period_flags = _flags(in_period, total)
        inside_days = list(compress(days, period_flags))
        period_noted = list(compress(log.noted, period_flags))
        period_checked = list(compress(log.checked, period_flags))
        period_explained = list(compress(log.explained, period_flags))
        period_observers = list(compress(log.observers, period_flags))
    n = len(inside_days)
    # Each sign as two sets of check-ins, so that every count below is an AND, an OR and a bit
    # count rather than a loop over observations. A sign both noted and not seen is bad data;
    # noted wins, so the three states stay apart.
    picks = log.picks
    width = len(order) if picks is None else max(picks, default=-1) + 1
    noted = dict(zip(order, _picked(_holding(log.noted, width), picks), strict=True))
    same_checked = _same(log.checked)
    checked = dict(zip(order, _holding(log.checked, len(order), same=same_checked), strict=True))
    if picks is not None:  # noted wins: a sign noted was looked for
        checked = {sid: checked[sid] | noted[sid] for sid in order}
    noted_inside = {sid: noted[sid] & in_period for sid in order}
    anything = 0  # the period's check-ins with any sign noted
    for inside in noted_inside.values():
        anything |= inside
    yes_all, no_all = _treatment_days(log.treatment)
    yes, no = yes_all & in_period, no_all & in_period
    explained = dict(zip(order, _picked(_held_counts(period_explained, width), picks), strict=True))
    checked_days = frozenset(inside_days)
    # Each check-in of the period on a later day than the one before: a sign's days are its
    # check-ins.
    one_a_day = ordered and len(checked_days) == n
    same_day = [] if one_a_day else _same_day(days) if ordered else None
    groups: dict[str, str] = {}
    for group in checklist.groups:
        for s in group.signs:
            groups.setdefault(s.id, group.id)
    signs = tuple(
        _sign(
            checklist,
            sid,
            groups[sid],
            noted_inside[sid],
            checked[sid] & in_period,
            n,
            explained[sid],
            days,
            (noted[sid] & yes).bit_count(),
            ordered,
            same_day,
        )
        for sid in order
    )
    # Per check-in of the period: how many signs were looked for.
    half = len(order) / 2
    if n and (same_checked or _same(period_checked)):  # the same signs every time
        looked_each = period_checked[0].bit_count()
        usual_looked_for = looked_each
        well_looked = checked_days if looked_each >= half else frozenset()
    else:
        looked = list(map(int.bit_count, period_checked))
        usual_looked_for = _median_low(looked) if looked else 0
        well_looked = (
            checked_days
            if looked and min(looked) >= half
            else frozenset(compress(inside_days, map(ge, looked, repeat(half))))
        )
    span = Period(since, until, (until - since).days + 1, len(checked_days))
    changes = Changes(
        recent=Window(recent_since, until, recent.bit_count()),
        before=Window(before_since, before_until, before.bit_count()),
        signs=tuple(
            change
            for sid in order
            if (
                change := _change(
                    sid,
                    noted[sid],
                    checked[sid],
                    recent,
                    before,
                    earlier,
                    days,
                    facts is not None and sid in facts.noted_before,
                    ordered,
                )
            )
        ),
    )
    treatment = Treatment(
        yes=yes.bit_count(),
        no=no.bit_count(),
        unknown=n - yes.bit_count() - no.bit_count(),
        last_day=_latest(
            (_last_day(yes_all, days) if ordered else max(_days_of(yes_all, days)))
            if yes_all
            else None,
            facts.last_treatment_day if facts else None,
        ),
        signs=tuple(
            TreatmentComparison(
                id=sid,
                yes=Count((noted[sid] & yes).bit_count(), (checked[sid] & yes).bit_count()),
                no=Count((noted[sid] & no).bit_count(), (checked[sid] & no).bit_count()),
            )
            for sid in order
            if noted_inside[sid]
        )
        if yes and no
        else (),
    )
    words = family_words(
        (
            c
            for c in written
            if since <= c.observed_at.date() <= until and c.checklist == checklist.id
        ),
        checklist,
    )
    first_day = (days[0] if ordered else min(days)) if days else None
    # A check-in every day from the first to the last of them.
    daily = one_a_day and n > 0 and (inside_days[-1] - inside_days[0]).days == n - 1
    if daily:  # as numbers, a range
        day_numbers: Sequence[int] = range(
            inside_days[0].toordinal(), inside_days[-1].toordinal() + 1
        )
    elif ordered:  # as they come (a day twice is a step of none between them, never a gap)
        day_numbers = list(map(date.toordinal, inside_days))
    else:
        day_numbers = sorted(map(date.toordinal, checked_days))
    if one_a_day and 2 * anything.bit_count() > n:
        # A sign noted on most days: the days of the period but those with none noted.
        noted_days = checked_days.difference(compress(days, _flags(in_period & ~anything, total)))
    else:
        noted_days = frozenset(compress(inside_days, period_noted))
    return Summary(
        person=person,
        checklist=checklist.id,
        period=span,
        checkins=n,
        coverage=_coverage(
            order,
            n,
            usual_looked_for,
            _earliest(first_day, facts.began if facts else None),
            since,
            until,
            checked_days,
            signs,
            day_numbers,
        ),
        changes=changes,
        treatment=treatment,
        words=Words(words.went_well, n, words.last_went_well, words.entries),
        signs=signs,
        pairs=_pairs(order, noted_inside, checked, in_period),
        weekdays=_weekdays(inside_days, period_noted, anything >> low if daily else None),
        caveats=_caveats(signs, n),
        checked_days=checked_days,
        noted_days=noted_days,
        well_looked_days=well_looked,
        observers=tuple(o for o in _first_seen(period_observers) if o.strip()),
        last_summary=last_summary,
        since_last=since_last,
    )


def _latest(a: date | None, b: date | None) -> date | None:
    return max(a, b) if a and b else a or b


def _earliest(a: date | None, b: date | None) -> date | None:
    return min(a, b) if a and b else a or b


# Each treatment day's value told apart by its length alone ("yes", "no", "unknown"): one
# step of C over years of check-ins gives both sets.
_LENGTHS = {len(day.value) for day in TreatmentDay}
_BY_LENGTH = len(_LENGTHS) == len(TreatmentDay)
_VALUES = frozenset(day.value for day in TreatmentDay)


def _digit_one_at(length: int) -> bytes:
    """Each length (a byte) as a binary digit: 1 for this length, 0 for any other."""
    return b"0" * length + b"1" + b"0" * (255 - length)


_YES_DIGITS = _digit_one_at(len(TreatmentDay.YES.value))
_NO_DIGITS = _digit_one_at(len(TreatmentDay.NO.value))


def _treatment_days(treatment: Sequence[str]) -> tuple[int, int]:
    """The check-ins on a treatment day, and those on another day."""
    if not treatment:
        return 0, 0
    if _BY_LENGTH and _VALUES.issuperset(treatment):
        lengths = bytes(map(len, treatment))[::-1]
        return int(lengths.translate(_YES_DIGITS), 2), int(lengths.translate(_NO_DIGITS), 2)
    return (
        _bits(bytes(map(eq, treatment, repeat(TreatmentDay.YES.value)))),
        _bits(bytes(map(eq, treatment, repeat(TreatmentDay.NO.value)))),
    )


def _first_seen(values: Sequence[str]) -> list[str]:
    """The distinct values in the order they first come."""
    distinct = set(values)
    if len(distinct) <= 8:  # a few (the observers): each one's first place, found in C
        return sorted(distinct, key=values.index)
    return list(dict.fromkeys(values))


def _sign(
    checklist: Checklist,
    sid: str,
    group: str,
    noted: int,
    checked: int,
    n: int,
    explained: int,
    days: list[date],
    on_treatment_days: int,
    ordered: bool = False,
    same_day: Sequence[int] | None = None,
) -> SignSummary:
    """The sign's figures. With ``ordered`` days its first and last days are those of its first
    and last check-ins; ``same_day`` as ``_days_noted`` takes it."""
    sign = checklist.sign(sid)
    assert sign is not None  # sid comes from the checklist itself
    count = noted.bit_count()
    first: date | None = None
    last: date | None = None
    if ordered:
        days_noted = _days_noted(noted, days, same_day)
        if noted:
            first = _first_day(noted, days)
            last = _last_day(noted, days)
    else:
        on_days = set(_days_of(noted, days))
        days_noted = len(on_days)
        # Local days, not instants: a check-in made later can fall on an earlier local day.
        first = min(on_days) if on_days else None
        last = max(on_days) if on_days else None
    return SignSummary(
        id=sid,
        group=group,
        label=sign.label,
        noted=count,
        not_seen=(checked & ~noted).bit_count(),
        not_checked=n - checked.bit_count(),
        explained=explained,
        days_noted=days_noted,
        first_noted=first,
        last_noted=last,
        on_treatment_days=on_treatment_days,
    )


def _same_day(days: list[date], most: int = 16) -> list[int] | None:
    """For days in order: for d = 1, 2... the check-ins on the same day as the one d before
    them, while any are; None when a day holds more than ``most`` check-ins."""
    # On the same day as the one d + 1 before: as the one d before, and that one as the one
    # before it.
    one_before = _bits(bytes(map(eq, days[1:], days))) << 1
    same_day: list[int] = []
    run = one_before
    while run:
        if len(same_day) + 1 >= most:  # the check-ins d = most before: a day holds more
            return None
        same_day.append(run)
        run &= one_before << len(same_day)
    return same_day


def _days_noted(noted: int, days: list[date], same_day: Sequence[int] | None) -> int:
    """The days of the set's check-ins: with ``same_day`` (from ``_same_day``, or empty when no
    two of the set's check-ins can share a day) those not on the day of one before them,
    counted in a few steps of C; else as a set of days."""
    if same_day is None:
        return len(set(_days_of(noted, days)))
    later = 0  # the check-ins on the day of one before them
    for d, same in enumerate(same_day, 1):
        later |= noted << d & same
    return (noted & ~later).bit_count()


def _change(
    sid: str,
    noted: int,
    checked: int,
    recent: int,
    before: int,
    earlier: int,
    days: list[date],
    noted_long_ago: bool = False,
    ordered: bool = False,
) -> Change | None:
    """The sign in both windows, or None when it was noted in neither."""
    now = Count((noted & recent).bit_count(), (checked & recent).bit_count())
    then = Count((noted & before).bit_count(), (checked & before).bit_count())
    if not now.noted and not then.noted:
        return None
    word: Word | None = None
    first: date | None = None
    if now.noted and not noted & earlier and not noted_long_ago:
        word = Word.NEW
        lately = noted & recent
        first = _first_day(lately, days) if ordered else min(_days_of(lately, days))
    elif then.noted and not now.noted and now.checked >= COMPARE_MIN:
        word = Word.NOT_NOTED_LATELY
    return Change(sid, now, then, word, first)


def _median_low(values: list[int]) -> int:
    """statistics.median_low of small whole numbers (how many signs each check-in looked for:
    a few values, years of check-ins): counted, not sorted."""
    counts = Counter(values)
    place = (len(values) - 1) // 2  # the low middle one's place in order
    for value in sorted(counts):
        place -= counts[value]
        if place < 0:
            return value
    raise ValueError("no values")  # never: values is not empty


def _coverage(
    order: list[str],
    n: int,
    usual_looked_for: int,
    log_began: date | None,
    since: date,
    until: date,
    checked_days: frozenset[date],
    signs: tuple[SignSummary, ...],
    day_numbers: Sequence[int],
) -> Coverage:
    counted_from = max(since, log_began) if log_began else None
    days_counted = (until - counted_from).days + 1 if counted_from else 0
    gap = Gap(0, None, None)
    if counted_from is not None:
        gap = _longest_gap(
            (counted_from - timedelta(days=1)).toordinal(),
            day_numbers,
            (until + timedelta(days=1)).toordinal(),
        )
    return Coverage(
        log_began=log_began,
        counted_from=counted_from,
        days_counted=days_counted,
        days_with_checkin=len(checked_days),
        checkins=n,
        longest_gap=gap,
        usual_looked_for=usual_looked_for,
        signs=len(order),
        rarely=tuple((s.id, s.checked) for s in signs if s.checked > 0 and 4 * s.checked < n),
        never=tuple(s.id for s in signs if n and s.checked == 0),
    )


def _longest_gap(before: int, day_numbers: Sequence[int], after: int) -> Gap:
    """The first of the longest runs of days without a check-in between the day numbers
    (ordinals) ``before`` and ``after``, both left out; ``day_numbers`` are the days with a
    check-in between them, in order (a day may come more than once)."""
    if isinstance(day_numbers, range) and day_numbers:
        # Every day from the first to the last has a check-in: the runs without one are before
        # the first and after the last.
        marks_at = [before, day_numbers[0], day_numbers[-1], after]
        steps = [day_numbers[0] - before, 1, after - day_numbers[-1]]
    else:
        # Days as numbers: the steps between days with a check-in in a few steps of C.
        marks_at = [before, *day_numbers, after]
        steps = list(map(sub, marks_at[1:], marks_at))
    longest = max(steps)
    if longest <= 1:
        return Gap(0, None, None)
    at = steps.index(longest)  # the first of the longest runs
    return Gap(
        longest - 1,
        date.fromordinal(marks_at[at] + 1),
        date.fromordinal(marks_at[at + 1] - 1),
    )


def _pairs(
    order: list[str], noted: dict[str, int], checked: dict[str, int], in_period: int
) -> tuple[Pair, ...]:
    """Signs noted together at least ``PAIR_MIN`` times; ``noted`` are the period's."""
    ids = [sid for sid in order if noted[sid].bit_count() >= PAIR_MIN]
    looked_in = {sid: checked[sid] & in_period for sid in ids}
    looked_count = {sid: looked.bit_count() for sid, looked in looked_in.items()}
    pairs = [
        Pair(
            (a, b),
            together,
            # Two signs looked for at the same check-ins (every sign, most often): either's count.
            looked_count[a]
            if looked_in[a] == looked_in[b]
            else (looked_in[a] & looked_in[b]).bit_count(),
        )
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
        if (together := (noted[a] & noted[b]).bit_count()) >= PAIR_MIN
    ]
    # Most often together first; ties keep checklist order (the sort is stable, reversed too).
    pairs.sort(key=attrgetter("together"), reverse=True)
    return tuple(pairs)


def _weekdays(
    days: Sequence[date], noted: Sequence[int], daily: int | None = None
) -> tuple[WeekdaySummary, ...]:
    """Check-ins, and those with any sign noted, by weekday; ``noted`` are their masks. With
    ``daily`` (the check-ins with any sign noted, the first as bit 0) the days are one a day
    from the first to the last: the k-th falls on the first one's weekday plus k."""
    if daily is not None and days:
        total = len(days)
        week_checkins = [0] * 7
        week_noted = [0] * 7
        every_seventh = int("0000001" * (total // 7 + 1), 2)  # bits 0, 7, 14...
        for k in range(7):
            weekday = (days[0].weekday() + k) % 7
            week_checkins[weekday] = (total - k + 6) // 7
            week_noted[weekday] = (daily >> k & every_seventh).bit_count()
    else:
        weekdays = bytes(map(date.weekday, days))
        week_checkins = [weekdays.count(i) for i in range(7)]
        if min(week_checkins) < WEEKDAY_MIN:
            return ()
        noted_on = bytes(compress(weekdays, noted))
        week_noted = [noted_on.count(i) for i in range(7)]
    if min(week_checkins) < WEEKDAY_MIN:
        return ()  # too few on some weekday for a pattern to mean anything
    return tuple(
        WeekdaySummary(name, week_checkins[i], week_noted[i]) for i, name in enumerate(WEEKDAYS)
    )


def _caveats(signs: tuple[SignSummary, ...], n: int) -> tuple[str, ...]:
    if n == 0:
        return ("No check-ins in this period, so there is nothing to summarize.",)
    caveats = []
    if n < COMPARE_MIN:
        caveats.append(
            f"Only {counted(n, 'check-in')}: too few to compare one part of the period with "
            "another."
        )
    possible = n * len(signs)
    not_checked = sum(s.not_checked for s in signs)
    if possible and not_checked / possible >= MANY_NOT_CHECKED:
        caveats.append(
            f"Many signs were not checked: {not_checked} of {possible} times a sign could have "
            f"been looked for ({counted(n, 'check-in')}, {len(signs)} signs each). "
            "Not checked means unknown, not absent."
        )
    noted = sum(s.noted for s in signs)
    explained = sum(s.explained for s in signs)
    if noted and explained / noted >= OFTEN_EXPLAINED:
        caveats.append(
            f"Noted signs were often marked as likely to have another explanation: {explained} "
            f"of the {noted} times a sign was noted."
        )
    return tuple(caveats)
