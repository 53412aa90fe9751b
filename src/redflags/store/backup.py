"""Backup and restore: everything stored, losslessly, as plain JSON-ready data, and back into an
empty database."""

from __future__ import annotations

from typing import Any

from redflags.store.checkins import SELECT, from_row
from redflags.store.dbapi import Connection
from redflags.store.errors import RequestError, first_line

FORMAT = "redflags.backup/1"
TABLES = ("meta", "people", "checkins", "revisions", "drafts")


def is_empty(conn: Connection) -> bool:
    """Whether the database holds no people, check-ins or drafts."""
    return all(
        conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
        for table in ("people", "checkins", "drafts")
    )


def dump(conn: Connection) -> dict[str, Any]:
    """Everything stored, losslessly, as plain JSON-ready data (for backups)."""
    return {
        "format": FORMAT,
        "people": [dict(r) for r in conn.execute("SELECT * FROM people ORDER BY id")],
        "checkins": [dict(r) for r in conn.execute("SELECT * FROM checkins ORDER BY rowid")],
        "revisions": [dict(r) for r in conn.execute("SELECT * FROM revisions ORDER BY id")],
        "drafts": [dict(r) for r in conn.execute("SELECT * FROM drafts ORDER BY key")],
        "meta": [dict(r) for r in conn.execute("SELECT * FROM meta ORDER BY key")],
    }


def check_restorable(conn: Connection, data: dict[str, Any]) -> None:
    """RequestError unless ``data`` is a backup and the database is empty."""
    if not is_empty(conn):
        raise RequestError(
            "restore only goes into an empty database; choose a new --db file to restore into"
        )
    if data.get("format") != FORMAT:
        raise RequestError("the file is not a redflags backup")


def load(conn: Connection, data: dict[str, Any]) -> None:
    """Restore a dump (inside a write transaction, after check_restorable)."""
    try:
        for table in TABLES:
            for row in data.get(table, []):
                cols = list(row)
                conn.execute(
                    f"INSERT INTO {table} ({', '.join(cols)})"
                    f" VALUES ({', '.join('?' * len(cols))})",
                    [row[c] for c in cols],
                )
        # Every restored check-in must read back, or none is restored.
        for row in conn.execute(SELECT):
            from_row(row)
    except (TypeError, AttributeError, KeyError, ValueError) as exc:  # pydantic's too
        raise RequestError(f"the backup is damaged ({first_line(str(exc))})") from None
