"""redflags lock | unlock | forget, and every command on a locked database, run as a person or a
script would: with REDFLAGS_PASSPHRASE, or in a real process with a prompt on a terminal."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from redflags.store import Store
from tests.cli.runner import Result, run, run_process
from tests.files_support import listing, raw_bytes, sha
from tests.unit.builders import checkin

pytest.importorskip("sqlcipher3", reason="needs redflags[lock]")

PASS = "it's ünïcode, and long enough"
NAMES = ["Zebediah Quill", "Alexandrina Voss"]
BST = timezone(timedelta(hours=1))
NOTES = ["kitchen-window-7731", "nosebleed-note-4410", "went-well-5521", "setting-lamp-6630"]


def _ok(result: Result) -> Result:
    assert result.code == 0, result.err
    return result


def _one_line_error(result: Result, code: int, words: str) -> None:
    assert result.code == code, (result.code, result.err)
    assert words in result.err
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert "Traceback" not in result.err


def _log(db: Path, person: str, n: int, **env: str) -> None:
    _ok(
        run(
            "log", "--person", person, "--at", f"2026-0{1 + n % 9}-1{n % 9}T1{n % 9}:30+01:00",
            "--noted", "nosebleeds", "--not-seen", "chronic-cough", "--explained", "nosebleeds",
            "--treatment-day", "no", "--observer", "Mum", "--setting", f"{NOTES[3]} {n}",
            "--note", f"{NOTES[0]} {n} it's 😀", "--positives", f"{NOTES[2]} {n}",
            db=db, **env,
        )
    )  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Three check-ins for each of two people, one corrected and one deleted (written directly,
    which is quicker than a command per check-in)."""
    path = tmp_path / "data" / "r.db"
    with Store.open(path) as store:
        for n in range(3):
            for name in NAMES:
                store.add_checkin(
                    checkin(
                        datetime(2026, 1 + n, 10 + n, 18, 30, tzinfo=BST),
                        noted=["nosebleeds"],
                        not_seen=["chronic-cough"],
                        explained=["nosebleeds"],
                        notes={"chronic-cough": f"{NOTES[1]} {n}"},
                        id=None,
                        person=name,
                        checklist_version=1,
                        setting=f"{NOTES[3]} {n}",
                        note=f"{NOTES[0]} {n} it's 😀",
                        positives=f"{NOTES[2]} {n}",
                    )
                )
        mine = store.checkins(NAMES[0])[-1]
        store.correct_checkin(mine.model_copy(update={"note": "corrected"}), "typo")
        store.delete_checkin(mine.id, "entered twice")
    return path


def _state(db: Path, folder: Path, tag: str, **env: str) -> tuple[str, str]:
    """A person's history as JSON, and a full backup (everything, lossless)."""
    history = _ok(run("history", "--person", NAMES[0], "--json", db=db, **env)).out
    backup = folder / f"backup-{tag}.json"
    _ok(run("backup", str(backup), db=db, **env))
    return history, backup.read_text(encoding="utf-8")


def test_lock_use_unlock_round_trip_keeps_every_field(db: Path, tmp_path: Path) -> None:
    secret = {"REDFLAGS_PASSPHRASE": PASS}
    before = _state(db, tmp_path, "before")
    locked = _ok(run("lock", db=db, **secret))
    assert "Locked" in locked.out and "2 people, 6 check-ins" in locked.out
    assert not raw_bytes(db).startswith(b"SQLite format 3")
    assert _state(db, tmp_path, "locked", **secret) == before
    # Use it while locked: log a check-in; then unlock and find everything as it was.
    _log(db, NAMES[0], 7, **secret)
    _ok(run("unlock", db=db, **secret))
    assert raw_bytes(db).startswith(b"SQLite format 3")
    history, backup = _state(db, tmp_path, "after")
    assert listing(db.parent) == ["r.db"]
    lines, earlier_lines = history.splitlines(), before[0].splitlines()
    assert len(earlier_lines) == 2  # the third was deleted
    assert lines[:2] == earlier_lines
    assert json.loads(lines[2])["note"] == f"{NOTES[0]} 7 it's 😀"
    after, earlier = json.loads(backup), json.loads(before[1])
    assert after["people"] == earlier["people"]
    assert after["revisions"] == earlier["revisions"]
    assert after["checkins"][:6] == earlier["checkins"]
    assert len(after["checkins"]) == 7


