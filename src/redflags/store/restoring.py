"""A backup checked whole before any of it is written: nothing in the file is trusted.

A backup names its tables and columns, but only the columns known here are ever written, by
statements written here (never built from the file's keys). Every person, check-in, revision and
draft is validated as a normal write would be: check-in bodies by the check-in model, and the
compact columns that summaries read (``noted``, ``day`` ...) worked out again from the validated
body; a value that disagrees with its body is a damaged backup. The file carries a checksum of its
content, written by ``backup``; a file whose content does not match it is refused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from redflags.safe_text import one_line
from redflags.terms import RevisionKind, name_key

if TYPE_CHECKING:
    from redflags.model import CheckIn

FORMAT = "redflags.backup/2"
# Backups written before backups carried a checksum: still restored, every row still checked.
OLD_FORMAT = "redflags.backup/1"
CHECKSUM = "checksum"

COLUMNS: dict[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "people": ("id", "name", "created", "archived"),
    "checkins": (
        "rowid",
        "id",
        "person_id",
        "checklist",
        "observed_at",
        "observed_utc",
        "day",
        "treatment_day",
        "observer",
        "has_text",
        "deleted",
        "noted",
        "not_seen",
        "explained",
        "body",
    ),
    "revisions": ("id", "checkin_id", "at", "kind", "reason", "prior"),
    "drafts": ("key", "updated", "body"),
}
TABLES = tuple(COLUMNS)
# Worked out from a check-in's validated body, never taken from the file.
COMPACT = (
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
)
REVISION_KINDS = tuple(kind.value for kind in RevisionKind)
KEY_MAX = 200


class Damaged(ValueError):
    """What is wrong with a backup, in one line (the place first: ``checkins[3].day: ...``)."""


def checksum(data: Mapping[str, Any]) -> str:
    """The checksum of a backup's content (everything but the checksum itself)."""
    content = {key: value for key, value in data.items() if key != CHECKSUM}
    try:
        text = json.dumps(
            content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        ).encode("utf-8")
    except (TypeError, ValueError) as exc:  # a lone surrogate, a value JSON cannot hold
        raise Damaged(f"it holds a value that is not plain text ({one_line(str(exc))})") from None
    return "sha256:" + hashlib.sha256(text).hexdigest()


def with_checksum(data: dict[str, Any]) -> dict[str, Any]:
    """The backup with its format and checksum set."""
    data = {**data, "format": FORMAT}
    data.pop(CHECKSUM, None)
    data[CHECKSUM] = checksum(data)
    return data


Values = Callable[["CheckIn"], dict[str, Any]]


def validated(data: Any, row_values: Values) -> dict[str, list[tuple[Any, ...]]]:
    """The rows to insert, table by table, each a tuple in COLUMNS order; raise Damaged naming the
    first problem. ``row_values`` gives the stored columns of a check-in (as a normal write)."""
    if not isinstance(data, dict):
        raise Damaged("it is not a redflags backup")
    form = data.get("format")
    if form not in (FORMAT, OLD_FORMAT):
        raise Damaged("it is not a redflags backup (or one from a newer redflags)")
    unknown = sorted(set(data) - {"format", CHECKSUM, *TABLES})
    if unknown:
        raise Damaged(f"it holds an unknown part {_show(unknown[0])}")
    if form == FORMAT:
        given = data.get(CHECKSUM)
        if not isinstance(given, str):
            raise Damaged("its checksum is missing")
        if given != checksum(data):
            raise Damaged("its content does not match its checksum (it was changed or cut short)")
    elif CHECKSUM in data:
        raise Damaged("it has a checksum its format does not")
    else:
        checksum(data)  # a lone surrogate anywhere is refused before any row is read
    tables = {name: _table(data, name) for name in TABLES}
    rows: dict[str, list[tuple[Any, ...]]] = {}
    rows["meta"] = [_meta(i, r) for i, r in enumerate(tables["meta"])]
    _unique(rows["meta"], 0, "meta", "key")
    rows["people"] = [_person(i, r) for i, r in enumerate(tables["people"])]
    _unique(rows["people"], 0, "people", "id")
    _unique([(name_key(row[1]),) for row in rows["people"]], 0, "people", "name")
    names = {row[0]: row[1] for row in rows["people"]}
    rows["checkins"] = [_checkin(i, r, names, row_values) for i, r in enumerate(tables["checkins"])]
    _unique(rows["checkins"], 0, "checkins", "rowid")
    _unique(rows["checkins"], 1, "checkins", "id")
    checkin_ids = {row[1] for row in rows["checkins"]}
    rows["revisions"] = [_revision(i, r, checkin_ids) for i, r in enumerate(tables["revisions"])]
    _unique(rows["revisions"], 0, "revisions", "id")
    rows["drafts"] = [_draft(i, r) for i, r in enumerate(tables["drafts"])]
    _unique(rows["drafts"], 0, "drafts", "key")
    return rows


def _show(value: object) -> str:
    text = one_line(str(value))
    return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'


