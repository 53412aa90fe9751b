"""Forgetting a person for good: their check-ins, every earlier version of them, their unfinished
check-ins and the person, with the file rebuilt so that their text cannot be read from it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from redflags.store.database import Store
from redflags.store.dbapi import Connection
from redflags.store.errors import StoreError
from redflags.terms import Person, name_key


@dataclass(frozen=True)
class Forgotten:
    """What forget_person removes (or, from forget_preview, would remove)."""

    name: str
    checkins: int
    revisions: int
    drafts: int
    # Records of other people whose free text still mentions the name (kept, not ours to remove).
    still_mentioned: int


@dataclass(frozen=True)
class _Plan:
    person: Person
    checkins: list[str]
    revisions: list[int]
    drafts: list[str]


def _person_of(prior: str) -> str | None:
    """The person of an earlier version of a check-in (stored as the check-in's JSON)."""
    try:
        data = json.loads(prior)
    except ValueError:
        return None
    person = data.get("person") if isinstance(data, dict) else None
    return person if isinstance(person, str) else None


def _plan(store: Store, conn: Connection, name: str) -> _Plan:
    from redflags.drafts import draft_person, edited_checkin  # the app's draft format

    person = store.person(name)
    checkins = [
        str(r[0]) for r in conn.execute("SELECT id FROM checkins WHERE person_id = ?", (person.id,))
    ]
    mine = set(checkins)
    key = name_key(person.name)

    def theirs(name: str | None) -> bool:
        return name is not None and name_key(name) == key

    # Their check-ins' earlier versions, and earlier versions of any check-in that were theirs.
    revisions = [
        int(r[0])
        for r in conn.execute("SELECT id, checkin_id, prior FROM revisions")
        if r[1] in mine or theirs(_person_of(r[2]))
    ]
    drafts = [
        str(r[0])
        for r in conn.execute("SELECT key, body FROM drafts")
        if edited_checkin(r[0]) in mine or theirs(draft_person(r[1]))
    ]
    return _Plan(person, checkins, revisions, drafts)


def _mentions(conn: Connection, name: str) -> int:
    word = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
    texts = [
        *(r[0] for r in conn.execute("SELECT name FROM people")),
        *(r[0] for r in conn.execute("SELECT body FROM checkins")),
        *(r[0] for r in conn.execute("SELECT prior FROM revisions")),
        *(r[0] for r in conn.execute("SELECT body FROM drafts")),
    ]
    return sum(1 for text in texts if word.search(str(text)))


def forget_preview(store: Store, name: str) -> Forgotten:
    """What forget_person would remove; RequestError when there is no such person."""
    with store.transaction(write=False) as conn:
        plan = _plan(store, conn, name)
    return Forgotten(plan.person.name, len(plan.checkins), len(plan.revisions), len(plan.drafts), 0)


def forget_person(store: Store, name: str) -> Forgotten:
    """Remove a person for good: their check-ins, every earlier version of them, their unfinished
    check-ins and the person. Deleted content is overwritten (secure_delete), the write-ahead log
    emptied and the file rebuilt (VACUUM), so their text is gone from the database file, locked or
    not. Backups and exports made earlier are not touched."""
    with store.transaction() as conn:
        conn.execute("PRAGMA secure_delete = ON")
        plan = _plan(store, conn, name)
        for chunk in _chunks(plan.revisions):
            conn.execute(f"DELETE FROM revisions WHERE id IN ({_marks(chunk)})", chunk)
        for chunk in _chunks(plan.drafts):
            conn.execute(f"DELETE FROM drafts WHERE key IN ({_marks(chunk)})", chunk)
        conn.execute("DELETE FROM checkins WHERE person_id = ?", (plan.person.id,))
        conn.execute("DELETE FROM people WHERE id = ?", (plan.person.id,))
    try:
        store.compact()
    except StoreError as exc:
        raise StoreError(f"{plan.person.name} was removed, but {exc}") from None
    with store.transaction(write=False) as conn:
        mentioned = _mentions(conn, plan.person.name)
    return Forgotten(
        plan.person.name, len(plan.checkins), len(plan.revisions), len(plan.drafts), mentioned
    )


def compact(store: Store) -> None:
    """Rebuild the database file so that nothing deleted can be read from it (see Store.compact)."""
    store.compact()


def _chunks(items: Sequence[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _marks(chunk: Sequence[Any]) -> str:
    return ",".join("?" * len(chunk))
