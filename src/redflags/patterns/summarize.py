"""Pure functions from check-ins (in their compact ``Marks`` form) to a ``Summary``. No I/O.

Counts are per check-in. "Checked" means noted or looked for and not seen; a sign that was not
checked is unknown and never counts as not seen. DESIGN section 6 is the specification.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import compress, pairwise, repeat
from operator import and_, attrgetter, ge, lt, or_, sub

from redflags.checklist import Checklist
from redflags.patterns.caseload import RECENT_DAYS
from redflags.patterns.checkin_sets import (
    all_same,
    between,
    days_counted,
    days_of,
    first_day_of,
    held_counts,
    holding,
    last_day_of,
    picked,
    same_day_runs,
    to_flags,
    treatment_days,
)
from redflags.patterns.renumber import (
    bits_of,
    checklist_masks,
    database_picks,
    set_masks,
    text_masks,
)
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
from redflags.terms import Marks
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
    bit = bits_of(order)
    noted = set_masks((m.noted for m in log), bit)
    seen = set_masks((m.not_seen for m in log), bit)
    explained = set_masks((m.explained for m in log), bit)
    return _Log(
        [m.observed_at.date() for m in log],
        [m.treatment_day.value for m in log],
        noted,
        list(map(or_, noted, seen)),
        list(map(and_, explained, noted)),
        [m.observer for m in log],
    )


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
    """``summarize``, from the check-ins' compact form as the store keeps it (columns of text
    and numbers, in the order ``summarize`` puts check-ins in, none after ``until``): years of
    check-ins are never made into a set of sign ids each."""
    _in_order(since, until)
    order = [s.id for s in checklist.signs]
    bit = bits_of(order)
    picks = None if stored.bits is None else database_picks(stored, order)
    if picks is not None:  # the numbers as they are, read in the database's bits
        noted: list[int] = list(stored.noted)  # type: ignore[arg-type]
        explained: list[int] = list(stored.explained)  # type: ignore[arg-type]
    elif stored.bits is None:
        noted = text_masks(stored.noted, bit)  # type: ignore[arg-type]
        explained = text_masks(stored.explained, bit)  # type: ignore[arg-type]
    else:
        noted = checklist_masks(stored.noted, stored.bits, order)
        explained = checklist_masks(stored.explained, stored.bits, order)
    if stored.checked is None:
        checked = list(map(or_, noted, text_masks(stored.not_seen, bit)))
    elif picks is not None:  # the noted ones are among them (see _Log)
        checked = text_masks(stored.checked, bit, repeats=True)
    else:  # noted ones among them, always
        checked = list(map(or_, noted, text_masks(stored.checked, bit, repeats=True)))
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
    in_period = between(days, since, until, ordered)
    recent = between(days, recent_since, until, ordered)
    before = between(days, before_since, before_until, ordered)
    earlier = between(days, date.min, before_until, ordered)
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
        period_flags = to_flags(in_period, total)
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
    noted = dict(zip(order, picked(holding(log.noted, width), picks), strict=True))
    same_checked = all_same(log.checked)
    checked = dict(zip(order, holding(log.checked, len(order), same=same_checked), strict=True))
    if picks is not None:  # noted wins: a sign noted was looked for
        checked = {sid: checked[sid] | noted[sid] for sid in order}
    noted_inside = {sid: noted[sid] & in_period for sid in order}
    anything = 0  # the period's check-ins with any sign noted
    for inside in noted_inside.values():
        anything |= inside
    yes_all, no_all = treatment_days(log.treatment)
    yes, no = yes_all & in_period, no_all & in_period
    explained = dict(zip(order, picked(held_counts(period_explained, width), picks), strict=True))
    checked_days = frozenset(inside_days)
    # Each check-in of the period on a later day than the one before: a sign's days are its
    # check-ins.
    one_a_day = ordered and len(checked_days) == n
    same_day = [] if one_a_day else same_day_runs(days) if ordered else None
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
    if n and (same_checked or all_same(period_checked)):  # the same signs every time
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
            (last_day_of(yes_all, days) if ordered else max(days_of(yes_all, days)))
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
        noted_days = checked_days.difference(compress(days, to_flags(in_period & ~anything, total)))
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
    and last check-ins; ``same_day`` as ``days_counted`` takes it."""
    sign = checklist.sign(sid)
    assert sign is not None  # sid comes from the checklist itself
    count = noted.bit_count()
    first: date | None = None
    last: date | None = None
    if ordered:
        days_noted = days_counted(noted, days, same_day)
        if noted:
            first = first_day_of(noted, days)
            last = last_day_of(noted, days)
    else:
        on_days = set(days_of(noted, days))
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
        first = first_day_of(lately, days) if ordered else min(days_of(lately, days))
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
