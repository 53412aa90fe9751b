"""People's names (DESIGN section 5): NFC, outer spaces removed, unique regardless of case, and no
control characters; a database from before keeps every person readable when two names now count
as the same."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from redflags.model import CheckIn, Observation, Status
from redflags.store import RequestError, Store
from tests.cli.runner import run

COMBINING = "Jose\u0301"  # "José" typed with a combining accent


def _checkin(person: str, note: str) -> CheckIn:
    return CheckIn(
        person=person,
        checklist="ketamine",
        observed_at=datetime(2026, 10, 3, 18, 30, tzinfo=timezone.utc),
        note=note,
        observations={"nosebleeds": Observation(status=Status.NOTED)},
    )


@pytest.mark.parametrize("same", ["josé", " José", "José ", COMBINING, "JOSÉ"])
def test_look_alike_names_are_one_person(tmp_path: Path, same: str) -> None:
    with Store.open(tmp_path / "r.db") as store:
        store.add_person("José")
        with pytest.raises(RequestError, match='already a person called "José"'):
            store.add_person(same)
        saved = store.add_checkin(_checkin(same, "seen at home"))
        assert saved.person == "José"
        assert [p.name for p in store.people()] == ["José"]
        assert store.count_checkins(same) == 1
        assert store.checkins("José")[0].note == "seen at home"


def test_a_name_is_stored_in_one_form(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.db") as store:
        person = store.add_person(f"  {COMBINING}  ")
    assert person.name == "José" and len(person.name) == 4


def test_a_rename_may_change_the_case_but_not_take_anothers_name(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    assert run("people", "add", "robin", db=db).code == 0
    assert run("people", "add", "Sam", db=db).code == 0
    assert run("people", "rename", "robin", "Robin", db=db).code == 0
    refused = run("people", "rename", "Robin", " sam", db=db)
    assert refused.code == 2 and 'already a person called "Sam"' in refused.err
    assert run("people", "list", db=db).out.splitlines()[0].startswith("Robin ")


@pytest.mark.parametrize(
    "name", ["A\x00B", "tab\there", "two\nlines", "bell\x07", "esc\x1b[31m", "rtl\u202eevil"]
)
def test_control_characters_are_refused_in_names(tmp_path: Path, name: str) -> None:
    db = tmp_path / "r.db"
    with Store.open(db) as store:
        with pytest.raises(RequestError, match="control characters"):
            store.add_person(name)
        with pytest.raises(RequestError, match="control characters"):
            store.add_checkin(_checkin(name, "x"))
        assert store.people() == []
    line = json.dumps(
        {
            "id": "00000000-0000-4000-8000-000000000001",
            "person": name,
            "checklist": "ketamine",
            "observed_at": "2026-10-03T18:30:00+01:00",
            "observations": {"nosebleeds": {"status": "noted"}},
        }
    )
    file = tmp_path / "in.jsonl"
    file.write_text(line + "\n", encoding="utf-8")
    result = run("import", str(file), db=db)
    assert result.code == 2
    assert "control characters" in result.err


def _older_database(path: Path, names: list[str]) -> None:
    """A database as redflags wrote it before names were unique regardless of case (data
    version 2): the same tables, names stored exactly as typed."""
    with Store.open(path) as store:
        for n, name in enumerate(names):
            store.add_checkin(_checkin(f"placeholder {n}", f"note of {name!r}"))
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for n, name in enumerate(names):
            conn.execute("UPDATE people SET name = ? WHERE name = ?", (name, f"placeholder {n}"))
        conn.execute("PRAGMA user_version = 2")
    finally:
        conn.close()


def test_an_older_database_with_names_that_now_collide_keeps_everyone_readable(
    tmp_path: Path,
) -> None:
    path = tmp_path / "r.db"
    _older_database(path, ["Robin", "robin", " José", COMBINING, "Sam"])
    result = run("people", "list", db=path)
    assert result.code == 0, result.err
    notices = [line for line in result.err.splitlines() if "now count as the same" in line]
    assert len(notices) == 2
    assert '"Robin" and "robin"' in notices[0] and '"robin (2)"' in notices[0]
    assert '"José (2)"' in notices[1]
    with Store.open(path) as store:
        names = [p.name for p in store.people()]
        assert names == ["Robin", "robin (2)", "José", "José (2)", "Sam"]
        assert store.checkins("robin (2)")[0].note == "note of 'robin'"
        assert store.checkins("Robin")[0].note == "note of 'Robin'"
        assert store.checkins("José (2)")[0].note == f"note of {COMBINING!r}"
        assert store.checkins("José")[0].note == "note of ' José'"
        assert store.notices == []  # said once, when it changed
