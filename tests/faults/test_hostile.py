"""Hostile text: stored and carried exactly as typed, never shown as a control sequence, wherever it
comes from (free text, names, ids, a user's checklist, an import line) and wherever it goes (the
terminal, an export, a backup, an error message, JSON)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redflags.checklist import shipped_dir
from redflags.safe_text import dumps, one_line, printable
from redflags.terms import name_problem
from tests.cli.runner import Result, run
from tests.files_support import sha

CORPUS = {
    "controls": "bell\x07 backspace\x08 cr\r vt\x0b del\x7f c1\x85\x9b",
    "ansi": "\x1b[31mred\x1b[0m \x1b]0;title\x07 \x1b[2J\x1b[H clear",
    "nul": "before\x00after",
    "markup": "[/] [bold]b[/bold] [link=https://example.com]x[/link] [@click=quit]q[/]",
    "rtl": "\u202eevil\u202c שלום עולם مرحبا",
    "bidi marks": "\u200fright-to-left mark\u200e \u061c \u2067isolate\u2069",
    "separators": "line\u2028separator\u2029paragraph",
    "c1": "csi\x9b31m nel\x85 del\x7f",
    "emoji": "😀👩‍👩‍👧‍👦 🏳️‍🌈 ✓",
    "big": ("one megabyte of text, " * 47663)[:1_000_000],
}
# Anything that could drive a terminal or change how a line reads: C0 controls but tab and newline,
# DEL, C1, every bidirectional control, the Unicode line and paragraph separators.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _line(name: str, text: str) -> dict[str, object]:
    # Names refuse control characters (and are limited in length): those get a plain one.
    person = text if name_problem(text) is None else f"Person {name}"
    return {
        "id": f"00000000-0000-4000-8000-{abs(hash(name)) % 10**12:012d}",
        "person": person,
        "checklist": "ketamine",
        "checklist_version": 1,
        "observed_at": "2026-10-03T18:30:00+01:00",
        "recorded_at": "2026-10-03T18:41:12+01:00",
        "observer": text,
        "treatment_day": "no",
        "setting": text,
        "note": text,
        "positives": text,
        "observations": {
            "nosebleeds": {"status": "noted", "explained": True, "note": text},
            "chronic-cough": {"status": "not_seen", "explained": False, "note": ""},
        },
    }


@pytest.mark.parametrize("name", list(CORPUS))
def test_hostile_text_round_trips_and_never_reaches_an_export_raw(
    tmp_path: Path, name: str
) -> None:
    text = CORPUS[name]
    record = _line(name, text)
    person = str(record["person"])
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    file = tmp_path / "in.jsonl"
    file.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert run("import", str(file), db=one).code == 0

    # history --json gives back exactly what went in, and imports elsewhere to the same.
    history = run("history", "--person", person, "--json", db=one)
    assert history.code == 0, history.err
    assert json.loads(history.out) == record
    assert not UNSAFE.search(history.out)
    again = tmp_path / "again.jsonl"
    again.write_text(history.out, encoding="utf-8")
    assert run("import", str(again), db=two).code == 0
    assert run("history", "--person", person, "--json", db=two).out == history.out

    # Backup, restore into an empty database, backup again: the same.
    first, second = tmp_path / "b1.json", tmp_path / "b2.json"
    restored = tmp_path / "restored.db"
    assert run("backup", str(first), db=one).code == 0
    assert run("restore", str(first), db=restored).code == 0
    assert run("backup", str(second), db=restored).code == 0
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    assert not UNSAFE.search(first.read_text(encoding="utf-8"))

    # The json export carries it exactly; no other output carries it raw.
    exported = run("export", "--person", person, "--all", "--format", "json", db=one)
    assert exported.code == 0
    assert not UNSAFE.search(exported.out)
    assert json.loads(exported.out)["checkins"][0]["note"] == text
    for args in (
        ["export", "--person", person, "--all"],
        ["export", "--person", person, "--all", "--format", "markdown"],
        ["export", "--person", person, "--all", "--format", "csv"],
        ["history", "--person", person],
        ["people", "list"],
        ["summary", "--person", person, "--all"],
        ["summary", "--person", person, "--all", "--json"],
    ):
        result = run(*args, db=one)
        assert result.code == 0, (args, result.err)
        assert not UNSAFE.search(result.out), args
        assert not UNSAFE.search(result.err), args
    summary = json.loads(run("summary", "--person", person, "--all", "--json", db=one).out)
    assert summary["person"] == person
    exported_file = tmp_path / "export.txt"
    written = run("export", "--person", person, "--all", "-o", str(exported_file), db=one)
    assert written.code == 0 and not UNSAFE.search(written.err)
    assert not UNSAFE.search(exported_file.read_text(encoding="utf-8"))


def test_a_name_too_long_is_named_by_line_and_nothing_is_imported(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    record = _line("long", "x")
    record["person"] = "y" * 201
    file = tmp_path / "in.jsonl"
    file.write_text(json.dumps(_line("ok", "fine")) + "\n" + json.dumps(record) + "\n")
    result = run("import", str(file), db=db)
    assert result.code == 2
    assert "line 2: person: a name can be at most 200 characters" in result.err
    assert "No people yet" in run("people", "list", db=db).out


HOSTILE_ID = "\x1b]0;PWNED\x07\x9b2J\u202e"


def _clean(result: Result) -> Result:
    assert not UNSAFE.search(result.out), result.out[:300]
    assert not UNSAFE.search(result.err), result.err[:300]
    return result


def test_a_hostile_check_in_id_is_never_shown_raw(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    file = tmp_path / "in.jsonl"
    file.write_text(json.dumps({**_line("id", "fine"), "id": HOSTILE_ID}) + "\n")
    imported = _clean(run("import", str(file), db=db))
    if imported.code != 0:
        # Refusing such an id is as good as showing it safely: the message says which line.
        assert imported.code == 2 and "line 1" in imported.err
        return
    person = "fine"
    shown = _clean(run("history", "--person", person, db=db))
    assert "\\x1b]0;PWNED\\x07" in shown.out
    as_json = _clean(run("history", "--person", person, "--json", db=db))
    assert json.loads(as_json.out)["id"] == HOSTILE_ID
    csv = _clean(run("export", "--person", person, "--all", "--format", "csv", db=db))
    assert "\\x1b]0;PWNED" in csv.out.splitlines()[1]
    for fmt in ("text", "markdown", "json"):
        _clean(run("export", "--person", person, "--all", "--format", fmt, db=db))


@pytest.mark.parametrize(
    "args",
    [
        ["log", "--person", "Sam", "--checklist", "k\x1b]0;T\x07\u202e"],
        ["checklists", "show", "k\x1b]0;T\x07\x9b"],
        ["history", "--person", "N\x1b[2J\u2028obody"],
        ["people", "rename", "N\x9b\u200fobody", "X"],
        ["summary", "--person", "Sam", "--until", "\x1b[31m"],
        ["export", "--person", "Sam", "--format", "t\x1b[31m"],
        ["frob\x1b]0;T\x07nicate"],
    ],
)
def test_error_messages_naming_what_was_typed_are_cleaned(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "r.db"
    assert run("people", "add", "Sam", db=db).code == 0
    result = _clean(run(*args, db=db))
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert "\\x1b" in result.err or "\\x9b" in result.err or "\\u" in result.err


def test_an_import_line_naming_a_hostile_checklist_is_refused_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    file = tmp_path / "in.jsonl"
    file.write_text(json.dumps({**_line("ck", "x"), "checklist": "k\x1b]0;T\x07"}) + "\n")
    result = _clean(run("import", str(file), db=db))
    assert result.code == 2
    assert "line 1" in result.err and "\\x1b]0;T\\x07" in result.err


EVIL = "EVIL\x1b]0;PWNED\x07\x9b2J\u202e\u2028"


def _hostile_checklist(folder: Path) -> Path:
    """The shipped checklist under another id, with hostile text in its title, a group's title and
    a sign's label (TOML writes the control characters as escapes)."""
    shipped = (shipped_dir() / "ketamine.toml").read_text(encoding="utf-8")
    escaped = json.dumps(EVIL)[1:-1]  # TOML's basic strings take JSON's escapes
    text = shipped.replace('id = "ketamine"', 'id = "hostile"', 1)
    text = text.replace(
        'title = "Physical warning signs linked to ketamine use"', f'title = "{escaped}"', 1
    )
    text = text.replace('title = "If it is smoked"', f'title = "Smoked {escaped}"', 1)
    text = text.replace('label = "A cough that does not go away"', f'label = "Cough {escaped}"', 1)
    assert text.count(escaped) == 3
    folder.mkdir()
    path = folder / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_hostile_user_checklist_is_shown_cleaned_and_refused_by_validate(tmp_path: Path) -> None:
    path = _hostile_checklist(tmp_path / "mine")
    mine = ("--checklists", str(path.parent))
    listed = _clean(run(*mine, "checklists", "list"))
    assert listed.code == 0 and "EVIL\\x1b]0;PWNED\\x07" in listed.out
    shown = _clean(run(*mine, "checklists", "show", "hostile"))
    assert shown.code == 0 and shown.out.count("EVIL\\x1b") == 3
    data = _clean(run(*mine, "checklists", "show", "hostile", "--json"))
    assert json.loads(data.out)["title"] == EVIL
    db = tmp_path / "r.db"
    assert run("people", "add", "Sam", db=db).code == 0
    logged = _clean(run(*mine, "log", "--person", "Sam", "--checklist", "hostile", db=db))
    assert logged.code == 0
    for args in (["history", "--person", "Sam"], ["summary", "--person", "Sam"]):
        assert _clean(run(*mine, *args, db=db)).code == 0
    for fmt in ("text", "markdown", "json", "csv"):
        _clean(run(*mine, "export", "--person", "Sam", "--format", fmt, db=db))
    refused = _clean(run("checklists", "validate", str(path)))
    assert refused.code == 2
    assert "title: holds a control character (\\x1b)" in refused.err
    assert "ok" not in refused.out


