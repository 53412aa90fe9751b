"""Each sign over time (series.py): bucket edges, stretches where nothing was looked for, agreement
with the summary's totals, and ten years of daily check-ins."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redflags.model import Marks, TreatmentDay
from redflags.patterns.series import Buckets, sign_series
from redflags.patterns.summarize import summarize
from redflags.patterns.types import Count
from tests.unit.builders import SIGN_IDS, at, checklist, days_from, marks

START = date(2026, 1, 1)


def every_day(since: date, until: date) -> list[date]:
    return days_from(since, (until - since).days + 1)


@pytest.mark.parametrize(
    ("days", "most", "size", "count"),
    [(1, 30, 1, 1), (7, 30, 1, 7), (30, 30, 1, 30), (31, 30, 2, 16), (90, 30, 3, 30),
     (100, 30, 4, 25), (3653, 30, 122, 30), (10, 4, 3, 4)],
)  # fmt: skip
def test_buckets_cover_the_period_without_gaps(days: int, most: int, size: int, count: int) -> None:
    until = START + timedelta(days=days - 1)
    buckets = Buckets.over(START, until, most)
    assert (buckets.size, buckets.count) == (size, count)
    assert buckets.count <= most
    # Consecutive, touching, and together exactly the period.
    assert buckets.first_day(0) == START
    assert buckets.last_day(count - 1) == until
    for index in range(count - 1):
        assert buckets.first_day(index + 1) == buckets.last_day(index) + timedelta(days=1)
    for day in every_day(START, until):
        index = buckets.index(day)
        assert buckets.first_day(index) <= day <= buckets.last_day(index)


def test_the_latest_bucket_is_whole_and_only_the_first_may_be_short() -> None:
    # Ten days in threes: the first bucket holds one day, the others three.
    buckets = Buckets.over(START, START + timedelta(days=9), 4)
    spans = [(buckets.last_day(i) - buckets.first_day(i)).days + 1 for i in range(4)]
    assert spans == [1, 3, 3, 3]
    assert buckets.index(START) == 0
    assert buckets.index(START + timedelta(days=1)) == 1
    assert buckets.index(START + timedelta(days=3)) == 1
    assert buckets.index(START + timedelta(days=4)) == 2


def test_buckets_refuse_a_period_that_ends_before_it_starts() -> None:
    with pytest.raises(ValueError, match="after the end date"):
        Buckets.over(START, START - timedelta(days=1), 30)
    with pytest.raises(ValueError, match="at least one bucket"):
        Buckets.over(START, START, 0)


def test_nothing_checked_is_unknown_not_zero() -> None:
    buckets = Buckets.over(START, START + timedelta(days=3), 4)  # one day per bucket
    series = sign_series(
        checklist(),
        [
            marks(at(START), noted=["nosebleeds"], not_seen=["stuffy-nose"]),
            marks(at(START), not_seen=["nosebleeds"]),
            # Day 2: a check-in where nosebleeds was not checked at all.
            marks(at(START + timedelta(days=1)), not_seen=["stuffy-nose"]),
            # Day 3: no check-in. Day 4: looked for and not seen.
            marks(at(START + timedelta(days=3)), not_seen=["nosebleeds"]),
        ],
        buckets,
    )
    assert series["nosebleeds"] == [Count(1, 2), Count(0, 0), Count(0, 0), Count(0, 1)]
    assert series["stuffy-nose"] == [Count(0, 1), Count(0, 1), Count(0, 0), Count(0, 0)]
    assert series["chronic-cough"] == [Count(0, 0)] * 4


def test_noted_wins_over_not_seen_and_unknown_signs_are_ignored() -> None:
    buckets = Buckets.over(START, START, 1)
    both = Marks(
        at(START),
        TreatmentDay.NO,
        frozenset({"nosebleeds", "not-a-sign"}),
        frozenset({"nosebleeds", "old-sign"}),
        frozenset(),
    )
    series = sign_series(checklist(), [both], buckets)
    assert series["nosebleeds"] == [Count(1, 1)]
    assert set(series) == set(SIGN_IDS)


def test_the_local_day_decides_the_bucket_and_the_period() -> None:
    # 00:30 at UTC+2 on 2 January is still 1 January in UTC; the observer's local day counts.
    plus_two = timezone(timedelta(hours=2))
    late = datetime(2026, 1, 2, 0, 30, tzinfo=plus_two)
    buckets = Buckets.over(START, START + timedelta(days=1), 2)
    series = sign_series(checklist(), [marks(late, noted=["nosebleeds"])], buckets)
    assert series["nosebleeds"] == [Count(0, 0), Count(1, 1)]
    # Check-ins outside the period are left out.
    outside = [marks(at(START - timedelta(days=1)), noted=["nosebleeds"])]
    assert sign_series(checklist(), outside, buckets)["nosebleeds"] == [Count(0, 0)] * 2


sign_state = st.sampled_from(["noted", "not_seen", "not_checked"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 59), st.lists(sign_state, min_size=6, max_size=6)), max_size=40
    ),
    st.integers(1, 40),
)
def test_bucket_totals_agree_with_the_summary(rows: list[tuple[int, list[str]]], most: int) -> None:
    until = START + timedelta(days=44)  # some check-ins fall after the period and are left out
    made = [
        marks(
            at(START + timedelta(days=offset)),
            noted=[s for s, state in zip(SIGN_IDS, states, strict=True) if state == "noted"],
            not_seen=[s for s, state in zip(SIGN_IDS, states, strict=True) if state == "not_seen"],
        )
        for offset, states in rows
    ]
    series = sign_series(checklist(), made, Buckets.over(START, until, most))
    summary = summarize(checklist(), made, person="Sam", since=START, until=until)
    for sign in summary.signs:
        assert sum(c.noted for c in series[sign.id]) == sign.noted
        assert sum(c.checked for c in series[sign.id]) == sign.checked


def test_ten_years_of_daily_check_ins() -> None:
    rng = random.Random(7)
    since = date(2016, 11, 2)
    days = every_day(since, since + timedelta(days=3652))
    assert len(days) == 3653
    made = [
        marks(
            at(day),
            noted=[s for s in SIGN_IDS if rng.random() < 0.15],
            not_seen=[s for s in SIGN_IDS if rng.random() < 0.7],
        )
        for day in days
    ]
    buckets = Buckets.over(days[0], days[-1], 30)
    series = sign_series(checklist(), made, buckets)
    summary = summarize(checklist(), made, person="Sam", since=days[0], until=days[-1])
    assert buckets.count == 30
    for sign in summary.signs:
        assert len(series[sign.id]) == 30
        assert sum(c.noted for c in series[sign.id]) == sign.noted
        assert sum(c.checked for c in series[sign.id]) == sign.checked
        # Every bucket of a daily log has check-ins, so none is unknown for a sign looked for
        # most days.
        assert all(c.checked > 0 for c in series[sign.id])


def test_series_needs_no_terminal() -> None:
    # Core modules never import textual (DESIGN section 3): the charts' numbers are plain Python.
    probe = "import redflags.patterns.series, sys; print('textual' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"


def test_treatment_days_and_explained_marks_are_told_apart_in_each_stretch() -> None:
    # Three stretches of 2 days. Stretch 0: nosebleeds noted on a treatment day only; stretch 1:
    # noted twice, both marked explained; stretch 2: noted twice, once on a treatment day.
    from redflags.patterns.series import NotedHow, noted_how_series
    from redflags.tui.widgets.sign_pattern import spark, spark_mark, told_apart

    yes, no = TreatmentDay.YES, TreatmentDay.NO
    data = [
        marks(at(START), ["nosebleeds"], [], treatment=yes),
        marks(at(START + timedelta(days=2)), ["nosebleeds"], [], ["nosebleeds"], treatment=no),
        marks(at(START + timedelta(days=3)), ["nosebleeds"], [], ["nosebleeds"], treatment=no),
        marks(at(START + timedelta(days=4)), ["nosebleeds"], [], treatment=yes),
        marks(at(START + timedelta(days=5)), ["nosebleeds"], [], treatment=no),
    ]
    buckets = Buckets.over(START, START + timedelta(days=5), 3)
    how = noted_how_series(checklist(), data, buckets)["nosebleeds"]
    assert how == [NotedHow(1, 0), NotedHow(0, 2), NotedHow(1, 0)]
    counts = sign_series(checklist(), data, buckets)["nosebleeds"]
    assert counts == [Count(1, 1), Count(2, 2), Count(2, 2)]
    assert [told_apart(c, h) for c, h in zip(counts, how, strict=True)] == ["t", "e", None]
    assert spark(counts, how).plain == "te█"
    # One check-in alone never fills a bar: 1 of 1 is drawn against the most looked for (2).
    assert spark_mark(Count(1, 1), 2) == "▅"
    assert spark_mark(Count(1, 1), 1) != "█"
