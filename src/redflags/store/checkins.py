"""Check-ins and their revisions: every save of an existing check-in keeps the earlier version, the
time and the reason; delete and restore are revisions too. Summaries read the compact columns, never
the (large) JSON body."""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta, timezone
from itertools import islice, repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from redflags.store.connection import now
from redflags.store.dbapi import Connection
from redflags.store.errors import RequestError
from redflags.store.people import id_of, person_id
from redflags.store.schema import QUOTED_MOST
from redflags.store.sign_bits import SignBits, bits_of
from redflags.terms import Marks, RevisionKind, Status, TreatmentDay, name_key

if TYPE_CHECKING:
    from redflags.import_reader import ImportLine
    from redflags.model import CheckIn, Revision

INSERT = (
    "INSERT INTO checkins (id, person_id, checklist, observed_at, observed_utc, day, treatment_day,"
    " observer, has_text, deleted, noted, not_seen, explained, body, quote, checked, noted_mask,"
    " explained_mask, went_well) VALUES"
    " (:id, :person_id, :checklist, :observed_at, :observed_utc, :day, :treatment_day,"
    " :observer, :has_text, :deleted, :noted, :not_seen, :explained, :body, :quote, :checked,"
    " :noted_mask, :explained_mask, :went_well)"
)

SELECT = (
    "SELECT c.id, c.body, c.deleted, p.name AS person FROM checkins c"
    " JOIN people p ON p.id = c.person_id"
)
# The same, with each check-in's place in time order.
SELECT_PLACED = (
    "SELECT c.id, c.body, c.deleted, p.name AS person, c.observed_utc AS utc, c.rowid AS rid"
    " FROM checkins c JOIN people p ON p.id = c.person_id"
)

_NOTED, _NOT_SEEN = Status.NOTED, Status.NOT_SEEN
_NO_REASON = "a reason is needed, so the record shows why it changed"


class Prepared(NamedTuple):
    """A check-in as the strings it is stored as, its person's name, where it came from (the
    line of an import file), and whether that said if it is deleted."""

    person: str
    values: dict[str, Any]
    line: int = 0
    deleted_given: bool = False


class ImportCount(NamedTuple):
    """What an import did: check-ins added, already there (the same, or replaced), replaced."""

    added: int
    known: int
    replaced: int = 0


class ImportConflict(RequestError):
    """Check-ins already stored under the ids of some being imported, with other content:
    (line, id, the fields that differ) for each. Nothing was imported."""

    def __init__(self, conflicts: list[tuple[int, str, list[str]]]) -> None:
        super().__init__(f"{len(conflicts)} check-ins are already stored with other content")
        self.conflicts = conflicts


def _loads(text: str) -> Any:
    """``json.loads``, its module imported when first needed: the app's first screen reads no
    check-in's body."""
    import json

    return json.loads(text)


def _join(ids: Iterable[str]) -> str:
    return " ".join(sorted(ids))


def sign_set(conn: Connection, ids: str) -> int:
    """The number of a set of sign ids (sorted, joined by spaces) in the table of the sets the
    database's check-ins looked for; added if new (inside a write transaction)."""
    found = conn.execute("SELECT id FROM sign_sets WHERE ids = ?", (ids,)).fetchone()
    if found is not None:
        return int(found[0])
    cursor = conn.execute("INSERT INTO sign_sets (ids) VALUES (?)", (ids,))
    return int(cursor.lastrowid or 0)


