"""Summaries made: for each summary exported, the person, checklist, period, format and the day it
was made, never its content (DESIGN section 5). ``--since-last`` and the next summary's header read
the latest one.

The table goes with its person: deleting a person (forget) deletes these rows too.
"""

from __future__ import annotations

from datetime import date

from redflags.store.dbapi import Connection

# The migration that adds the table (see schema.MIGRATIONS).
MIGRATION = [
    "CREATE TABLE IF NOT EXISTS summaries_made ("
    " id INTEGER PRIMARY KEY,"
    " person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,"
    " checklist TEXT NOT NULL,"
    " since TEXT NOT NULL,"
    " until TEXT NOT NULL,"
    " format TEXT NOT NULL,"
    " made TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS summaries_made_by_person ON summaries_made (person_id, checklist, made)",
]


def record(
    conn: Connection,
    person_id: int,
    checklist: str,
    since: date,
    until: date,
    fmt: str,
    made: date,
) -> None:
    """Remember that a summary was made (inside the caller's write transaction)."""
    conn.execute(
        "INSERT INTO summaries_made (person_id, checklist, since, until, format, made)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (person_id, checklist, since.isoformat(), until.isoformat(), fmt, made.isoformat()),
    )


def last_made(conn: Connection, person_id: int, checklist: str) -> date | None:
    """The day the latest summary of this person with this checklist was made, if any."""
    row = conn.execute(
        "SELECT max(made) FROM summaries_made WHERE person_id = ? AND checklist = ?",
        (person_id, checklist),
    ).fetchone()
    return None if row is None or row[0] is None else date.fromisoformat(row[0])
