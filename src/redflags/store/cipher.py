"""Privacy at rest: a database locked with a passphrase, and forgetting a person for good.

A locked database is a whole-file SQLCipher database (the optional extra ``redflags[lock]``, module
``sqlcipher3``); nothing here is home-made cryptography. The passphrase goes to SQLCipher's own key
derivation. A locked file has no "SQLite format 3" header, so :func:`is_locked` can tell one apart
without the passphrase; only the passphrase can tell a locked redflags database from other data.

What the app uses:

- :func:`is_locked` (never needs the passphrase), :func:`available` and :func:`require` (is
  SQLCipher installed; require raises LockUnavailable, whose message says how to install it);
- ``Store.open(path, passphrase=...)``: :class:`PassphraseNeeded` when a locked database is opened
  without one, :class:`WrongPassphrase` when it does not open it (nothing was changed),
  :class:`LockUnavailable` when SQLCipher is not installed;
- :func:`lock_database` and :func:`unlock_database` (close every Store on the file first; a copy
  still open elsewhere gives :class:`DatabaseInUse`), :func:`check_new_passphrase`;
- :func:`forget_preview`, :func:`forget_person` and :func:`compact`.

Converting writes the new database to a private temporary file beside the old one, checks it (opened
with its key, ``integrity_check``, the same rows in every table, application_id and user_version),
makes it durable and only then moves it over the old one, so a crash at any moment leaves the old
database or the new one, complete. The old file is overwritten with zeros once it is replaced.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from redflags.store.database import (
    BUSY_TIMEOUT_MS,
    SQLITE_MAGIC,
    RequestError,
    Store,
    StoreError,
    check_identity,
)
from redflags.store.schema import APPLICATION_ID
from redflags.terms import Person

PASSPHRASE_ENV = "REDFLAGS_PASSPHRASE"
INSTALL_HINT = 'pip install ".[lock]" in the redflags folder, as its README says'
MIN_PASSPHRASE = 8
# How long a conversion waits for another copy to let go of the database before refusing.
IN_USE_WAIT_MS = 1_000
_TEMP_SUFFIX = ".converting"
_SMALLEST_PAGE = 512


class PassphraseNeeded(RequestError):
    """The database is locked and no passphrase was given: ask for one."""


class WrongPassphrase(RequestError):
    """The passphrase does not open the file (or it is not a redflags database); nothing changed."""


class LockUnavailable(StoreError):
    """SQLCipher (the optional extra ``redflags[lock]``) is not installed."""


class DatabaseInUse(StoreError):
    """Another copy has the database open, so it cannot be converted now; nothing changed."""


@dataclass(frozen=True)
class Conversion:
    """What lock_database or unlock_database did."""

    path: Path
    locked: bool
    rows: dict[str, int]


@dataclass(frozen=True)
class Forgotten:
    """What forget_person removes (or, from forget_preview, would remove)."""

    name: str
    checkins: int
    revisions: int
    drafts: int
    # Records of other people whose free text still mentions the name (kept, not ours to remove).
    still_mentioned: int


# -- detection and availability ------------------------------------------------------------------


def available() -> bool:
    """Whether SQLCipher is installed, so databases can be locked and opened when locked."""
    try:
        _sqlcipher()
    except LockUnavailable:
        return False
    return True


def require() -> None:
    """LockUnavailable, saying in one line how to install SQLCipher, when it is not installed."""
    _sqlcipher()


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
    """For store.check_file, given a file that is not plain SQLite: True when it should be opened
    with ``passphrase``; otherwise the reason it cannot be opened."""
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


def _sqlcipher() -> Any:
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise LockUnavailable(
            "locking, and opening a locked database, needs the optional SQLCipher part of"
            f" redflags, which is not installed; install it with: {INSTALL_HINT}"
        ) from None
    return dbapi2


def _normal(passphrase: str) -> str:
    """NFC, so that the same words typed on any system give the same key."""
    return unicodedata.normalize("NFC", passphrase)


def _key_text(passphrase: str) -> str:
    """The passphrase as one SQL string literal, single quotes doubled."""
    return "'" + _normal(passphrase).replace("'", "''") + "'"


# -- opening -------------------------------------------------------------------------------------


class _Cursor:
    """A SQLCipher cursor whose errors are the standard library's sqlite3 errors."""

    def __init__(self, raw: Any, cipher: Any) -> None:
        self._raw = raw
        self._cipher = cipher

    @property
    def lastrowid(self) -> int | None:
        return cast("int | None", self._raw.lastrowid)

    @property
    def rowcount(self) -> int:
        return int(self._raw.rowcount)

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
    """A SQLCipher connection that behaves like a sqlite3 one for the Store, errors included."""

    def __init__(self, raw: Any, cipher: Any) -> None:
        self._raw = raw
        self._cipher = cipher

    def execute(self, sql: str, parameters: Any = ()) -> _Cursor:
        with _as_sqlite3(self._cipher):
            return _Cursor(self._raw.execute(sql, parameters), self._cipher)

    def executemany(self, sql: str, parameters: Any) -> _Cursor:
        with _as_sqlite3(self._cipher):
            return _Cursor(self._raw.executemany(sql, parameters), self._cipher)

    def close(self) -> None:
        with _as_sqlite3(self._cipher):
            self._raw.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


