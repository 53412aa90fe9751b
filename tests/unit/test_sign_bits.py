"""Signs noted and explained stored as numbers (a bit for each sign id the database has seen),
and whether something went well: every way a check-in is stored fills them, a summary read from them says what the text says,
whatever order the database numbered the signs in, with signs of other checklists among them, and
past the 63 bits a number holds."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from redflags.checklist import load_catalog
from redflags.patterns.renumber import checklist_masks
from redflags.patterns.summarize import summarize
from redflags.store import Store
from redflags.store.sign_bits import MOST_BITS
from tests.unit.builders import checkin, whole_log_summary

START = datetime(2026, 9, 1, 19, tzinfo=timezone.utc)
CHECKLIST = load_catalog().get("ketamine")
ORDER = [s.id for s in CHECKLIST.signs]


def _text_mask(text: str, order: list[str]) -> int:
    return sum({1 << order.index(sid) for sid in text.split() if sid in order})


@settings(max_examples=60, deadline=None)
@given(
    st.permutations(range(40)),
    st.lists(st.sets(st.sampled_from([*ORDER, "other-a", "other-b"])), max_size=30),
    st.booleans(),
)
def test_numbers_become_the_checklist_s_masks(
    placing: list[int], sets: list[set[str]], some_texts: bool
) -> None:
    # The database numbered the signs in any order (other checklists' signs among them); some
    # check-ins may have only their text (a set past the bits a number holds).
    ids = [*ORDER, "other-a", "other-b"]
    bits = {sid: placing[n] for n, sid in enumerate(ids)}
    texts = [" ".join(sorted(s)) for s in sets]
    values: list[int | str] = [sum(1 << bits[sid] for sid in s) for s in sets]
    if some_texts:
        values = [
            t if n % 3 == 0 else v for n, (t, v) in enumerate(zip(texts, values, strict=True))
        ]
    assert checklist_masks(values, bits, ORDER) == [_text_mask(t, ORDER) for t in texts]


def test_numbers_in_the_checklist_s_order_are_the_masks_as_they_are() -> None:
    bits = {sid: n for n, sid in enumerate(ORDER)}
    values: list[int | str] = [0, 5, (1 << len(ORDER)) - 1, 5]
    assert checklist_masks(values, bits, ORDER) == values
    # A sign the checklist does not have is left out, even at a bit past the checklist's.
    bits["another"] = len(ORDER)
    assert checklist_masks([1 << len(ORDER) | 1], bits, ORDER) == [1]


def _stored(path: Path) -> list[tuple[str, int | None, str, int | None]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT noted, noted_mask, explained, explained_mask FROM checkins ORDER BY rowid"
        ).fetchall()
    finally:
        conn.close()


def _went_well(path: Path) -> list[tuple[int, int]]:
    """Each check-in's went_well, and whether its "went well" is blank to Python."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT went_well, body FROM checkins ORDER BY rowid").fetchall()
    finally:
        conn.close()
    return [(went, int(bool(json.loads(body)["positives"].strip()))) for went, body in rows]


