"""restore trusts nothing in the file: a tampered or damaged backup is refused with one line naming
what is wrong (exit 2), and nothing is written."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from redflags.cli import main
from redflags.store import Store
from redflags.store.restoring import with_checksum
from tests.unit.builders import checkin

ZONE = timezone(timedelta(hours=1))


@pytest.fixture(scope="module")
def backup(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A backup with a person, a corrected and deleted check-in, an archived person, a draft."""
    folder = tmp_path_factory.mktemp("source")
    with Store.open(folder / "a.db") as store:
        first = datetime(2026, 10, 3, 18, 30, tzinfo=ZONE)
        saved = store.add_checkin(checkin(first, ["nosebleeds"], note="first", person="Sam"))
        store.correct_checkin(saved.model_copy(update={"note": "second"}), "typo")
        store.delete_checkin(saved.id, "entered twice")
        later = datetime(2026, 10, 4, 9, 0, tzinfo=ZONE)
        store.add_checkin(checkin(later, ["chronic-cough"], ["nosebleeds"], person="Sam"))
        store.add_person("Robin")
        store.archive_person("Robin")
        store.save_draft("new:1", '{"x": 1}')
    file = folder / "backup.json"
    assert main(["--db", str(folder / "a.db"), "backup", str(file)]) == 0
    data: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
    return data


def _restore(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: dict[str, Any] | str
) -> tuple[int, str, Path]:
    file = tmp_path / "edited.json"
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    file.write_text(text, encoding="utf-8")
    capsys.readouterr()
    db = tmp_path / "restored.db"
    code = main(["--db", str(db), "restore", str(file)])
    return code, capsys.readouterr().err, db


def _empty(db: Path) -> bool:
    with Store.open(db) as store:
        return store.is_empty()


def _edited(backup: dict[str, Any], table: str, column: str, value: object) -> dict[str, Any]:
    data = json.loads(json.dumps(backup))
    data[table][0][column] = value
    return with_checksum(data)


def test_the_backup_restores_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], backup: dict[str, Any]
) -> None:
    code, err, db = _restore(tmp_path, capsys, backup)
    assert code == 0, err
    with Store.open(db) as store:
        assert store.dump() == backup


INVALID = {
    "a day that is not a date": ("checkins", "day", "garbage", "checkins[0].day"),
    "a created time that is not a time": ("people", "created", "garbage", "people[0].created"),
    "a treatment day that is not an answer": (
        "checkins",
        "treatment_day",
        "maybe",
        "checkins[0].treatment_day",
    ),
    "noted signs that the check-in does not note": (
        "checkins",
        "noted",
        "",
        'checkins[0].noted: "" does not match',
    ),
    "a person who is not in the backup": ("checkins", "person_id", 99, "checkins[0].person_id"),
    "a revision of nothing": (
        "revisions",
        "prior",
        "{}",
        "revisions[0].prior: person: is missing",
    ),
    "a revision kind": ("revisions", "kind", "erased", "revisions[0].kind"),
    "one name twice, in another case": ("people", "name", "ROBIN", "people[1].name"),
    "a name with a control character": ("people", "name", "Sam\x1b[2J", "people[0].name"),
    "an id as a number": ("checkins", "id", 7, "checkins[0].id: is not text"),
    "archived as text": ("people", "archived", "yes", "people[0].archived: is not a whole number"),
    "SQL in a column name": (
        "people",
        "name, created) SELECT ?, sqlite_version() || ' injected' --",
        "x",
        "people[0]: unknown column",
    ),
}


@pytest.mark.parametrize("case", list(INVALID))
def test_an_invalid_row_is_named_and_nothing_is_restored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], backup: dict[str, Any], case: str
) -> None:
    table, column, value, named = INVALID[case]
    code, err, db = _restore(tmp_path, capsys, _edited(backup, table, column, value))
    assert code == 2
    assert len(err.splitlines()) == 1
    assert named in err, err
    assert _empty(db)


def test_a_body_that_disagrees_with_its_checksum_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], backup: dict[str, Any]
) -> None:
    data = json.loads(json.dumps(backup))
    data["checkins"][0]["body"] = data["checkins"][0]["body"].replace("second", "altered")
    code, err, db = _restore(tmp_path, capsys, data)
    assert code == 2
    assert "does not match its checksum" in err
    assert _empty(db)


def test_every_one_byte_edit_is_refused_or_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], backup: dict[str, Any]
) -> None:
    text = json.dumps(backup, ensure_ascii=False, indent=1, sort_keys=True)
    rng = random.Random(11)
    folder = tmp_path / "0"
    folder.mkdir()
    for attempt in range(60):
        at = rng.randrange(len(text))
        edited = text[:at] + chr(rng.randrange(32, 127)) + text[at + 1 :]
        code, err, db = _restore(folder, capsys, edited)
        assert code in (0, 2), err
        if code == 0:
            with Store.open(db) as store:
                assert store.dump() == backup, (at, edited[at - 20 : at + 20])
            folder = tmp_path / str(attempt + 1)  # a refused restore leaves the database empty
            folder.mkdir()
        else:
            assert len(err.splitlines()) == 1
            assert _empty(db)


def test_a_backup_without_a_checksum_from_before_checksums_is_still_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], backup: dict[str, Any]
) -> None:
    old = {k: v for k, v in backup.items() if k != "checksum"}
    old["format"] = "redflags.backup/1"
    code, err, db = _restore(tmp_path, capsys, old)
    assert code == 0, err
    bad = json.loads(json.dumps(old))
    bad["checkins"][0]["day"] = "garbage"
    (tmp_path / "bad").mkdir()
    code, err, db = _restore(tmp_path / "bad", capsys, bad)
    assert code == 2
    assert "checkins[0].day" in err
    assert _empty(db)
    stripped = {k: v for k, v in backup.items() if k != "checksum"}
    (tmp_path / "stripped").mkdir()
    code, err, db = _restore(tmp_path / "stripped", capsys, stripped)
    assert code == 2
    assert "checksum is missing" in err


def test_a_backup_file_holds_no_character_that_could_drive_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = "\x1b]0;PWNED\x07 del\x7f c1\x9b bidi\u202e שלום 😀"
    db, file = tmp_path / "a.db", tmp_path / "backup.json"
    when = datetime(2026, 10, 3, 18, 30, tzinfo=ZONE)
    with Store.open(db) as store:
        store.add_checkin(checkin(when, ["nosebleeds"], note=hostile, person="Sam"))
    assert main(["--db", str(db), "backup", str(file)]) == 0
    raw = file.read_bytes()
    assert raw.isascii()
    assert not any(byte < 0x20 and byte != 0x0A for byte in raw)
    code, err, restored = _restore(tmp_path, capsys, raw.decode("ascii"))
    assert code == 0, err
    with Store.open(restored) as store:
        assert store.checkins("Sam")[0].note == hostile