def test_json_output_escapes_every_control_and_reads_back_the_same() -> None:
    everything = "".join(map(chr, range(0x20))) + "\x7f" + "".join(map(chr, range(0x80, 0xA0)))
    everything += "\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e"
    everything += "\u2066\u2067\u2068\u2069 plain é 😀"
    for indent in (None, 2):
        text = dumps({"k": everything, everything: [everything]}, indent=indent)
        assert not UNSAFE.search(text)
        assert json.loads(text) == {"k": everything, everything: [everything]}
        assert "plain é 😀" in text


@given(st.text())
def test_cleaned_text_is_safe_and_cleaning_it_again_changes_nothing(text: str) -> None:
    once = printable(text)
    assert not UNSAFE.search(once)
    assert printable(once) == once
    line = one_line(text)
    assert not UNSAFE.search(line) and "\n" not in line and "\t" not in line


# -- what the command line is given ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "named"),
    [
        (["log", "--person", "Sam\udcff"], {}, "--person"),
        (["log", "--person", "Sam", "--note", "half\udcc3"], {}, "--note"),
        (["people", "add", "\udcff\udcfe"], {}, "NAME"),
        (["people", "rename", "Sam", "S\udcff"], {}, "NEW"),
        (["log", "--person=Sam\udcff"], {}, "--person"),
        (["people", "list"], {"REDFLAGS_PASSPHRASE": "pass\udcff"}, "REDFLAGS_PASSPHRASE"),
    ],
)
def test_bytes_that_are_not_text_are_refused_in_one_line(
    tmp_path: Path, args: list[str], env: dict[str, str], named: str
) -> None:
    # Python keeps bytes of the command line or the environment that are not UTF-8 as lone
    # surrogates (\udcff for the byte 0xff): they cannot be stored or shown.
    db = tmp_path / "r.db"
    assert run("people", "add", "Sam", db=db).code == 0
    before = sha(db)
    result = _clean(run(*args, db=db, **env))
    assert result.code == 2, result
    assert result.err == (
        f"redflags: error: {named} holds characters that are not valid text (UTF-8);"
        " nothing was written\n"
    )
    assert sha(db) == before


def test_a_file_name_that_is_not_text_is_still_a_file_name(tmp_path: Path) -> None:
    # File names are bytes to the system: one that is not UTF-8 is used as it is.
    db = tmp_path / "r.db"
    assert run("people", "add", "Sam", db=db).code == 0
    backup = tmp_path / "b\udcff.json"
    result = _clean(run("backup", str(backup), db=db))
    assert result.code == 0, result
    assert (tmp_path / os.fsdecode(b"b\xff.json")).exists()


@pytest.mark.parametrize(
    "args",
    [
        ["summary", "--person", "Sam", "--until", "9999-12-31"],
        ["summary", "--person", "Sam", "--since", "9999-12-25", "--until", "9999-12-31"],
        ["export", "--person", "Sam", "--until", "9999-12-31"],
    ],
)
def test_a_day_at_the_end_of_the_calendar_is_one_line(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "r.db"
    assert run("people", "add", "Sam", db=db).code == 0
    assert run("log", "--person", "Sam", "--noted", "nosebleeds", db=db).code == 0
    result = _clean(run(*args, db=db))
    assert result.code == 2, result
    assert len(result.err.strip().splitlines()) == 1
    assert "something went wrong" not in result.err
