"""The one public face of the store: an open redflags database. Nothing stored is ever overwritten
without keeping the earlier version.

Each method is one read, or one all-or-nothing write transaction; the work is done by the modules
of this package by concern (people, check-ins, drafts, backup). Lock, unlock and forget use
:meth:`Store.transaction` and :meth:`Store.compact`, never the connection.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import redflags.store.checkins as checkins
import redflags.store.connection as connection
import redflags.store.drafts as drafts
import redflags.store.log_facts as log_facts
import redflags.store.people as people
import redflags.store.summaries_made as summaries_made
from redflags.safe_text import one_line
from redflags.store.checkins import ImportCount, Prepared, Written
from redflags.store.connection import now
from redflags.store.dbapi import Connection
from redflags.store.errors import RequestError, StoreError
from redflags.terms import Marks, Person, new_id

if TYPE_CHECKING:
    from redflags.import_reader import ImportLine
    from redflags.model import CheckIn, Revision


def open_here(path: Path) -> bool:
    """Whether this program has a Store open on the file at ``path`` (another copy of SQLite in
    the same program, SQLCipher's, cannot see it: a conversion asks here)."""
    target = path.resolve()
    return any(store.path.resolve() == target for store in list(_OPEN))


class Store:
    """An open redflags database."""

    def __init__(self, conn: Connection, path: Path, notices: Sequence[str] = ()) -> None:
        self._conn = conn
        self.path = path
        _OPEN.add(self)
        # What opening it had to say (a migration, leftovers removed): one line each.
        self.notices: list[str] = list(notices)

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        create: bool = True,
        passphrase: str | None = None,
        waiting: Callable[[], None] | None = None,
    ) -> Store:
        """Open (and, if allowed and missing, create) the database at ``path``; a locked one
        needs its ``passphrase`` (see redflags.store.cipher for the errors that says so).
        ``waiting`` is called once if opening must wait for a lock or unlock in another window."""
        opened = connection.open_database(
            path, create_missing=create, passphrase=passphrase, waiting=waiting
        )
        return cls(opened.conn, path, opened.notices)

    def close(self) -> None:
        """Close the database."""
        _OPEN.discard(self)
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Connection]:
        """One all-or-nothing transaction (a write by default; else a read of one moment) for
        the modules of this package that work on the database as a whole: lock, unlock, forget.
        StoreError, all of it undone, when it cannot be saved."""
        with connection.transaction(self._conn, write=write) as conn:
            yield conn

    def compact(self) -> None:
        """Rebuild the file so that nothing deleted can be read from it (see forget)."""
        connection.compact(self._conn)

    def integrity_ok(self) -> bool:
        """Whether SQLite's own integrity check finds nothing wrong."""
        return bool(self._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")

    # -- meta and drafts ---------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        """A stored setting of this database, if set."""
        return drafts.get_meta(self._conn, key)

    def set_meta(self, key: str, value: str) -> None:
        """Store a setting of this database."""
        with self.transaction() as conn:
            drafts.set_meta(conn, key, value)

    def save_draft(self, key: str, body: str) -> None:
        """Keep an unfinished check-in so it can be offered again."""
        with self.transaction() as conn:
            drafts.save(conn, key, body)

    def drafts(self) -> list[tuple[str, datetime, str]]:
        """Every kept draft: key, when it was last saved, its body; newest first."""
        return drafts.every(self._conn)

    def drop_draft(self, key: str) -> None:
        """Forget a draft (after it was saved as a check-in, or discarded on request)."""
        with self.transaction() as conn:
            drafts.drop(conn, key)

    # -- people ------------------------------------------------------------------------------

    def people(self, *, include_archived: bool = False) -> list[Person]:
        """People in the order they were added."""
        return people.people(self._conn, include_archived=include_archived)

    def find_person(self, name: str) -> Person | None:
        """The person with this name (regardless of case), if there is one."""
        return people.find(self._conn, name)

    def person(self, name: str) -> Person:
        """The person with this name, or a RequestError saying there is none."""
        return people.get(self._conn, name)

    def add_person(self, name: str) -> Person:
        """Add a person; names must be new and not blank."""
        with self.transaction() as conn:
            return people.add(conn, name)

    def ensure_person(self, name: str) -> Person:
        """The person with this name, added if missing."""
        with self.transaction() as conn:
            people.person_id(conn, name)
        return self.person(name)

    def rename_person(self, old: str, new: str) -> Person:
        """Give a person a new display name; their check-ins follow."""
        with self.transaction() as conn:
            return people.rename(conn, old, new)

    def archive_person(self, name: str, archived: bool = True) -> Person:
        """Hide a person from the everyday list (or bring them back); nothing is deleted."""
        with self.transaction() as conn:
            return people.archive(conn, name, archived)

    # -- check-ins ---------------------------------------------------------------------------

    def add_checkin(self, checkin: CheckIn) -> CheckIn:
        """Save a new check-in (its person is added if missing); returns it with id and times."""
        stamped = checkin.model_copy(
            update={"id": checkin.id or new_id(), "recorded_at": checkin.recorded_at or now()}
        )
        with self.transaction() as conn:
            checkins.insert(conn, stamped)
            stored = people.get(conn, stamped.person).name
        # As stored: the person's name in its stored form (``Robin`` for `` robin``).
        return stamped.model_copy(update={"person": stored})

    def get_checkin(self, checkin_id: str) -> CheckIn:
        """One check-in by id (deleted ones too), or a RequestError."""
        return checkins.get(self._conn, checkin_id)

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
        return checkins.listed(
            self._conn,
            person,
            since=since,
            until=until,
            include_deleted=include_deleted,
            newest_first=newest_first,
            limit=limit,
            offset=offset,
            checklist=checklist,
        )

    def written(
        self, person: str, checklist: str, *, since: date | None = None, until: date | None = None
    ) -> list[Written]:
        """What the observer wrote, in time order (see checkins.written)."""
        return checkins.written(self._conn, person, checklist, since=since, until=until)

    def count_checkins(
        self,
        person: str,
        *,
        since: date | None = None,
        until: date | None = None,
        include_deleted: bool = False,
    ) -> int:
        """How many check-ins a person has (in a period)."""
        return checkins.count(
            self._conn, person, since=since, until=until, include_deleted=include_deleted
        )

    def marks(
        self,
        person: str,
        checklist: str,
        *,
        since: date | None = None,
        until: date | None = None,
    ) -> list[Marks]:
        """The compact form of a person's check-ins with one checklist, in time order."""
        return checkins.marks(self._conn, person, checklist, since=since, until=until)

    def mark_columns(
        self,
        person: str,
        checklist: str,
        *,
        since: date | None = None,
        until: date | None = None,
    ) -> tuple[
        Sequence[str], Sequence[str], Sequence[str], Sequence[str], Sequence[str], Sequence[str]
    ]:
        """The same as marks, as the columns they are stored in (see checkins.mark_columns)."""
        return checkins.mark_columns(self._conn, person, checklist, since=since, until=until)

    def day_marks(
        self, person: str, *, since: date | None = None, until: date | None = None
    ) -> dict[date, bool]:
        """For each day with a check-in: whether anything was noted that day (for calendar strips)."""
        return checkins.day_marks(self._conn, person, since=since, until=until)

    def first_day(self, person: str) -> date | None:
        """The day of a person's first check-in, if any."""
        return checkins.first_day(self._conn, person)

    def last_day(self, person: str) -> date | None:
        """The local day of a person's most recent check-in, if any (no check-in body is read)."""
        return checkins.last_day(self._conn, person)

    def record_summary(
        self, person: str, checklist: str, since: date, until: date, fmt: str, made: date
    ) -> None:
        """Remember that a summary was made (no content), for ``--since-last``."""
        with self.transaction() as conn:
            summaries_made.record(
                conn, people.get(conn, person).id, checklist, since, until, fmt, made
            )

    def last_summary(self, person: str, checklist: str) -> date | None:
        """The day the latest summary of this person with this checklist was made, if any."""
        found = self.find_person(person)
        return None if found is None else summaries_made.last_made(self._conn, found.id, checklist)

    def log_facts(
        self, person: str, checklist: str, *, before: date, until: date
    ) -> tuple[date | None, date | None, frozenset[str]]:
        """A person's log with one checklist up to ``until``: its first day, its last treatment
        day, and the signs noted before ``before`` (for a summary that reads only its period)."""
        return log_facts.log_facts(self._conn, person, checklist, before=before, until=until)

    def words_facts(
        self, person: str, checklist: str, *, since: date, until: date, most: int
    ) -> tuple[date | None, int, date | None]:
        """The day from which the latest ``most`` check-ins with something written are found,
        and on how many check-ins of the period something went well (and the latest such day)."""
        return log_facts.words_facts(
            self._conn, person, checklist, since=since, until=until, most=most
        )

    def checklists_used(self, person: str) -> list[str]:
        """The checklist ids a person's check-ins were recorded with, most used first."""
        return checkins.checklists_used(self._conn, person)

    # -- corrections -------------------------------------------------------------------------

    def correct_checkin(self, checkin: CheckIn, reason: str) -> CheckIn:
        """Replace a check-in's content, keeping the earlier version and the reason."""
        with self.transaction() as conn:
            checkins.correct(conn, checkin, reason)
        return self.get_checkin(checkin.id)

    def delete_checkin(self, checkin_id: str, reason: str) -> CheckIn:
        """Mark a check-in deleted (it can be restored); the reason is kept."""
        with self.transaction() as conn:
            checkins.set_deleted(conn, checkin_id, True, reason)
        return self.get_checkin(checkin_id)

    def restore_checkin(self, checkin_id: str, reason: str) -> CheckIn:
        """Bring back a deleted check-in; the reason is kept."""
        with self.transaction() as conn:
            checkins.set_deleted(conn, checkin_id, False, reason)
        return self.get_checkin(checkin_id)

    def revisions(self, checkin_id: str) -> list[Revision]:
        """Earlier versions of a check-in, oldest first."""
        return checkins.revisions(self._conn, checkin_id)

    # -- import, backup and restore ----------------------------------------------------------

    def prepare(
        self, checkin: CheckIn, *, recorded: datetime | None = None, line: int = 0
    ) -> Prepared:
        """A check-in in the compact form it is stored in, ready for import_prepared."""
        return checkins.prepare(checkin, recorded=recorded, line=line)

    def prepare_line(self, found: ImportLine, *, line: int = 0) -> Prepared:
        """An import line read straight into its stored form, ready for import_prepared."""
        return checkins.prepare_line(found, line=line)

    def import_checkins(self, checkins: Iterable[CheckIn]) -> tuple[int, int]:
        """Add check-ins not stored yet, all in one transaction: (added, already there)."""
        stamp = now()
        return self.import_prepared(self.prepare(c, recorded=stamp) for c in checkins)

    def stored_like(self, rows: Sequence[Prepared]) -> dict[str, list[str] | None]:
        """For each prepared check-in whose id is stored already: None if the stored one says the
        same, else the names of the fields that differ."""
        return checkins.stored_like(self._conn, rows)

    def import_prepared(self, rows: Iterable[Prepared]) -> tuple[int, int]:
        """Add prepared check-ins in one transaction, read as they come (so that they need not
        all be in memory): (added, already there). A check-in whose id is stored already is left
        as it is; one with other content is an ImportConflict, and nothing is added. An
        exception from ``rows`` adds nothing either."""
        found = self.import_counted(rows)
        return found.added, found.known

    def import_counted(
        self, rows: Iterable[Prepared], *, replace: str | None = None
    ) -> ImportCount:
        """As import_prepared; with ``replace`` (the reason kept with each), a check-in stored
        under the id of one imported but with other content is replaced by it as a correction
        (the stored version is kept as an earlier one) instead of refused."""
        with self.transaction() as conn:
            return checkins.import_rows(conn, rows, replace=replace)

    def is_empty(self) -> bool:
        """Whether the database holds no people, check-ins or drafts."""
        import redflags.store.backup as backup  # hashlib, json: loaded when first used

        return backup.is_empty(self._conn)

    def dump(self) -> dict[str, Any]:
        """Everything stored, losslessly, as plain JSON-ready data with a checksum (backups)."""
        import redflags.store.backup as backup  # hashlib, json: loaded when first used

        return backup.dump(self._conn)

    def load(self, data: Any) -> None:
        """Restore a dump into this database, which must be empty. The whole backup is checked
        before anything is written; a damaged one is a RequestError naming the problem, and
        nothing is written."""
        import redflags.store.backup as backup  # hashlib, json: loaded when first used

        rows = backup.check_restorable(self._conn, data)
        try:
            with self.transaction() as conn:
                backup.load(conn, rows)
        except StoreError as exc:
            raise RequestError(f"the backup is damaged: {one_line(str(exc))}") from None

    def summary_columns(
        self,
        person: str,
        checklist: str,
        *,
        since: date | None = None,
        until: date | None = None,
    ) -> tuple[
        Sequence[str],
        Sequence[str],
        Sequence[int | str],
        Sequence[str],
        Sequence[int | str],
        Sequence[str],
        dict[str, int],
    ]:
        """As mark_columns, with the signs noted and explained as numbers, and each sign id's
        bit (see checkins.summary_columns): what a summary reads."""
        return checkins.summary_columns(self._conn, person, checklist, since=since, until=until)


# The stores open in this program (for open_here).
_OPEN: weakref.WeakSet[Store] = weakref.WeakSet()