def row_values(checkin: CheckIn) -> dict[str, Any]:
    """A check-in's columns: the compact, queryable form, the JSON body and what quoting it
    reads (see quote_of); ``checked`` holds the signs looked for (noted or not seen, sorted and
    joined by spaces), stored as their number in sign_sets (see sign_set)."""
    noted, not_seen, explained = [], [], []
    has_text = bool(checkin.setting or checkin.note or checkin.positives)
    for sign_id, obs in checkin.observations.items():
        status = obs.status
        if status is _NOTED:
            noted.append(sign_id)
            if obs.explained:
                explained.append(sign_id)
        elif status is _NOT_SEEN:
            not_seen.append(sign_id)
        if obs.note:
            has_text = True
    observed = checkin.observed_at
    body = checkin.body_json()
    return {
        "id": checkin.id,
        "checklist": checkin.checklist,
        "observed_at": observed.isoformat(),
        "observed_utc": observed.astimezone(timezone.utc).isoformat(),
        "day": observed.date().isoformat(),
        "treatment_day": checkin.treatment_day.value,
        "observer": checkin.observer,
        "has_text": int(has_text),
        "noted": _join(noted),
        "not_seen": _join(not_seen),
        "explained": _join(explained),
        "body": body,
        "quote": quote_of(body) if has_text and len(body) <= QUOTED_MOST else "",
        "checked": _join([*noted, *not_seen]),
        "went_well": int(bool(checkin.positives.strip())),
    }


def from_row(row: Any) -> CheckIn:
    """A check-in read back from a row of SELECT."""
    from redflags.model import CheckIn  # pydantic: only once check-ins are read

    body = _loads(row["body"])
    body.update(id=row["id"], person=row["person"], deleted=bool(row["deleted"]))
    return CheckIn.model_validate(body)


def exists(conn: Connection, checkin_id: str) -> bool:
    """Whether a check-in with this id is stored."""
    row = conn.execute("SELECT 1 FROM checkins WHERE id = ?", (checkin_id,)).fetchone()
    return row is not None


def insert(conn: Connection, checkin: CheckIn) -> None:
    """Store a new check-in (inside a write transaction); its person is added if missing."""
    if exists(conn, checkin.id):
        raise RequestError(f"a check-in with id {checkin.id} is already stored")
    values = row_values(checkin)
    values["person_id"] = person_id(conn, checkin.person)
    values["deleted"] = int(checkin.deleted)
    values["checked"] = sign_set(conn, values["checked"])
    SignBits(conn).add_masks(values)
    conn.execute(INSERT, values)


def get(conn: Connection, checkin_id: str) -> CheckIn:
    """One check-in by id (deleted ones too), or a RequestError."""
    row = conn.execute(SELECT + " WHERE c.id = ?", (checkin_id,)).fetchone()
    if row is None:
        raise RequestError(f"no check-in with id {checkin_id}")
    return from_row(row)


def where(
    conn: Connection, person: str, since: date | None, until: date | None, include_deleted: bool
) -> tuple[str, list[Any]]:
    """The WHERE clause (and its parameters) of a person's check-ins in a period; the person
    found by name as people.find does (regardless of case), none when there is no such person."""
    found = id_of(conn, person)
    clauses = ["c.person_id = ?"]
    params: list[Any] = [-1 if found is None else found]
    if not include_deleted:
        clauses.append("c.deleted = 0")
    if since is not None:
        clauses.append("c.day >= ?")
        params.append(since.isoformat())
    if until is not None:
        clauses.append("c.day <= ?")
        params.append(until.isoformat())
    return " AND ".join(clauses), params


def instants(since: date | None, until: date | None) -> tuple[str, list[str]]:
    """A wider range of instants (UTC) around local days from ``since`` to ``until``: a local
    day lies within a day of its UTC day. Added to ``where``'s days, it lets an index in time
    order be read from the period's start to its end only (the days still decide)."""
    clause, params = "", []
    try:
        if since is not None:
            clause += " AND c.observed_utc >= ?"
            params.append((since - timedelta(days=2)).isoformat())
        if until is not None:
            clause += " AND c.observed_utc < ?"
            params.append((until + timedelta(days=2)).isoformat())
    except OverflowError:  # a day at an end of the calendar: the days alone decide
        return "", []
    return clause, params


