"""Rows kept by key: unfinished check-ins (drafts, whose keys and bodies the app defines, see
``redflags.drafts``) and the database's own settings (meta)."""

from __future__ import annotations

from datetime import datetime

from redflags.store.connection import now
from redflags.store.dbapi import Connection


def get_meta(conn: Connection, key: str) -> str | None:
    """A stored setting of this database, if set."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_meta(conn: Connection, key: str, value: str) -> None:
    """Store a setting of this database (inside a write transaction)."""
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


def save(conn: Connection, key: str, body: str) -> None:
    """Keep an unfinished check-in (inside a write transaction)."""
    conn.execute(
        "INSERT OR REPLACE INTO drafts (key, updated, body) VALUES (?, ?, ?)",
        (key, now().isoformat(), body),
    )


def every(conn: Connection) -> list[tuple[str, datetime, str]]:
    """Every kept draft: key, when it was last saved, its body; newest first."""
    rows = conn.execute("SELECT key, updated, body FROM drafts ORDER BY updated DESC")
    return [(r[0], datetime.fromisoformat(r[1]), r[2]) for r in rows]


def drop(conn: Connection, key: str) -> None:
    """Forget a draft (inside a write transaction)."""
    conn.execute("DELETE FROM drafts WHERE key = ?", (key,))
