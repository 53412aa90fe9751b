"""A locked database under a wrong passphrase: nothing about the files changes, not even the
write-ahead log a crash left behind."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from redflags.model import CheckIn, Observation, Status
from redflags.store import Store, lock_database
from tests.cli.runner import run
from tests.files_support import sha

pytest.importorskip("sqlcipher3", reason="needs redflags[lock]")

PASS = "correct horse battery"


def _hot_copy(tmp_path: Path) -> Path:
    """A locked database as a crash leaves it: a check-in only in its -wal, with the -shm."""
    path = tmp_path / "r.db"
    with Store.open(path) as store:
        store.add_person("Sam")
    lock_database(path, PASS)
    hot = tmp_path / "hot" / "r.db"
    hot.parent.mkdir()
    with Store.open(path, passphrase=PASS) as store:
        store.add_checkin(
            CheckIn(
                person="Sam",
                checklist="ketamine",
                observed_at=datetime(2026, 10, 3, 18, 30, tzinfo=timezone.utc),
                note="only in the write-ahead log",
                observations={"nosebleeds": Observation(status=Status.NOTED)},
            )
        )
        for suffix in ("", "-wal", "-shm"):
            shutil.copyfile(f"{path}{suffix}", f"{hot}{suffix}")
    return hot


def test_a_wrong_passphrase_leaves_the_database_and_its_log_as_they_were(tmp_path: Path) -> None:
    hot = _hot_copy(tmp_path)
    files = [hot, Path(f"{hot}-wal"), Path(f"{hot}-shm")]
    assert files[1].stat().st_size > 0
    before = [sha(f) for f in files]
    result = run("people", "list", db=hot, REDFLAGS_PASSPHRASE="not the passphrase")
    assert result.code == 2
    assert "wrong passphrase" in result.err and "nothing was changed" in result.err
    assert [f.exists() for f in files] == [True, True, True]
    assert [sha(f) for f in files] == before
    # And the check-in that was only in the log is still there for the right passphrase.
    with Store.open(hot, passphrase=PASS) as store:
        assert [c.note for c in store.checkins("Sam")] == ["only in the write-ahead log"]
