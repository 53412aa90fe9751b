"""People: a display name each (an alias or initials is encouraged), created, archived.

Names are stored NFC with outer spaces removed, and are unique regardless of case (DESIGN section
5): ``Robin``, ``robin`` and `` Robin `` are one person, found by any of them. The people of one
database are few, so they are compared here, in Python, where Unicode case rules are known.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from redflags.safe_text import one_line
from redflags.store.connection import now
from redflags.store.dbapi import Connection
from redflags.store.errors import RequestError
from redflags.terms import Person, name_key, name_problem, normal_name


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
    """The person with this name, regardless of case, outer spaces and Unicode form."""
    row = conn.execute("SELECT * FROM people WHERE name = ?", (normal_name(name),)).fetchone()
    if row is not None:
        return _person(row)
    key = name_key(name)
    for row in conn.execute("SELECT * FROM people ORDER BY id"):
        if name_key(row["name"]) == key:
            return _person(row)
    return None


def id_of(conn: Connection, name: str) -> int | None:
    """The id of the person with this name, if there is one."""
    found = find(conn, name)
    return None if found is None else found.id


def get(conn: Connection, name: str) -> Person:
    """The person with this name, or a RequestError saying there is none."""
    found = find(conn, name)
    if found is None:
        raise RequestError(f"no person called {quoted(name)}")
    return found


def _insert(conn: Connection, name: str) -> int:
    check_name(name)
    cur = conn.execute(
        "INSERT INTO people (name, created) VALUES (?, ?)", (normal_name(name), now().isoformat())
    )
    return int(cur.lastrowid or 0)


def add(conn: Connection, name: str) -> Person:
    """Add a person (inside a write transaction); names must be new and not blank."""
    check_name(name)
    found = find(conn, name)
    if found is not None:
        raise RequestError(f"there is already a person called {quoted(found.name)}")
    _insert(conn, name)
    return get(conn, name)


def person_id(conn: Connection, name: str) -> int:
    """The id of the person with this name, added if missing (inside a write transaction)."""
    found = find(conn, name)
    return found.id if found is not None else _insert(conn, name)


def rename(conn: Connection, old: str, new: str) -> Person:
    """Give a person a new display name (inside a write transaction); their check-ins follow.
    The same name in another case or form is a new spelling of the same person's name."""
    person = get(conn, old)
    check_name(new)
    other = find(conn, new)
    if other is not None and other.id != person.id:
        raise RequestError(f"there is already a person called {quoted(other.name)}")
    conn.execute("UPDATE people SET name = ? WHERE id = ?", (normal_name(new), person.id))
    return get(conn, new)


def archive(conn: Connection, name: str, archived: bool) -> Person:
    """Hide a person from the everyday list, or bring them back (inside a write transaction)."""
    person = get(conn, name)
    conn.execute("UPDATE people SET archived = ? WHERE id = ?", (int(archived), person.id))
    return get(conn, name)
