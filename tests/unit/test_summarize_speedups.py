"""The summary's figures for logs of every shape its quicker ways of counting are taken for (a
check-in every day, days missed, several a day, a check-in made later on an earlier local day;
signs noted never, on a few days, on most, every time; the same signs looked for every time or
not), checked against the same figures counted one check-in at a time; and each quicker way
against the plain one it stands for."""

from __future__ import annotations

import random
import statistics
from collections import Counter
from datetime import date, datetime, time, timedelta, timezone
from itertools import compress, pairwise

import pytest

from redflags.checklist import Checklist
from redflags.model import Marks, TreatmentDay
from redflags.patterns import checkin_sets as cs
from redflags.patterns import summarize as s
from redflags.patterns.summarize import (
    COMPARE_MIN,
    PAIR_MIN,
    WEEKDAY_MIN,
    summarize,
    windows,
)
from redflags.patterns.types import WEEKDAYS, Gap, Summary, Word
from tests.unit.builders import checklist, wide_checklist

BASE = date(2025, 1, 6)
UTC = timezone.utc
FAR_EAST = timezone(timedelta(hours=14))
FAR_WEST = timezone(timedelta(hours=-11))
SHAPES = ["every day", "days missed", "several a day", "later on an earlier day"]
NOTED = {"never": 0.0, "a few days": 0.03, "most days": 0.7, "every time": 1.0}


def _log(
    ck: Checklist, shape: str, noted: float, *, same_looked_for: bool, seed: int, days: int = 120
) -> list[Marks]:
    """Check-ins of one shape, in time order, each at its own instant."""
    rng = random.Random(seed)
    ids = [x.id for x in ck.signs]
    moments: list[datetime] = []
    if shape == "every day":
        moments = [datetime.combine(BASE + timedelta(days=k), time(20), UTC) for k in range(days)]
    elif shape == "days missed":
        day = BASE
        for _ in range(days):
            day += timedelta(days=rng.choice([1, 1, 2, 3, 9]))
            moments.append(datetime.combine(day, time(20), UTC))
    elif shape == "several a day":
        for k in range(days):
            for hour in sorted(rng.sample(range(7, 23), rng.choice([1, 2, 3]))):
                moments.append(datetime.combine(BASE + timedelta(days=k), time(hour), UTC))
    else:  # on the far sides of the date line: a later instant can fall on an earlier day
        for k in range(days):
            zone = rng.choice([FAR_EAST, FAR_WEST, UTC])
            moments.append(
                datetime.combine(BASE + timedelta(days=k), time(rng.randrange(24)), zone)
            )
        moments.sort()
    log = []
    lately = max(moments).date() - timedelta(days=20)
    for when in moments:
        every = noted == 1.0
        signs_noted = frozenset(x for x in ids if every or rng.random() < noted)
        if every and rng.random() < 0.5:
            signs_noted = frozenset(rng.sample(ids, rng.randrange(1, len(ids) + 1)))
        if noted:  # the last sign new in the last weeks, noted there on about half the days
            if when.date() <= lately:
                signs_noted -= {ids[-1]}
                if every and not signs_noted:
                    signs_noted = frozenset(ids[:1])
            elif rng.random() < 0.5:
                signs_noted |= {ids[-1]}
        looked = set(ids) if same_looked_for else {x for x in ids if rng.random() < 0.6}
        explained = frozenset(x for x in signs_noted if rng.random() < 0.1)
        log.append(
            Marks(
                when,
                rng.choice(list(TreatmentDay)),
                signs_noted,
                frozenset(looked - signs_noted),
                explained,
                rng.choice(["Mum", "Dad", "", "Sam"]),
            )
        )
    return log


