"""The command-line contract (DESIGN section 8): ``main`` called as the command would call it, and
real processes where the process is the point (the installed script, a closed pipe)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from redflags import __version__
from redflags.cli import main
from tests.cli.runner import run
from tests.files_support import sha

KETAMINE_SIGNS = 20


def test_version() -> None:
    result = run("--version")
    assert result.code == 0
    assert result.out == f"redflags {__version__}\n"


def test_the_installed_script_exits_with_the_status_of_each_outcome(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("redflags")
    assert script.exists(), "the package is installed with its script (pip install -e .)"
    foreign = tmp_path / "foreign.db"
    foreign.write_bytes(b"SQLite format 3\x00" + bytes(4080))
    env = {**os.environ, "REDFLAGS_DB": str(tmp_path / "r.db")}
    outcomes = {}
    for args in (["--version"], ["frobnicate"], ["--db", str(foreign), "people", "list"]):
        done = subprocess.run(
            [str(script), *args], capture_output=True, text=True, env=env, timeout=60, check=False
        )
        outcomes[args[0]] = (done.returncode, done.stdout, done.stderr.count("\n"))
    assert outcomes == {
        "--version": (0, f"redflags {__version__}\n", 0),
        "frobnicate": (2, "", 1),
        "--db": (1, "", 1),
    }


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path: Path) -> None:
    # `redflags history --person Sam | head -1`: more than a pipe holds, and the reader closes it.
    db = tmp_path / "r.db"
    assert run("people", "add", "Sam", db=db).code == 0
    assert run("log", "--person", "Sam", "--note", "long " * 60_000, db=db).code == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "redflags", "history", "--person", "Sam"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "REDFLAGS_DB": str(db)},
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().strip()
    proc.stdout.close()
    assert proc.wait(timeout=60) == 0
    assert proc.stderr.read() == b""
    proc.stderr.close()


class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_is_not_an_error_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REDFLAGS_DB", str(tmp_path / "r.db"))
    assert main(["people", "add", "Sam"]) == 0
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(["people", "list"]) == 0
    assert capsys.readouterr().err == ""


def test_main_called_again_and_again_leaves_nothing_behind(tmp_path: Path) -> None:
    # In-process callers (the tests, a script) rely on main putting everything back.
    db = tmp_path / "r.db"
    fds = sorted(os.listdir("/proc/self/fd"))
    streams, environ = (sys.stdin, sys.stdout, sys.stderr), dict(os.environ)
    assert run("people", "add", "Sam", db=db).code == 0
    for n in range(3):
        assert run("log", "--person", "Sam", "--noted", "nosebleeds", db=db).code == 0
        assert run("history", "--person", "Nobody", db=db).code == 2
        assert len(run("history", "--person", "Sam", "--json", db=db).out.splitlines()) == n + 1
        assert run("frobnicate").code == 2
    assert sorted(os.listdir("/proc/self/fd")) == fds
    assert (sys.stdin, sys.stdout, sys.stderr) == streams
    assert dict(os.environ) == environ


def test_log_then_history_json_shows_every_other_sign_not_checked(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    assert run("people", "add", "Sam", db=db).code == 0
    logged = run(
        "log", "--person", "Sam", "--noted", "nosebleeds,dilated-pupils",
        "--not-seen", "chronic-cough", "--treatment-day", "no", "--note", "tired", db=db,
    )  # fmt: skip
    assert logged.code == 0, logged.err
    rest = KETAMINE_SIGNS - 3
    assert f"2 noted, 1 looked for and not seen, {rest} not checked" in logged.out
    history = run("history", "--person", "Sam", "--json", db=db)
    assert history.code == 0
    lines = history.out.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["person"] == "Sam"
    assert record["treatment_day"] == "no"
    assert record["note"] == "tired"
    statuses = {k: v["status"] for k, v in record["observations"].items()}
    assert statuses == {
        "nosebleeds": "noted",
        "dilated-pupils": "noted",
        "chronic-cough": "not_seen",
    }
    readable = run("history", "--person", "Sam", db=db)
    assert f"not checked: {rest} signs" in readable.out
    assert "Nosebleeds" in readable.out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["log", "--person", "Sam", "--noted", "bogus-sign"], 'unknown sign "bogus-sign"'),
        (
            ["log", "--person", "Sam", "--at", "2026-13-01T10:00"],
            "could not be read as a date and time",
        ),
        (["log", "--person", "Sam", "--at", "2026-10-01"], "add the time of day"),
        (["log", "--person", "Sam", "--at", "2999-01-01T10:00"], "still to come"),
        (["log", "--person", "Sam", "--checklist", "nope"], "unknown checklist 'nope'"),
        (["log", "--person", "Sam", "--treatment-day", "maybe"], "must be yes, no or unknown"),
        (["log", "--person", "Sam", "--explained", "nosebleeds"], "only a noted sign"),
        (
            ["log", "--person", "Sam", "--noted", "nosebleeds", "--not-seen", "nosebleeds"],
            "both noted and not seen",
        ),
        (["log", "--person", " "], "a name"),
        (["log"], "required: --person"),
        (["history", "--person", "Nobody"], 'no person called "Nobody"'),
        (["people", "rename", "Nobody", "X"], 'no person called "Nobody"'),
        (["checklists", "show", "nope"], "unknown checklist"),
        (["import", "missing.jsonl"], "no such file"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    tmp_path: Path, args: list[str], words: str
) -> None:
    db = tmp_path / "r.db"
    assert run("people", "add", "Keep", db=db).code == 0
    before = sha(db)
    result = run(*args, db=db)
    assert result.code == 2, result
    assert words in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err
    assert sha(db) == before


def test_people_commands(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    assert run("people", "add", "Sam", db=db).code == 0
    duplicate = run("people", "add", "Sam", db=db)
    assert duplicate.code == 2
    assert "already a person" in duplicate.err
    assert run("people", "rename", "Sam", "S.", db=db).code == 0
    assert run("people", "list", db=db).out.startswith("S.  0 check-ins, no check-ins yet")
    assert run("people", "archive", "S.", db=db).code == 0
    assert "No people yet" in run("people", "list", db=db).out
    assert "(archived)" in run("people", "list", "--all", db=db).out


def test_options_work_after_the_subcommand(tmp_path: Path) -> None:
    db = tmp_path / "elsewhere.db"
    assert run("people", "add", "Sam", "--db", str(db)).code == 0
    assert "Sam" in run("--db", str(db), "people", "list").out


def _lines(*records: dict[str, object]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


GOOD = {
    "person": "Sam",
    "checklist": "ketamine",
    "observed_at": "2026-10-03T18:30:00+01:00",
    "observations": {"nosebleeds": {"status": "noted", "explained": False, "note": "twice"}},
}


def test_import_twice_adds_nothing_and_ids_are_derived(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    file = tmp_path / "in.jsonl"
    file.write_text(_lines(GOOD, {**GOOD, "observed_at": "2026-10-04T09:00:00+01:00"}))
    first = run("import", str(file), db=db)
    assert first.code == 0, first.err
    assert "Imported 2 check-ins" in first.out
    again = run("import", str(file), db=db)
    assert again.code == 0
    assert "Imported 0 check-ins; 2 already there" in again.out
    assert len(run("history", "--person", "Sam", "--json", db=db).out.splitlines()) == 2


def test_import_with_bad_lines_imports_nothing_and_names_each(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    assert run("people", "add", "Keep", db=db).code == 0
    before = sha(db)
    file = tmp_path / "in.jsonl"
    bad_sign = {**GOOD, "observations": {"bogus": {"status": "noted"}}}
    bad_date = {**GOOD, "observed_at": "yesterday"}
    no_person = {k: v for k, v in GOOD.items() if k != "person"}
    file.write_text(_lines(GOOD, bad_sign) + "{not json\n" + _lines(bad_date, no_person, GOOD))
    result = run("import", str(file), db=db)
    assert result.code == 2
    err = result.err
    assert 'line 2: unknown sign "bogus"' in err
    assert "line 3: not valid JSON" in err
    assert "line 4: observed_at" in err
    assert "line 5: missing person" in err
    assert "line 1:" not in err and "line 6:" not in err
    assert "nothing was imported" in err
    assert sha(db) == before


def test_history_json_round_trips_through_import(tmp_path: Path) -> None:
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    odd = "[/] \x1b[31mred\x1b[0m 😀 שלום\nsecond line"
    name = "[/] 😀 שלום"  # a name holds no control characters
    assert run("people", "add", name, db=one).code == 0
    logged = run(
        "log", "--person", name, "--noted", "nosebleeds", "--explained", "nosebleeds",
        "--not-seen", "chronic-cough", "--observer", odd, "--setting", odd, "--note", odd,
        "--positives", odd, "--treatment-day", "yes", "--at", "2026-10-03T18:30+01:00", db=one,
    )  # fmt: skip
    assert logged.code == 0, logged.err
    assert "\x1b" not in logged.out
    exported = run("history", "--person", name, "--json", db=one).out
    file = tmp_path / "h.jsonl"
    file.write_text(exported, encoding="utf-8")
    assert run("import", str(file), db=two).code == 0
    assert run("history", "--person", name, "--json", db=two).out == exported
    readable = run("history", "--person", name, db=one).out
    assert "\x1b" not in readable
    assert "\\x1b[31mred" in readable


def test_backup_restore_backup_is_identical(tmp_path: Path) -> None:
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    assert run("people", "add", "Sam", db=one).code == 0
    assert run("log", "--person", "Sam", "--noted", "nosebleeds", db=one).code == 0
    first, second = tmp_path / "b1.json", tmp_path / "b2.json"
    backed = run("backup", str(first), db=one)
    assert backed.code == 0
    assert "sensitive" in backed.out
    assert (first.stat().st_mode & 0o777) == 0o600
    assert run("restore", str(first), db=two).code == 0
    assert run("backup", str(second), db=two).code == 0
    assert first.read_text() == second.read_text()
    refused = run("restore", str(first), db=two)
    assert refused.code == 2
    assert "empty database" in refused.err


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    file = tmp_path / "x.json"
    file.write_text('{"hello": 1}')
    result = run("restore", str(file), db=tmp_path / "r.db")
    assert result.code == 2
    assert "not a redflags backup" in result.err


def test_a_foreign_database_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "foreign.db"
    db.write_bytes(b"SQLite format 3\x00" + bytes(4080))
    before = sha(db)
    result = run("people", "list", db=db)
    assert result.code == 1
    assert "not redflags" in result.err or "not a redflags" in result.err
    assert "Traceback" not in result.err
    assert sha(db) == before


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--db", "FILE"], 1, "not redflags; it was left as it is"),  # refused before the app opens
        (["--db"], 2, "expected one argument"),
        (["--colour"], 2, "unrecognized arguments: --colour"),
    ],
)
def test_opening_the_app_on_bad_options_says_so_in_one_line(
    tmp_path: Path, args: list[str], code: int, words: str
) -> None:
    db = tmp_path / "foreign.db"
    db.write_bytes(b"SQLite format 3\x00" + bytes(4080))
    before = sha(db)
    result = run(*[str(db) if a == "FILE" else a for a in args])
    assert result.code == code, result
    assert words in result.err and len(result.err.strip().splitlines()) == 1
    assert sha(db) == before


def test_checklists_commands(tmp_path: Path) -> None:
    listed = run("checklists", "list")
    assert listed.code == 0
    assert "ketamine " in listed.out and "ketamine-treatment-effects" in listed.out
    shown = run("checklists", "show", "ketamine")
    assert "Other explanations:" in shown.out
    assert max(len(line) for line in shown.out.splitlines()) <= 80
    data = json.loads(run("checklists", "show", "ketamine", "--json").out)
    assert sum(len(g["signs"]) for g in data["groups"]) == KETAMINE_SIGNS
    assert run("checklists", "validate").code == 0
    broken = tmp_path / "broken.toml"
    broken.write_text("schema = 1\nid = [\n")
    result = run("checklists", "validate", str(broken))
    assert result.code == 2
    assert "broken.toml: TOML syntax error" in result.err


def test_a_broken_user_checklist_is_skipped_with_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "bad.toml").write_text("schema = 1\n")
    result = run("--checklists", str(folder), "checklists", "list")
    assert result.code == 0
    assert "bad.toml" in result.err and "skipped" in result.err
    assert "ketamine" in result.out


def test_bad_config_gives_a_warning_and_defaults(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('observer = "Mum"\ntheme = "purple"\n')
    run("people", "add", "Sam", db=tmp_path / "r.db")
    result = run("log", "--person", "Sam", db=tmp_path / "r.db", REDFLAGS_CONFIG=str(config))
    assert result.code == 0
    assert "theme" in result.err and "using defaults" in result.err


def test_config_observer_is_the_default(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('observer = "Mum"\n')
    db = tmp_path / "r.db"
    assert run("people", "add", "Sam", db=db).code == 0
    assert run("log", "--person", "Sam", db=db, REDFLAGS_CONFIG=str(config)).code == 0
    record = json.loads(run("history", "--person", "Sam", "--json", db=db).out)
    assert record["observer"] == "Mum"


def test_demo_save_to_writes_sample_data(tmp_path: Path) -> None:
    target = tmp_path / "sample.db"
    result = run("demo", "--save-to", str(target))
    assert result.code == 0, result.err
    people = run("people", "list", db=target).out
    assert "Sam" in people and "Alex" in people
    again = run("demo", "--save-to", str(target))
    assert again.code == 2
