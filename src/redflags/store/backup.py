"""Backup and restore: everything stored, losslessly, as plain JSON-ready data with a checksum of
its content, and back into an empty database. Nothing in a backup is trusted: the whole of it is
checked (redflags.store.restoring) before any of it is written, by statements written here."""

from __future__ import annotations

from typing import Any

from redflags.safe_text import one_line
from redflags.store.checkins import row_values
from redflags.store.dbapi import Connection
from redflags.store.errors import RequestError
from redflags.store.restoring import COLUMNS, Damaged, validated, with_checksum
from redflags.store.schema import fill_numbers, fill_read_less

# The order rows are written in, so that a backup of a restored database is the same file.
_ORDER = {"meta": "key", "people": "id", "checkins": "rowid", "revisions": "id", "drafts": "key"}


def is_empty(conn: Connection) -> bool:
    """Whether the database holds no people, check-ins or drafts."""
    return all(
        conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
        for table in ("people", "checkins", "drafts")
    )


def dump(conn: Connection) -> dict[str, Any]:
    """Everything stored, losslessly, as plain JSON-ready data (for backups): the known columns
    of every table, and a checksum of it all."""
    data: dict[str, Any] = {}
    for table, columns in COLUMNS.items():
        sql = f"SELECT {', '.join(columns)} FROM {table} ORDER BY {_ORDER[table]}"
        data[table] = [dict(zip(columns, row, strict=True)) for row in conn.execute(sql)]
    return with_checksum(data)


def check_restorable(conn: Connection, data: Any) -> dict[str, list[tuple[Any, ...]]]:
    """The rows to restore, every one checked; RequestError, naming the first problem, unless
    ``data`` is an undamaged backup and the database is empty."""
    if not is_empty(conn):
        raise RequestError(
            "restore only goes into an empty database; choose a new --db file to restore into"
        )
    try:
        return validated(data, row_values)
    except Damaged as exc:
        raise RequestError(f"the backup is damaged: {one_line(str(exc))}") from None


def load(conn: Connection, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    """Write checked rows (from check_restorable), inside a write transaction."""
    for table, columns in COLUMNS.items():
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        conn.executemany(sql, rows[table])
    fill_read_less(conn)  # what summaries and quotes read, never part of a backup
    fill_numbers(conn)