def _by_hand(ck: Checklist, log: list[Marks], since: date, until: date) -> dict[str, object]:
    """The summary's figures counted one check-in at a time, as DESIGN section 6 defines them."""
    ids = [x.id for x in ck.signs]
    log = sorted((m for m in log if m.day <= until), key=lambda m: m.observed_at)
    inside = [m for m in log if since <= m.day <= until]
    n = len(inside)
    noted_at = {m: set(m.noted) & set(ids) for m in log}
    looked_at = {m: (set(m.noted) | set(m.not_seen)) & set(ids) for m in log}
    noted, looked = noted_at.__getitem__, looked_at.__getitem__

    signs = []
    for sid in ids:
        on = [m for m in inside if sid in noted(m)]
        signs.append(
            (
                sid,
                len(on),
                sum(sid in looked(m) and sid not in noted(m) for m in inside),
                sum(sid not in looked(m) for m in inside),
                sum(sid in m.explained for m in on),
                len({m.day for m in on}),
                min((m.day for m in on), default=None),
                max((m.day for m in on), default=None),
                sum(m.treatment_day is TreatmentDay.YES for m in on),
            )
        )
    weekdays: tuple[tuple[str, int, int], ...] = tuple(
        (
            name,
            sum(m.day.weekday() == i for m in inside),
            sum(m.day.weekday() == i and bool(noted(m)) for m in inside),
        )
        for i, name in enumerate(WEEKDAYS)
    )
    if any(w[1] < WEEKDAY_MIN for w in weekdays):
        weekdays = ()
    pairs = [
        (
            (a, b),
            sum({a, b} <= noted(m) for m in inside),
            sum({a, b} <= looked(m) for m in inside),
        )
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
    ]
    pairs = sorted((p for p in pairs if p[1] >= PAIR_MIN), key=lambda p: -p[1])
    yes = [m for m in inside if m.treatment_day is TreatmentDay.YES]
    no = [m for m in inside if m.treatment_day is TreatmentDay.NO]
    by_treatment = tuple(
        (
            sid,
            (sum(sid in noted(m) for m in yes), sum(sid in looked(m) for m in yes)),
            (sum(sid in noted(m) for m in no), sum(sid in looked(m) for m in no)),
        )
        for sid in ids
        if yes and no and any(sid in noted(m) for m in inside)
    )
    began = min((m.day for m in log), default=None)
    gap = Gap(0, None, None)
    if began is not None:
        day, run = max(since, began), 0
        checked_days = {m.day for m in inside}
        while day <= until + timedelta(days=1):
            if day in checked_days or day > until:
                if run > gap.days:
                    gap = Gap(run, day - timedelta(days=run), day - timedelta(days=1))
                run = 0
            else:
                run += 1
            day += timedelta(days=1)
    recent_since, before_since = windows(since, until)
    changes = []
    now = [m for m in log if recent_since <= m.day <= until]
    then = [m for m in log if before_since <= m.day < recent_since]
    for sid in ids:
        now_noted = sum(sid in noted(m) for m in now)
        then_noted = sum(sid in noted(m) for m in then)
        if not now_noted and not then_noted:
            continue
        now_looked = sum(sid in looked(m) for m in now)
        word, first = None, None
        if now_noted and not any(sid in noted(m) for m in log if m.day < recent_since):
            word = Word.NEW
            first = min(m.day for m in now if sid in noted(m))
        elif then_noted and not now_noted and now_looked >= COMPARE_MIN:
            word = Word.NOT_NOTED_LATELY
        looked_then = sum(sid in looked(m) for m in then)
        changes.append((sid, (now_noted, now_looked), (then_noted, looked_then), word, first))
    return {
        "checkins": n,
        "signs": signs,
        "checked_days": {m.day for m in inside},
        "noted_days": {m.day for m in inside if noted(m)},
        "well_looked_days": {m.day for m in inside if len(looked(m)) >= len(ids) / 2},
        "weekdays": weekdays,
        "pairs": pairs,
        "treatment": (
            len(yes),
            len(no),
            n - len(yes) - len(no),
            max((m.day for m in log if m.treatment_day is TreatmentDay.YES), default=None),
            by_treatment,
        ),
        "gap": gap,
        "usual_looked_for": statistics.median_low([len(looked(m)) for m in inside]) if n else 0,
        "observers": list(dict.fromkeys(m.observer for m in inside if m.observer.strip())),
        "changes": changes,
    }


