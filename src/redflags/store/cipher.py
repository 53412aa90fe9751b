"""A locked database: a whole-file SQLCipher database (the optional extra ``redflags[lock]``, module
``sqlcipher3``); nothing here is home-made cryptography. The passphrase goes to SQLCipher's own key
derivation. A locked file has no "SQLite format 3" header, so :func:`is_locked` tells one apart
without the passphrase; only the passphrase tells a locked redflags database from other data.

This module is the connection: detection, availability, the passphrase's checks and a SQLCipher
connection that is a :class:`~redflags.store.dbapi.Connection` (errors included). Converting is in
``convert.py``, forgetting in ``forget.py``.
"""

from __future__ import annotations

import contextlib
import sqlite3
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from redflags.store.dbapi import BUSY_TIMEOUT_MS, SQLITE_MAGIC, Connection, Cursor
from redflags.store.errors import (
    LockUnavailable,
    PassphraseNeeded,
    RequestError,
    StoreError,
    WrongPassphrase,
)
from redflags.store.schema import check_identity

__all__ = [
    "INSTALL_HINT",
    "PASSPHRASE_ENV",
    "available",
    "check_locked_file",
    "check_new_passphrase",
    "connect",
    "is_locked",
    "normal",
    "open_raw",
    "require",
    "sqlcipher",
]

PASSPHRASE_ENV = "REDFLAGS_PASSPHRASE"
INSTALL_HINT = 'pip install ".[lock]" in the redflags folder, as its README says'
MIN_PASSPHRASE = 8
_SMALLEST_PAGE = 512


# -- detection and availability ------------------------------------------------------------------


def available() -> bool:
    """Whether SQLCipher is installed, so databases can be locked and opened when locked."""
    try:
        sqlcipher()
    except LockUnavailable:
        return False
    return True


def require() -> None:
    """LockUnavailable, saying in one line how to install SQLCipher, when it is not installed."""
    sqlcipher()


def sqlcipher() -> Any:
    """The SQLCipher DB-API module (it ships no type information), or LockUnavailable."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise LockUnavailable(
            "locking, and opening a locked database, needs the optional SQLCipher part of"
            f" redflags, which is not installed; install it with: {INSTALL_HINT}"
        ) from None
    return dbapi2


def is_locked(path: Path) -> bool:
    """Whether the file at ``path`` looks like a locked database: not empty, not plain SQLite, and
    made of whole pages. Needs no passphrase; only the passphrase tells a locked redflags database
    from other data of that shape."""
    try:
        if not path.is_file():
            return False
        size = path.stat().st_size
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError:
        return False
    return size > 0 and size % _SMALLEST_PAGE == 0 and header != SQLITE_MAGIC


def check_locked_file(path: Path, passphrase: str | None) -> bool:
    """Given a file that is not plain SQLite: True when it should be opened with ``passphrase``;
    otherwise the reason it cannot be opened."""
    if passphrase is not None:
        return True
    if is_locked(path):
        raise PassphraseNeeded(
            f"{path} is locked (or is not a redflags database): its passphrase is needed;"
            " it was left as it is"
        )
    raise StoreError(f"{path} is not a redflags database; it was left as it is")


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a passphrase too short to protect anything, or one SQLite cannot carry."""
    if "\x00" in passphrase:
        raise RequestError("a passphrase cannot contain a NUL character; nothing was changed")
    if len(passphrase) < MIN_PASSPHRASE:
        raise RequestError(
            f"a passphrase needs at least {MIN_PASSPHRASE} characters (a few words work well);"
            " nothing was changed"
        )


def normal(passphrase: str) -> str:
    """NFC, so that the same words typed on any system give the same key."""
    return unicodedata.normalize("NFC", passphrase)


def _key_text(passphrase: str) -> str:
    """The passphrase as one SQL string literal, single quotes doubled."""
    return "'" + normal(passphrase).replace("'", "''") + "'"


# -- the connection ------------------------------------------------------------------------------


@contextlib.contextmanager
def _as_sqlite3(cipher: Any) -> Iterator[None]:
    try:
        yield
    except cipher.Error as exc:
        kind = getattr(sqlite3, type(exc).__name__, None)
        if not (isinstance(kind, type) and issubclass(kind, sqlite3.Error)):
            kind = sqlite3.DatabaseError
        raise kind(*exc.args) from exc


