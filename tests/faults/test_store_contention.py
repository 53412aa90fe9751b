"""Writers with REDFLAGS_PASSPHRASE while another process locks and unlocks the database over and
over: every write waits for the conversion in progress, then is saved."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from redflags.store import Store
from tests.cli.runner import run

pytest.importorskip("sqlcipher3", reason="needs redflags[lock]")

PASS = "correct horse battery"
WRITES = 8

_CYCLE = """
import sys, time
from pathlib import Path
from redflags.store import DatabaseInUse, is_locked, lock_database, unlock_database
path, stop = Path(sys.argv[1]), Path(sys.argv[2])
done = 0
while not stop.exists():
    try:
        if is_locked(path):
            unlock_database(path, sys.argv[3])
        else:
            lock_database(path, sys.argv[3])
        done += 1
    except DatabaseInUse:
        pass  # a writer has it open this moment: try again
    if done == 1:
        Path(f"{stop}.started").touch()
    time.sleep(0.2)  # a person locking and unlocking, not a loop that never lets go
print(done)
"""


def test_writers_wait_for_a_lock_or_unlock_in_progress(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    with Store.open(path) as store:
        store.add_person("Sam")
    stop = tmp_path / "stop"
    cycling = subprocess.Popen(
        [sys.executable, "-c", _CYCLE, str(path), str(stop), PASS],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    try:
        while not Path(f"{stop}.started").exists():  # converting has begun
            assert cycling.poll() is None, cycling.communicate()
        failures = []
        for n in range(WRITES):
            logged = run(
                "log", "--person", "Sam", "--noted", "nosebleeds", "--note", f"write {n}",
                db=path, REDFLAGS_PASSPHRASE=PASS,
            )  # fmt: skip
            if logged.code != 0:
                failures.append(logged.err.strip())
    finally:
        stop.touch()
        out, err = cycling.communicate(timeout=120)
    assert failures == []
    assert cycling.returncode == 0, err
    assert int(out) >= 2  # it did lock and unlock while the writes went on
    with Store.open(path, passphrase=PASS) as store:
        notes = sorted(c.note for c in store.checkins("Sam"))
    assert notes == sorted(f"write {n}" for n in range(WRITES))
