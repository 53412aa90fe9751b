"""SQLite persistence: people, check-ins, their revisions, drafts. Nothing stored is ever overwritten
without keeping the earlier version.

Every write runs in one ``BEGIN IMMEDIATE`` transaction with ``synchronous=FULL``, so a crash leaves
either all of it or none of it. A file that is not a redflags database is never written to.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from redflags.paths import ensure_private_dir
from redflags.safe_text import one_line
from redflags.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from redflags.terms import Marks, Person, TreatmentDay, new_id

if TYPE_CHECKING:
    from redflags.model import CheckIn, Revision

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000
NAME_MAX = 200


class StoreError(Exception):
    """A problem with the database or its file; the message is one line for people."""


class RequestError(StoreError):
    """A request the data cannot meet (an unknown person, a name in use, no reason given)."""


def now() -> datetime:
    """The current time with the local UTC offset."""
    return datetime.now(timezone.utc).astimezone()


def check_file(path: Path, *, passphrase: str | None = None) -> bool:
    """Refuse, without writing a byte, anything at ``path`` that is not a redflags database.

    Returns whether the file is to be opened as a locked database (not plain SQLite, and a
    passphrase given); see redflags.store.cipher."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a redflags database")
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
        from redflags.store.cipher import check_locked_file

        return check_locked_file(path, passphrase)
    if len(header) < 100:
        raise StoreError(f"{path} is not a redflags database; it was left as it is")
    check_identity(path, int.from_bytes(header[68:72], "big"), int.from_bytes(header[60:64], "big"))
    return False


def check_identity(path: Path, app_id: int, version: int) -> None:
    """Refuse a database of another program, or one written by a newer redflags."""
    if app_id != APPLICATION_ID:
        raise StoreError(
            f"{path} is a database of another program, not redflags; it was left as it is"
        )
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer redflags (data version {version}); "
            "please update redflags to open it"
        )


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")


def _connect(path: Path, passphrase: str | None = None) -> sqlite3.Connection:
    if passphrase is not None:
        from redflags.store.cipher import connect

        return connect(path, passphrase)
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    return conn


def _create(path: Path) -> None:
    """Build a new database beside ``path`` and link it into place, so that ``path`` is never seen
    half made; if another process got there first, its database is kept."""
    ensure_private_dir(path.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=".new-", suffix=".db", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, 0o600)
        conn = _connect(tmp)
        try:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            _migrate(conn, 0)
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()
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


