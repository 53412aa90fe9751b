"""Hostile free text: stored and carried exactly as typed, never shown as a control sequence."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from redflags.terms import name_problem
from tests.cli.runner import run

CORPUS = {
    "controls": "bell\x07 backspace\x08 cr\r vt\x0b del\x7f c1\x85\x9b",
    "ansi": "\x1b[31mred\x1b[0m \x1b]0;title\x07 \x1b[2J\x1b[H clear",
    "nul": "before\x00after",
    "markup": "[/] [bold]b[/bold] [link=https://example.com]x[/link] [@click=quit]q[/]",
    "rtl": "\u202eevil\u202c שלום עולם مرحبا",
    "emoji": "😀👩‍👩‍👧‍👦 🏳️‍🌈 ✓",
    "big": ("one megabyte of text, " * 47663)[:1_000_000],
}
# Anything that could drive a terminal: C0 controls but tab and newline, DEL, C1, bidi overrides.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


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
    ):
        result = run(*args, db=one)
        assert result.code == 0, (args, result.err)
        assert not UNSAFE.search(result.out), args
        assert not UNSAFE.search(result.err), args


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