def listed(
    conn: Connection,
    person: str,
    *,
    since: date | None,
    until: date | None,
    include_deleted: bool,
    newest_first: bool,
    limit: int | None,
    offset: int,
    checklist: str | None,
) -> list[CheckIn]:
    """A person's check-ins in time order (or newest first), optionally one page of them, or
    one checklist's."""
    clause, params = where(conn, person, since, until, include_deleted)
    if checklist is not None:
        clause += " AND c.checklist = ?"
        params.append(checklist)
    order = "DESC" if newest_first else "ASC"
    sql = f"{SELECT} WHERE {clause} ORDER BY c.observed_utc {order}, c.rowid {order}"
    if limit is None:
        return [from_row(r) for r in conn.execute(sql, params)]
    if not include_deleted:
        return [
            from_row(r) for r in conn.execute(sql + " LIMIT ? OFFSET ?", [*params, limit, offset])
        ]
    # One page of kept and deleted check-ins: each kind read along the index in time order (so
    # years of check-ins are never sorted for a page of them), the two merged.
    sql = (
        f"{SELECT_PLACED} WHERE {clause} AND c.deleted = ?"
        f" ORDER BY c.observed_utc {order}, c.rowid {order} LIMIT ?"
    )
    kinds = [conn.execute(sql, [*params, deleted, offset + limit]).fetchall() for deleted in (0, 1)]
    merged = heapq.merge(*kinds, key=_placed, reverse=newest_first)
    return [from_row(r) for r in islice(merged, offset, offset + limit)]


def _placed(row: Any) -> tuple[str, int]:
    return row["utc"], row["rid"]


class WrittenSign(NamedTuple):
    """A sign's note in a check-in, with what was recorded for the sign."""

    status: Status
    explained: bool
    note: str


class Written(NamedTuple):
    """What the observer wrote in one check-in, for quoting it (see written): the check-in's own
    values, its sign notes only (with their labels). Plain values, no validated model: years of
    them are read for one export."""

    id: str
    person: str
    checklist: str
    observed_at: datetime
    observer: str
    treatment_day: TreatmentDay
    setting: str
    note: str
    positives: str
    observations: dict[str, WrittenSign]
    labels: dict[str, str]
    deleted: bool = False
    minute: str = ""  # "YYYY-MM-DD HH:MM", the observer's own time, as stored

    @property
    def day(self) -> date:
        """The observer's local date of the check-in."""
        return self.observed_at.date()


def written(
    conn: Connection, person: str, checklist: str, *, since: date | None, until: date | None
) -> list[Written]:
    """What the observer wrote, in time order: the check-ins with a setting, a note, what went
    well or a sign note, each holding only its sign notes (and their labels). For quoting notes
    without reading every observation of years of check-ins."""
    clause, params = where(conn, person, since, until, False)
    near, around = instants(since, until)
    sql = (
        # Along the index of the check-ins with something written, which holds what quoting
        # reads, in time order: nothing else is read, and nothing is sorted.
        "SELECT c.id, c.quote FROM checkins c INDEXED BY checkins_quotes"
        f" WHERE {clause} AND c.checklist = ? AND c.has_text = 1{near}"
        " ORDER BY c.observed_utc, c.rowid"
    )
    cursor = conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(sql, [*params, checklist, *around]).fetchall()
    if not rows:
        return []
    named = conn.execute("SELECT name FROM people WHERE id = ?", params[:1]).fetchone()
    name = str(named[0])
    ids, texts = zip(*rows, strict=True)
    del rows
    if "" in texts:  # a long body, or stored by a write that does not fill the column
        texts = tuple(
            text or _quote_by_id(conn, checkin_id)
            for checkin_id, text in zip(ids, texts, strict=True)
        )
    # All read in one step of the JSON decoder.
    bodies: list[dict[str, Any]] = _loads("[" + ",".join(texts) + "]")
    del texts
    # The bodies were validated when they were stored: their values are taken as they are, in
    # steps over all of them at once (years of them).
    try:
        fields = list(map(_QUOTED_FIELDS, bodies))  # every field there, as CheckIn stores it
    except KeyError:
        fields = [_fields(body) for body in bodies]
    moments, observers, treatment_days, settings, notes, positives = zip(*fields, strict=True)
    del fields
    treatment = {t.value: t for t in TreatmentDay}
    signs = [_signs(body) if "observations" in body else ({}, {}) for body in bodies]
    return list(
        map(
            tuple.__new__,  # each made as the tuple it is
            repeat(Written),
            zip(
                ids,
                repeat(name),
                repeat(checklist),  # the one its row holds, and its body
                map(datetime.fromisoformat, moments),
                observers,
                map(treatment.__getitem__, treatment_days),
                settings,
                notes,
                positives,
                [found for found, _ in signs],
                [labels for _, labels in signs],
                repeat(False),
                # "YYYY-MM-DD HH:MM" from ISO 8601: the date, "T", the time.
                [f"{at[:10]} {at[11:16]}" for at in moments],
                strict=False,  # (the repeats go on)
            ),
        )
    )


