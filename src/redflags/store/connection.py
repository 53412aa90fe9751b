"""Opening a database: the checks of what the file is (before opening, without writing a byte, and
after), creating a new one, the connection's settings, and trying again when ``redflags lock`` or
``unlock`` put a new file in place meanwhile.

Every write runs in one ``BEGIN IMMEDIATE`` transaction with ``synchronous=FULL``, so a crash leaves
either all of it or none of it. A file that is not a redflags database is never written to.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from pathlib import Path

import redflags.store.cipher as cipher
from redflags.paths import ensure_private_dir
from redflags.safe_text import one_line
from redflags.store.dbapi import BUSY_TIMEOUT_MS, SQLITE_MAGIC, Connection
from redflags.store.errors import RequestError, StoreError, sqlite_words
from redflags.store.leftovers import in_progress, remove_leftovers
from redflags.store.schema import APPLICATION_ID, SCHEMA_VERSION, check_identity, migrate

# How long opening waits for a lock or unlock running in another window.
CONVERSION_WAIT_S = 60.0


def waiting_words(path: Path) -> str:
    """What to tell the person while opening waits for a lock or unlock in another window."""
    return (
        f"{one_line(str(path))} is being locked or unlocked in another window; waiting for that"
        " to finish (at most a minute)"
    )


def conversion_in_progress(path: Path) -> bool:
    """Whether a lock or unlock of ``path`` is running in another window now."""
    return in_progress(path)


def wait_for_conversion(path: Path) -> None:
    """Wait (at most CONVERSION_WAIT_S) until no lock or unlock of ``path`` runs in another
    window: what opening would wait for, waited for first where the waiting can be shown."""
    deadline = time.monotonic() + CONVERSION_WAIT_S
    while in_progress(path) and time.monotonic() < deadline:
        time.sleep(0.05)


def now() -> datetime:
    """The current time with the local UTC offset."""
    return datetime.now(timezone.utc).astimezone()


def check_file(path: Path, *, passphrase: str | None = None) -> bool:
    """Refuse, without writing a byte, anything at ``path`` that is not a redflags database.

    Returns whether the file is to be opened as a locked database (not plain SQLite, and a
    passphrase given); see redflags.store.cipher."""
    try:
        found = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise RequestError(
                f"{path} is a link to {os.readlink(path)}, which does not exist; no database"
                " was created through it (point --db at the file itself)"
            ) from None
        return False
    except OSError as exc:
        raise StoreError(f"{path} cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(found.st_mode):
        raise StoreError(f"{path} is a folder, not a redflags database")
    if not stat.S_ISREG(found.st_mode):
        raise RequestError(
            f"{path} is not a regular file (a pipe or a device), not a redflags database;"
            " it was left as it is"
        )
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StoreError(f"{path} cannot be read ({exc.strerror or exc})") from None
    if not header:
        raise StoreError(f"{path} is an empty file, not a redflags database; it was left as it is")
    if not header.startswith(SQLITE_MAGIC):
        return cipher.check_locked_file(path, passphrase)
    if len(header) < 100:
        raise StoreError(f"{path} is not a redflags database; it was left as it is")
    check_identity(path, int.from_bytes(header[68:72], "big"), int.from_bytes(header[60:64], "big"))
    return False


def writable_side_files(path: Path) -> list[str]:
    """The -wal and -shm beside a writable database, writable too: a run while the database was
    read-only leaves them read-only, and every later write would fail. Our own are made
    writable again (a notice each); another user's are named with what to do."""
    if os.name != "posix" or not os.access(path, os.W_OK):
        return []
    notices: list[str] = []
    real = path.resolve()
    for suffix in ("-wal", "-shm"):
        side = Path(f"{real}{suffix}")
        try:
            found = side.lstat()
        except OSError:
            continue
        if not stat.S_ISREG(found.st_mode):
            continue
        if found.st_uid == os.getuid():
            if found.st_mode & stat.S_IWUSR:
                continue
            os.chmod(side, 0o600)
            notices.append(
                f"{side.name} had been left read-only (by a run while the database was"
                " read-only); it is writable again"
            )
        elif os.access(side, os.W_OK):
            continue
        elif suffix == "-shm":
            raise StoreError(
                f"{side} is read-only and another user's, so nothing can be saved; when no"
                " redflags is running, delete that file (it holds nothing the database needs)"
            )
        else:
            raise StoreError(
                f"{side} is read-only and another user's, so nothing can be saved; ask its owner"
                " to make it writable (do not delete it: it may hold recent check-ins)"
            )
    return notices


