"""People: a display name each (an alias or initials is encouraged), created, archived."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from redflags.safe_text import one_line
from redflags.store.connection import now
from redflags.store.dbapi import Connection
from redflags.store.errors import RequestError
from redflags.terms import Person, name_problem


def check_name(name: str) -> None:
    """RequestError when ``name`` cannot be a person's name."""
    problem = name_problem(name)
    if problem:
        raise RequestError(problem)


def quoted(name: str) -> str:
    """A name in quotes, safe to show on one line."""
    return f'"{one_line(name)}"'


def _person(row: Any) -> Person:
    return Person(
        id=row["id"],
        name=row["name"],
        created=datetime.fromisoformat(row["created"]),
        archived=bool(row["archived"]),
    )


def people(conn: Connection, *, include_archived: bool) -> list[Person]:
    """People in the order they were added."""
    sql = "SELECT * FROM people"
    if not include_archived:
        sql += " WHERE archived = 0"
    return [_person(r) for r in conn.execute(sql + " ORDER BY id")]


def find(conn: Connection, name: str) -> Person | None:
    """The person with this name, if there is one."""
    row = conn.execute("SELECT * FROM people WHERE name = ?", (name,)).fetchone()
    return None if row is None else _person(row)


def get(conn: Connection, name: str) -> Person:
    """The person with this name, or a RequestError saying there is none."""
    found = find(conn, name)
    if found is None:
        raise RequestError(f"no person called {quoted(name)}")
    return found


def add(conn: Connection, name: str) -> None:
    """Add a person (inside a write transaction); names must be new and not blank."""
    check_name(name)
    if find(conn, name) is not None:
        raise RequestError(f"there is already a person called {quoted(name)}")
    conn.execute("INSERT INTO people (name, created) VALUES (?, ?)", (name, now().isoformat()))


def person_id(conn: Connection, name: str) -> int:
    """The id of the person with this name, added if missing (inside a write transaction)."""
    row = conn.execute("SELECT id FROM people WHERE name = ?", (name,)).fetchone()
    if row is not None:
        return int(row[0])
    check_name(name)
    cur = conn.execute(
        "INSERT INTO people (name, created) VALUES (?, ?)", (name, now().isoformat())
    )
    return int(cur.lastrowid or 0)


def rename(conn: Connection, old: str, new: str) -> None:
    """Give a person a new display name (inside a write transaction); their check-ins follow."""
    person = get(conn, old)
    check_name(new)
    if new != old and find(conn, new) is not None:
        raise RequestError(f"there is already a person called {quoted(new)}")
    conn.execute("UPDATE people SET name = ? WHERE id = ?", (new, person.id))


def archive(conn: Connection, name: str, archived: bool) -> None:
    """Hide a person from the everyday list, or bring them back (inside a write transaction)."""
    person = get(conn, name)
    conn.execute("UPDATE people SET archived = ? WHERE id = ?", (int(archived), person.id))