_QUOTED_FIELDS = itemgetter(
    "observed_at", "observer", "treatment_day", "setting", "note", "positives"
)


def _fields(body: dict[str, Any]) -> tuple[Any, ...]:
    """_QUOTED_FIELDS of a body that leaves some out (their defaults)."""
    get = body.get
    return (
        body["observed_at"],
        get("observer", ""),
        get("treatment_day", TreatmentDay.UNKNOWN.value),
        get("setting", ""),
        get("note", ""),
        get("positives", ""),
    )


_STATUSES = {s.value: s for s in Status}


def _signs(body: dict[str, Any]) -> tuple[dict[str, WrittenSign], dict[str, str]]:
    """A body's sign notes, and the labels of their signs as it was recorded."""
    notes: dict[str, WrittenSign] = {}
    labels: dict[str, str] = {}
    every = body.get("labels") or {}
    for sid, o in (body["observations"] or {}).items():
        if o.get("note"):
            status = _STATUSES[o.get("status", "not_checked")]
            notes[sid] = WrittenSign(status, o.get("explained", False), o["note"])
            if sid in every:
                labels[sid] = every[sid]
    return notes, labels


# In a stored body (CheckIn.body_json: compact, its fields in the model's order) the observations
# and their labels come last. A key is never found inside a string, where every quote is escaped;
# an observation's empty note is always written "note":"".
_OBSERVATIONS = ',"observations":{'
_SIGN_NOTE = re.compile(r'"note":(?!"")')


def _quote_by_id(conn: Connection, checkin_id: str) -> str:
    body = conn.execute("SELECT body FROM checkins WHERE id = ?", (checkin_id,)).fetchone()[0]
    return quote_of(str(body))


def quote_of(body: str) -> str:
    """What quoting a check-in with something written reads (its ``quote`` column): its stored
    body without the fields quoting never reads (its checklist, which its row holds, and when it
    was recorded), and without its observations and labels unless some observation carries a
    note (most check-ins have none, and they are most of a body). Any text from that to the
    whole body quotes the same (written() reads the fields it needs, and keeps only the
    observations with a note)."""
    start = body.find(',"observed_at":')
    skip = body.find(',"recorded_at":', start + 1)
    keep = body.find(',"observer":', skip + 1)
    if not 0 <= start < skip < keep:  # a body of another shape: all of its fields kept
        start, skip, keep = 0, 1, 1
    cut = body.find(_OBSERVATIONS, keep)
    if cut >= 0 and _SIGN_NOTE.search(body, cut) is None:
        return "{" + body[start + 1 : skip] + body[keep:cut] + "}"
    return "{" + body[start + 1 : skip] + body[keep:]


def count(
    conn: Connection,
    person: str,
    *,
    since: date | None,
    until: date | None,
    include_deleted: bool,
) -> int:
    """How many check-ins a person has (in a period)."""
    clause, params = where(conn, person, since, until, include_deleted)
    sql = f"SELECT count(*) FROM checkins c JOIN people p ON p.id = c.person_id WHERE {clause}"
    return int(conn.execute(sql, params).fetchone()[0])


