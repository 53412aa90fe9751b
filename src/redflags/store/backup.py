"""Backup and restore: everything stored, losslessly, as plain JSON-ready data with a checksum of
its content, and back into an empty database, checked whole first (see ``restoring``)."""

from __future__ import annotations

from typing import Any

from redflags.safe_text import one_line
from redflags.store.checkins import row_values
from redflags.store.dbapi import Connection
from redflags.store.errors import RequestError
from redflags.store.restoring import COLUMNS, Damaged, validated, with_checksum

_ORDER = {"meta": "key", "people": "id", "checkins": "rowid", "revisions": "id", "drafts": "key"}


def is_empty(conn: Connection) -> bool:
    """Whether the database holds no people, check-ins or drafts."""
    return all(
        conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
        for table in ("people", "checkins", "drafts")
    )


def dump(conn: Connection) -> dict[str, Any]:
    """Everything stored, losslessly, as plain JSON-ready data with a checksum of its content
    (for backups). Only the known columns, in a fixed order."""
    data: dict[str, Any] = {}
    for table, columns in COLUMNS.items():
        sql = f"SELECT {', '.join(columns)} FROM {table} ORDER BY {_ORDER[table]}"
        data[table] = [dict(r) for r in conn.execute(sql)]
    return with_checksum(data)


def checked(conn: Connection, data: Any) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of a backup to restore, table by table, after checking the whole of it and that
    the database is empty; RequestError naming the first problem."""
    if not is_empty(conn):
        raise RequestError(
            "restore only goes into an empty database; choose a new --db file to restore into"
        )
    try:
        return validated(data, row_values)
    except Damaged as exc:
        raise RequestError(f"the backup is damaged: {one_line(str(exc))}") from None


def load(conn: Connection, tables: dict[str, list[tuple[Any, ...]]]) -> None:
    """Write checked rows (inside a write transaction)."""
    for table, columns in COLUMNS.items():
        conn.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            tables[table],
        )
