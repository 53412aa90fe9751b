"""A full disk, a read-only folder and broken database files: a clear message, earlier data intact."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.runner import run
from tests.files_support import sha


def _history(db: Path) -> str:
    result = run("history", "--person", "Sam", "--json", db=db)
    assert result.code == 0, result.err
    return result.out


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "r.db"
    assert run("people", "add", "Sam", db=path).code == 0
    assert (
        run("log", "--person", "Sam", "--noted", "nosebleeds", "--note", "first", db=path).code == 0
    )
    return path


@pytest.mark.parametrize("limit", [2048, 40_000], ids=["no-room-to-open", "no-room-to-save"])
def test_full_disk_gives_a_clear_message_and_keeps_earlier_data(db: Path, limit: int) -> None:
    before = _history(db)

    def no_room() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run(
        [sys.executable, "-m", "redflags", "log", "--person", "Sam", "--note", "y" * 60_000],
        preexec_fn=no_room,
        capture_output=True,
        text=True,
        env=dict(os.environ, REDFLAGS_DB=str(db)),
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "disk" in done.stderr
    assert _history(db) == before


@contextlib.contextmanager
def _read_only(folder: Path) -> Iterator[None]:
    """Make a folder read-only, also for root (who ignores permission bits)."""
    if os.geteuid() != 0:
        folder.chmod(0o500)
        try:
            yield
        finally:
            folder.chmod(0o700)
        return
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_read_only_folder_gives_a_clear_message_and_keeps_earlier_data(db: Path) -> None:
    # Close the log cleanly first: SQLite removes the -wal and -shm files on the last close.
    before = _history(db)
    digest = sha(db)
    with _read_only(db.parent):
        result = run("log", "--person", "Sam", "--noted", "nosebleeds", db=db)
        assert result.code == 1
        assert "read-only" in result.err or "cannot be opened" in result.err
        assert len(result.err.strip().splitlines()) == 1
        assert "Traceback" not in result.err
    assert sha(db) == digest
    assert _history(db) == before


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\x00\xff" * ((4096 - 100) // 2)
    path.write_bytes(bytes(data))


def _foreign(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE mine (x)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (_corrupt, "damaged"),
        (_foreign, "another program"),
        (lambda p: p.write_bytes(b""), "empty file"),
    ],
    ids=["corrupt", "foreign", "zero-bytes"],
)
def test_broken_database_files_are_left_untouched(db: Path, damage: object, words: str) -> None:
    damage(db)  # type: ignore[operator]
    digest = sha(db)
    for args in (["people", "list"], ["log", "--person", "Sam"], ["history", "--person", "Sam"]):
        result = run(*args, db=db)
        assert result.code == 1
        assert words in result.err
        assert len(result.err.strip().splitlines()) == 1
    assert sha(db) == digest
    assert sorted(p.name for p in db.parent.iterdir()) == ["r.db"]


def test_a_folder_where_the_database_should_be(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    path.mkdir()
    result = run("people", "list", db=path)
    assert result.code == 1
    assert "is a folder" in result.err
    assert path.is_dir() and not any(path.iterdir())
    shutil.rmtree(path)
