"""What is at the database's path, or beside it, that the store must not trust: a dangling link, a
pipe, a newer schema still in the write-ahead log, folders made under a careless umask, and the
plaintext a killed ``unlock`` left behind."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from pathlib import Path

import pytest

from redflags.store import SQLITE_MAGIC, Store
from tests.cli.runner import run


def test_a_dangling_db_link_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "target.db"
    link = tmp_path / "d.db"
    link.symlink_to(target)
    result = run("people", "add", "Sam", db=link)
    assert result.code == 2
    assert "does not exist" in result.err and "d.db" in result.err
    assert result.err.count("\n") == 1
    assert not target.exists() and not target.parent.exists()
    # And again: still refused, never "not a redflags database" about a file made by mistake.
    assert "does not exist" in run("people", "list", db=link).err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_db_that_is_a_pipe_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    done: list[int] = []
    worker = threading.Thread(target=lambda: done.append(run("people", "list", db=fifo).code))
    worker.daemon = True
    worker.start()
    worker.join(timeout=20)
    if worker.is_alive():
        # Let the reader that waits on the pipe go, so the test ends either way.
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        worker.join(timeout=20)
    assert done == [2]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_created_folders_are_private_whatever_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "c" / "r.db"
    old = os.umask(0)
    try:
        Store.open(path).close()
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_newer_schema_still_in_the_write_ahead_log_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    Store.open(path).close()
    newer = sqlite3.connect(path, isolation_level=None)
    try:
        newer.execute("PRAGMA wal_autocheckpoint = 0")
        newer.execute("PRAGMA user_version = 99")  # in the -wal only, while this copy is open
        assert int.from_bytes(path.read_bytes()[60:64], "big") < 99
        result = run("log", "--person", "Sam", "--noted", "nosebleeds", db=path)
        assert result.code == 1  # as for a newer file header: the file, not the input
        assert "newer redflags" in result.err
        assert newer.execute("SELECT count(*) FROM checkins").fetchone()[0] == 0
        assert newer.execute("SELECT count(*) FROM people").fetchone()[0] == 0
    finally:
        newer.close()


@pytest.mark.skipif(os.name != "posix", reason="process ids in file names: POSIX")
@pytest.mark.parametrize("locked", [False, True], ids=["plain", "locked-without-passphrase"])
def test_a_killed_conversions_plaintext_is_removed_by_the_next_run(
    tmp_path: Path, locked: bool
) -> None:
    path = tmp_path / "r.db"
    Store.open(path).close()
    if locked:
        # The shape of a locked database: any run without the passphrase stops at the question.
        path.write_bytes(os.urandom(4096))
    # A process id above any real one: its conversion can no longer be running.
    stale = tmp_path / ".r.db.2147483646.x1y2.converting"
    stale.write_bytes(SQLITE_MAGIC + b"Zebediah's note " * 1000)
    os.chmod(stale, 0o600)
    alive = tmp_path / f".r.db.{os.getpid()}.z3w4.converting"
    alive.write_bytes(b"being written by a conversion still running")
    with open(stale, "rb") as reader:  # another name for the same bytes, to see them overwritten
        result = run("people", "list", db=path)
        left = reader.read()
    assert not stale.exists()
    assert alive.exists()
    assert b"Zebediah" not in left
    assert "interrupted lock or unlock" in result.err
    assert result.code == (2 if locked else 0)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_read_only_shm_left_by_a_read_only_run_is_made_writable_again(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    assert run("people", "add", "Sam", db=path).code == 0
    assert run("log", "--person", "Sam", "--noted", "nosebleeds", db=path).code == 0
    # What `chmod 400 r.db; redflags history; chmod 600 r.db` leaves: SQLite makes the -shm with
    # the database's mode at the time, read-only, and a read-only run cannot remove it.
    shm = Path(f"{path}-shm")
    shm.write_bytes(bytes(32768))
    os.chmod(shm, 0o400)
    logged = run("log", "--person", "Sam", "--noted", "nosebleeds", db=path)
    # (An administrator's writes pass whatever the mode; anyone else's failed here before.)
    assert logged.code == 0, logged.err
    assert "r.db-shm had been left read-only" in logged.err
    assert not shm.exists() or stat.S_IMODE(shm.stat().st_mode) == 0o600
    assert "2 check-ins." in run("history", "--person", "Sam", db=path).out
