"""``redflags lock`` and ``unlock`` killed at random moments: the database is always there and
complete, plain or locked, never neither; nothing a killed conversion left behind survives the next
conversion or the next opening of the database, plain or locked."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from redflags import store as lock
from redflags.model import CheckIn, Observation, Status
from redflags.store import Store

pytest.importorskip("sqlcipher3", reason="needs redflags[lock]")

PASS = "kill me at any moment"
KILLS = 15


def _fill(path: Path) -> dict[str, Any]:
    """About 1 MB of check-ins: a conversion takes long enough for kills to land inside it."""
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    with Store.open(path) as store:
        store.import_checkins(
            [
                CheckIn(
                    id=f"00000000-0000-4000-8000-{n:012d}",
                    person=f"Person {n % 3}",
                    checklist="ketamine",
                    observed_at=start + timedelta(hours=n),
                    note=f"note {n} " + "words " * 150,
                    observations={
                        "nosebleeds": Observation(status=Status.NOTED, note="twice " * 20)
                    },
                )
                for n in range(500)
            ]
        )
        return store.dump()


def _spawn(db: Path, *command: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, REDFLAGS_DB=str(db), REDFLAGS_PASSPHRASE=PASS)
    return subprocess.Popen(
        [sys.executable, "-m", "redflags", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )


def _converting(folder: Path, proc: subprocess.Popen[bytes]) -> float | None:
    """Wait until the conversion's temporary file shows up: when it did (None if it never did)."""
    while proc.poll() is None:
        if any(name.endswith(".converting") for name in os.listdir(folder)):
            return time.perf_counter()
        time.sleep(0.001)
    return None


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name != "r.db"]


@pytest.mark.parametrize("command", ["lock", "unlock"])
def test_conversion_killed_at_random_moments_keeps_the_database(
    tmp_path: Path, command: str
) -> None:
    source = tmp_path / "source" / "r.db"
    expected = _fill(source)
    if command == "unlock":
        lock.lock_database(source, PASS)
    # Calibrate: from the start to the temporary file, and from there to the end.
    probe = tmp_path / "probe" / "r.db"
    probe.parent.mkdir()
    shutil.copyfile(source, probe)
    started = time.perf_counter()
    proc = _spawn(probe, command)
    appeared = _converting(probe.parent, proc)
    assert proc.wait() == 0 and appeared is not None
    starting, converting = appeared - started, time.perf_counter() - appeared
    rng = random.Random(f"20261126-{command}")
    outcomes: Counter[str] = Counter()
    # A loaded machine can make the calibration miss: past KILLS tries, the delays are stretched or
    # shrunk toward whichever outcome has not been seen yet (at most KILLS more tries).
    scale = 1.0
    for attempt in range(2 * KILLS):
        if attempt >= KILLS:
            missing = {"converted", "not converted", "killed mid-way"} - set(outcomes)
            if not missing:
                break
            scale = scale * 1.5 if "converted" in missing else scale / 1.5
        db = tmp_path / f"k{attempt}" / "r.db"
        db.parent.mkdir()
        shutil.copyfile(source, db)
        os.chmod(db, 0o600)
        proc = _spawn(db, command)
        if attempt % 3 == 0:
            # Anywhere up to the conversion: while starting, opening, leaving WAL mode.
            time.sleep(rng.uniform(0, starting * 1.1 * scale))
        else:
            # During the conversion (writing, checking, moving into place) or just after.
            _converting(db.parent, proc)
            time.sleep(rng.uniform(0, converting * 1.5 * scale))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        converted = lock.is_locked(db) == (command == "lock")
        if proc.returncode == 0:
            assert converted, "a conversion that reported success is complete"
        if _leftovers(db.parent):
            outcomes["killed mid-way"] += 1  # the temporary file is still there
        outcomes["converted" if converted else "not converted"] += 1
        # Whatever happened: every row is there, whichever form the file is in.
        with Store.open(db, passphrase=PASS) as store:
            assert store.integrity_ok()
            assert store.dump() == expected
        # Opening the database, in either form, cleared what the killed conversion left.
        assert _leftovers(db.parent) == []
        if lock.is_locked(db):
            assert b"Person 1" not in db.read_bytes()
    assert outcomes["converted"] and outcomes["not converted"], outcomes
    assert outcomes["killed mid-way"], outcomes
    # Converting again finishes the job and leaves nothing beside the database.
    left = [
        db
        for db in (tmp_path / f"k{attempt}" / "r.db" for attempt in range(KILLS))
        if lock.is_locked(db) != (command == "lock")
    ]
    for db in left[:2]:
        if command == "lock":
            lock.lock_database(db, PASS)
        else:
            lock.unlock_database(db, PASS)
        assert _leftovers(db.parent) == []
        with Store.open(db, passphrase=PASS) as store:
            assert store.dump() == expected
