"""Locking and unlocking: converting a whole database to SQLCipher and back.

Converting writes the new database to a private temporary file beside the old one, checks it (opened
with its key, ``integrity_check``, the same rows in every table, application_id and user_version),
makes it durable and only then moves it over the old one, so a crash at any moment leaves the old
database or the new one, complete. The old file is overwritten with zeros once it is replaced. Every
Store on the file must be closed first: a copy still open anywhere gives DatabaseInUse.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redflags.store.cipher import check_new_passphrase, is_locked, normal, open_raw, sqlcipher
from redflags.store.database import Store, open_here
from redflags.store.dbapi import SQLITE_MAGIC
from redflags.store.errors import DatabaseInUse, RequestError, StoreError
from redflags.store.leftovers import TEMP_SUFFIX, discard, sweep, temp_prefix, zero
from redflags.store.schema import APPLICATION_ID

# How long a conversion waits for another copy to let go of the database before refusing.
IN_USE_WAIT_MS = 1_000


@dataclass(frozen=True)
class Conversion:
    """What lock_database or unlock_database did."""

    path: Path
    locked: bool
    rows: dict[str, int]


def lock_database(path: Path, passphrase: str) -> Conversion:
    """Encrypt the plain redflags database at ``path`` with ``passphrase``.

    Every Store on the file must be closed first. Raises LockUnavailable, DatabaseInUse,
    RequestError (a passphrase that is too short, a file already locked) or StoreError."""
    check_new_passphrase(passphrase)
    sqlcipher()
    if is_locked(path):
        raise RequestError(
            f"{path} is already locked (or is not a redflags database); nothing was changed"
        )
    # Refuses anything that is not a plain redflags database, untouched.
    Store.open(path, create=False).close()
    return _convert(path, None, passphrase)


def unlock_database(path: Path, passphrase: str) -> Conversion:
    """Turn the locked database at ``path`` back into a plain one.

    Every Store on the file must be closed first. Raises LockUnavailable, WrongPassphrase,
    DatabaseInUse, RequestError (not locked) or StoreError."""
    sqlcipher()
    if not is_locked(path):
        if path.exists():
            Store.open(path, create=False).close()
            raise RequestError(f"{path} is not locked; nothing to do")
        raise StoreError(f"{path} does not exist")
    return _convert(path, passphrase, None)


def _convert(path: Path, old_key: str | None, new_key: str | None) -> Conversion:
    cipher = sqlcipher()
    # Work on the file itself, even when the path given is a symbolic link to it.
    path = path.resolve()
    if open_here(path):
        raise DatabaseInUse(f"{path} is open in this program; close it before locking or unlocking")
    sweep(path)
    # The temporary file first: its name tells other windows that a conversion is running, so
    # that they wait for it rather than open the file it replaces.
    fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
    tmp = Path(tmp_name)
    if os.name == "posix":
        os.fchmod(fd, 0o600)
    try:
        source = open_raw(cipher, path, old_key)
    except BaseException:
        os.close(fd)
        discard(tmp)
        raise
    try:
        try:
            try:
                _hold_alone(cipher, source, path)
                version = int(source.execute("PRAGMA user_version").fetchone()[0])
                before = _contents(source, "main")
                key = "" if new_key is None else normal(new_key)
                source.execute("ATTACH DATABASE ? AS target KEY ?", (str(tmp), key))
                try:
                    # No journal for the new file: it is checked and made durable below, and a
                    # half-made one is thrown away.
                    source.execute("PRAGMA target.journal_mode = OFF")
                    source.execute("PRAGMA target.synchronous = OFF")
                    source.execute("SELECT sqlcipher_export('target')")
                    source.execute(f"PRAGMA target.user_version = {version}")
                    source.execute(f"PRAGMA target.application_id = {APPLICATION_ID}")
                except BaseException:
                    with contextlib.suppress(cipher.Error):
                        source.execute("DETACH DATABASE target")
                    raise
                source.execute("DETACH DATABASE target")
                verify_copy(cipher, tmp, new_key, version, before)
                os.fsync(fd)
            finally:
                os.close(fd)
            _move_into_place(source, tmp, path)
        except BaseException:
            discard(tmp)
            raise
    except cipher.Error as exc:
        raise StoreError(f"{path} could not be converted ({exc}); nothing was changed") from None
    finally:
        source.close()
    return Conversion(
        path, new_key is not None, {name: count for name, (count, _) in before.items()}
    )


def _hold_alone(cipher: Any, conn: Any, path: Path) -> None:
    """Take the database for this connection alone, out of WAL mode (its -wal checkpointed and
    gone), or refuse: leaving WAL mode needs every other connection closed."""
    busy = DatabaseInUse(
        f"{path} is open in another redflags window or program; close it and try again"
        " (nothing was changed)"
    )
    conn.execute(f"PRAGMA busy_timeout = {IN_USE_WAIT_MS}")
    try:
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    except cipher.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise busy from None
        raise
    if str(mode).lower() != "delete" or Path(f"{path}-wal").exists():
        raise busy
    # A -shm left by a crash holds no data; nobody else can be using it now.
    Path(f"{path}-shm").unlink(missing_ok=True)


def _tables(conn: Any, schema: str) -> list[str]:
    rows = conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'"
        " AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def _contents(conn: Any, schema: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of its rows."""
    found: dict[str, tuple[int, str]] = {}
    for table in _tables(conn, schema):
        digest = hashlib.sha256()
        count = 0
        for row in conn.execute(f'SELECT * FROM {schema}."{table}" ORDER BY rowid'):
            digest.update(repr(tuple(row)).encode("utf-8", "surrogatepass"))
            count += 1
        found[table] = (count, digest.hexdigest())
    return found


def verify_copy(
    cipher: Any, tmp: Path, key: str | None, version: int, before: dict[str, tuple[int, str]]
) -> None:
    with open(tmp, "rb") as handle:
        plain = handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    if plain != (key is None):
        raise StoreError("the converted copy is not what was asked for; nothing was changed")
    conn = open_raw(cipher, tmp, key)
    try:
        problems = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        stored = int(conn.execute("PRAGMA user_version").fetchone()[0])
        after = _contents(conn, "main")
    finally:
        conn.close()
    if problems != ["ok"] or app_id != APPLICATION_ID or stored != version or after != before:
        raise StoreError("the converted copy did not check out; nothing was changed")


def _move_into_place(source: Any, tmp: Path, path: Path) -> None:
    if os.name != "posix":
        # Windows cannot replace a file that is open.
        source.close()
        os.replace(tmp, path)
        return
    old = os.open(path, os.O_RDWR)
    try:
        os.replace(tmp, path)
        _fsync_folder(path.parent)
        # Late openers of the old file now find no database in it (and no plaintext is left in
        # it); only when no other name still links to it. The conversion is done: this is a bonus.
        with contextlib.suppress(OSError):
            if os.fstat(old).st_nlink == 0:
                zero(old)
    finally:
        os.close(old)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems cannot sync a folder; the rename itself is still atomic
    finally:
        os.close(fd)