def marks(
    conn: Connection, person: str, checklist: str, *, since: date | None, until: date | None
) -> list[Marks]:
    """The compact form of a person's check-ins with one checklist, in time order."""
    clause, params = where(conn, person, since, until, False)
    sql = (
        "SELECT c.observed_at, c.treatment_day, c.noted, c.checked, c.explained, c.observer"
        # The covering index holds every column read here: no large body is touched.
        " FROM checkins c INDEXED BY checkins_marks JOIN people p ON p.id = c.person_id"
        f" WHERE {clause}"
        " AND c.checklist = ? ORDER BY c.observed_utc"
    )
    params.append(checklist)
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: years of rows, read as fast as possible
    rows = cursor.execute(sql, params).fetchall()
    # The same few sets of sign ids recur across years of check-ins: split each text once.
    ids: dict[str, frozenset[str]] = {"": frozenset()}
    looked = _sign_sets(conn)
    not_seen: dict[tuple[str, int], frozenset[str]] = {}
    for row in rows:
        for text in (row[2], row[4]):
            if text not in ids:
                ids[text] = frozenset(text.split())
        if (row[2], row[3]) not in not_seen:  # those looked for and not noted
            not_seen[row[2], row[3]] = looked.get(row[3], frozenset()) - ids[row[2]]
    treatment = {t.value: t for t in TreatmentDay}
    parse = datetime.fromisoformat
    # Years of rows: each made as the tuple it is (Marks.__new__ would only pass its values on).
    make = tuple.__new__
    return [
        make(
            Marks,
            (
                parse(at),
                treatment[day],
                ids[noted],
                not_seen[noted, checked],
                ids[explained],
                observer,
            ),
        )
        for at, day, noted, checked, explained, observer in rows
    ]


def _sign_sets(conn: Connection) -> dict[int, frozenset[str]]:
    """The sets of signs check-ins looked for, by their number (see sign_set)."""
    return {
        int(r[0]): frozenset(str(r[1]).split())
        for r in conn.execute("SELECT id, ids FROM sign_sets")
    }


def mark_columns(
    conn: Connection, person: str, checklist: str, *, since: date | None, until: date | None
) -> tuple[
    Sequence[str], Sequence[str], Sequence[str], Sequence[str], Sequence[str], Sequence[str]
]:
    """The compact form of a person's check-ins with one checklist as the columns it is stored
    in: each one's local day, treatment day, the sign ids noted, looked for (noted or not seen)
    and explained (sorted, joined by spaces) and its observer. In time order; check-ins at the
    same instant in the order of the index, so that the order they arrived in can never change
    a figure."""
    found = _columns(conn, person, checklist, "c.noted", "c.explained", since=since, until=until)
    if not found[0]:
        return found[0], found[1], found[2], found[3], found[4], found[5]
    return found[0], found[1], found[2], _looked_for(conn, found[3]), found[4], found[5]


def summary_columns(
    conn: Connection, person: str, checklist: str, *, since: date | None, until: date | None
) -> tuple[
    Sequence[str],
    Sequence[str],
    Sequence[int | str],
    Sequence[str],
    Sequence[int | str],
    Sequence[str],
    dict[str, int],
]:
    """What a summary reads, as columns in the order of mark_columns: each check-in's local day,
    treatment day, the signs noted as their number (see store.sign_bits; the text where there
    is none), the signs looked for as text (the same few sets recur across years), the signs
    noted and explained as the noted, and the observer; then each sign id's bit."""
    found = _columns(
        conn,
        person,
        checklist,
        "ifnull(c.noted_mask, c.noted)",
        "ifnull(c.explained_mask, c.explained)",
        since=since,
        until=until,
    )
    if not found[0]:
        return found[0], found[1], found[2], found[3], found[4], found[5], {}
    checked = _looked_for(conn, found[3])
    return found[0], found[1], found[2], checked, found[4], found[5], bits_of(conn)


def _looked_for(conn: Connection, numbers: Sequence[int]) -> list[str]:
    """Each number of a set of signs looked for as its text (see sign_set); a number the table
    does not have (never stored so) as nothing looked for: not checked, unknown."""
    sets: dict[int, str] = {
        int(r[0]): str(r[1]) for r in conn.execute("SELECT id, ids FROM sign_sets")
    }
    return list(map(sets.get, numbers, repeat("")))