def _figures(got: Summary) -> dict[str, object]:
    t = got.treatment
    return {
        "checkins": got.checkins,
        "signs": [
            (
                x.id,
                x.noted,
                x.not_seen,
                x.not_checked,
                x.explained,
                x.days_noted,
                x.first_noted,
                x.last_noted,
                x.on_treatment_days,
            )
            for x in got.signs
        ],
        "checked_days": set(got.checked_days),
        "noted_days": set(got.noted_days),
        "well_looked_days": set(got.well_looked_days),
        "weekdays": tuple((w.day, w.checkins, w.with_noted) for w in got.weekdays),
        "pairs": [(p.signs, p.together, p.both_checked) for p in got.pairs],
        "treatment": (
            t.yes,
            t.no,
            t.unknown,
            t.last_day,
            tuple(
                (c.id, (c.yes.noted, c.yes.checked), (c.no.noted, c.no.checked)) for c in t.signs
            ),
        ),
        "gap": got.coverage.longest_gap,
        "usual_looked_for": got.coverage.usual_looked_for,
        "observers": list(got.observers),
        "changes": [
            (
                c.id,
                (c.recent.noted, c.recent.checked),
                (c.before.noted, c.before.checked),
                c.word,
                c.first_noted,
            )
            for c in got.changes.signs
        ],
    }


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("noted", list(NOTED))
@pytest.mark.parametrize("same_looked_for", [True, False])
@pytest.mark.parametrize("signs", [6, 20])
def test_every_figure_is_the_one_counted_check_in_by_check_in(
    shape: str, noted: str, same_looked_for: bool, signs: int
) -> None:
    ck = checklist() if signs == 6 else wide_checklist(signs)
    log = _log(ck, shape, NOTED[noted], same_looked_for=same_looked_for, seed=signs)
    in_order = [m.day for m in sorted(log, key=lambda m: m.observed_at)]
    if shape == "later on an earlier day":  # the shape this case is about
        assert any(a > b for a, b in pairwise(in_order))
    first, last = min(in_order), max(in_order)
    # The whole log, a part of it (check-ins before and after the period), and a single day.
    for since, until in [
        (first, last),
        (first + timedelta(days=20), last - timedelta(days=15)),
        (first + timedelta(days=30), first + timedelta(days=30)),
    ]:
        got = summarize(ck, log, person="P", since=since, until=until)
        assert _figures(got) == _by_hand(ck, log, since, until), (since, until)
    if noted != "never":
        whole = summarize(ck, log, person="P", since=first, until=last)
        new = [c for c in whole.changes.signs if c.id == ck.signs[-1].id]
        assert new and new[0].word is Word.NEW


def test_a_single_check_in_and_none_have_their_figures() -> None:
    ck = wide_checklist(20)
    one = _log(ck, "every day", 0.5, same_looked_for=False, seed=4, days=1)
    for log in (one, []):
        got = summarize(ck, log, person="P", since=BASE - timedelta(days=3), until=BASE)
        assert _figures(got) == _by_hand(ck, log, BASE - timedelta(days=3), BASE)


def _masks(rng: random.Random, signs: int, total: int, kind: str) -> list[int]:
    full = (1 << signs) - 1
    if kind == "none":
        return [0] * total
    if kind == "all":
        return [full] * total
    if kind == "the same":
        return [rng.getrandbits(signs)] * total
    if kind == "rare":  # a few check-ins marking any, one sign never marked
        return [rng.getrandbits(signs) & ~2 if rng.random() < 0.05 else 0 for _ in range(total)]
    return [rng.getrandbits(signs) for _ in range(total)]


KINDS = ["none", "all", "the same", "rare", "any"]