def _migrate(conn: sqlite3.Connection, current: int) -> None:
    for version in range(current, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _ids(text: str) -> frozenset[str]:
    return frozenset(text.split()) if text else frozenset()


def _join(ids: Iterable[str]) -> str:
    return " ".join(sorted(ids))


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


_INSERT_NEW = (
    "INSERT OR IGNORE INTO checkins (id, person_id, checklist, observed_at, observed_utc, day,"
    " treatment_day, observer, has_text, deleted, noted, not_seen, explained, body) VALUES (:id,"
    " :person_id, :checklist, :observed_at, :observed_utc, :day, :treatment_day, :observer,"
    " :has_text, :deleted, :noted, :not_seen, :explained, :body)"
)
_INSERT = (
    "INSERT INTO checkins (id, person_id, checklist, observed_at, observed_utc, day, treatment_day,"
    " observer, has_text, deleted, noted, not_seen, explained, body) VALUES (:id, :person_id,"
    " :checklist, :observed_at, :observed_utc, :day, :treatment_day, :observer, :has_text,"
    " :deleted, :noted, :not_seen, :explained, :body)"
)


class Prepared(NamedTuple):
    """A check-in as the strings it is stored as, its person's name, and where it came from (the
    line of an import file) with what it says, to tell it apart from a stored one with its id."""

    person: str
    values: dict[str, Any]
    line: int = 0
    checkin: CheckIn | None = None


class ImportConflict(RequestError):
    """Check-ins already stored under the ids of some being imported, with other content:
    (line, id, the fields that differ) for each. Nothing was imported."""

    def __init__(self, conflicts: list[tuple[int, str, list[str]]]) -> None:
        super().__init__(f"{len(conflicts)} check-ins are already stored with other content")
        self.conflicts = conflicts


# Check-ins added per statement, and their most text (an import of years stays small in memory).
IMPORT_BATCH = 500
IMPORT_BATCH_TEXT = 8 * 1024 * 1024


class Store:
    """An open redflags database."""

    _live: ClassVar[weakref.WeakSet[Store]] = weakref.WeakSet()

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        Store._live.add(self)

    @classmethod
    def live(cls) -> list[Store]:
        """The stores this program has open (a database is converted only when none is on it)."""
        return list(cls._live)

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, create: bool = True, passphrase: str | None = None) -> Store:
        """Open (and, if allowed and missing, create) the database at ``path``; a locked one
        needs its ``passphrase`` (see redflags.store.cipher for the errors that says so)."""
        tries = 0
        while True:
            before = _identity(path)
            try:
                return cls._open(path, create, passphrase)
            except StoreError:
                # ``redflags lock`` or ``unlock`` put a new file in place while this one was being
                # opened: open the new one.
                tries += 1
                if tries >= 3 or _identity(path) == before:
                    raise

    @classmethod
    def _open(cls, path: Path, create: bool, passphrase: str | None) -> Store:
        locked = check_file(path, passphrase=passphrase)
        if not path.exists():
            if not create:
                raise StoreError(f"{path} does not exist")
            try:
                _create(path)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the database at {path} ({exc.strerror or exc})"
                ) from None
            except sqlite3.Error as exc:
                raise StoreError(f"cannot create the database at {path} ({exc})") from None
            check_file(path)
        try:
            conn = _connect(path, passphrase if locked else None)
        except sqlite3.Error as exc:
            raise StoreError(f"{path} cannot be opened ({exc})") from None
        try:
            _configure(conn)
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            conn.execute("SELECT count(*) FROM checkins").fetchone()
            if version < SCHEMA_VERSION:
                _migrate(conn, version)
        except sqlite3.OperationalError as exc:
            conn.close()
            raise StoreError(
                f"{path} cannot be opened: {_sqlite_words(exc)}; it was left as it is"
            ) from None
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(
                f"{path} is damaged or unreadable ({exc}); it was left as it is"
            ) from None
        return cls(conn, path)

    def close(self) -> None:
        """Close the database."""
        Store._live.discard(self)
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing write transaction."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"the database is busy or read-only ({exc})") from None
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise StoreError(f"nothing was saved: {_sqlite_words(exc)}") from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        with suppress(sqlite3.Error):
            self._conn.execute("ROLLBACK")

    def integrity_ok(self) -> bool:
        """Whether SQLite's own integrity check finds nothing wrong."""
        return bool(self._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")

    # -- meta and drafts ---------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        """A stored setting of this database, if set."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Store a setting of this database."""
        with self._write() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def save_draft(self, key: str, body: str) -> None:
        """Keep an unfinished check-in so it can be offered again."""
        with self._write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO drafts (key, updated, body) VALUES (?, ?, ?)",
                (key, now().isoformat(), body),
            )

    def drafts(self) -> list[tuple[str, datetime, str]]:
        """Every kept draft: key, when it was last saved, its body; newest first."""
        rows = self._conn.execute("SELECT key, updated, body FROM drafts ORDER BY updated DESC")
        return [(r[0], datetime.fromisoformat(r[1]), r[2]) for r in rows]

    def drop_draft(self, key: str) -> None:
        """Forget a draft (after it was saved as a check-in, or discarded on request)."""
        with self._write() as conn:
            conn.execute("DELETE FROM drafts WHERE key = ?", (key,))

    # -- people ------------------------------------------------------------------------------

    @staticmethod
    def _person(row: sqlite3.Row) -> Person:
        return Person(
            id=row["id"],
            name=row["name"],
            created=datetime.fromisoformat(row["created"]),
            archived=bool(row["archived"]),
        )

    def people(self, *, include_archived: bool = False) -> list[Person]:
        """People in the order they were added."""
        sql = "SELECT * FROM people"
        if not include_archived:
            sql += " WHERE archived = 0"
        return [self._person(r) for r in self._conn.execute(sql + " ORDER BY id")]

    def find_person(self, name: str) -> Person | None:
        """The person with exactly this name, if there is one."""
        row = self._conn.execute("SELECT * FROM people WHERE name = ?", (name,)).fetchone()
        return None if row is None else self._person(row)

    def person(self, name: str) -> Person:
        """The person with this name, or a StoreError saying there is none."""
        found = self.find_person(name)
        if found is None:
            raise RequestError(f"no person called {_quoted(name)}")
        return found

    def add_person(self, name: str) -> Person:
        """Add a person; names must be new and not blank."""
        _check_name(name)
        if self.find_person(name) is not None:
            raise RequestError(f"there is already a person called {_quoted(name)}")
        with self._write() as conn:
            conn.execute(
                "INSERT INTO people (name, created) VALUES (?, ?)", (name, now().isoformat())
            )
        return self.person(name)

    def ensure_person(self, name: str) -> Person:
        """The person with this name, added if missing."""
        return self.find_person(name) or self.add_person(name)

    def rename_person(self, old: str, new: str) -> Person:
        """Give a person a new display name; their check-ins follow."""
        person = self.person(old)
        _check_name(new)
        if new != old and self.find_person(new) is not None:
            raise RequestError(f"there is already a person called {_quoted(new)}")
        with self._write() as conn:
            conn.execute("UPDATE people SET name = ? WHERE id = ?", (new, person.id))
        return self.person(new)

    def archive_person(self, name: str, archived: bool = True) -> Person:
        """Hide a person from the everyday list (or bring them back); nothing is deleted."""
        person = self.person(name)
        with self._write() as conn:
            conn.execute("UPDATE people SET archived = ? WHERE id = ?", (int(archived), person.id))
        return self.person(name)

    # -- check-ins ---------------------------------------------------------------------------

    @staticmethod
    def _row_values(checkin: CheckIn) -> dict[str, Any]:
        from redflags.terms import Status

        noted, not_seen, explained = [], [], []
        for sign_id, obs in checkin.observations.items():
            if obs.status is Status.NOTED:
                noted.append(sign_id)
                if obs.explained:
                    explained.append(sign_id)
            elif obs.status is Status.NOT_SEEN:
                not_seen.append(sign_id)
        return {
            "id": checkin.id,
            "checklist": checkin.checklist,
            "observed_at": checkin.observed_at.isoformat(),
            "observed_utc": checkin.observed_at.astimezone(timezone.utc).isoformat(),
            "day": checkin.day.isoformat(),
            "treatment_day": checkin.treatment_day.value,
            "observer": checkin.observer,
            "has_text": int(checkin.has_text),
            "noted": _join(noted),
            "not_seen": _join(not_seen),
            "explained": _join(explained),
            "body": checkin.body_json(),
        }

    def _insert(self, conn: sqlite3.Connection, checkin: CheckIn, person_id: int) -> None:
        values = self._row_values(checkin)
        values["person_id"] = person_id
        values["deleted"] = int(checkin.deleted)
        conn.execute(_INSERT, values)

    def add_checkin(self, checkin: CheckIn) -> CheckIn:
        """Save a new check-in (its person is added if missing); returns it with id and times."""
        stamped = checkin.model_copy(
            update={
                "id": checkin.id or new_id(),
                "recorded_at": checkin.recorded_at or now(),
            }
        )
        if self._exists(stamped.id):
            raise RequestError(f"a check-in with id {stamped.id} is already stored")
        with self._write() as conn:
            person_id = self._person_id(conn, stamped.person)
            self._insert(conn, stamped, person_id)
        return stamped

    def _person_id(self, conn: sqlite3.Connection, name: str) -> int:
        row = conn.execute("SELECT id FROM people WHERE name = ?", (name,)).fetchone()
        if row is not None:
            return int(row[0])
        _check_name(name)
        cur = conn.execute(
            "INSERT INTO people (name, created) VALUES (?, ?)", (name, now().isoformat())
        )
        return int(cur.lastrowid or 0)

    def _exists(self, checkin_id: str) -> bool:
        row = self._conn.execute("SELECT 1 FROM checkins WHERE id = ?", (checkin_id,)).fetchone()
        return row is not None

    @staticmethod
    def _checkin(row: sqlite3.Row) -> CheckIn:
        from redflags.model import CheckIn  # pydantic: only once check-ins are read

        body = json.loads(row["body"])
        body.update(id=row["id"], person=row["person"], deleted=bool(row["deleted"]))
        return CheckIn.model_validate(body)

    _SELECT = (
        "SELECT c.id, c.body, c.deleted, p.name AS person FROM checkins c"
        " JOIN people p ON p.id = c.person_id"
    )

    def get_checkin(self, checkin_id: str) -> CheckIn:
        """One check-in by id (deleted ones too), or a StoreError."""
        row = self._conn.execute(self._SELECT + " WHERE c.id = ?", (checkin_id,)).fetchone()
        if row is None:
            raise RequestError(f"no check-in with id {checkin_id}")
        return self._checkin(row)

    def checkins(
        self,
        person: str,
        *,
        since: date | None = None,
        until: date | None = None,
        include_deleted: bool = False,
        newest_first: bool = False,
        limit: int | None = None,
        offset: int = 0,
        checklist: str | None = None,
    ) -> list[CheckIn]:
        """A person's check-ins in time order (or newest first), optionally one page of them, or
        one checklist's."""
        where, params = self._where(person, since, until, include_deleted)
        if checklist is not None:
            where += " AND c.checklist = ?"
            params.append(checklist)
        order = "DESC" if newest_first else "ASC"
        sql = f"{self._SELECT} WHERE {where} ORDER BY c.observed_utc {order}, c.rowid {order}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [self._checkin(r) for r in self._conn.execute(sql, params)]

    def written(
        self, person: str, checklist: str, *, since: date | None = None, until: date | None = None
    ) -> list[CheckIn]:
        """What the observer wrote, in time order: the check-ins with a setting, a note, what went
        well or a sign note, each holding only its observations that carry a note (and their
        labels). For quoting notes without reading every observation of years of check-ins."""
        where, params = self._where(person, since, until, False)
        sql = (
            f"{self._SELECT} WHERE {where} AND c.checklist = ? AND c.has_text = 1"
            " ORDER BY c.observed_utc, c.rowid"
        )
        from redflags.model import CheckIn

        found = []
        for row in self._conn.execute(sql, [*params, checklist]):
            body = json.loads(row["body"])
            notes = {k: o for k, o in body["observations"].items() if o.get("note")}
            labels = body.get("labels", {})
            body.update(
                id=row["id"],
                person=row["person"],
                observations=notes,
                labels={k: labels[k] for k in notes if k in labels},
            )
            found.append(CheckIn.model_validate(body))
        return found

    def count_checkins(
        self,
        person: str,
        *,
        since: date | None = None,
        until: date | None = None,
        include_deleted: bool = False,
    ) -> int:
        """How many check-ins a person has (in a period)."""
        where, params = self._where(person, since, until, include_deleted)
        sql = f"SELECT count(*) FROM checkins c JOIN people p ON p.id = c.person_id WHERE {where}"
        return int(self._conn.execute(sql, params).fetchone()[0])

    @staticmethod
    def _where(
        person: str, since: date | None, until: date | None, include_deleted: bool
    ) -> tuple[str, list[Any]]:
        clauses = ["p.name = ?"]
        params: list[Any] = [person]
        if not include_deleted:
            clauses.append("c.deleted = 0")
        if since is not None:
            clauses.append("c.day >= ?")
            params.append(since.isoformat())
        if until is not None:
            clauses.append("c.day <= ?")
            params.append(until.isoformat())
        return " AND ".join(clauses), params

    def marks(
        self,
        person: str,
        checklist: str,
        *,
        since: date | None = None,
        until: date | None = None,
    ) -> list[Marks]:
        """The compact form of a person's check-ins with one checklist, in time order."""
        where, params = self._where(person, since, until, False)
        sql = (
            "SELECT c.observed_at, c.treatment_day, c.noted, c.not_seen, c.explained, c.observer"
            # The covering index holds every column read here: no large body is touched.
            " FROM checkins c INDEXED BY checkins_marks JOIN people p ON p.id = c.person_id"
            f" WHERE {where}"
            " AND c.checklist = ? ORDER BY c.observed_utc"
        )
        params.append(checklist)
        cursor = self._conn.cursor()
        cursor.row_factory = None  # plain tuples: years of rows, read as fast as possible
        rows = cursor.execute(sql, params).fetchall()
        # The same few sets of sign ids recur across years of check-ins: split each text once.
        texts = {text for row in rows for text in row[2:5]}
        ids = {text: _ids(text) for text in texts}
        treatment = {t.value: t for t in TreatmentDay}
        parse = datetime.fromisoformat
        return [
            Marks(parse(at), treatment[day], ids[noted], ids[seen], ids[explained], observer)
            for at, day, noted, seen, explained, observer in rows
        ]

    def day_marks(
        self, person: str, *, since: date | None = None, until: date | None = None
    ) -> dict[date, bool]:
        """For each day with a check-in: whether anything was noted that day (for calendar strips)."""
        where, params = self._where(person, since, until, False)
        sql = (
            "SELECT c.day, max(c.noted != '') FROM checkins c INDEXED BY checkins_marks"
            f" JOIN people p ON p.id = c.person_id WHERE {where} GROUP BY c.day"
        )
        return {date.fromisoformat(r[0]): bool(r[1]) for r in self._conn.execute(sql, params)}

    def first_day(self, person: str) -> date | None:
        """The day of a person's first check-in, if any."""
        where, params = self._where(person, None, None, False)
        sql = f"SELECT min(c.day) FROM checkins c JOIN people p ON p.id = c.person_id WHERE {where}"
        value = self._conn.execute(sql, params).fetchone()[0]
        return None if value is None else date.fromisoformat(value)

    def last_day(self, person: str) -> date | None:
        """The local day of a person's most recent check-in, if any (no check-in body is read)."""
        where, params = self._where(person, None, None, False)
        sql = (
            "SELECT c.day FROM checkins c"
            f" JOIN people p ON p.id = c.person_id WHERE {where}"
            " ORDER BY c.observed_utc DESC LIMIT 1"
        )
        row = self._conn.execute(sql, params).fetchone()
        return None if row is None else date.fromisoformat(row[0])

    def record_summary(
        self, person: str, checklist: str, since: date, until: date, fmt: str, made: date
    ) -> None:
        """Remember that a summary was made (no content), for ``--since-last``."""
        from redflags.store import summaries_made

        with self._write() as conn:
            summaries_made.record(
                conn, self._person_id(conn, person), checklist, since, until, fmt, made
            )

    def last_summary(self, person: str, checklist: str) -> date | None:
        """The day the latest summary of this person with this checklist was made, if any."""
        from redflags.store import summaries_made

        found = self.find_person(person)
        return None if found is None else summaries_made.last_made(self._conn, found.id, checklist)

    def checklists_used(self, person: str) -> list[str]:
        """The checklist ids a person's check-ins were recorded with, most used first."""
        where, params = self._where(person, None, None, False)
        sql = (
            "SELECT c.checklist FROM checkins c INDEXED BY checkins_marks"
            f" JOIN people p ON p.id = c.person_id WHERE {where}"
            " GROUP BY c.checklist ORDER BY count(*) DESC"
        )
        return [r[0] for r in self._conn.execute(sql, params)]

    # -- corrections -------------------------------------------------------------------------

    def _revise(self, conn: sqlite3.Connection, prior: CheckIn, kind: str, reason: str) -> None:
        if not reason.strip():
            raise RequestError("a reason is needed, so the record shows why it changed")
        body = prior.model_dump_json()
        conn.execute(
            "INSERT INTO revisions (checkin_id, at, kind, reason, prior) VALUES (?, ?, ?, ?, ?)",
            (prior.id, now().isoformat(), kind, reason, body),
        )

    def correct_checkin(self, checkin: CheckIn, reason: str) -> CheckIn:
        """Replace a check-in's content, keeping the earlier version and the reason."""
        prior = self.get_checkin(checkin.id)
        updated = checkin.model_copy(
            update={"recorded_at": prior.recorded_at, "deleted": prior.deleted}
        )
        if not reason.strip():
            raise RequestError("a reason is needed, so the record shows why it changed")
        with self._write() as conn:
            self._revise(conn, prior, "corrected", reason)
            values = self._row_values(updated)
            values["person_id"] = self._person_id(conn, updated.person)
            conn.execute(
                "UPDATE checkins SET person_id = :person_id, checklist = :checklist,"
                " observed_at = :observed_at, observed_utc = :observed_utc, day = :day,"
                " treatment_day = :treatment_day, observer = :observer, has_text = :has_text,"
                " noted = :noted, not_seen = :not_seen, explained = :explained, body = :body"
                " WHERE id = :id",
                values,
            )
        return self.get_checkin(checkin.id)

    def _set_deleted(self, checkin_id: str, deleted: bool, reason: str) -> CheckIn:
        prior = self.get_checkin(checkin_id)
        if prior.deleted == deleted:
            state = "already deleted" if deleted else "not deleted"
            raise RequestError(f"check-in {checkin_id} is {state}")
        if not reason.strip():
            raise RequestError("a reason is needed, so the record shows why it changed")
        with self._write() as conn:
            self._revise(conn, prior, "deleted" if deleted else "restored", reason)
            conn.execute("UPDATE checkins SET deleted = ? WHERE id = ?", (int(deleted), checkin_id))
        return self.get_checkin(checkin_id)

    def delete_checkin(self, checkin_id: str, reason: str) -> CheckIn:
        """Mark a check-in deleted (it can be restored); the reason is kept."""
        return self._set_deleted(checkin_id, True, reason)

    def restore_checkin(self, checkin_id: str, reason: str) -> CheckIn:
        """Bring back a deleted check-in; the reason is kept."""
        return self._set_deleted(checkin_id, False, reason)

    def revisions(self, checkin_id: str) -> list[Revision]:
        """Earlier versions of a check-in, oldest first."""
        from redflags.model import CheckIn, Revision

        rows = self._conn.execute(
            "SELECT at, kind, reason, prior FROM revisions WHERE checkin_id = ? ORDER BY id",
            (checkin_id,),
        )
        return [
            Revision(
                checkin_id=checkin_id,
                number=n,
                at=datetime.fromisoformat(r[0]),
                kind=r[1],
                reason=r[2],
                prior=CheckIn.model_validate_json(r[3]),
            )
            for n, r in enumerate(rows, start=1)
        ]

    # -- import, backup and restore ----------------------------------------------------------

    def prepare(
        self, checkin: CheckIn, *, recorded: datetime | None = None, line: int = 0
    ) -> Prepared:
        """A check-in in the compact form it is stored in, ready for import_prepared: a few
        strings instead of a tree of objects."""
        if checkin.recorded_at is None:
            checkin = checkin.model_copy(update={"recorded_at": recorded or now()})
        values = self._row_values(checkin)
        values["deleted"] = int(checkin.deleted)
        return Prepared(checkin.person, values, line, checkin)

    def import_checkins(self, checkins: Iterable[CheckIn]) -> tuple[int, int]:
        """Add check-ins not stored yet, all in one transaction: (added, already there)."""
        stamp = now()
        return self.import_prepared(self.prepare(c, recorded=stamp) for c in checkins)

    def stored_checkins(self, ids: Sequence[str]) -> dict[str, CheckIn]:
        """The stored check-ins (deleted ones too) with any of these ids, by id."""
        found: dict[str, CheckIn] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self._conn.execute(self._SELECT + f" WHERE c.id IN ({marks})", chunk)
            for row in rows:
                found[row["id"]] = self._checkin(row)
        return found

    def import_prepared(self, rows: Iterable[Prepared]) -> tuple[int, int]:
        """Add prepared check-ins in one transaction, read from ``rows`` as they come (so that
        they need not all be in memory): (added, already there). A check-in whose id is stored
        already is left as it is; if its content differs (see CheckIn.content), ImportConflict
        and nothing is added. An exception from ``rows`` adds nothing either."""
        added = known = 0
        with self._write() as conn:
            people: dict[str, int] = {}
            seen: set[str] = set()
            batch: list[Prepared] = []
            size = 0
            conflicts: list[tuple[int, str, list[str]]] = []
            for row in rows:
                if row.values["id"] in seen:
                    known += 1
                    continue
                seen.add(row.values["id"])
                if row.person not in people:
                    people[row.person] = self._person_id(conn, row.person)
                row.values["person_id"] = people[row.person]
                batch.append(row)
                size += len(row.values["body"])
                if len(batch) >= IMPORT_BATCH or size >= IMPORT_BATCH_TEXT:
                    added += self._add_batch(conn, batch, conflicts)
                    batch, size = [], 0
            added += self._add_batch(conn, batch, conflicts)
            if conflicts:
                raise ImportConflict(conflicts)
            known += len(seen) - added
        return added, known

    def _add_batch(
        self,
        conn: sqlite3.Connection,
        batch: list[Prepared],
        conflicts: list[tuple[int, str, list[str]]],
    ) -> int:
        if not batch:
            return 0
        before = conn.total_changes
        conn.executemany(_INSERT_NEW, [row.values for row in batch])
        added = conn.total_changes - before
        if added < len(batch):
            # Some ids were stored already (by another copy, since they were looked for): the
            # same check-in adds nothing; another one under the same id is a conflict.
            from redflags.model import differences

            stored = self.stored_checkins([row.values["id"] for row in batch])
            for row in batch:
                found = stored.get(row.values["id"])
                if row.checkin is None or found is None:
                    continue
                changed = differences(row.checkin, found)
                if changed:
                    conflicts.append((row.line, row.checkin.id, changed))
        return added

    def is_empty(self) -> bool:
        """Whether the database holds no people, check-ins or drafts."""
        return all(
            self._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
            for table in ("people", "checkins", "drafts")
        )

    def dump(self) -> dict[str, Any]:
        """Everything stored, losslessly, as plain JSON-ready data with a checksum of its
        content (for backups). Only the known columns, in a fixed order."""
        from redflags.store.restoring import COLUMNS, with_checksum

        order = {
            "meta": "key",
            "people": "id",
            "checkins": "rowid",
            "revisions": "id",
            "drafts": "key",
        }
        data: dict[str, Any] = {}
        for table, columns in COLUMNS.items():
            sql = f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order[table]}"
            data[table] = [dict(r) for r in self._conn.execute(sql)]
        return with_checksum(data)

    def load(self, data: Any) -> None:
        """Restore a dump into this database, which must be empty. Nothing in it is trusted: the
        whole backup is checked (see redflags.store.restoring) before anything is written, and
        a damaged one is refused (RequestError) with nothing written."""
        from redflags.store.restoring import COLUMNS, Damaged, validated

        if not self.is_empty():
            raise RequestError(
                "restore only goes into an empty database; choose a new --db file to restore into"
            )
        try:
            tables = validated(data, self._row_values)
        except Damaged as exc:
            raise RequestError(f"the backup is damaged: {one_line(str(exc))}") from None
        try:
            with self._write() as conn:
                for table, columns in COLUMNS.items():
                    conn.executemany(
                        f"INSERT INTO {table} ({', '.join(columns)})"
                        f" VALUES ({', '.join('?' * len(columns))})",
                        tables[table],
                    )
        except StoreError as exc:
            raise RequestError(f"the backup is damaged: {one_line(str(exc))}") from None


def _check_name(name: str) -> None:
    problem = name_problem(name)
    if problem:
        raise RequestError(problem)


def name_problem(name: str) -> str | None:
    """What is wrong with a person's name, if anything."""
    if not name.strip():
        return "a name cannot be empty"
    if len(name) > NAME_MAX:
        return f"a name can be at most {NAME_MAX} characters; initials or an alias work well"
    return None


def _quoted(name: str) -> str:
    return f'"{one_line(name)}"'


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else text


def _sqlite_words(exc: sqlite3.Error) -> str:
    """What an SQLite error means for the person using the app."""
    text = str(exc)
    if "full" in text:
        return "the disk is full"
    if "disk I/O error" in text:
        return "the disk could not be written (it may be full, read-only or removed)"
    if "readonly" in text or "read-only" in text:
        return "the database or its folder is read-only"
    if "unable to open" in text:
        return "the file or its folder cannot be opened (check it exists and is yours to write)"
    if "locked" in text or "busy" in text:
        return "the database is busy in another window; try again"
    return text