@contextlib.contextmanager
def _as_sqlite3(cipher: Any) -> Iterator[None]:
    try:
        yield
    except cipher.Error as exc:
        kind = getattr(sqlite3, type(exc).__name__, None)
        if not (isinstance(kind, type) and issubclass(kind, sqlite3.Error)):
            kind = sqlite3.DatabaseError
        raise kind(*exc.args) from exc


def connect(path: Path, passphrase: str) -> sqlite3.Connection:
    """The Store's connect step for a locked database: open it with ``passphrase``, check that it
    is a redflags database this version can read, and write nothing while checking."""
    cipher = _sqlcipher()
    _sweep(path)
    raw = _open(cipher, path, passphrase)
    raw.row_factory = cipher.Row
    return cast(sqlite3.Connection, _Connection(raw, cipher))


def _open(cipher: Any, path: Path, passphrase: str | None) -> Any:
    """A raw SQLCipher connection to an existing file, its key checked; plain when no passphrase."""
    uri = path.absolute().as_uri() + "?mode=rw"
    try:
        raw = cipher.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except cipher.Error as exc:
        raise StoreError(f"{path} cannot be opened ({exc})") from None
    try:
        # SQLCipher would otherwise print its own lines on stderr for a wrong key.
        raw.execute("PRAGMA cipher_log_level = NONE")
        if passphrase is not None:
            if not passphrase or "\x00" in passphrase:
                raise WrongPassphrase(
                    f"{path}: wrong passphrase, or not a redflags database; nothing was changed"
                )
            raw.execute(f"PRAGMA key = {_key_text(passphrase)}")
        raw.execute("PRAGMA temp_store = MEMORY")
        raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except cipher.OperationalError:
            raise
        except cipher.DatabaseError:
            raise WrongPassphrase(
                f"{path}: wrong passphrase, or not a redflags database; nothing was changed"
            ) from None
        app_id = int(raw.execute("PRAGMA application_id").fetchone()[0])
        version = int(raw.execute("PRAGMA user_version").fetchone()[0])
        check_identity(path, app_id, version)
    except cipher.Error as exc:
        raw.close()
        raise StoreError(f"{path} cannot be opened ({exc}); it was left as it is") from None
    except BaseException:
        raw.close()
        raise
    return raw


# -- converting ----------------------------------------------------------------------------------


def lock_database(path: Path, passphrase: str) -> Conversion:
    """Encrypt the plain redflags database at ``path`` with ``passphrase``.

    Every Store on the file must be closed first. Raises LockUnavailable, DatabaseInUse,
    RequestError (a passphrase that is too short, a file already locked) or StoreError."""
    check_new_passphrase(passphrase)
    _sqlcipher()
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
    _sqlcipher()
    if not is_locked(path):
        if path.exists():
            Store.open(path, create=False).close()
            raise RequestError(f"{path} is not locked; nothing to do")
        raise StoreError(f"{path} does not exist")
    return _convert(path, passphrase, None)


def _convert(path: Path, old_key: str | None, new_key: str | None) -> Conversion:
    cipher = _sqlcipher()
    # Work on the file itself, even when the path given is a symbolic link to it.
    path = path.resolve()
    if any(store.path.resolve() == path for store in Store.live()):
        raise DatabaseInUse(f"{path} is open in this program; close it before locking or unlocking")
    _sweep(path)
    source = _open(cipher, path, old_key)
    try:
        _hold_alone(cipher, source, path)
        version = int(source.execute("PRAGMA user_version").fetchone()[0])
        before = _contents(source, "main")
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=_TEMP_SUFFIX, dir=path.parent
        )
        tmp = Path(tmp_name)
        try:
            try:
                if os.name == "posix":
                    os.fchmod(fd, 0o600)
                key = "" if new_key is None else _normal(new_key)
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
                _verify(cipher, tmp, new_key, version, before)
                os.fsync(fd)
            finally:
                os.close(fd)
            _move_into_place(source, tmp, path)
        except BaseException:
            _discard(tmp)
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
    import hashlib

    found: dict[str, tuple[int, str]] = {}
    for table in _tables(conn, schema):
        digest = hashlib.sha256()
        count = 0
        for row in conn.execute(f'SELECT * FROM {schema}."{table}" ORDER BY rowid'):
            digest.update(repr(tuple(row)).encode("utf-8", "surrogatepass"))
            count += 1
        found[table] = (count, digest.hexdigest())
    return found