def _columns(
    conn: Connection,
    person: str,
    checklist: str,
    noted: str,
    explained: str,
    *,
    since: date | None,
    until: date | None,
) -> tuple[Sequence[Any], ...]:
    clause, params = where(conn, person, since, until, False)
    near, around = instants(since, until)
    sql = (
        f"SELECT c.day, c.treatment_day, {noted}, c.checked, {explained}, c.observer"
        # The covering index holds every column read here, in this order: no large body is
        # touched, nothing is sorted.
        f" FROM checkins c INDEXED BY checkins_marks WHERE {clause} AND c.checklist = ?{near}"
        " ORDER BY c.observed_utc, c.day, c.observed_at, c.treatment_day, c.observer, c.noted,"
        " c.explained, c.checked"
    )
    params += [checklist, *around]
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: years of rows, read as fast as possible
    rows = cursor.execute(sql, params).fetchall()
    if not rows:
        return (), (), (), (), (), ()
    return tuple(zip(*rows, strict=True))


def day_marks(
    conn: Connection, person: str, *, since: date | None, until: date | None
) -> dict[date, bool]:
    """For each day with a check-in: whether anything was noted that day (for calendar strips)."""
    clause, params = where(conn, person, since, until, False)
    sql = (
        "SELECT c.day, max(c.noted != '') FROM checkins c INDEXED BY checkins_marks"
        f" JOIN people p ON p.id = c.person_id WHERE {clause} GROUP BY c.day"
    )
    return {date.fromisoformat(r[0]): bool(r[1]) for r in conn.execute(sql, params)}


def first_day(conn: Connection, person: str) -> date | None:
    """The day of a person's first check-in, if any."""
    clause, params = where(conn, person, None, None, False)
    sql = f"SELECT min(c.day) FROM checkins c JOIN people p ON p.id = c.person_id WHERE {clause}"
    value = conn.execute(sql, params).fetchone()[0]
    return None if value is None else date.fromisoformat(value)


def last_day(conn: Connection, person: str) -> date | None:
    """The local day of a person's most recent check-in, if any (no check-in body is read)."""
    clause, params = where(conn, person, None, None, False)
    sql = (
        "SELECT c.day FROM checkins c"
        f" JOIN people p ON p.id = c.person_id WHERE {clause}"
        " ORDER BY c.observed_utc DESC LIMIT 1"
    )
    row = conn.execute(sql, params).fetchone()
    return None if row is None else date.fromisoformat(row[0])


def checklists_used(conn: Connection, person: str) -> list[str]:
    """The checklist ids a person's check-ins were recorded with, most used first."""
    clause, params = where(conn, person, None, None, False)
    # Each id found by one step along the index (not by going through years of check-ins);
    # only when there are several are their check-ins counted.
    found: list[str] = []
    while True:
        after = " AND c.checklist > ?" if found else ""
        row = conn.execute(
            "SELECT c.checklist FROM checkins c INDEXED BY checkins_marks"
            f" WHERE {clause}{after} ORDER BY c.checklist LIMIT 1",
            [*params, *found[-1:]],
        ).fetchone()
        if row is None:
            break
        found.append(row[0])
    if len(found) < 2:
        return found
    sql = (
        "SELECT c.checklist FROM checkins c INDEXED BY checkins_marks"
        f" JOIN people p ON p.id = c.person_id WHERE {clause}"
        " GROUP BY c.checklist ORDER BY count(*) DESC"
    )
    return [r[0] for r in conn.execute(sql, params)]


# -- corrections ---------------------------------------------------------------------------------


def check_reason(reason: str) -> None:
    """RequestError when no reason is given for a change."""
    if not reason.strip():
        raise RequestError(_NO_REASON)


def _revise(conn: Connection, prior: CheckIn, kind: RevisionKind, reason: str) -> None:
    check_reason(reason)
    conn.execute(
        "INSERT INTO revisions (checkin_id, at, kind, reason, prior) VALUES (?, ?, ?, ?, ?)",
        (prior.id, now().isoformat(), kind.value, reason, prior.model_dump_json()),
    )


