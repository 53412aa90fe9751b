"""What a summary needs to know of a person's log before its period, without reading every
check-in of it: when the log began, the last treatment day, and which signs were ever noted before
a day. Index-only queries (the covering index of the compact columns)."""

from __future__ import annotations

from datetime import date

from redflags.store.checkins import instants, where
from redflags.store.dbapi import Connection

_FROM = " FROM checkins c INDEXED BY checkins_marks"


def log_facts(
    conn: Connection, person: str, checklist: str, *, before: date, until: date
) -> tuple[date | None, date | None, frozenset[str]]:
    """The log of a person with one checklist up to ``until``: its first day, its last
    treatment day, and the signs noted on any day before ``before``."""
    clause, params = where(conn, person, None, until, False)
    clause += " AND c.checklist = ?"
    params.append(checklist)
    # One pass along the index: the first day, the last treatment day, and every noted sign id
    # of the days before ``before`` in one text, split once (no set of texts to sort out).
    first, last, noted = conn.execute(
        "SELECT min(c.day), max(CASE WHEN c.treatment_day = 'yes' THEN c.day END),"
        " group_concat(CASE WHEN c.day < ? AND c.noted != '' THEN c.noted END, ' ')"
        f"{_FROM} WHERE {clause}",
        [before.isoformat(), *params],
    ).fetchone()
    return (
        date.fromisoformat(first) if first else None,
        date.fromisoformat(last) if last else None,
        frozenset(str(noted).split()) if noted else frozenset(),
    )


def words_facts(
    conn: Connection, person: str, checklist: str, *, since: date, until: date, most: int
) -> tuple[date | None, int, date | None]:
    """For the family's words of a period, without reading every note of it: the day from which
    the latest ``most`` check-ins with something written are found (None: fewer than that, read
    the whole period), and on how many check-ins something went well, and the latest such day."""
    clause, params = where(conn, person, since, until, False)
    clause += " AND c.checklist = ?"
    params.append(checklist)
    # Newest first along the index of the check-ins with something written, which holds their
    # days (no row is read), from the period's end to its start at most: only the latest
    # ``most`` of them are visited.
    near, around = instants(since, until)
    row = conn.execute(
        f"SELECT c.day FROM checkins c INDEXED BY checkins_quotes WHERE {clause}{near}"
        " AND c.has_text = 1 ORDER BY c.observed_utc DESC LIMIT 1 OFFSET ?",
        [*params, *around, most - 1],
    ).fetchone()
    # Something that went well is something written (has_text): the index of those check-ins
    # answers alone, no body is read.
    went = conn.execute(
        "SELECT count(*), max(c.day) FROM checkins c INDEXED BY checkins_went_well"
        f" WHERE {clause} AND c.went_well = 1",
        params,
    ).fetchone()
    return (
        date.fromisoformat(row[0]) if row else None,
        int(went[0]),
        date.fromisoformat(went[1]) if went[1] else None,
    )
