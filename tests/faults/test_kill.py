"""Processes killed at random moments never leave a half-written check-in or a damaged database, and
every command that reported success is fully there."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.cli.runner import run

NOTED = ["nosebleeds", "dilated-pupils"]
NOT_SEEN = ["chronic-cough", "stuffy-nose", "slurred-speech"]


def _spawn(*args: str, db: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, REDFLAGS_DB=str(db))
    return subprocess.Popen(
        [sys.executable, "-m", "redflags", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def test_log_killed_at_random_moments(tmp_path: Path) -> None:
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
    assert _spawn(*args, db=db).wait() == 0
    delay = time.perf_counter() - started
    rng = random.Random(20261126)
    reported: list[str] = []
    killed = 0
    for _ in range(30):
        proc = _spawn(*args, db=db)
        time.sleep(max(0.0, delay + rng.uniform(-0.015, 0.015)))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        if proc.returncode == 0:
            reported.append(out.split("id ")[-1].strip())
            delay -= 0.02
        else:
            killed += 1
            delay += 0.02
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


def test_import_killed_half_way_leaves_all_or_nothing(tmp_path: Path) -> None:
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
    rng = random.Random(7)
    for attempt in range(8):
        db = tmp_path / f"r{attempt}.db"
        assert run("people", "add", "Sam", db=db).code == 0
        proc = _spawn("import", str(file), db=db)
        time.sleep(rng.uniform(0.2, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        assert _integrity(db) == "ok"
        count = len(run("history", "--person", "Sam", "--json", db=db).out.splitlines())
        if proc.returncode == 0:
            assert count == 800
        else:
            assert count in (0, 800)
        # Whatever happened, importing again completes the set exactly.
        assert run("import", str(file), db=db).code == 0
        assert len(run("history", "--person", "Sam", "--json", db=db).out.splitlines()) == 800