def correct(conn: Connection, checkin: CheckIn, reason: str) -> None:
    """Replace a check-in's content, keeping the earlier version and the reason (inside a write
    transaction)."""
    check_reason(reason)
    prior = get(conn, checkin.id)
    updated = checkin.model_copy(
        update={"recorded_at": prior.recorded_at, "deleted": prior.deleted}
    )
    _revise(conn, prior, RevisionKind.CORRECTED, reason)
    values = row_values(updated)
    values["person_id"] = person_id(conn, updated.person)
    values["checked"] = sign_set(conn, values["checked"])
    SignBits(conn).add_masks(values)
    conn.execute(
        "UPDATE checkins SET person_id = :person_id, checklist = :checklist,"
        " observed_at = :observed_at, observed_utc = :observed_utc, day = :day,"
        " treatment_day = :treatment_day, observer = :observer, has_text = :has_text,"
        " noted = :noted, not_seen = :not_seen, explained = :explained, body = :body,"
        " quote = :quote, checked = :checked, noted_mask = :noted_mask,"
        " explained_mask = :explained_mask, went_well = :went_well WHERE id = :id",
        values,
    )


def set_deleted(conn: Connection, checkin_id: str, deleted: bool, reason: str) -> None:
    """Mark a check-in deleted or bring it back, keeping the reason (inside a write transaction)."""
    prior = get(conn, checkin_id)
    if prior.deleted == deleted:
        state = "already deleted" if deleted else "not deleted"
        raise RequestError(f"check-in {checkin_id} is {state}")
    check_reason(reason)
    kind = RevisionKind.DELETED if deleted else RevisionKind.RESTORED
    _revise(conn, prior, kind, reason)
    conn.execute("UPDATE checkins SET deleted = ? WHERE id = ?", (int(deleted), checkin_id))


def revisions(conn: Connection, checkin_id: str) -> list[Revision]:
    """Earlier versions of a check-in, oldest first."""
    from redflags.model import CheckIn, Revision

    rows = conn.execute(
        "SELECT at, kind, reason, prior FROM revisions WHERE checkin_id = ? ORDER BY id",
        (checkin_id,),
    )
    return [
        Revision(
            checkin_id=checkin_id,
            number=n,
            at=datetime.fromisoformat(r[0]),
            kind=RevisionKind(r[1]),
            reason=r[2],
            prior=CheckIn.model_validate_json(r[3]),
        )
        for n, r in enumerate(rows, start=1)
    ]


# -- import --------------------------------------------------------------------------------------

INSERT_NEW = INSERT.replace("INSERT INTO", "INSERT OR IGNORE INTO", 1)
# The same with its values in order (SQLite binds these faster than by name, row after row).
_NAMES = tuple(INSERT.partition("VALUES (")[2].rstrip(")").replace(":", "").split(", "))
INSERT_NEW_IN_ORDER = INSERT_NEW.partition("VALUES")[0] + f"VALUES ({', '.join('?' * len(_NAMES))})"
_IN_ORDER = itemgetter(*_NAMES)
# Check-ins added per statement, and their most text (an import of years stays small in memory).
IMPORT_BATCH = 500
IMPORT_BATCH_TEXT = 8 * 1024 * 1024


def prepare(checkin: CheckIn, *, recorded: datetime | None = None, line: int = 0) -> Prepared:
    """A check-in in the compact form it is stored in, ready for import_rows: a few strings
    instead of a tree of objects."""
    if checkin.recorded_at is None:
        checkin = checkin.model_copy(update={"recorded_at": recorded or now()})
    values = row_values(checkin)
    values["deleted"] = int(checkin.deleted)
    return Prepared(checkin.person, values, line, "deleted" in checkin.model_fields_set)


# The columns an import_reader.ImportLine starts with, in its order.
LINE_COLUMNS = (
    "id",
    "checklist",
    "observed_at",
    "observed_utc",
    "day",
    "treatment_day",
    "observer",
    "has_text",
    "noted",
    "not_seen",
    "explained",
    "body",
    "quote",
    "checked",
    "deleted",
    "went_well",
)


def prepare_line(found: ImportLine, *, line: int = 0) -> Prepared:
    """An import line read by import_reader.ImportReader, as prepare gives its check-in."""
    values = dict(zip(LINE_COLUMNS, found, strict=False))  # (the person comes after)
    return Prepared(found.person, values, line, found.deleted_given)


