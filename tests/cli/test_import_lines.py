"""redflags import: every unusable line named by its number, nothing imported; deleted check-ins and
same-id records kept honest across a round trip."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from redflags.cli import main
from redflags.store import Store

GOOD = {
    "id": "00000000-0000-4000-8000-000000000001",
    "person": "Sam",
    "checklist": "ketamine",
    "observed_at": "2026-10-03T18:30:00+01:00",
    "observations": {"nosebleeds": {"status": "noted", "explained": False, "note": "twice"}},
}


@dataclass
class Ran:
    code: int
    out: str
    err: str


def redflags(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> Ran:
    code = main(["--db", str(db), *args])
    captured = capsys.readouterr()
    return Ran(code, captured.out, captured.err)


def line(**changes: object) -> str:
    return json.dumps({**GOOD, **changes}, ensure_ascii=False)


def observed(status: str, explained: object) -> dict[str, object]:
    return {"nosebleeds": {"status": status, "explained": explained, "note": ""}}


HOSTILE: dict[str, tuple[bytes, str]] = {
    "a 5000-digit number": (
        line(checklist_version=7).replace("7", "9" * 5000).encode(),
        "not valid JSON (number out of range",
    ),
    "nesting 200,000 deep": (
        ('{"person": ' + "[" * 200_000 + "]" * 200_000 + "}").encode(),
        "not valid JSON (recursion limit exceeded",
    ),
    "a lone surrogate": (
        line(note="x").replace('"x"', '"\\ud800"').encode(),
        "not a whole Unicode character",
    ),
    "observed_at in year 1": (
        line(observed_at="0001-01-01T00:00:00+01:00").encode(),
        "observed_at: 0001-01-01T00:00:00+01:00 is out of range",
    ),
    "observed_at in year 1, UTC": (
        line(observed_at="0001-01-01T00:00:00+00:00").encode(),
        "observed_at: 0001-01-01T00:00:00+00:00 is before 1900",
    ),
    "bytes that are not UTF-8": (line(note="caf\xe9").encode("latin-1"), "is not UTF-8 text"),
    "explained as text": (
        line(observations=observed("noted", "yes")).encode(),
        "observations.nosebleeds.explained: must be true or false",
    ),
    "explained on a sign not noted": (
        line(observations=observed("not_seen", True)).encode(),
        "only a noted sign can have another likely explanation",
    ),
    "observed_at as a number": (
        line(observed_at=1_791_000_000).encode(),
        "observed_at: must be a date and time written like",
    ),
    "a blank id": (line(id="").encode(), "id: must not be blank"),
    "an id of spaces": (line(id="   ").encode(), "id: must not be blank"),
    "an id a megabyte long": (
        line(id="x" * 1_000_000).encode(),
        "id: String should have at most 100",
    ),
    "an id that is not text": (line(id=7).encode(), "id: Input should be a valid string"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_line_is_named_by_number_and_nothing_is_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    raw, message = HOSTILE[case]
    db = tmp_path / "r.db"
    file = tmp_path / "in.jsonl"
    other = line(id="00000000-0000-4000-8000-000000000002")
    file.write_bytes(other.encode() + b"\n" + raw + b"\n" + line().encode() + b"\n")
    result = redflags(capsys, db, "import", str(file))
    assert result.code == 2
    named = [text for text in result.err.splitlines() if f"{file}: line 2: " in text]
    assert len(named) == 1 and message in named[0], result.err
    assert "line 1:" not in result.err and "line 3:" not in result.err
    assert result.err.rstrip().endswith("1 line is not usable; nothing was imported")
    assert all(len(text) < 500 for text in result.err.splitlines())
    with Store.open(db) as store:
        assert store.people() == []


def test_a_line_too_long_is_named_without_being_kept_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from redflags.commands import importing

    monkeypatch.setattr(importing, "LINE_MAX", 1000)
    file = tmp_path / "in.jsonl"
    file.write_text(line(note="n" * 5000) + "\n" + line() + "\n")
    result = redflags(capsys, tmp_path / "r.db", "import", str(file))
    assert result.code == 2
    assert "line 1: is longer than" in result.err
    assert "line 2" not in result.err


def _history(capsys: pytest.CaptureFixture[str], db: Path, *extra: str) -> list[dict[str, object]]:
    shown = redflags(capsys, db, "history", "--person", "Sam", "--json", *extra)
    assert shown.code == 0, shown.err
    return [json.loads(text) for text in shown.out.splitlines()]


def test_deleted_check_ins_round_trip_deleted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    file = tmp_path / "in.jsonl"
    kept = line(id="00000000-0000-4000-8000-00000000000a")
    file.write_text(line() + "\n" + kept + "\n")
    assert redflags(capsys, one, "import", str(file)).code == 0
    with Store.open(one) as store:
        store.delete_checkin(str(GOOD["id"]), "entered twice")

    plain = _history(capsys, one)
    assert [c["id"] for c in plain] == ["00000000-0000-4000-8000-00000000000a"]
    assert "deleted" not in plain[0]
    every = _history(capsys, one, "--deleted")
    assert {c["id"]: c["deleted"] for c in every} == {
        GOOD["id"]: True,
        "00000000-0000-4000-8000-00000000000a": False,
    }

    moved = tmp_path / "moved.jsonl"
    moved.write_text("".join(json.dumps(c) + "\n" for c in every))
    imported = redflags(capsys, two, "import", str(moved))
    assert imported.code == 0, imported.err
    assert "Imported 2 check-ins" in imported.out
    assert _history(capsys, two, "--deleted") == every
    assert [c["id"] for c in _history(capsys, two)] == ["00000000-0000-4000-8000-00000000000a"]


def test_a_same_id_line_with_other_content_is_named_and_nothing_is_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "r.db"
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(line() + "\n")
    assert redflags(capsys, db, "import", str(first)).code == 0
    fresh = line(id="00000000-0000-4000-8000-00000000000b")
    second.write_text(fresh + "\n" + line(note="a second observer's note", observer="Dad") + "\n")
    result = redflags(capsys, db, "import", str(second))
    assert result.code == 2
    assert (
        f"line 2: check-in {GOOD['id']} is already stored with a different observer, note"
        in result.err
    )
    assert "nothing was imported" in result.err
    assert [c["id"] for c in _history(capsys, db)] == [GOOD["id"]]
    assert _history(capsys, db)[0]["note"] == ""


def test_the_same_check_in_again_is_already_there_even_without_a_recorded_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "r.db"
    file = tmp_path / "in.jsonl"
    file.write_text(line() + "\n")
    assert "Imported 1 check-in;" in redflags(capsys, db, "import", str(file)).out
    # As history --json gives it back: with a recorded time, labels left out, every field set.
    again = tmp_path / "again.jsonl"
    again.write_text(json.dumps(_history(capsys, db)[0]) + "\n" + line() + "\n")
    result = redflags(capsys, db, "import", str(again))
    assert result.code == 0, result.err
    assert "Imported 0 check-ins; 2 already there." in result.out


def test_one_id_twice_in_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "r.db"
    same = tmp_path / "same.jsonl"
    same.write_text(line() + "\n" + line() + "\n")
    result = redflags(capsys, db, "import", str(same))
    assert result.code == 0, result.err
    assert "Imported 1 check-in; 1 already there." in result.out

    differs = tmp_path / "differs.jsonl"
    other = "00000000-0000-4000-8000-00000000000c"
    differs.write_text(line(id=other) + "\n" + line(id=other, treatment_day="yes") + "\n")
    refused = redflags(capsys, db, "import", str(differs))
    assert refused.code == 2
    assert f"line 2: check-in {other} is also on line 1, with different content" in refused.err
    assert len(_history(capsys, db)) == 1


@pytest.mark.parametrize("keep", [0, 2**20])
def test_a_large_file_read_twice_imports_as_a_small_one_read_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, keep: int
) -> None:
    from redflags.commands import importing

    monkeypatch.setattr(importing, "KEEP_MAX", keep)
    db = tmp_path / "r.db"
    file = tmp_path / "in.jsonl"
    records = [
        line(id=f"id-{n}", observed_at=f"2026-10-{1 + n:02d}T18:30:00+01:00") for n in range(9)
    ]
    file.write_text("\n".join([records[0], "", *records, records[3]]) + "\n")
    result = redflags(capsys, db, "import", str(file))
    assert result.code == 0, result.err
    assert result.out == "Imported 9 check-ins; 2 already there.\n"
    assert [c["id"] for c in _history(capsys, db)] == [f"id-{n}" for n in range(9)]


def test_a_file_that_changes_between_the_two_readings_imports_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from redflags.commands import importing

    db = tmp_path / "r.db"
    file = tmp_path / "in.jsonl"
    file.write_text(line() + "\n")
    validate = importing._validate

    def then_edited(*args: object, **kwargs: object) -> object:
        plan = validate(*args, **kwargs)  # type: ignore[arg-type]
        file.write_text(line(note="changed") + "\n" + line(id="other") + "\n")
        return plan

    monkeypatch.setattr(importing, "_validate", then_edited)
    monkeypatch.setattr(importing, "KEEP_MAX", 0)  # read twice, as a large file is
    result = redflags(capsys, db, "import", str(file))
    assert result.code == 2
    assert "the file changed while it was being imported; nothing was imported" in result.err
    with Store.open(db) as store:
        assert store.people() == []


def test_a_name_written_another_way_is_the_same_check_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "r.db"
    file, again = tmp_path / "in.jsonl", tmp_path / "again.jsonl"
    file.write_text(line() + "\n")
    assert redflags(capsys, db, "import", str(file)).code == 0
    again.write_text(line(person=" sam ") + "\n")
    result = redflags(capsys, db, "import", str(again))
    assert result.code == 0, result.err
    assert "Imported 0 check-ins; 1 already there." in result.out


def test_an_id_with_control_characters_is_named_safely(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "r.db"
    hostile = "x\x1b]0;PWNED\x07\u202e"
    file, again = tmp_path / "in.jsonl", tmp_path / "again.jsonl"
    file.write_text(line(id=hostile) + "\n")
    assert redflags(capsys, db, "import", str(file)).code == 0
    again.write_text(line(id=hostile, note="other") + "\n" + line(id=hostile, note="x") + "\n")
    result = redflags(capsys, db, "import", str(again))
    assert result.code == 2
    assert "line 1: check-in x\\x1b]0;PWNED\\x07\\u202e is already stored" in result.err
    assert "line 2: check-in x\\x1b]0;PWNED" in result.err
    assert not any(c in result.err for c in "\x1b\x07\u202e")


def test_replace_keeps_the_files_version_and_the_stored_one_as_an_earlier_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "r.db"
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(line() + "\n")
    assert redflags(capsys, db, "import", str(first)).code == 0
    fresh = line(id="00000000-0000-4000-8000-00000000000d")
    second.write_text(line(note="seen by Dad too", deleted=True) + "\n" + fresh + "\n")
    refused = redflags(capsys, db, "import", str(second))
    assert refused.code == 2
    assert "different note, deleted (to keep the file's version, import it with --replace)" in (
        refused.err
    )

    result = redflags(capsys, db, "import", str(second), "--replace")
    assert result.code == 0, result.err
    assert result.out == (
        "Imported 1 check-in; 0 already there; 1 replaced by the file's version"
        " (the earlier versions are kept).\n"
    )
    shown = {c["id"]: c for c in _history(capsys, db, "--deleted")}
    assert shown[GOOD["id"]]["note"] == "seen by Dad too"
    assert shown[GOOD["id"]]["deleted"] is True
    with Store.open(db) as store:
        earlier = store.revisions(str(GOOD["id"]))
    assert [r.prior.note for r in earlier] == ["", "seen by Dad too"]
    assert all("import --replace" in r.reason for r in earlier)

    again = redflags(capsys, db, "import", str(second), "--replace")
    assert "Imported 0 check-ins; 2 already there; 0 replaced" in again.out


def test_a_line_longer_than_a_read_is_imported_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "r.db"
    file = tmp_path / "in.jsonl"
    note = "a long evening 😀 " * 20_000  # far longer than one read of the file
    file.write_text(line(note=note) + "\n" + line(id="short") + "\n", encoding="utf-8")
    result = redflags(capsys, db, "import", str(file))
    assert result.code == 0, result.err
    assert "Imported 2 check-ins" in result.out
    assert _history(capsys, db)[0]["note"] == note