_WRITER = """
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from redflags.model import CheckIn, Observation, Status
from redflags.store import Store
store = Store.open(Path(sys.argv[1]), passphrase=sys.argv[2])
start = datetime(2026, 5, 1, tzinfo=timezone.utc)
for n in range(40):
    store.add_checkin(CheckIn(person=sys.argv[3], checklist="ketamine", observed_at=start
        + timedelta(hours=n), note=f"{sys.argv[4]} {n}", observations={"nosebleeds":
        Observation(status=Status.NOTED, note=sys.argv[4])}))
store.save_draft("new:x", sys.argv[4])
print("written", flush=True)
sys.stdin.readline()
store.close()
"""


def test_a_locked_database_holds_no_readable_text_while_in_use_or_after(
    db: Path, tmp_path: Path
) -> None:
    secret = {"REDFLAGS_PASSPHRASE": PASS}
    _ok(run("lock", db=db, **secret))
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    searched = [*NAMES, *NOTES, "Newcomer Ottoline", "fresh-note-8842", "ketamine", "nosebleeds"]
    # A copy that writes and keeps the database open: its changes sit in the write-ahead log.
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(db), PASS, "Newcomer Ottoline", "fresh-note-8842"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ, TMPDIR=str(tmp)),
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "written"
        assert Path(f"{db}-wal").stat().st_size > 0
        # Meanwhile another command reads it, in its own process: SQLite reads TMPDIR once per
        # process, and the reader's temporary files must land in the folder searched below.
        reader = run_process(
            "history", "--person", "Newcomer Ottoline", "--json", db=db, TMPDIR=str(tmp), **secret
        )
        assert len(_ok(reader).out.splitlines()) == 40
        raw = raw_bytes(db)
        for text in searched:
            assert text.encode() not in raw, text
            assert text.encode("utf-16-le") not in raw, text
        assert set(listing(db.parent)) <= {"r.db", "r.db-wal", "r.db-shm"}
    finally:
        writer.communicate("\n", timeout=30)
    assert writer.returncode == 0
    raw = raw_bytes(db)
    for text in searched:
        assert text.encode() not in raw, text
    assert listing(db.parent) == ["r.db"]
    assert list(tmp.iterdir()) == []
    history = run("history", "--person", "Newcomer Ottoline", "--json", db=db, **secret)
    assert len(_ok(history).out.splitlines()) == 40


def test_a_wrong_or_missing_passphrase_changes_nothing(db: Path, tmp_path: Path) -> None:
    _ok(run("lock", db=db, REDFLAGS_PASSPHRASE=PASS))
    digest = sha(db)
    commands = [
        ["backup", str(tmp_path / "b.json")],
        ["unlock"],
        ["forget", "--person", NAMES[0], "--confirm", NAMES[0]],
    ]
    for args in commands:
        wrong = run(*args, db=db, REDFLAGS_PASSPHRASE=PASS + " ")
        _one_line_error(wrong, 2, "wrong passphrase, or not a redflags database")
        assert "nothing was changed" in wrong.err
    missing = run("log", "--person", NAMES[0], "--noted", "nosebleeds", db=db)
    _one_line_error(missing, 2, "set REDFLAGS_PASSPHRASE")
    assert sha(db) == digest
    assert listing(db.parent) == ["r.db"]
    assert not (tmp_path / "b.json").exists()


