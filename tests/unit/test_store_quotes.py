"""What quoting a check-in reads and the signs it looked for are stored beside its body (the
``quote`` and ``checked`` columns): every way a check-in is stored fills them (or leaves the signs
looked for to be worked out), a database from before them gets them, and notes are quoted and
summaries made exactly as when the whole body was read."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from redflags.import_reader import ImportLine, ImportReader
from redflags.model import CheckIn
from redflags.patterns.types import Summary
from redflags.store import Store
from redflags.store.checkins import Written, prepare_line, quote_of
from redflags.store.schema import QUOTE_OF_BODY, QUOTED_MOST, SCHEMA_VERSION, WENT_WELL
from tests.unit.builders import checkin, whole_log_summary

START = datetime(2026, 10, 1, 19, 30, tzinfo=timezone(timedelta(hours=1)))
LABELS = {"nosebleeds": "Nosebleeds", "chronic-cough": "A cough", "stuffy-nose": "Stuffy nose"}
# The last is longer than a stored quote: read from the body itself.
TEXTS = [
    "plain",
    'quotes " and \\ and "note":"x"',
    "emoji 😀 ✓",
    "\x1b[31mred\x00",
    "x" * 5000,
    "y " * QUOTED_MOST,
]


def _kinds(text: str) -> list[CheckIn]:
    """One check-in of each kind: nothing written, a note, only a sign note, both, a sign note
    that is blank space, what went well."""
    made = [
        {},
        {"note": text},
        {"notes": {"nosebleeds": text}},
        {"note": text, "notes": {"chronic-cough": text}, "setting": text},
        {"notes": {"stuffy-nose": "  "}},
        {"positives": text},
    ]
    return [
        checkin(
            START + timedelta(days=n),
            noted=["nosebleeds", "stuffy-nose"],
            not_seen=["chronic-cough"],
            person="Sam",
            observer="Mum",
            labels=LABELS,
            **fields,
        )
        for n, fields in enumerate(made)
    ]


def _expected(saved: list[CheckIn]) -> list[tuple[str, str, str, str, dict[str, str]]]:
    """What quoting must give, from the whole check-ins."""
    return [
        (
            c.id,
            c.setting,
            c.note,
            c.positives,
            {s: o.note for s, o in c.observations.items() if o.note},
        )
        for c in saved
        if c.has_text
    ]


def _quoted(written: list[Written]) -> list[tuple[str, str, str, str, dict[str, str]]]:
    return [
        (w.id, w.setting, w.note, w.positives, {s: o.note for s, o in w.observations.items()})
        for w in written
    ]


def _columns(path: Path) -> list[tuple[int, str, str]]:
    conn = sqlite3.connect(path)
    try:
        return [
            (int(r[0]), str(r[1]), str(r[2]))
            for r in conn.execute("SELECT has_text, body, quote FROM checkins ORDER BY rowid")
        ]
    finally:
        conn.close()


def _well_formed(path: Path, *, restored: bool = False, migrated: bool = False) -> None:
    """Each check-in's quote is its cut body (none when nothing is written), and SQLite's own
    cut of the body (what a migration stores) says the same; the set of signs it looked for is
    those noted or not seen. A restore fills both as the migration does."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            f"SELECT has_text, body, quote, {QUOTE_OF_BODY}, noted, not_seen, s.ids,"
            " noted_mask, explained, explained_mask"
            " FROM checkins LEFT JOIN sign_sets s ON s.id = checked"
        )
        bits = dict(conn.execute("SELECT id, bit FROM sign_bits"))
        rows = rows.fetchall()
        assert rows
        for row in rows:
            has_text, body, quote, by_sqlite, noted, not_seen, looked = row[:7]
            # The signs noted and explained as numbers: one bit for each sign id.
            for text, mask in ((noted, row[7]), (row[8], row[9])):
                assert mask == sum(1 << bits[sid] for sid in text.split())
            # SQLite's cut keeps three fields more, which quoting does not read.
            assert json.loads(by_sqlite) == {
                **json.loads(quote_of(body)),
                **{
                    key: json.loads(body)[key]
                    for key in ("checklist", "checklist_version", "recorded_at")
                },
            }
            both = " ".join(sorted(f"{noted} {not_seen}".split()))
            stored = has_text and len(body) <= QUOTED_MOST
            by_store = by_sqlite if migrated or restored else quote_of(body)
            assert quote == (by_store if stored else "")
            assert looked == both
    finally:
        conn.close()


def _summary(store: Store) -> Summary:
    from redflags.checklist import load_catalog

    return whole_log_summary(store, load_catalog().get("ketamine"), date(2026, 11, 1))


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_each_saved_check_in_is_quoted_as_written(tmp_path: Path, text: str) -> None:
    with Store.open(tmp_path / "q.db") as store:
        saved = [store.add_checkin(c) for c in _kinds(text)]
        assert _quoted(store.written("Sam", "ketamine")) == _expected(saved)
    _well_formed(tmp_path / "q.db")
    # A body without a sign note is cut before its observations; one with a sign note is whole.
    quotes = [q for has_text, _, q in _columns(tmp_path / "q.db") if has_text]
    if len(text) > QUOTED_MOST:  # a long body: quoted from the body, never held twice
        assert [q == "" for q in quotes] == [True, True, True, False, True]
        return
    assert ['"observations"' in q for q in quotes] == [False, True, True, True, False]
    assert not any('"recorded_at"' in q or '"checklist"' in q for q in quotes)


