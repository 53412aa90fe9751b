"""Processes killed at random moments never leave a half-written check-in or a damaged database, and
every command that reported success is fully there. Each command is a real process (a fork of one
that has already imported redflags, so that the kills land in the work, not in Python's start)."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.runner import Forker, run

NOTED = ["nosebleeds", "dilated-pupils"]
NOT_SEEN = ["chronic-cough", "stuffy-nose", "slurred-speech"]


@pytest.fixture
def forker(tmp_path: Path) -> Iterator[Forker]:
    folder = tmp_path / "outputs"
    folder.mkdir()
    started = Forker(folder)
    yield started
    started.close()


def _integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def test_log_killed_at_random_moments(tmp_path: Path, forker: Forker) -> None:
    db = tmp_path / "r.db"
    assert run("people", "add", "Sam", db=db).code == 0
    args = (
        "log", "--person", "Sam", "--noted", ",".join(NOTED),
        "--not-seen", ",".join(NOT_SEEN), "--note", "x" * 2000,
    )  # fmt: skip
    # Aim the kills at the moment a log writes: start from how long one takes here, then walk the
    # delay down after each save and up after each kill, so that it stays on the boundary between
    # the two whatever the load on the machine.
    started = time.perf_counter()
    forker.start(*args, db=db)
    assert forker.wait().code == 0
    delay = time.perf_counter() - started
    step = delay / 10
    rng = random.Random(20261126)
    reported: list[str] = []
    killed = 0
    for _ in range(30):
        pid = forker.start(*args, db=db)
        time.sleep(max(0.0, delay + rng.uniform(-step, step)))
        os.kill(pid, signal.SIGKILL)
        done = forker.wait()
        if done.code == 0:
            reported.append(done.out.split("id ")[-1].strip())
            delay -= step
        else:
            assert done.code == -signal.SIGKILL
            killed += 1
            delay += step
    assert reported and killed, "the kills should land both before and after some saves"
    assert _integrity(db) == "ok"
    history = run("history", "--person", "Sam", "--json", db=db)
    assert history.code == 0
    stored = [json.loads(line) for line in history.out.splitlines()]
    ids = {record["id"] for record in stored}
    assert set(reported) <= ids
    for record in stored:
        statuses = {k: v["status"] for k, v in record["observations"].items()}
        assert statuses == {**dict.fromkeys(NOTED, "noted"), **dict.fromkeys(NOT_SEEN, "not_seen")}
        assert record["note"] == "x" * 2000


def test_import_killed_half_way_leaves_all_or_nothing(tmp_path: Path, forker: Forker) -> None:
    lines = []
    for n in range(800):
        lines.append(
            json.dumps(
                {
                    "person": "Sam",
                    "checklist": "ketamine",
                    "observed_at": f"2025-{1 + n // 28 % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:00+00:00",
                    "note": f"line {n}",
                    "observations": {"nosebleeds": {"status": "noted"}},
                }
            )
        )
    file = tmp_path / "in.jsonl"
    file.write_text("\n".join(lines) + "\n")
    # How long a whole import takes here; the kills land anywhere from its start to a little after.
    started = time.perf_counter()
    forker.start("import", str(file), db=tmp_path / "timing.db")
    assert forker.wait().code == 0
    took = time.perf_counter() - started
    rng = random.Random(7)
    for attempt in range(8):
        db = tmp_path / f"r{attempt}.db"
        assert run("people", "add", "Sam", db=db).code == 0
        pid = forker.start("import", str(file), db=db)
        time.sleep(rng.uniform(0, took * 1.2))
        os.kill(pid, signal.SIGKILL)
        done = forker.wait()
        assert _integrity(db) == "ok"
        count = len(run("history", "--person", "Sam", "--json", db=db).out.splitlines())
        if done.code == 0:
            assert count == 800
        else:
            assert count in (0, 800)
        # Whatever happened, importing again completes the set exactly.
        assert run("import", str(file), db=db).code == 0
        assert len(run("history", "--person", "Sam", "--json", db=db).out.splitlines()) == 800
