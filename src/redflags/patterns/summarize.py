"""Pure functions from check-ins (in their compact ``Marks`` form) to a ``Summary``. No I/O.

Counts are per check-in. "Checked" means noted or looked for and not seen; a sign that was not
checked is unknown and never counts as not seen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from functools import reduce
from itertools import chain, compress, pairwise, repeat
from operator import attrgetter, contains, or_

from redflags.checklist import Checklist
from redflags.patterns.types import (
    WEEKDAYS,
    Count,
    Direction,
    GroupSummary,
    Pair,
    Period,
    SignSummary,
    Summary,
    TreatmentComparison,
    Trend,
    WeekdaySummary,
)
from redflags.terms import Marks, TreatmentDay
from redflags.words import counted

DEFAULT_DAYS = 90
TREND_MIN = 8  # fewer checked check-ins than this: too few to tell a trend
PAIR_MIN = 3  # signs noted together at least this often are listed as a pair
MANY_NOT_CHECKED = 1 / 3  # share of unchecked sign entries above which a caveat says so
OFTEN_EXPLAINED = 1 / 4  # share of noted signs marked explained above which a caveat says so


def period(
    since: date | None,
    until: date | None,
    *,
    everything: bool,
    first_day: date | None,
    today: date,
) -> tuple[date, date]:
    """The first and last day of a summary: 90 days up to ``until`` (default today) unless
    ``since`` is given, or from the first check-in with ``everything``."""
    end = until or today
    if everything and since is not None:
        raise ValueError("give either a start date or all check-ins, not both")
    if everything:
        # With no check-in on or before the end, the period is that one day and holds nothing.
        start = min(first_day, end) if first_day else end
    elif since is not None:
        start = since
    else:
        start = end - timedelta(days=DEFAULT_DAYS - 1)
    _in_order(start, end)
    return start, end


def _in_order(since: date, until: date) -> None:
    if since > until:
        raise ValueError(f"the start date {since} is after the end date {until}")


def _in_time_order(marks: list[Marks]) -> list[Marks]:
    ordered = sorted(marks, key=attrgetter("observed_at"))
    if any(a.observed_at == b.observed_at for a, b in pairwise(ordered)):
        # Check-ins at the same instant: order them by content so that the order they arrived in
        # can never change a trend.
        ordered.sort(
            key=lambda m: (
                m.observed_at,
                m.treatment_day.value,
                sorted(m.noted),
                sorted(m.not_seen),
                sorted(m.explained),
            )
        )
    return ordered


_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def _bits(flags: bytes | bytearray) -> int:
    """A set of check-ins as an int: bit k is set when flags[k] is 1."""
    return int(flags.translate(_DIGITS)[::-1] or b"0", 2)


def _holding(sets: list[frozenset[str]], sid: str) -> bytes:
    """1 for each set that holds the sign, 0 for the others (the loop runs in C)."""
    return bytes(map(contains, sets, repeat(sid)))


def _below(bits: int, count: int) -> int:
    """The smallest position p such that ``count`` set bits of ``bits`` lie below p."""
    lo, hi = 0, bits.bit_length()
    while lo < hi:
        mid = (lo + hi) // 2
        if (bits & ((1 << mid) - 1)).bit_count() >= count:
            hi = mid
        else:
            lo = mid + 1
    return lo


def _direction(earlier: Count, later: Count) -> Direction:
    if earlier.checked + later.checked < TREND_MIN:
        return Direction.TOO_FEW
    # later/lc - earlier/ec >= 1/4, in whole numbers so that no rounding can tip it.
    change = 4 * (later.noted * earlier.checked - earlier.noted * later.checked)
    scale = earlier.checked * later.checked
    if change >= scale:
        return Direction.RISING
    if change <= -scale:
        return Direction.FALLING
    return Direction.STEADY


def _trend(noted: int, checked: int) -> Trend:
    # Check-ins are bits in time order; the earlier half is the first n // 2 of the check-ins where
    # the sign was checked, the later half the rest.
    n = checked.bit_count()
    half = n // 2
    earlier_noted = (noted & ((1 << _below(checked, half)) - 1)).bit_count()
    earlier = Count(earlier_noted, half)
    later = Count(noted.bit_count() - earlier_noted, n - half)
    return Trend(earlier, later, _direction(earlier, later))


def summarize(
    checklist: Checklist,
    marks: Sequence[Marks],
    *,
    person: str,
    since: date,
    until: date,
) -> Summary:
    """Summarize the check-ins whose local day lies in [since, until] against the checklist's signs.

    Signs the checklist does not have (from another version) are ignored.
    """
    _in_order(since, until)
    order = [s.id for s in checklist.signs]
    known = frozenset(order)
    ordered = _in_time_order([m for m in marks if since <= m.observed_at.date() <= until])
    n = len(ordered)
    days = [m.observed_at.date() for m in ordered]
    explained = Counter(chain.from_iterable(m.explained & m.noted for m in ordered if m.explained))
    # Each sign as two sets of check-ins (bit k = the k-th check-in in time order), so that every
    # count below is an AND, an OR and a bit count rather than a loop over observations.
    noted_sets = [m.noted for m in ordered]
    seen_sets = [m.not_seen for m in ordered]
    # Few check-ins note anything: set the noted flags from the check-ins that do.
    noted_flags: dict[str, bytearray] = {sid: bytearray(n) for sid in order}
    for k, m in enumerate(ordered):
        for sid in m.noted:
            if sid in known:
                noted_flags[sid][k] = 1
    noted: dict[str, int] = {}
    checked: dict[str, int] = {}
    for sid in order:
        noted[sid] = _bits(bytes(noted_flags[sid]))
        # A sign both noted and not seen is bad data; noted wins, so the three states stay apart.
        checked[sid] = noted[sid] | _bits(_holding(seen_sets, sid))
    yes = _bits(bytes(m.treatment_day is TreatmentDay.YES for m in ordered))
    no = _bits(bytes(m.treatment_day is TreatmentDay.NO for m in ordered))

    signs = tuple(
        _sign(checklist, sid, noted_flags[sid], checked[sid], explained[sid], days) for sid in order
    )
    groups = tuple(
        GroupSummary(
            id=g.id,
            route=g.route,
            noted_checkins=reduce(or_, (noted[s.id] for s in g.signs), 0).bit_count(),
            checked_checkins=reduce(or_, (checked[s.id] for s in g.signs), 0).bit_count(),
        )
        for g in checklist.groups
    )
    weekday = [d.weekday() for d in days]
    week_checkins = Counter(weekday)
    anything = [not ns.isdisjoint(known) for ns in noted_sets]
    week_noted = Counter(compress(weekday, anything))
    weekdays = tuple(
        WeekdaySummary(name, week_checkins[i], week_noted[i]) for i, name in enumerate(WEEKDAYS)
    )
    checked_days = frozenset(days)
    span = Period(since, until, (until - since).days + 1, len(checked_days))
    treatment = (
        tuple(
            TreatmentComparison(
                id=sid,
                yes=Count((noted[sid] & yes).bit_count(), (checked[sid] & yes).bit_count()),
                no=Count((noted[sid] & no).bit_count(), (checked[sid] & no).bit_count()),
            )
            for sid in order
        )
        if yes and no
        else ()
    )
    return Summary(
        person=person,
        checklist=checklist.id,
        period=span,
        checkins=n,
        treatment_checkins=yes.bit_count(),
        treatment_unknown=n - yes.bit_count() - no.bit_count(),
        signs=signs,
        groups=groups,
        pairs=_pairs(order, noted),
        weekdays=weekdays,
        treatment=treatment,
        caveats=_caveats(signs, n, span),
        checked_days=checked_days,
        noted_days=frozenset(compress(days, anything)),
        observers=tuple(dict.fromkeys(m.observer for m in ordered if m.observer.strip())),
    )


def _sign(
    checklist: Checklist,
    sid: str,
    noted_flags: bytes | bytearray,
    checked: int,
    explained: int,
    days: list[date],
) -> SignSummary:
    noted = _bits(noted_flags)
    on_days = set(compress(days, noted_flags))
    sign = checklist.sign(sid)
    group = checklist.group_of(sid)
    assert sign is not None and group is not None  # sid comes from the checklist itself
    return SignSummary(
        id=sid,
        group=group.id,
        label=sign.label,
        noted=noted.bit_count(),
        not_seen=(checked & ~noted).bit_count(),
        not_checked=len(days) - checked.bit_count(),
        explained=explained,
        days_noted=len(on_days),
        # Local days, not instants: a check-in made later can fall on an earlier local day.
        first_noted=min(on_days) if on_days else None,
        last_noted=max(on_days) if on_days else None,
        trend=_trend(noted, checked),
    )


def _pairs(order: list[str], noted: dict[str, int]) -> tuple[Pair, ...]:
    ids = [sid for sid in order if noted[sid].bit_count() >= PAIR_MIN]
    pairs = [
        Pair((a, b), together)
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
        if (together := (noted[a] & noted[b]).bit_count()) >= PAIR_MIN
    ]
    # Most often together first; ties keep checklist order (the sort is stable).
    pairs.sort(key=lambda p: -p.together)
    return tuple(pairs)


def days_caveat(span: Period) -> str | None:
    """The caveat about days without a check-in, if there were any."""
    if span.days_checked >= span.days:
        return None
    missing = span.days - span.days_checked
    return (
        f"Check-ins on {span.days_checked} of {span.days} days: nothing is known about the other "
        f"{counted(missing, 'day')}."
    )


def _caveats(signs: tuple[SignSummary, ...], n: int, span: Period) -> tuple[str, ...]:
    if n == 0:
        return ("No check-ins in this period, so there is nothing to summarize.",)
    caveats = []
    if n < TREND_MIN:
        caveats.append(f"Only {counted(n, 'check-in')}: too few to tell a trend.")
    else:
        few = [s.label for s in signs if s.checked < TREND_MIN]
        if few:
            # Name the signs while the list stays short; past that, count them.
            which = (
                " and ".join([", ".join(few[:-1]), few[-1]] if len(few) > 1 else few)
                if len(few) <= 3
                else f"{len(few)} of {len(signs)} signs"
            )
            caveats.append(
                f"{which} {'was' if len(few) == 1 else 'were'} looked for in fewer than "
                f"{TREND_MIN} check-ins: too few to tell a trend for "
                f"{'it' if len(few) == 1 else 'them'}."
            )
    missing_days = days_caveat(span)
    if missing_days:
        caveats.append(missing_days)
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
