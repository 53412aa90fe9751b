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
from operator import and_, attrgetter, eq, ge, le, lt, or_, sub
from typing import Literal

from redflags.checklist import Checklist
from redflags.patterns.caseload import RECENT_DAYS
from redflags.patterns.renumber import checklist_masks
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


# A set of check-ins is an int with one byte per check-in in time order (byte k is 1 when the
# k-th check-in is in the set): AND, OR and bit_count() give every count, and the bytes convert
# to and from the int in one step of C.


def _bits(flags: bytes | bytearray) -> int:
    """A set of check-ins as an int: byte k is 1 when flags[k] is 1."""
    return int.from_bytes(flags, "little")


def _flags(bits: int, total: int) -> bytes:
    """The set back as one byte (0 or 1) per check-in."""
    return bits.to_bytes(total, "little")


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


def _holding(masks: list[int], signs: int) -> list[int]:
    """For each sign (by its bit): the check-ins whose mask holds it. The masks are laid side by
    side in one int, a few bytes each; shifting it by a sign's bit and keeping the lowest bit of
    each check-in's bytes gives that sign's set in a few steps of C, however many check-ins."""
    total = len(masks)
    if not any(masks):
        return [0] * signs
    if masks.count(masks[0]) == total:  # the same signs every time (every sign looked for)
        every = _bits(b"\x01" * total)
        return [every if masks[0] >> i & 1 else 0 for i in range(signs)]
    width = max(1, (signs + 7) // 8)  # bytes a check-in's mask takes, at least
    laid = _side_by_side(masks, width)
    width = len(laid) // total
    side_by_side = int.from_bytes(laid, "little")
    lowest = int.from_bytes((b"\x01" + bytes(width - 1)) * total, "little")
    return [
        _bits(((side_by_side >> i) & lowest).to_bytes(width * total, "little")[::width])
        for i in range(signs)
    ]


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
    explained (as masks: bit i for the checklist's i-th sign), and its observer."""

    days: list[date]
    treatment: Sequence[str]
    noted: list[int]
    checked: list[int]
    explained: list[int]
    observers: Sequence[str]


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
    return _bits(bytes(low) + b"\x01" * (high - low)) if high > low else 0


def _days_of(bits: int, days: list[date]) -> list[date]:
    """The days of the check-ins in the set."""
    return list(compress(days, _flags(bits, len(days))))


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
    if stored.bits is None:
        noted = _text_masks(stored.noted, bit)  # type: ignore[arg-type]
        explained = _text_masks(stored.explained, bit)  # type: ignore[arg-type]
    else:
        noted = checklist_masks(stored.noted, stored.bits, order)
        explained = checklist_masks(stored.explained, stored.bits, order)
    if stored.checked is None:
        checked = list(map(or_, noted, _text_masks(stored.not_seen, bit)))
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
    ordered = all(map(le, days, days[1:]))
    in_period = _between(days, since, until, ordered)
    recent = _between(days, recent_since, until, ordered)
    before = _between(days, before_since, before_until, ordered)
    earlier = _between(days, date.min, before_until, ordered)
    # Each sign as two sets of check-ins, so that every count below is an AND, an OR and a bit
    # count rather than a loop over observations. A sign both noted and not seen is bad data;
    # noted wins, so the three states stay apart.
    noted = dict(zip(order, _holding(log.noted, len(order)), strict=True))
    checked = dict(zip(order, _holding(log.checked, len(order)), strict=True))
    yes_all = _bits(bytes(map(eq, log.treatment, repeat(TreatmentDay.YES.value))))
    no_all = _bits(bytes(map(eq, log.treatment, repeat(TreatmentDay.NO.value))))
    yes, no = yes_all & in_period, no_all & in_period

    period_flags = _flags(in_period, total)
    inside_days = list(compress(days, period_flags))
    n = len(inside_days)
    explained = Counter(
        {
            sid: (marked & in_period).bit_count()
            for sid, marked in zip(order, _holding(log.explained, len(order)), strict=True)
        }
    )
    one_a_day = all(map(lt, days, days[1:]))
    signs = tuple(
        _sign(
            checklist,
            sid,
            noted[sid] & in_period,
            checked[sid] & in_period,
            n,
            explained,
            days,
            (noted[sid] & yes).bit_count(),
            one_a_day,
        )
        for sid in order
    )
    # Per check-in of the period: whether any sign was noted, and how many were looked for.
    anything = list(map(bool, compress(log.noted, period_flags)))
    looked = list(map(int.bit_count, compress(log.checked, period_flags)))
    checked_days = frozenset(inside_days)
    half = len(order) / 2
    well_looked = frozenset(compress(inside_days, map(ge, looked, repeat(half))))
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
                )
            )
        ),
    )
    treatment = Treatment(
        yes=yes.bit_count(),
        no=no.bit_count(),
        unknown=n - yes.bit_count() - no.bit_count(),
        last_day=_latest(
            max(_days_of(yes_all, days)) if yes_all else None,
            facts.last_treatment_day if facts else None,
        ),
        signs=tuple(
            TreatmentComparison(
                id=sid,
                yes=Count((noted[sid] & yes).bit_count(), (checked[sid] & yes).bit_count()),
                no=Count((noted[sid] & no).bit_count(), (checked[sid] & no).bit_count()),
            )
            for sid in order
            if noted[sid] & in_period
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
    return Summary(
        person=person,
        checklist=checklist.id,
        period=span,
        checkins=n,
        coverage=_coverage(
            order,
            looked,
            _earliest(min(days) if days else None, facts.began if facts else None),
            since,
            until,
            checked_days,
            signs,
            # The days with a check-in in order, as numbers: as they come when the days are.
            list(dict.fromkeys(map(date.toordinal, inside_days)))
            if ordered
            else sorted(map(date.toordinal, checked_days)),
        ),
        changes=changes,
        treatment=treatment,
        words=Words(words.went_well, n, words.last_went_well, words.entries),
        signs=signs,
        pairs=_pairs(order, noted, checked, in_period, total),
        weekdays=_weekdays(inside_days, anything),
        caveats=_caveats(signs, n),
        checked_days=checked_days,
        noted_days=frozenset(compress(inside_days, anything)),
        well_looked_days=well_looked,
        observers=tuple(
            o for o in dict.fromkeys(compress(log.observers, period_flags)) if o.strip()
        ),
        last_summary=last_summary,
        since_last=since_last,
    )


def _latest(a: date | None, b: date | None) -> date | None:
    return max(a, b) if a and b else a or b


def _earliest(a: date | None, b: date | None) -> date | None:
    return min(a, b) if a and b else a or b


def _sign(
    checklist: Checklist,
    sid: str,
    noted: int,
    checked: int,
    n: int,
    explained: Counter[str],
    days: list[date],
    on_treatment_days: int,
    one_a_day: bool = False,
) -> SignSummary:
    """The sign's figures; with ``one_a_day`` (each check-in on a later local day than the one
    before) its days come from the first and last of its check-ins alone."""
    sign = checklist.sign(sid)
    group = checklist.group_of(sid)
    assert sign is not None and group is not None  # sid comes from the checklist itself
    count = noted.bit_count()
    first: date | None = None
    last: date | None = None
    if one_a_day:
        days_noted = count
        if noted:  # a check-in's byte k is bit 8k: the lowest and the highest set
            first = days[((noted & -noted).bit_length() - 1) // 8]
            last = days[(noted.bit_length() - 1) // 8]
    else:
        on_days = set(_days_of(noted, days))
        days_noted = len(on_days)
        # Local days, not instants: a check-in made later can fall on an earlier local day.
        first = min(on_days) if on_days else None
        last = max(on_days) if on_days else None
    return SignSummary(
        id=sid,
        group=group.id,
        label=sign.label,
        noted=count,
        not_seen=(checked & ~noted).bit_count(),
        not_checked=n - checked.bit_count(),
        explained=explained[sid],
        days_noted=days_noted,
        first_noted=first,
        last_noted=last,
        on_treatment_days=on_treatment_days,
    )


def _change(
    sid: str,
    noted: int,
    checked: int,
    recent: int,
    before: int,
    earlier: int,
    days: list[date],
    noted_long_ago: bool = False,
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
        first = min(_days_of(noted & recent, days))
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
    looked: list[int],
    log_began: date | None,
    since: date,
    until: date,
    checked_days: frozenset[date],
    signs: tuple[SignSummary, ...],
    day_numbers: list[int],
) -> Coverage:
    n = len(looked)
    counted_from = max(since, log_began) if log_began else None
    days_counted = (until - counted_from).days + 1 if counted_from else 0
    gap = Gap(0, None, None)
    if counted_from is not None:
        # Runs of days without a check-in between counted_from and until, both ends included.
        # Days as numbers (ordinals): the steps between days with a check-in in a few steps of C.
        marks_at = [
            (counted_from - timedelta(days=1)).toordinal(),
            *day_numbers,
            (until + timedelta(days=1)).toordinal(),
        ]
        steps = list(map(sub, marks_at[1:], marks_at))
        longest = max(steps)
        if longest > 1:  # the first of the longest runs
            at = steps.index(longest)
            gap = Gap(
                longest - 1,
                date.fromordinal(marks_at[at] + 1),
                date.fromordinal(marks_at[at + 1] - 1),
            )
    return Coverage(
        log_began=log_began,
        counted_from=counted_from,
        days_counted=days_counted,
        days_with_checkin=len(checked_days),
        checkins=n,
        longest_gap=gap,
        usual_looked_for=_median_low(looked) if looked else 0,
        signs=len(order),
        rarely=tuple((s.id, s.checked) for s in signs if s.checked > 0 and 4 * s.checked < n),
        never=tuple(s.id for s in signs if n and s.checked == 0),
    )


_BIT_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def _packed(bits: int, total: int) -> int:
    """A set of check-ins with one bit a check-in instead of a byte: eight times smaller, so
    that ANDs and counts over many pairs of signs take an eighth of the time."""
    if not total:
        return 0
    return int(_flags(bits, total).translate(_BIT_DIGITS), 2)


def _pairs(
    order: list[str], noted: dict[str, int], checked: dict[str, int], in_period: int, total: int
) -> tuple[Pair, ...]:
    inside = {sid: noted[sid] & in_period for sid in order}
    ids = [sid for sid in order if inside[sid].bit_count() >= PAIR_MIN]
    together_in = {sid: _packed(inside[sid], total) for sid in ids}
    looked_in = {sid: _packed(checked[sid] & in_period, total) for sid in ids}
    pairs = [
        Pair((a, b), together, (looked_in[a] & looked_in[b]).bit_count())
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
        if (together := (together_in[a] & together_in[b]).bit_count()) >= PAIR_MIN
    ]
    # Most often together first; ties keep checklist order (the sort is stable).
    pairs.sort(key=lambda p: -p.together)
    return tuple(pairs)


def _weekdays(days: list[date], anything: list[bool]) -> tuple[WeekdaySummary, ...]:
    weekday = list(map(date.weekday, days))
    week_checkins = Counter(weekday)
    if any(week_checkins[i] < WEEKDAY_MIN for i in range(7)):
        return ()  # too few on some weekday for a pattern to mean anything
    week_noted = Counter(compress(weekday, anything))
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