def _verify(
    cipher: Any, tmp: Path, key: str | None, version: int, before: dict[str, tuple[int, str]]
) -> None:
    with open(tmp, "rb") as handle:
        plain = handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    if plain != (key is None):
        raise StoreError("the converted copy is not what was asked for; nothing was changed")
    conn = _open(cipher, tmp, key)
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
                _zero(old)
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


def _zero(fd: int) -> None:
    size = os.fstat(fd).st_size
    chunk = b"\x00" * (1 << 20)
    os.lseek(fd, 0, os.SEEK_SET)
    written = 0
    while written < size:
        written += os.write(fd, chunk[: min(len(chunk), size - written)])
    os.fsync(fd)


def _discard(tmp: Path) -> None:
    for leftover in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _sweep(path: Path) -> None:
    """Remove what a conversion killed half-way left beside ``path`` (its process is gone),
    overwritten first: an unfinished unlock leaves plaintext."""
    if os.name != "posix":
        return
    pattern = re.compile(re.escape(f".{path.name}.") + r"(\d+)\..*" + re.escape(_TEMP_SUFFIX) + "$")
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        match = pattern.match(name)
        if match is None or _alive(int(match.group(1))):
            continue
        leftover = path.parent / name
        with contextlib.suppress(OSError):
            fd = os.open(leftover, os.O_RDWR)
            try:
                _zero(fd)
            finally:
                os.close(fd)
        _discard(leftover)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


# -- forgetting a person -------------------------------------------------------------------------


def _person_of(body: str) -> str | None:
    try:
        data = json.loads(body)
    except ValueError:
        return None
    person = data.get("person") if isinstance(data, dict) else None
    return person if isinstance(person, str) else None


@dataclass(frozen=True)
class _Plan:
    person: Person
    checkins: list[str]
    revisions: list[int]
    drafts: list[str]


def _plan(store: Store, name: str) -> _Plan:
    person = store.person(name)
    conn = store._conn
    checkins = [
        str(r[0]) for r in conn.execute("SELECT id FROM checkins WHERE person_id = ?", (person.id,))
    ]
    mine = set(checkins)
    # Their check-ins' earlier versions, and earlier versions of any check-in that were theirs.
    revisions = [
        int(r[0])
        for r in conn.execute("SELECT id, checkin_id, prior FROM revisions")
        if r[1] in mine or _person_of(r[2]) == person.name
    ]
    edits = {f"edit:{checkin_id}" for checkin_id in checkins}
    drafts = [
        str(r[0])
        for r in conn.execute("SELECT key, body FROM drafts")
        if r[0] in edits or _person_of(r[1]) == person.name
    ]
    return _Plan(person, checkins, revisions, drafts)


def _mentions(store: Store, name: str) -> int:
    word = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
    conn = store._conn
    texts = [
        *(r[0] for r in conn.execute("SELECT name FROM people")),
        *(r[0] for r in conn.execute("SELECT body FROM checkins")),
        *(r[0] for r in conn.execute("SELECT prior FROM revisions")),
        *(r[0] for r in conn.execute("SELECT body FROM drafts")),
    ]
    return sum(1 for text in texts if word.search(str(text)))


def forget_preview(store: Store, name: str) -> Forgotten:
    """What forget_person would remove; RequestError when there is no such person."""
    plan = _plan(store, name)
    return Forgotten(plan.person.name, len(plan.checkins), len(plan.revisions), len(plan.drafts), 0)


def forget_person(store: Store, name: str) -> Forgotten:
    """Remove a person for good: their check-ins, every earlier version of them, their unfinished
    check-ins and the person. Deleted content is overwritten (secure_delete), the write-ahead log
    emptied and the file rebuilt (VACUUM), so their text is gone from the database file, locked or
    not. Backups and exports made earlier are not touched."""
    plan = _plan(store, name)
    conn = store._conn
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    with store._write() as write:
        for chunk in _chunks(plan.revisions):
            write.execute(f"DELETE FROM revisions WHERE id IN ({_marks(chunk)})", chunk)
        for chunk in _chunks(plan.drafts):
            write.execute(f"DELETE FROM drafts WHERE key IN ({_marks(chunk)})", chunk)
        write.execute("DELETE FROM checkins WHERE person_id = ?", (plan.person.id,))
        write.execute("DELETE FROM people WHERE id = ?", (plan.person.id,))
    try:
        compact(store)
    except StoreError as exc:
        raise StoreError(f"{plan.person.name} was removed, but {exc}") from None
    return Forgotten(
        plan.person.name,
        len(plan.checkins),
        len(plan.revisions),
        len(plan.drafts),
        _mentions(store, plan.person.name),
    )


def compact(store: Store) -> None:
    """Rebuild the database file so that nothing deleted can be read from it: deleted content
    overwritten, the file rebuilt (VACUUM, temporary data in memory) and the write-ahead log
    emptied. StoreError when another copy keeps it from finishing."""
    conn = store._conn
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


def _chunks(items: Sequence[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _marks(chunk: Sequence[Any]) -> str:
    return ",".join("?" * len(chunk))