def _table(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    table = data.get(name, [])
    if not isinstance(table, list):
        raise Damaged(f"{name}: is not a list of rows")
    for index, row in enumerate(table):
        if not isinstance(row, dict):
            raise Damaged(f"{name}[{index}]: is not a row")
        wanted = set(COLUMNS[name])
        extra = sorted(set(row) - wanted)
        if extra:
            raise Damaged(f"{name}[{index}]: unknown column {_show(extra[0])}")
        missing = [c for c in COLUMNS[name] if c not in row]
        if missing:
            raise Damaged(f"{name}[{index}]: {missing[0]} is missing")
    return table


def _unique(rows: list[tuple[Any, ...]], at: int, table: str, column: str) -> None:
    seen: set[Any] = set()
    for index, row in enumerate(rows):
        if row[at] in seen:
            raise Damaged(f"{table}[{index}].{column}: {_show(row[at])} appears twice")
        seen.add(row[at])


def _text(place: str, value: Any, *, blank: bool = True, limit: int | None = None) -> str:
    if not isinstance(value, str):
        raise Damaged(f"{place}: is not text")
    if not blank and not value.strip():
        raise Damaged(f"{place}: is empty")
    if limit is not None and len(value) > limit:
        raise Damaged(f"{place}: is longer than {limit} characters")
    return value


def _integer(place: str, value: Any, *, low: int, high: int | None = None) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise Damaged(f"{place}: is not a whole number")
    if value < low or (high is not None and value > high):
        raise Damaged(f"{place}: {value} is out of range")
    return value


def _moment(place: str, value: Any) -> str:
    from redflags.model import EARLIEST_YEAR

    text = _text(place, value)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Damaged(f"{place}: {_show(text)} is not a date and time") from None
    if moment.tzinfo is None or moment.year < EARLIEST_YEAR:
        raise Damaged(f"{place}: {_show(text)} is not a date and time with a UTC offset")
    try:
        moment.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        raise Damaged(f"{place}: {_show(text)} is out of range") from None
    return text


def _meta(index: int, row: dict[str, Any]) -> tuple[Any, ...]:
    place = f"meta[{index}]"
    return (
        _text(f"{place}.key", row["key"], blank=False, limit=KEY_MAX),
        _text(f"{place}.value", row["value"]),
    )


def _person(index: int, row: dict[str, Any]) -> tuple[Any, ...]:
    from redflags.terms import name_problem

    place = f"people[{index}]"
    name = _text(f"{place}.name", row["name"])
    problem = name_problem(name)
    if problem:
        raise Damaged(f"{place}.name: {problem}")
    return (
        _integer(f"{place}.id", row["id"], low=1),
        name,
        _moment(f"{place}.created", row["created"]),
        _integer(f"{place}.archived", row["archived"], low=0, high=1),
    )


def _model(place: str, text: Any, extra: dict[str, Any] | None = None) -> CheckIn:
    """A check-in validated from JSON text by the check-in model, as an import line is."""
    from pydantic import ValidationError

    from redflags.checklist import describe_validation
    from redflags.model import CheckIn

    body = _text(place, text)
    if extra is not None:
        try:
            fields = json.loads(body)
        except (ValueError, RecursionError):
            raise Damaged(f"{place}: is not a check-in (not valid JSON)") from None
        if not isinstance(fields, dict):
            raise Damaged(f"{place}: is not a check-in")
        clash = sorted(set(fields) & set(extra))
        if clash:
            raise Damaged(f"{place}: holds {_show(clash[0])}, which is kept apart")
        body = json.dumps({**fields, **extra})  # escapes a lone surrogate, which is refused
    try:
        return CheckIn.model_validate_json(body)
    except ValidationError as exc:
        raise Damaged(f"{place}: {describe_validation(exc)}") from None


def _checkin(
    index: int, row: dict[str, Any], names: dict[int, str], row_values: Values
) -> tuple[Any, ...]:
    from redflags.model import ID_MAX

    place = f"checkins[{index}]"
    rowid = _integer(f"{place}.rowid", row["rowid"], low=1)
    checkin_id = _text(f"{place}.id", row["id"], blank=False, limit=ID_MAX)
    person_id = _integer(f"{place}.person_id", row["person_id"], low=1)
    if person_id not in names:
        raise Damaged(f"{place}.person_id: {person_id} is not a person in the backup")
    deleted = _integer(f"{place}.deleted", row["deleted"], low=0, high=1)
    checkin = _model(
        f"{place}.body",
        row["body"],
        {"id": checkin_id, "person": names[person_id], "deleted": bool(deleted)},
    )
    values = row_values(checkin)
    for column in COMPACT:
        if row[column] != values[column] or type(row[column]) is not type(values[column]):
            raise Damaged(
                f"{place}.{column}: {_show(row[column])} does not match the check-in it belongs"
                f" to ({_show(values[column])})"
            )
    return (
        rowid,
        checkin_id,
        person_id,
        *(values[column] for column in COMPACT[:6]),
        values["has_text"],
        deleted,
        values["noted"],
        values["not_seen"],
        values["explained"],
        values["body"],
    )


def _revision(index: int, row: dict[str, Any], checkin_ids: set[str]) -> tuple[Any, ...]:
    place = f"revisions[{index}]"
    checkin_id = _text(f"{place}.checkin_id", row["checkin_id"])
    if checkin_id not in checkin_ids:
        raise Damaged(f"{place}.checkin_id: {_show(checkin_id)} is not a check-in in the backup")
    kind = _text(f"{place}.kind", row["kind"])
    if kind not in REVISION_KINDS:
        raise Damaged(f"{place}.kind: {_show(kind)} is not one of {', '.join(REVISION_KINDS)}")
    prior = _model(f"{place}.prior", row["prior"])
    if prior.id != checkin_id:
        raise Damaged(f"{place}.prior: is the earlier version of another check-in")
    return (
        _integer(f"{place}.id", row["id"], low=1),
        checkin_id,
        _moment(f"{place}.at", row["at"]),
        kind,
        _text(f"{place}.reason", row["reason"], blank=False),
        prior.model_dump_json(),
    )


def _draft(index: int, row: dict[str, Any]) -> tuple[Any, ...]:
    place = f"drafts[{index}]"
    return (
        _text(f"{place}.key", row["key"], blank=False, limit=KEY_MAX),
        _moment(f"{place}.updated", row["updated"]),
        _text(f"{place}.body", row["body"]),
    )