def test_a_correction_changes_what_is_quoted(tmp_path: Path) -> None:
    with Store.open(tmp_path / "q.db") as store:
        nothing, note, sign_note, *_ = [store.add_checkin(c) for c in _kinds("before")]
        # Nothing written becomes a sign note; a note becomes nothing written.
        store.correct_checkin(
            nothing.model_copy(update={"observations": sign_note.observations}), "a sign note"
        )
        store.correct_checkin(note.model_copy(update={"note": ""}), "note taken out")
        now = store.checkins("Sam")
        assert [c.id for c in now if c.has_text][:2] == [nothing.id, sign_note.id]
        assert _quoted(store.written("Sam", "ketamine")) == _expected(now)
    _well_formed(tmp_path / "q.db")


def _read_as_imported(kinds: list[CheckIn]) -> list[ImportLine | None]:
    """The check-ins as the lines of an import file, read by the import reader."""
    from redflags.checklist import load_catalog

    keys = ["id", "person", "checklist", "checklist_version", "observed_at", "observer"]
    keys += ["treatment_day", "setting", "note", "positives", "observations"]
    lines = [
        json.dumps(
            {**c.model_dump(mode="json", include=set(keys)), "recorded_at": START.isoformat()}
        ).encode()
        for c in kinds
    ]
    reader = ImportReader(load_catalog(), datetime(2026, 11, 1, tzinfo=timezone.utc))
    return [reader.read(line) for line in lines]


def test_imported_lines_are_quoted_as_saved_ones(tmp_path: Path) -> None:
    kinds = _kinds('a "quoted" note')
    read = _read_as_imported(kinds)
    assert all(r is not None for r in read)  # each read straight, not by the model
    with Store.open(tmp_path / "q.db") as store:
        store.import_prepared([prepare_line(r) for r in read if r is not None])
        stored = store.checkins("Sam")
        assert _quoted(store.written("Sam", "ketamine")) == _expected(stored)
    _well_formed(tmp_path / "q.db")


def test_a_restored_database_quotes_every_note(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.db") as store:
        saved = [store.add_checkin(c) for c in _kinds("kept")]
        data = store.dump()
        before = store.written("Sam", "ketamine")
        summary = _summary(store)
    with Store.open(tmp_path / "b.db") as other:
        other.load(data)
        assert other.written("Sam", "ketamine") == before
        assert _quoted(before) == _expected(saved)
        # What quoting reads and the signs looked for are never in a backup: filled on restore.
        assert _summary(other) == summary
        assert summary.signs[0].not_seen + summary.signs[0].noted == len(saved)
        assert other.dump() == data  # what summaries read is never part of a backup
    _well_formed(tmp_path / "b.db", restored=True)


def _back_to_version_5(path: Path, *, keep_column: bool = False) -> None:
    """The file as version 5 left it (no quote column or index, no signs as numbers); with
    ``keep_column`` as steps begun and undone by hand: the columns there, empty."""
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX checkins_quotes")
    conn.execute("DROP INDEX checkins_marks")
    conn.execute(
        "CREATE INDEX checkins_marks ON checkins (person_id, deleted, checklist, observed_utc,"
        " day, observed_at, treatment_day, observer, noted, not_seen, explained)"
    )
    conn.execute("DROP TABLE sign_bits")
    conn.execute("DROP INDEX checkins_went_well")
    conn.execute(
        "CREATE INDEX checkins_went_well ON checkins (person_id, deleted, checklist, day)"
        f" WHERE {WENT_WELL}"
    )
    if keep_column:
        conn.execute(
            "UPDATE checkins SET quote = '', checked = NULL, noted_mask = NULL,"
            " explained_mask = NULL, went_well = 0"
        )
    else:
        for column in ("quote", "checked", "noted_mask", "explained_mask", "went_well"):
            conn.execute(f"ALTER TABLE checkins DROP COLUMN {column}")
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("keep_column", [False, True])
def test_a_version_5_database_is_brought_up_to_date_with_its_notes(
    tmp_path: Path, keep_column: bool
) -> None:
    path = tmp_path / "old.db"
    with Store.open(path) as store:
        saved = [store.add_checkin(c) for c in _kinds('"note":"x" in a note')]
        before = store.written("Sam", "ketamine")
        summary = _summary(store)
    _back_to_version_5(path, keep_column=keep_column)
    with Store.open(path) as store:
        assert store.written("Sam", "ketamine") == before
        assert _summary(store) == summary
        assert _quoted(before) == _expected(saved)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    _well_formed(path, migrated=True)


def test_the_import_reader_keeps_quotes_to_the_store_s_limit() -> None:
    import redflags.import_reader

    assert redflags.import_reader.QUOTED_MOST == QUOTED_MOST


@pytest.mark.parametrize("size", [100, 2 * QUOTED_MOST])
def test_an_imported_long_note_is_quoted_from_its_body(tmp_path: Path, size: int) -> None:
    kinds = _kinds("n" * size)
    read = _read_as_imported(kinds)
    with Store.open(tmp_path / "q.db") as store:
        store.import_prepared([prepare_line(r) for r in read if r is not None])
        assert _quoted(store.written("Sam", "ketamine")) == _expected(store.checkins("Sam"))
    _well_formed(tmp_path / "q.db")
    # The check-in with the note: its quote stored only when short.
    assert (_columns(tmp_path / "q.db")[1][2] == "") == (size > QUOTED_MOST)