class _Cursor:
    """A SQLCipher cursor whose errors are the standard library's sqlite3 errors."""

    def __init__(self, raw: Any, cipher: Any) -> None:
        self._raw = raw
        self._cipher = cipher

    @property
    def row_factory(self) -> Any:
        return self._raw.row_factory

    @row_factory.setter
    def row_factory(self, factory: Any) -> None:
        self._raw.row_factory = factory

    @property
    def lastrowid(self) -> int | None:
        found = self._raw.lastrowid
        return None if found is None else int(found)

    @property
    def rowcount(self) -> int:
        return int(self._raw.rowcount)

    def execute(self, sql: str, parameters: Any = (), /) -> _Cursor:
        with _as_sqlite3(self._cipher):
            self._raw.execute(sql, parameters)
        return self

    def fetchone(self) -> Any:
        with _as_sqlite3(self._cipher):
            return self._raw.fetchone()

    def fetchall(self) -> list[Any]:
        with _as_sqlite3(self._cipher):
            return list(self._raw.fetchall())

    def __iter__(self) -> Iterator[Any]:
        while True:
            with _as_sqlite3(self._cipher):
                row = self._raw.fetchone()
            if row is None:
                return
            yield row


class _Connection:
    """A SQLCipher connection that is a :class:`Connection`, errors included."""

    def __init__(self, raw: Any, cipher: Any) -> None:
        self._raw = raw
        self._cipher = cipher

    def execute(self, sql: str, parameters: Any = (), /) -> _Cursor:
        with _as_sqlite3(self._cipher):
            return _Cursor(self._raw.execute(sql, parameters), self._cipher)

    @property
    def total_changes(self) -> int:
        return int(self._raw.total_changes)

    def executemany(self, sql: str, parameters: Any, /) -> _Cursor:
        with _as_sqlite3(self._cipher):
            return _Cursor(self._raw.executemany(sql, parameters), self._cipher)

    def cursor(self) -> _Cursor:
        with _as_sqlite3(self._cipher):
            return _Cursor(self._raw.cursor(), self._cipher)

    def close(self) -> None:
        with _as_sqlite3(self._cipher):
            self._raw.close()


def _typed(conn: _Connection) -> Connection:
    return conn  # mypy checks here that the adapter has all a Connection needs


def _typed_cursor(cursor: _Cursor) -> Cursor:
    return cursor  # and here, that its cursor has all a Cursor needs


def connect(path: Path, passphrase: str) -> Connection:
    """A locked database opened with ``passphrase``: checked to be a redflags database this
    version can read, and nothing written while checking."""
    cipher = sqlcipher()
    raw = open_raw(cipher, path, passphrase)
    raw.row_factory = cipher.Row
    return _typed(_Connection(raw, cipher))


def _wrong(path: Path) -> WrongPassphrase:
    return WrongPassphrase(
        f"{path}: wrong passphrase, or not a redflags database; nothing was changed"
    )


def _key_opens(cipher: Any, path: Path, passphrase: str) -> bool:
    """Whether ``passphrase`` opens the file, asked of its first page alone: an immutable,
    read-only connection takes no lock and never reads, checkpoints or removes the -wal and -shm
    beside it, so a wrong passphrase changes nothing at all."""
    uri = path.absolute().as_uri() + "?mode=ro&immutable=1"
    try:
        raw = cipher.connect(uri, uri=True, isolation_level=None)
    except cipher.Error:
        return True  # not readable this way: the full opening below says why
    try:
        raw.execute("PRAGMA cipher_log_level = NONE")
        raw.execute(f"PRAGMA key = {_key_text(passphrase)}")
        raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except cipher.DatabaseError:
        return False
    finally:
        _close_quietly(raw)
    return True


def open_raw(cipher: Any, path: Path, passphrase: str | None) -> Any:
    """A raw SQLCipher connection to an existing file, its key checked; plain when no passphrase."""
    if passphrase is not None:
        if not passphrase or "\x00" in passphrase:
            raise _wrong(path)
        # Twice before saying no: a first page being written by another copy reads as noise.
        if not _key_opens(cipher, path, passphrase) and not _key_opens(cipher, path, passphrase):
            raise _wrong(path)
    uri = path.absolute().as_uri() + "?mode=rw"
    try:
        raw = cipher.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except cipher.Error as exc:
        raise StoreError(f"{path} cannot be opened ({exc})") from None
    try:
        # SQLCipher would otherwise print its own lines on stderr for a wrong key.
        raw.execute("PRAGMA cipher_log_level = NONE")
        if passphrase is not None:
            raw.execute(f"PRAGMA key = {_key_text(passphrase)}")
        raw.execute("PRAGMA temp_store = MEMORY")
        raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except cipher.OperationalError:
            raise
        except cipher.DatabaseError:
            raise _wrong(path) from None
        app_id = int(raw.execute("PRAGMA application_id").fetchone()[0])
        version = int(raw.execute("PRAGMA user_version").fetchone()[0])
        check_identity(path, app_id, version)
    except BaseException as exc:
        _close_quietly(raw)
        if isinstance(exc, cipher.Error):
            raise StoreError(f"{path} cannot be opened ({exc}); it was left as it is") from None
        raise
    return raw


def _close_quietly(raw: Any) -> None:
    with contextlib.suppress(Exception):
        raw.close()