@pytest.mark.parametrize("signs", [1, 6, 8, 9, 20, 33, 70])
@pytest.mark.parametrize("total", [0, 1, 2, 300])
@pytest.mark.parametrize("kind", KINDS)
def test_each_signs_check_ins_and_counts_are_those_of_the_masks_holding_it(
    signs: int, total: int, kind: str
) -> None:
    rng = random.Random(signs * 1000 + total)
    masks = _masks(rng, signs, total, kind)
    expected = [[k for k, m in enumerate(masks) if m >> i & 1] for i in range(signs)]
    held = cs.holding(masks, signs)
    assert [[k for k in range(total) if bits >> k & 1] for bits in held] == expected
    assert cs.holding(masks, signs, same=cs.all_same(masks)) == held
    assert cs.held_counts(masks, signs) == list(map(len, expected))
    # The counts of a part of the check-ins, from only those marking any: as from all of them.
    part = masks[total // 3 :]
    assert cs.held_counts(part, signs) == [sum(m >> i & 1 for m in part) for i in range(signs)]


@pytest.mark.parametrize("total", [0, 1, 7, 8, 9, 300])
def test_a_set_of_check_ins_is_its_flags_and_back(total: int) -> None:
    rng = random.Random(total)
    flags = bytes(rng.choice([0, 1]) for _ in range(total))
    bits = cs.from_flags(flags)
    assert [k for k in range(total) if bits >> k & 1] == [k for k, f in enumerate(flags) if f]
    assert cs.to_flags(bits, total) == flags
    assert cs.from_flags(cs.to_flags(cs.all_of(total), total)) == cs.all_of(total)


@pytest.mark.parametrize(
    "values",
    [
        ["yes", "no", "unknown"],
        ["unknown"],
        ["yes"],
        [],
        ["yes", "no", "unknown", "maybe"],
        ["yes", "no", ""],
        ["Yes", "no", "yes "],
        ["abc", "no", "yes", "ab"],  # as long as "yes" and "no", and not them
    ],
)
def test_treatment_days_are_told_apart_by_their_values(values: list[str]) -> None:
    rng = random.Random(len(values))
    treatment = [rng.choice(values) for _ in range(200)] if values else []
    yes, no = cs.treatment_days(treatment)
    assert [k for k in range(len(treatment)) if yes >> k & 1] == [
        k for k, v in enumerate(treatment) if v == "yes"
    ]
    assert [k for k in range(len(treatment)) if no >> k & 1] == [
        k for k, v in enumerate(treatment) if v == "no"
    ]


@pytest.mark.parametrize("distinct", [1, 2, 8, 9, 30])
def test_observers_come_in_the_order_they_first_came(distinct: int) -> None:
    rng = random.Random(distinct)
    values = [f"o{rng.randrange(distinct)}" for _ in range(400)]
    assert s._first_seen(values) == list(dict.fromkeys(values))


@pytest.mark.parametrize("total", [0, 1, 27, 28, 29, 34, 35, 400])
@pytest.mark.parametrize("start", range(7))
def test_weekdays_of_a_check_in_every_day_are_those_of_their_days(total: int, start: int) -> None:
    rng = random.Random(total)
    days = [BASE + timedelta(days=start + k) for k in range(total)]
    noted = [rng.choice([0, 0, 1, 6]) for _ in range(total)]
    daily = cs.from_flags(bytes(map(bool, noted)))
    got = s._weekdays(days, noted, daily)
    assert got == s._weekdays(days, noted)
    if total >= 7 * WEEKDAY_MIN:
        counts = Counter(d.weekday() for d in days)
        with_noted = Counter(d.weekday() for d in compress(days, noted))
        assert [(w.checkins, w.with_noted) for w in got] == [
            (counts[i], with_noted[i]) for i in range(7)
        ]


@pytest.mark.parametrize("first, last", [(10, 10), (10, 40), (1, 40), (10, 50), (1, 50)])
def test_the_longest_gap_of_days_every_day_is_the_same_told_as_a_range(
    first: int, last: int
) -> None:
    # Between day 0 and day 51 (both left out): before the first and after the last, or none.
    numbers = range(first, last + 1)
    assert s._longest_gap(0, numbers, 51) == s._longest_gap(0, list(numbers), 51)


@pytest.mark.parametrize("seed", range(5))
def test_the_longest_gap_is_the_same_with_a_day_of_several_check_ins(seed: int) -> None:
    rng = random.Random(seed)
    numbers = sorted(rng.sample(range(1, 60), 12))
    twice = sorted(numbers + rng.sample(numbers, 5))
    assert s._longest_gap(0, twice, 61) == s._longest_gap(0, numbers, 61)
    gaps = [b - a - 1 for a, b in pairwise([0, *numbers, 61])]
    assert s._longest_gap(0, twice, 61).days == max(gaps)


@pytest.mark.parametrize("most_a_day", [1, 2, 3, 5, 15, 16, 17, 40])
def test_a_signs_days_are_counted_once_however_many_check_ins_fall_on_them(
    most_a_day: int,
) -> None:
    rng = random.Random(most_a_day)
    days = [BASE + timedelta(days=k) for k in range(30) for _ in range(rng.randint(1, most_a_day))]
    days += [BASE + timedelta(days=31)] * most_a_day  # one day with that many, at least
    same_day = cs.same_day_runs(days)
    # Past 16 check-ins on a day, the days are counted as a set instead.
    assert (same_day is None) == (most_a_day > 16)
    for density in (0.0, 0.1, 0.5, 1.0):
        noted = cs.from_flags(bytes(rng.random() < density for _ in days))
        expected = len({d for k, d in enumerate(days) if noted >> k & 1})
        assert cs.days_counted(noted, days, same_day) == expected
