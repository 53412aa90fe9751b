"""Exports read only what they quote, and say exactly what a full read would."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from redflags.checklist import load_catalog
from redflags.model import CheckIn, Observation, Status, TreatmentDay
from redflags.report.exporting import export_for, summary_and_written, summary_for
from redflags.report.render import render_markdown, render_text
from redflags.store import Store
from tests.unit.builders import checkin, whole_log_summary

ZONE = timezone(timedelta(hours=1))


def _fill(store: Store) -> None:
    for day in range(1, 21):
        nose = ["nosebleeds"]
        store.add_checkin(
            checkin(
                datetime(2026, 10, day, 19, tzinfo=ZONE),
                noted=nose if day % 3 == 0 else [],
                not_seen=["chronic-cough"] if day % 3 == 0 else [*nose, "chronic-cough"],
                explained=nose if day == 12 else [],
                treatment=TreatmentDay.YES if day % 7 == 0 else TreatmentDay.NO,
                notes={"nosebleeds": "on the pillow"} if day % 6 == 0 else None,
                id=None,
                person="Sam",
                observer="Mum" if day % 2 else "Dad",
                note="tired" if day % 5 == 0 else "",
                positives="cooked" if day == 4 else "",
                labels={"nosebleeds": "Nosebleeds", "chronic-cough": "A cough"},
            )
        )


def test_written_holds_only_what_was_written(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.db") as store:
        _fill(store)
        written = store.written("Sam", "ketamine")
    days = [c.day.day for c in written]
    assert days == [4, 5, 6, 10, 12, 15, 18, 20]
    six = written[days.index(6)]
    assert list(six.observations) == ["nosebleeds"]
    assert six.observations["nosebleeds"].note == "on the pillow"
    assert six.labels == {"nosebleeds": "Nosebleeds"}


def test_written_says_what_the_stored_check_ins_say(tmp_path: Path) -> None:
    # Read without validating each body again, a written check-in holds the same values, of the
    # same types, as the check-in read in full (its observations those with a note).
    with Store.open(tmp_path / "r.db") as store:
        _fill(store)
        written = store.written("Sam", "ketamine")
        full = {c.id: c for c in store.checkins("Sam")}
    assert len(written) == 8
    for quick in written:
        stored = full[quick.id]
        noted = {k: o for k, o in stored.observations.items() if o.note}
        labels = {k: v for k, v in stored.labels.items() if k in noted}
        assert quick.observations == {k: (o.status, o.explained, o.note) for k, o in noted.items()}
        assert quick.labels == labels
        fields = ("id", "person", "checklist", "observer", "treatment_day", "setting", "note")
        for name in (*fields, "positives", "observed_at", "deleted"):
            assert getattr(quick, name) == getattr(stored, name), name
        assert isinstance(quick.treatment_day, TreatmentDay)
        assert all(isinstance(o.status, Status) for o in quick.observations.values())
        assert quick.observed_at.isoformat() == stored.observed_at.isoformat()
        assert quick.minute == stored.observed_at.isoformat(" ", "minutes")[:16]


def test_written_reads_notes_that_look_like_the_stored_form(tmp_path: Path) -> None:
    # The store reads a body's observations only when one carries a note, and finds them by
    # the stored form's keys: text typed to look like those keys changes nothing.
    tricky = '"note":"" ,"observations":{ "note":'
    with Store.open(tmp_path / "r.db") as store:
        first = store.add_checkin(
            checkin(datetime(2026, 10, 1, 19, tzinfo=ZONE), ["nosebleeds"], note=tricky)
        )
        second = store.add_checkin(
            checkin(
                datetime(2026, 10, 2, 19, tzinfo=ZONE),
                ["nosebleeds"],
                ["chronic-cough"],
                setting=tricky,
                notes={"chronic-cough": tricky},
                labels={"chronic-cough": tricky, "nosebleeds": "Nosebleeds"},
            )
        )
        written = store.written(first.person, "ketamine")
    assert [(c.note, c.setting) for c in written] == [(tricky, ""), ("", tricky)]
    assert written[0].observations == {}
    sign = second.observations["chronic-cough"]
    assert written[1].observations == {"chronic-cough": (sign.status, sign.explained, sign.note)}
    assert written[1].labels == {"chronic-cough": tricky}
    # The observations and their labels are the last of the stored form.
    assert list(json.loads(second.body_json()))[-2:] == ["observations", "labels"]


@pytest.mark.parametrize(("fmt", "render"), [("text", render_text), ("markdown", render_markdown)])
def test_export_reads_less_and_says_the_same(tmp_path: Path, fmt: str, render: object) -> None:
    catalog = load_catalog()
    checklist = catalog.get("ketamine")
    with Store.open(tmp_path / "r.db") as store:
        _fill(store)
        summary = whole_log_summary(store, checklist, date(2026, 11, 1))
        made = date(2026, 11, 1)
        quick = export_for(
            store, catalog, checklist, summary, fmt=fmt, initials=False, made=made, country="GB"
        )
        full = render(  # type: ignore[operator]
            summary, store.checkins("Sam"), checklist, catalog.urgent, made=made, country="GB"
        )
    assert quick == full
    assert "on the pillow" in quick and "Mum, Dad" in quick


def test_each_summary_made_is_remembered_without_its_content(tmp_path: Path) -> None:
    import sqlite3

    from redflags.report.exporting import remember

    catalog = load_catalog()
    checklist = catalog.get("ketamine")
    path = tmp_path / "r.db"
    with Store.open(path) as store:
        _fill(store)
        assert store.last_summary("Sam", "ketamine") is None
        summary = whole_log_summary(store, checklist, date(2026, 10, 20))
        remember(store, summary, "text", date(2026, 10, 21))
        remember(store, summary, "csv", date(2026, 10, 22))
        assert store.last_summary("Sam", "ketamine") == date(2026, 10, 22)
        assert store.last_summary("Sam", "ketamine-treatment-effects") is None
        assert store.last_summary("Nobody", "ketamine") is None
        again = summary_for(
            store,
            checklist,
            "Sam",
            since=None,
            until=date(2026, 10, 30),
            everything=False,
            today=date(2026, 10, 30),
            since_last=True,
        )
        assert (again.period.since, again.last_summary) == (date(2026, 10, 23), date(2026, 10, 22))
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT * FROM summaries_made ORDER BY id").fetchall()
    conn.close()
    # Person, checklist, period, format, made on: no content.
    assert [r[2:] for r in rows] == [
        ("ketamine", "2026-10-01", "2026-10-20", "text", "2026-10-21"),
        ("ketamine", "2026-10-01", "2026-10-20", "csv", "2026-10-22"),
    ]


def test_a_database_of_version_three_gains_the_summaries_made(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.db"
    with Store.open(path) as store:
        _fill(store)
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE summaries_made")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.last_summary("Sam", "ketamine") is None
        store.record_summary(
            "Sam", "ketamine", date(2026, 10, 1), date(2026, 10, 20), "text", date(2026, 10, 21)
        )
        assert store.last_summary("Sam", "ketamine") == date(2026, 10, 21)
        assert len(store.checkins("Sam")) == 20


def test_a_database_of_version_four_counts_what_went_well_the_same(tmp_path: Path) -> None:
    import sqlite3

    from redflags.store.schema import SCHEMA_VERSION

    checklist = load_catalog().get("ketamine")
    path = tmp_path / "old.db"
    choices = {"since": None, "until": None, "everything": True, "today": date(2026, 11, 1)}
    with Store.open(path) as store:
        _fill(store)
        store.add_checkin(
            checkin(datetime(2026, 10, 25, 19, tzinfo=ZONE), person="Sam", positives="a long walk")
        )
        store.add_checkin(
            checkin(datetime(2026, 10, 26, 19, tzinfo=ZONE), person="Sam", positives=" \t\n ")
        )
        # Blank to Python (and to the summary), not to SQLite's trim: nothing went well.
        store.add_checkin(
            checkin(datetime(2026, 10, 27, 19, tzinfo=ZONE), person="Sam", positives="\u00a0\x1c")
        )
    # Take the file back to version 4, before the index of what went well and its column.
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX checkins_went_well")
    conn.execute("ALTER TABLE checkins DROP COLUMN went_well")
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        summary = summary_for(store, checklist, "Sam", **choices)  # type: ignore[arg-type]
        assert len(store.checkins("Sam")) == 23
        full, _ = summary_and_written(store, checklist, "Sam", all_written=True, **choices)  # type: ignore[arg-type]
    assert full == summary  # counted from every note: the same
    words = summary.words
    assert (words.went_well, words.checkins, words.last_went_well) == (2, 23, date(2026, 10, 25))
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "checkins_went_well" in indexes
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_forgetting_a_person_forgets_their_summaries_made(tmp_path: Path) -> None:
    import sqlite3

    from redflags.cli import main

    path = tmp_path / "r.db"
    with Store.open(path) as store:
        _fill(store)
        store.record_summary(
            "Sam", "ketamine", date(2026, 10, 1), date(2026, 10, 20), "text", date(2026, 10, 21)
        )
    assert main(["--db", str(path), "forget", "--person", "Sam", "--confirm", "Sam"]) == 0
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM summaries_made").fetchone()[0] == 0
    conn.close()


def test_the_summary_reads_only_the_latest_words_and_says_the_same(tmp_path: Path) -> None:
    # Seventy check-ins with a note, every third with something that went well (and one whose
    # "went well" holds only spaces and a line break: nothing went well there). The summary
    # alone reads the latest notes and asks the store for the count; the export reads them all.
    from redflags.patterns.summarize import WORDS_KEPT
    from redflags.report.exporting import summary_and_written

    catalog = load_catalog()
    checklist = catalog.get("ketamine")
    start = datetime(2026, 7, 1, 19, tzinfo=ZONE)
    with Store.open(tmp_path / "r.db") as store:
        for day in range(70):
            store.add_checkin(
                CheckIn(
                    person="Sam",
                    checklist="ketamine",
                    observed_at=start + timedelta(days=day),
                    note=f"day {day}",
                    positives="walked the dog" if day % 3 == 0 else (" \n " if day == 1 else ""),
                    observations={"nosebleeds": Observation(status=Status.NOT_SEEN)},
                )
            )
        choices = {
            "since": None,
            "until": date(2026, 9, 8),
            "everything": True,
            "today": date(2026, 9, 8),
        }
        quick = summary_for(store, checklist, "Sam", **choices)  # type: ignore[arg-type]
        full, written = summary_and_written(store, checklist, "Sam", **choices)  # type: ignore[arg-type]
    assert len(written) == 70
    assert quick == full
    words = quick.words
    assert (words.went_well, words.checkins, words.last_went_well) == (24, 70, date(2026, 9, 8))
    assert len(words.entries) == WORDS_KEPT
    assert words.entries[0].note == "day 69" and words.entries[-1].note == "day 10"


def test_the_summary_from_the_stored_columns_is_the_one_the_marks_give(tmp_path: Path) -> None:
    # Check-ins at the same instant (written in other time zones, by other observers, with
    # other signs), stored in one order and in the reverse: the summary read as columns of the
    # stored text puts them in the order summarize puts marks in, and says the same.
    from redflags.patterns.summarize import summarize

    catalog = load_catalog()
    checklist = catalog.get("ketamine")
    instant = datetime(2026, 10, 5, 23, 30, tzinfo=timezone.utc)
    zones = [timezone.utc, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5))]
    plans = [
        (["nosebleeds", "stuffy-nose"], ["chronic-cough"], "Mum", TreatmentDay.YES),
        (["chronic-cough"], ["nosebleeds"], "Dad", TreatmentDay.NO),
        ([], ["nosebleeds", "chronic-cough"], "Gran", TreatmentDay.NO),
        (["nosebleeds"], [], "Dad", TreatmentDay.UNKNOWN),
    ]
    made = [
        checkin(
            instant.astimezone(zones[n % 3]),
            noted=noted,
            not_seen=not_seen,
            treatment=treatment,
            id=None,
            person="Sam",
            observer=observer,
        )
        for n, (noted, not_seen, observer, treatment) in enumerate(plans * 2)
    ]
    made += [  # and a check-in a day around them
        checkin(
            datetime(2026, 10, day, 19, tzinfo=ZONE),
            noted=["nosebleeds"] if day % 2 else [],
            not_seen=["chronic-cough"],
            id=None,
            person="Sam",
            observer="Mum" if day > 1 else "Gran",
        )
        for day in range(1, 9)
    ]
    found = []
    for name, arriving in (("first.db", made), ("reversed.db", made[::-1])):
        with Store.open(tmp_path / name) as store:
            for c in arriving:
                store.add_checkin(c)
            quick = whole_log_summary(store, checklist, date(2026, 11, 1))
            marks = store.marks("Sam", "ketamine")
        span = quick.period
        assert quick == summarize(
            checklist, marks, person="Sam", since=span.since, until=span.until
        )
        found.append(quick)
    assert found[0] == found[1]
    assert found[0].checkins == 16
    assert found[0].observers == ("Gran", "Mum", "Dad")


def test_written_reads_a_body_with_a_field_missing_or_unknown(tmp_path: Path) -> None:
    # A body written by another version: "what went well" missing (its default shows), a field
    # this version does not know (left out).
    import sqlite3

    path = tmp_path / "r.db"
    with Store.open(path) as store:
        saved = store.add_checkin(
            checkin(datetime(2026, 10, 1, 19, tzinfo=ZONE), ["nosebleeds"], note="tired")
        )
    body = json.loads(saved.body_json())
    del body["positives"]
    body["mood"] = "calm"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE checkins SET body = ? WHERE id = ?", (json.dumps(body), saved.id))
    conn.close()
    with Store.open(path) as store:
        (read,) = store.written(saved.person, "ketamine")
    assert (read.note, read.positives, read.observed_at) == ("tired", "", saved.observed_at)
    assert not hasattr(read, "mood")


def test_a_summary_quoting_notes_never_loads_the_check_in_model(
    tmp_path: Path,
) -> None:
    # Quoting years of notes needs no validated check-in (pydantic): what the store reads for
    # quoting is plain values. Only a new process can tell what was loaded.
    import os
    import subprocess
    import sys

    path = tmp_path / "r.db"
    with Store.open(path) as store:
        _fill(store)
    probe = (
        "import sys, io, contextlib\n"
        "from redflags.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    argv = ['summary', '--json', '--all', '--person', 'Sam', '--db', sys.argv[1]]\n"
        "    assert main(argv) == 0\n"
        "print(sorted(m for m in ('redflags.model', 'pydantic') if m in sys.modules))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", probe, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    assert "redflags.model" not in found.stdout, found.stdout + found.stderr


def test_a_period_holds_the_check_ins_of_its_local_days_in_any_time_zone(
    tmp_path: Path,
) -> None:
    # Written far from UTC (14 hours ahead, 11 behind) at the edges of local days: a period
    # of one day holds that day's check-ins and their notes, whatever day it was in UTC.
    catalog = load_catalog()
    checklist = catalog.get("ketamine")
    ahead, behind = timezone(timedelta(hours=14)), timezone(timedelta(hours=-11))
    with Store.open(tmp_path / "r.db") as store:
        for day in (3, 4, 5):
            for when in (
                datetime(2026, 10, day, 0, 10, tzinfo=ahead),
                datetime(2026, 10, day, 23, 50, tzinfo=behind),
            ):
                store.add_checkin(
                    checkin(when, ["nosebleeds"], note=f"day {day}", id=None, person="Sam")
                )
        for day in (3, 4, 5):
            one = date(2026, 10, day)
            summary = summary_for(
                store, checklist, "Sam", since=one, until=one, everything=False, today=one
            )
            written = store.written("Sam", "ketamine", since=one, until=one)
            notes = [(c.note, c.minute) for c in written]
            assert (summary.checkins, notes) == (
                2,
                [(f"day {day}", f"2026-10-0{day} 00:10"), (f"day {day}", f"2026-10-0{day} 23:50")],
            )