def test_lock_is_refused_while_another_copy_has_the_database_open(db: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(db), "", "Holder", "held"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "written"
        digest = sha(db)
        refused = run("lock", db=db, REDFLAGS_PASSPHRASE=PASS)
        _one_line_error(refused, 1, "open in another redflags window or program")
        assert sha(db) == digest
    finally:
        holder.communicate("\n", timeout=30)
    assert raw_bytes(db).startswith(b"SQLite format 3")
    _ok(run("lock", db=db, REDFLAGS_PASSPHRASE=PASS))


# -- prompts on a terminal -----------------------------------------------------------------------


def _on_terminal(db: Path, args: list[str], answers: list[tuple[str, str]]) -> Result:
    """Run with a terminal as stdin, typing each answer once its prompt is shown."""
    master, slave = pty.openpty()
    env = dict(os.environ, REDFLAGS_DB=str(db), TZ="Europe/London")
    env.pop("REDFLAGS_PASSPHRASE", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "redflags", *args],
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,  # no controlling terminal: getpass reads the one on stdin
    )
    os.close(slave)
    shown = b""
    try:
        assert proc.stderr is not None
        deadline = time.monotonic() + 60
        for prompt, answer in answers:
            while not shown.endswith(prompt.encode()):
                assert time.monotonic() < deadline, shown
                byte = os.read(proc.stderr.fileno(), 1)
                assert byte, shown
                shown += byte
            os.write(master, answer.encode() + b"\n")
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(master)
    return Result(proc.returncode, out.decode(), shown.decode() + err.decode())


def test_passphrases_are_asked_for_on_a_terminal(db: Path) -> None:
    differ = _on_terminal(
        db, ["lock"], [("New passphrase: ", PASS), ("The same passphrase again: ", PASS + "!")]
    )
    assert differ.code == 2
    assert "the two passphrases differ; nothing was changed" in differ.err
    assert raw_bytes(db).startswith(b"SQLite format 3")
    locked = _on_terminal(
        db, ["lock"], [("New passphrase: ", PASS), ("The same passphrase again: ", PASS)]
    )
    assert locked.code == 0, locked.err
    assert PASS not in locked.out + locked.err
    listed = _on_terminal(db, ["people", "list"], [(f"Passphrase for {db}: ", PASS)])
    assert listed.code == 0, listed.err
    assert NAMES[0] in listed.out
    wrong = _on_terminal(db, ["people", "list"], [(f"Passphrase for {db}: ", "not it at all")])
    assert wrong.code == 2
    assert "wrong passphrase" in wrong.err


# -- forget --------------------------------------------------------------------------------------


def test_forget_asks_for_the_name_offers_a_backup_then_leaves_no_trace(db: Path) -> None:
    other = _ok(run("history", "--person", NAMES[1], "--json", db=db)).out
    digest = sha(db)
    for typed in ("", "zebediah quill"):
        refused = run("forget", "--person", NAMES[0], db=db, stdin=typed + "\n")
        assert refused.code == 2
        assert "nothing was removed" in refused.err.splitlines()[-1]
        assert "run: redflags backup FILE" in refused.err
        assert "3 check-ins, 2 earlier versions" in refused.err
    mismatch = run("forget", "--person", NAMES[0], "--confirm", NAMES[1], db=db)
    _one_line_error(mismatch, 2, "--confirm must repeat the name exactly")
    assert sha(db) == digest
    assert NOTES[1].encode() in raw_bytes(db)
    done = run("forget", "--person", NAMES[0], db=db, stdin=NAMES[0] + "\n")
    assert done.code == 0, done.err
    assert "Removed" in done.out and "3 check-ins" in done.out
    raw = raw_bytes(db)
    assert NAMES[0].encode() not in raw
    assert f"{NOTES[1]} 0".encode() in raw  # the other person's note, same words: still there
    assert _ok(run("history", "--person", NAMES[1], "--json", db=db)).out == other
    _one_line_error(run("history", "--person", NAMES[0], db=db), 2, "no person called")
    # A script: the name again with --confirm, no question asked.
    scripted = run("forget", "--person", NAMES[1], "--confirm", NAMES[1], db=db)
    assert scripted.code == 0, scripted.err
    assert scripted.err == ""
    raw = raw_bytes(db)
    for text in [*NAMES, *NOTES]:
        assert text.encode() not in raw, text


def test_forget_works_on_a_locked_database(db: Path) -> None:
    secret = {"REDFLAGS_PASSPHRASE": PASS}
    _ok(run("lock", db=db, **secret))
    done = run("forget", "--person", NAMES[0], db=db, stdin=NAMES[0] + "\n", **secret)
    assert done.code == 0, done.err
    assert "3 check-ins, 2 earlier versions" in done.out
    assert not raw_bytes(db).startswith(b"SQLite format 3")
    listed = _ok(run("people", "list", db=db, **secret)).out
    assert NAMES[0] not in listed and NAMES[1] in listed
    assert listing(db.parent) == ["r.db"]
