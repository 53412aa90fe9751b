"""Properties of summarize that hold for any check-ins: denominators add up, unknown is never absent,
order never matters, the two windows add up to the period, "new" is never said of a sign noted
before, nothing is said of a sign never noted, and days are the observer's local days."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redflags.model import Marks, TreatmentDay
from redflags.patterns.caseload import new_signs
from redflags.patterns.summarize import COMPARE_MIN, summarize, summarize_stored
from redflags.patterns.types import SignSummary, StoredMarks, Summary, Word
from tests.unit.builders import SIGN_IDS, checklist

CHECKLIST = checklist()
BASE = date(2026, 3, 1)
SPAN = 40
ZONES: list[tzinfo] = [
    timezone.utc,
    ZoneInfo("Europe/London"),
    ZoneInfo("America/New_York"),
    timezone(timedelta(hours=14)),
    timezone(timedelta(hours=-11)),
]
# A sign from another checklist version rides along and must be ignored.
MARKED = [*SIGN_IDS, "old-sign"]


@st.composite
def a_mark(draw: st.DrawFn, days: int = SPAN, hours: int = 23) -> Marks:
    day = BASE + timedelta(days=draw(st.integers(0, days)))
    moment = time(draw(st.integers(0, hours)), draw(st.sampled_from([0, 1, 30, 59])))
    when = datetime.combine(day, moment, tzinfo=draw(st.sampled_from(ZONES)))
    states = draw(st.lists(st.sampled_from("nsu"), min_size=len(MARKED), max_size=len(MARKED)))
    noted = frozenset(s for s, x in zip(MARKED, states, strict=True) if x == "n")
    not_seen = frozenset(s for s, x in zip(MARKED, states, strict=True) if x == "s")
    explained = draw(st.frozensets(st.sampled_from(sorted(noted)))) if noted else frozenset()
    return Marks(when, draw(st.sampled_from(list(TreatmentDay))), noted, not_seen, explained)


many_marks = st.lists(a_mark(), max_size=40)


def run(
    data: list[Marks], since: date = BASE, until: date = BASE + timedelta(days=SPAN)
) -> Summary:
    return summarize(CHECKLIST, data, person="P", since=since, until=until)


@given(many_marks)
def test_the_three_states_add_up_to_the_checkins_for_every_sign(data: list[Marks]) -> None:
    got = run(data)
    assert got.checkins == len(data)
    for s in got.signs:
        assert s.noted + s.not_seen + s.not_checked == got.checkins
        assert 0 <= s.explained <= s.noted
        assert s.days_noted <= s.noted
    assert sum(w.checkins for w in got.weekdays) in (0, got.checkins)
    for p in got.pairs:
        assert p.together <= p.both_checked <= got.checkins
    assert got.period.days_checked == len({m.day for m in data})


@given(many_marks, st.data())
def test_marking_more_signs_not_checked_never_changes_what_was_noted(
    data: list[Marks], draw: st.DataObject
) -> None:
    # Turn some "looked for, not seen" into "not checked": every count of noted check-ins stays.
    # (The trend halves may move, because they split the check-ins where a sign was checked.)
    less = [
        m._replace(not_seen=m.not_seen - draw.draw(st.frozensets(st.sampled_from(MARKED))))
        for m in data
    ]
    before, after = run(data), run(less)
    for b, a in zip(before.signs, after.signs, strict=True):
        assert (a.noted, a.explained, a.days_noted) == (b.noted, b.explained, b.days_noted)
        assert (a.first_noted, a.last_noted) == (b.first_noted, b.last_noted)
        assert a.not_checked >= b.not_checked
    assert [(p.signs, p.together) for p in after.pairs] == [
        (p.signs, p.together) for p in before.pairs
    ]
    assert [w.with_noted for w in after.weekdays] == [w.with_noted for w in before.weekdays]
    assert [(t.yes.noted, t.no.noted) for t in after.treatment.signs] == [
        (t.yes.noted, t.no.noted) for t in before.treatment.signs
    ]


# Few distinct moments, so that several check-ins often share one instant.
crowded_marks = st.lists(a_mark(days=1, hours=0), min_size=8, max_size=30)


@given(many_marks | crowded_marks, st.randoms(use_true_random=False))
def test_the_order_marks_arrive_in_never_changes_the_summary(
    data: list[Marks], rnd: random.Random
) -> None:
    shuffled = list(data)
    rnd.shuffle(shuffled)
    assert run(shuffled) == run(data)
    assert run(list(reversed(data))) == run(data)


# Check-ins over 90 days before the period's end, some of them before the period starts.
LONG = 90
log_marks = st.lists(a_mark(days=LONG), max_size=50)
UNTIL = BASE + timedelta(days=LONG)


@given(log_marks, st.integers(0, LONG))
def test_the_two_windows_add_up_to_the_period(data: list[Marks], start: int) -> None:
    since = BASE + timedelta(days=start)
    got = run(data, since, UNTIL)
    changes = {c.id: c for c in got.changes.signs}
    assert got.changes.recent.checkins + got.changes.before.checkins == got.checkins
    for s in got.signs:
        change = changes.get(s.id)
        if change is None:
            continue
        assert change.recent.noted + change.before.noted == s.noted
        assert change.recent.checked + change.before.checked == s.checked


@given(log_marks, st.integers(0, LONG))
def test_new_is_never_said_of_a_sign_noted_before_the_recent_window(
    data: list[Marks], start: int
) -> None:
    got = run(data, BASE + timedelta(days=start), UNTIL)
    recent = got.changes.recent.since
    for change in got.changes.signs:
        noted_before = any(m.day < recent and change.id in m.noted for m in data)
        if change.word is Word.NEW:
            assert not noted_before
            assert change.first_noted is not None and change.first_noted >= recent
        if change.word is Word.NOT_NOTED_LATELY:
            assert change.recent.noted == 0 and change.recent.checked >= COMPARE_MIN
    if recent == UNTIL - timedelta(days=29):  # the whole last 30 days are in the period
        said_new = {c.id for c in got.changes.signs if c.word is Word.NEW}
        assert said_new == new_signs(data, UNTIL) & {s.id for s in got.signs}


@given(log_marks)
def test_nothing_is_said_of_a_sign_never_noted(data: list[Marks]) -> None:
    got = run(data, BASE, UNTIL)
    never = {s.id for s in got.signs if s.noted == 0}
    assert never.isdisjoint(c.id for c in got.changes.signs)
    assert never.isdisjoint(t.id for t in got.treatment.signs)
    assert never.isdisjoint(sid for p in got.pairs for sid in p.signs)


def _sign(got: Summary, sid: str) -> SignSummary:
    return next(s for s in got.signs if s.id == sid)


@given(st.integers(0, SPAN), st.integers(0, 10), st.sampled_from(ZONES), st.integers(0, 23))
def test_both_edges_of_the_period_are_counted_once(
    start: int, length: int, zone: tzinfo, hour: int
) -> None:
    since = BASE + timedelta(days=start)
    until = since + timedelta(days=length)
    # One check-in a day: the day before, the first and last days (one day when they are the
    # same), and the day after.
    days = dict.fromkeys([since - timedelta(days=1), since, until, until + timedelta(days=1)])
    data = [
        Marks(
            datetime.combine(d, time(hour), tzinfo=zone),
            TreatmentDay.NO,
            frozenset({"nosebleeds"}),
            frozenset(),
            frozenset(),
        )
        for d in days
    ]
    got = run(data, since, until)
    inside = 1 if since == until else 2
    assert got.checkins == inside
    assert got.period.days == length + 1
    assert got.period.days_checked == inside
    bleeds = _sign(got, "nosebleeds")
    assert (bleeds.first_noted, bleeds.last_noted) == (since, until)


# Around the spring and autumn clock changes of 2026 in both zones.
CHANGES = [
    datetime(2026, 3, 8),
    datetime(2026, 3, 29),
    datetime(2026, 10, 25),
    datetime(2026, 11, 1),
]


@given(
    st.sampled_from(CHANGES),
    st.integers(-36 * 60, 36 * 60),
    st.sampled_from([ZoneInfo("Europe/London"), ZoneInfo("America/New_York")]),
)
def test_checkins_around_a_clock_change_land_on_their_local_day(
    change: datetime, minutes: int, zone: ZoneInfo
) -> None:
    # An instant near the change, seen on the observer's clock.
    when = (change.replace(tzinfo=timezone.utc) + timedelta(minutes=minutes)).astimezone(zone)
    local = when.date()
    mark = Marks(when, TreatmentDay.NO, frozenset({"nosebleeds"}), frozenset(), frozenset())
    on_day = run([mark], local, local)
    assert on_day.checkins == 1 and on_day.noted_days == {local}
    assert on_day.coverage.log_began == local
    assert run([mark], local + timedelta(days=1), local + timedelta(days=1)).checkins == 0
    assert run([mark], local - timedelta(days=1), local - timedelta(days=1)).checkins == 0


@given(log_marks, st.integers(0, LONG), st.booleans())
def test_reading_only_the_period_with_the_logs_facts_says_the_same(
    data: list[Marks], start: int, since_last: bool
) -> None:
    # The store hands summarize the period (and the window before it) plus a few facts of the
    # years before; the summary must be the one the whole log gives.
    from redflags.patterns.summarize import windows
    from redflags.patterns.types import LogFacts

    since = BASE + timedelta(days=start)
    first = min(since, windows(since, UNTIL, since_last=since_last)[1])
    days = [m.day for m in data if m.day <= UNTIL]
    earlier = [m for m in data if m.day < first]
    facts = LogFacts(
        began=min(days) if days else None,
        last_treatment_day=max(
            (m.day for m in data if m.day <= UNTIL and m.treatment_day is TreatmentDay.YES),
            default=None,
        ),
        noted_before=frozenset(s for m in earlier for s in m.noted),
        before=first,
    )
    whole = summarize(CHECKLIST, data, person="P", since=since, until=UNTIL, since_last=since_last)
    part = summarize(
        CHECKLIST,
        [m for m in data if m.day >= first],
        person="P",
        since=since,
        until=UNTIL,
        since_last=since_last,
        facts=facts,
    )
    assert part == whole


def _stored(data: list[Marks]) -> StoredMarks:
    """The marks as the store hands them: in order (by instant, then as its index keeps them), as the columns
    of text it keeps them in."""
    ordered = sorted(
        data,
        key=lambda m: (
            m.observed_at,
            m.day,
            m.observed_at.isoformat(),
            m.treatment_day.value,
            m.observer,
            sorted(m.noted),
            sorted(m.not_seen),
            sorted(m.explained),
        ),
    )
    return StoredMarks(
        [m.day.isoformat() for m in ordered],
        [m.treatment_day.value for m in ordered],
        [" ".join(sorted(m.noted)) for m in ordered],
        [" ".join(sorted(m.not_seen)) for m in ordered],
        [" ".join(sorted(m.explained)) for m in ordered],
        [m.observer for m in ordered],
    )


@given(log_marks | crowded_marks, st.integers(0, LONG), st.booleans())
def test_the_stored_columns_give_the_summary_the_marks_give(
    data: list[Marks], start: int, since_last: bool
) -> None:
    # Read as columns of text (sign ids joined by spaces, one from another checklist version
    # among them), without a set of ids for each check-in, the summary is the same.
    since = BASE + timedelta(days=start)
    stored = _stored([m for m in data if m.day <= UNTIL])
    choices = {"person": "P", "since": since, "until": UNTIL, "since_last": since_last}
    assert summarize_stored(CHECKLIST, stored, **choices) == summarize(  # type: ignore[arg-type]
        CHECKLIST,
        data,
        **choices,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("signs", [20, 70])
def test_the_stored_columns_of_many_signs_and_check_ins_give_the_same_summary(signs: int) -> None:
    # More signs than a byte holds bits (than a machine integer, too), over more check-ins
    # than a byte counts.
    from tests.unit.builders import wide_checklist

    wide = wide_checklist(signs)
    ids = [s.id for s in wide.signs]
    rng = random.Random(3)
    data = []
    for k in range(400):
        noted = frozenset(s for s in ids if rng.random() < 0.3)
        not_seen = frozenset(s for s in ids if s not in noted and rng.random() < 0.8)
        explained = frozenset(s for s in noted if rng.random() < 0.2)
        when = datetime.combine(BASE + timedelta(days=k // 2), time(8 + k % 2), timezone.utc)
        data.append(Marks(when, rng.choice(list(TreatmentDay)), noted, not_seen, explained))
    until = BASE + timedelta(days=199)
    stored = _stored(data)
    assert summarize_stored(wide, stored, person="P", since=BASE, until=until) == summarize(
        wide, data, person="P", since=BASE, until=until
    )