def configure(conn: Connection) -> None:
    """The settings every connection runs with."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")


def connect(path: Path, passphrase: str | None = None) -> Connection:
    """A connection to ``path``, in autocommit mode, rows readable by column name."""
    if passphrase is not None:
        return cipher.connect(path, passphrase)
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    return conn


def create(path: Path) -> None:
    """Build a new database beside ``path`` and link it into place, so that ``path`` is never seen
    half made; if another process got there first, its database is kept."""
    ensure_private_dir(path.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=".new-", suffix=".db", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, 0o600)
        conn = connect(tmp)
        try:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            # Nobody sees this file before it is whole: its steps need not each reach the disk
            # (a wait of several milliseconds each), only the whole, once, before it is linked.
            conn.execute("PRAGMA synchronous = OFF")
            migrate(conn, 0)
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        with tmp.open("rb") as made:
            os.fsync(made.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        except OSError:
            # Filesystems without hard links: an exclusive rename is not available, so only
            # move the new file in when nothing is there yet.
            if not path.exists():
                os.replace(tmp, path)
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


class Opened:
    """An open connection and what opening it had to say."""

    def __init__(self, conn: Connection, notices: list[str]) -> None:
        self.conn = conn
        self.notices = notices


def open_database(
    path: Path,
    *,
    create_missing: bool,
    passphrase: str | None,
    waiting: Callable[[], None] | None = None,
) -> Opened:
    """Open (and, if allowed and missing, create) the database at ``path``; a locked one needs
    its ``passphrase``. A lock or unlock of it running in another window is waited for (once
    ``waiting`` is called, so that the person knows why nothing happens yet), and opening is
    tried again when one put a new file in place meanwhile."""
    deadline = time.monotonic() + CONVERSION_WAIT_S
    while True:
        while in_progress(path) and time.monotonic() < deadline:
            if waiting is not None:
                waiting()
                waiting = None
            time.sleep(0.05)  # a conversion takes a moment; then the new file is opened
        before = _identity(path)
        try:
            return open_once(path, create_missing, passphrase)
        except StoreError:
            changed = _identity(path) != before or in_progress(path)
            if not changed or time.monotonic() >= deadline:
                raise


def open_once(path: Path, create_missing: bool, passphrase: str | None) -> Opened:
    """One try of open_database."""
    notices = remove_leftovers(path)
    locked = check_file(path, passphrase=passphrase)
    if not path.exists():
        if not create_missing:
            raise StoreError(f"{path} does not exist")
        try:
            create(path)
        except OSError as exc:
            raise StoreError(
                f"cannot create the database at {path} ({exc.strerror or exc})"
            ) from None
        except sqlite3.Error as exc:
            raise StoreError(f"cannot create the database at {path} ({exc})") from None
        check_file(path)
    notices += writable_side_files(path)
    try:
        conn = connect(path, passphrase if locked else None)
    except sqlite3.Error as exc:
        raise StoreError(f"{path} cannot be opened ({exc})") from None
    try:
        configure(conn)
        # The file's header can be older than what the write-ahead log holds: ask SQLite.
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        check_identity(path, app_id, version)
        conn.execute("SELECT count(*) FROM checkins").fetchone()
        if version < SCHEMA_VERSION:
            notices += migrate(conn, version)
    except StoreError:
        conn.close()
        raise
    except sqlite3.OperationalError as exc:
        conn.close()
        raise StoreError(
            f"{path} cannot be opened: {sqlite_words(exc)}; it was left as it is"
        ) from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path} is damaged or unreadable ({exc}); it was left as it is") from None
    return Opened(conn, notices)


@contextmanager
def transaction(conn: Connection, *, write: bool = True) -> Iterator[Connection]:
    """One all-or-nothing transaction: ``BEGIN IMMEDIATE`` for a write, else a read that sees one
    moment of the database."""
    try:
        conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
    except sqlite3.OperationalError as exc:
        raise StoreError(f"the database is busy or read-only ({exc})") from None
    try:
        yield conn
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        _rollback(conn)
        raise StoreError(f"nothing was saved: {sqlite_words(exc)}") from None
    except BaseException:
        _rollback(conn)
        raise


def _rollback(conn: Connection) -> None:
    with suppress(sqlite3.Error):
        conn.execute("ROLLBACK")


def compact(conn: Connection) -> None:
    """Rebuild the database file so that nothing deleted can be read from it: deleted content
    overwritten, the file rebuilt (VACUUM, temporary data in memory) and the write-ahead log
    emptied. StoreError when another copy keeps it from finishing."""
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    try:
        conn.execute("VACUUM")
        busy = int(conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0])
    except sqlite3.Error as exc:
        raise StoreError(
            f"the file could not be compacted ({exc}), so traces may remain in it; close other"
            " redflags windows and run: redflags forget --compact"
        ) from None
    if busy:
        raise StoreError(
            "another redflags window is reading the database, so traces remain in the file;"
            " close it and run: redflags forget --compact"
        )