def _prepared_checkin(row: Prepared) -> CheckIn:
    from redflags.model import CheckIn

    body = _loads(row.values["body"])
    body.update(id=row.values["id"], person=row.person, deleted=bool(row.values["deleted"]))
    return CheckIn.model_validate(body)


def stored_like(conn: Connection, rows: Sequence[Prepared]) -> dict[str, list[str] | None]:
    """For each prepared check-in whose id is stored already: None if the stored one says the
    same (see CheckIn.content; and whether it is deleted, if the row says), else the names of
    the fields that differ."""
    found: dict[str, list[str] | None] = {}
    by_id = {row.values["id"]: row for row in rows}
    ids = list(by_id)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for stored in conn.execute(SELECT + f" WHERE c.id IN ({marks})", chunk):
            row = by_id[stored["id"]]
            same_person = name_key(stored["person"]) == name_key(row.person)
            changed: list[str] = []
            if not same_person or stored["body"] != row.values["body"]:
                from redflags.model import differences  # pydantic: only for a difference

                changed = differences(_prepared_checkin(row), from_row(stored))
            if row.deleted_given and bool(stored["deleted"]) != bool(row.values["deleted"]):
                changed.append("deleted")
            found[stored["id"]] = changed or None
    return found


def import_rows(
    conn: Connection, rows: Iterable[Prepared], *, replace: str | None = None
) -> ImportCount:
    """Add prepared check-ins (inside a write transaction), read from ``rows`` as they come so
    that they need not all be in memory. A check-in whose id is stored already is left as it is;
    if its content differs: with ``replace`` (the reason kept), the row's version is saved as a
    correction (the stored one kept as an earlier version), else ImportConflict (and the
    caller's transaction undoes everything)."""
    added = known = replaced = 0
    people: dict[str, int] = {}
    sets: dict[str, int] = {}  # the signs looked for, as their number in sign_sets
    bits = SignBits(conn)  # the signs noted and explained, as numbers
    seen: set[str] = set()
    batch: list[Prepared] = []
    size = 0
    conflicts: list[tuple[int, str, list[str]]] = []
    for row in rows:
        if row.values["id"] in seen:
            known += 1
            continue
        seen.add(row.values["id"])
        if row.person not in people:
            people[row.person] = person_id(conn, row.person)
        row.values["person_id"] = people[row.person]
        looked = row.values["checked"]
        code = sets.get(looked)
        if code is None:
            code = sets[looked] = sign_set(conn, looked)
        row.values["checked"] = code
        bits.add_masks(row.values)
        batch.append(row)
        size += len(row.values["body"])
        if len(batch) >= IMPORT_BATCH or size >= IMPORT_BATCH_TEXT:
            more, again = _add_batch(conn, batch, conflicts, replace)
            added, replaced = added + more, replaced + again
            batch, size = [], 0
    more, again = _add_batch(conn, batch, conflicts, replace)
    added, replaced = added + more, replaced + again
    if conflicts:
        raise ImportConflict(conflicts)
    return ImportCount(added, known + len(seen) - added, replaced)


def _add_batch(
    conn: Connection,
    batch: list[Prepared],
    conflicts: list[tuple[int, str, list[str]]],
    replace: str | None,
) -> tuple[int, int]:
    """(added, replaced)."""
    if not batch:
        return 0, 0
    added = conn.executemany(INSERT_NEW_IN_ORDER, [_IN_ORDER(row.values) for row in batch]).rowcount
    replaced = 0
    if added < len(batch):
        # Some ids are stored already: the same check-in adds nothing; another one under the
        # same id replaces it if asked, else is a conflict.
        differing = stored_like(conn, batch)
        for row in batch:
            changed = differing.get(row.values["id"])
            if not changed:
                continue
            if replace is None:
                conflicts.append((row.line, row.values["id"], changed))
                continue
            if changed != ["deleted"]:
                correct(conn, _prepared_checkin(row), replace)
            if "deleted" in changed:
                set_deleted(conn, row.values["id"], bool(row.values["deleted"]), replace)
            replaced += 1
    return added, replaced