def _bits(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT id, bit FROM sign_bits"))
    finally:
        conn.close()


def _log(rng: random.Random, days: int, extra: list[str]) -> list[object]:
    made = []
    for day in range(days):
        noted = rng.sample([*ORDER, *extra], rng.randint(0, 4))
        rest = [s for s in ORDER if s not in noted]
        made.append(
            checkin(
                START + timedelta(days=day),
                noted=noted,
                not_seen=rng.sample(rest, rng.randint(0, len(rest))),
                explained=noted[:1] if day % 3 == 0 else (),
                person="Sam",
                positives=("a walk", " \u00a0", "")[day % 3],
            )
        )
    return made


def test_every_way_of_storing_fills_the_numbers(tmp_path: Path) -> None:
    rng = random.Random(7)
    path = tmp_path / "r.db"
    with Store.open(path) as store:
        added = _log(rng, 30, [])
        for c in added[:20]:
            store.add_checkin(c)  # type: ignore[arg-type]
        store.import_checkins(added[20:])  # type: ignore[arg-type]
        fixed = added[3].model_copy(update={"observations": {}})  # type: ignore[attr-defined]
        store.correct_checkin(fixed, "entered on the wrong day")
        data = store.dump()
    with Store.open(tmp_path / "restored.db") as other:
        other.load(data)
    for db in (path, tmp_path / "restored.db"):
        bits = _bits(db)
        rows = _stored(db)
        assert len(rows) == 30
        for noted, noted_mask, explained, explained_mask in rows:
            assert noted_mask == sum(1 << bits[s] for s in noted.split())
            assert explained_mask == sum(1 << bits[s] for s in explained.split())
        assert rows[3][:2] == ("", 0)  # the correction's numbers, not the first version's
        went = _went_well(db)
        assert [stored for stored, _ in went] == [blank for _, blank in went]
        assert 0 < sum(stored for stored, _ in went) < 30


def test_a_summary_from_numbers_says_what_the_marks_say(tmp_path: Path) -> None:
    # Many sign ids of other checklists seen first, so that the checklist's signs get the last
    # bits a number holds and then none (those check-ins keep only their text); the checklist's
    # signs first seen in another order than its own; a sign of another checklist noted too.
    rng = random.Random(11)
    path = tmp_path / "r.db"
    strangers = [f"another-{n}" for n in range(MOST_BITS - 3)]
    with Store.open(path) as store:
        store.add_checkin(checkin(START - timedelta(days=2), noted=strangers, person="Sam"))
        for c in reversed(_log(rng, 40, ["from-another-list"])):
            store.add_checkin(c)  # type: ignore[arg-type]
        quick = whole_log_summary(store, CHECKLIST, date(2026, 11, 1))
        marks = store.marks("Sam", "ketamine")
        written = store.written("Sam", "ketamine")
    span = quick.period
    assert quick == summarize(
        CHECKLIST, marks, person="Sam", since=span.since, until=span.until, written=written
    )
    assert quick.checkins == 41 and sum(s.noted for s in quick.signs) > 40
    bits = _bits(path)
    seen = [s for s in ORDER if s in bits]
    assert len(seen) > 10 and sorted(seen, key=bits.__getitem__) != seen
    masks = [mask for noted, mask, _, _ in _stored(path) if noted]
    assert None in masks and any(mask for mask in masks)  # numbers, and text only


def test_numbers_in_the_database_s_order_are_read_as_they_are(tmp_path: Path) -> None:
    # Only the checklist's signs, first seen in another order than its own: the summary reads
    # the numbers in the database's bits and says what the marks say.
    from redflags.patterns.renumber import database_picks
    from redflags.patterns.types import StoredMarks

    rng = random.Random(5)
    path = tmp_path / "r.db"
    with Store.open(path) as store:
        for c in reversed(_log(rng, 60, [])):
            store.add_checkin(c)  # type: ignore[arg-type]
        store.add_checkin(checkin(START + timedelta(days=61), person="Sam", id=None))  # none
        quick = whole_log_summary(store, CHECKLIST, date(2026, 11, 1))
        marks = store.marks("Sam", "ketamine")
        written = store.written("Sam", "ketamine")
        columns = store.summary_columns("Sam", "ketamine")
    span = quick.period
    assert quick == summarize(
        CHECKLIST, marks, person="Sam", since=span.since, until=span.until, written=written
    )
    assert sum(s.explained for s in quick.signs) > 5 and len(quick.pairs) > 0
    days, treatment, noted, checked, explained, observers, bits = columns
    stored = StoredMarks(days, treatment, noted, (), explained, observers, checked, bits)
    picks = database_picks(stored, ORDER)
    assert picks is not None and picks != list(range(len(ORDER)))


def test_the_summary_reads_one_index_only(tmp_path: Path) -> None:
    # What a summary of years reads is all in one index, in its order, the large body never
    # visited; the signs not seen are not in it (the signs looked for say the same in a few
    # bytes).
    from redflags.store import checkins

    path = tmp_path / "r.db"
    with Store.open(path) as store:
        store.add_checkin(checkin(START, noted=["nosebleeds"], person="Sam"))
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    said: list[str] = []
    conn.set_trace_callback(said.append)
    try:
        checkins.summary_columns(conn, "Sam", "ketamine", since=None, until=None)  # type: ignore[arg-type]
        (read,) = [sql for sql in said if "checkins_marks" in sql]
        plan = " ".join(str(row[-1]) for row in conn.execute(f"EXPLAIN QUERY PLAN {read}"))
        (index,) = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'checkins_marks'"
        ).fetchone()
    finally:
        conn.close()
    assert "COVERING INDEX checkins_marks" in plan and "TEMP B-TREE" not in plan
    assert "not_seen" not in index
