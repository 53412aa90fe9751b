"""Turning what someone typed or imported into a CheckIn, checked against its checklist.

Every problem is an EntryError with a one-line message naming what is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

# One parser of dates and times for the app and the command line; importable from here too.
from redflags.dates import FUTURE_SLACK as FUTURE_SLACK
from redflags.dates import parse_day as parse_day
from redflags.dates import parse_moment as parse_moment

# Raised here; defined apart so that catching it loads nothing heavy.
from redflags.errors import ChecklistError
from redflags.errors import EntryError as EntryError
from redflags.safe_text import one_line
from redflags.terms import Status, TreatmentDay, name_problem

if TYPE_CHECKING:
    # The check-in model (and pydantic) is loaded only when a check-in is made or read: an
    # import of usual lines never needs it.
    from pydantic import ValidationError

    from redflags.checklist import Catalog, Checklist
    from redflags.model import CheckIn, Observation

REQUIRED = ("person", "checklist", "observed_at", "observations")


def _show(text: str) -> str:
    return f'"{one_line(text)}"'


def split_signs(text: str | None) -> list[str]:
    """Sign ids from a comma-separated option value."""
    if not text:
        return []
    return [part.strip() for part in text.split(",") if part.strip()]


def labels_for(checklist: Checklist, sign_ids: Iterable[str]) -> dict[str, str]:
    """The labels the given signs carry in this checklist version."""
    wanted = set(sign_ids)
    return {s.id: s.label for s in checklist.signs if s.id in wanted}


def check_signs(checklist: Checklist, sign_ids: Iterable[str]) -> None:
    """Raise EntryError naming every sign id the checklist does not have."""
    known = checklist.signs_by_id
    unknown = [s for s in sign_ids if s not in known]
    if unknown:
        names = ", ".join(_show(s) for s in unknown)
        word = "sign" if len(unknown) == 1 else "signs"
        raise EntryError(
            f"unknown {word} {names} in checklist '{one_line(checklist.id)}'"
            f" (see: redflags checklists show {one_line(checklist.id)})"
        )


def observations_from_lists(
    checklist: Checklist,
    *,
    noted: list[str],
    not_seen: list[str],
    explained: list[str],
) -> dict[str, Observation]:
    """Observations from the lists given on the command line; every other sign is not checked."""
    from redflags.model import Observation

    check_signs(checklist, [*noted, *not_seen, *explained])
    both = sorted(set(noted) & set(not_seen))
    if both:
        raise EntryError(f"{', '.join(both)}: given as both noted and not seen")
    stray = sorted(set(explained) - set(noted))
    if stray:
        raise EntryError(f"{', '.join(stray)}: only a noted sign can be marked explained")
    result: dict[str, Observation] = {}
    for sign in checklist.signs:
        if sign.id in noted:
            result[sign.id] = Observation(status=Status.NOTED, explained=sign.id in explained)
        elif sign.id in not_seen:
            result[sign.id] = Observation(status=Status.NOT_SEEN)
    return result


def complete(checkin: CheckIn, checklist: Checklist) -> CheckIn:
    """The check-in with the labels of the signs it records, as this checklist version has them."""
    check_signs(checklist, checkin.observations)
    return checkin.model_copy(
        update={
            "labels": labels_for(checklist, checkin.observations),
            "checklist_version": checkin.checklist_version or checklist.version,
        }
    )


def parse_import_line(line: str | bytes, catalog: Catalog, *, now: datetime) -> CheckIn:
    """One JSON Lines line of an import file as a check-in, with the labels its checklist gives
    its signs and a recorded time (``now`` if the line has none); raise EntryError if unusable.

    The line is parsed and validated in one step by the check-in model (a number too long, nesting
    too deep, a lone surrogate or bytes that are not UTF-8 are refused there, never crash)."""
    from pydantic import ValidationError

    from redflags.model import CheckIn, content_id

    try:
        # Bytes go to the parser as they are (no decoded copy of a long line); it checks UTF-8.
        checkin = CheckIn.model_validate_json(line)
    except ValidationError as exc:
        if isinstance(line, bytes):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as bad:
                raise EntryError(f"is not UTF-8 text (byte {bad.start + 1})") from None
        raise EntryError(_line_problem(exc)) from None
    given = checkin.model_fields_set
    missing = [key for key in REQUIRED if key not in given]
    if missing:
        raise EntryError(f"missing {', '.join(missing)}")
    if "id" in given and not checkin.id:
        raise EntryError("id: must not be blank (leave it out to have one made from the content)")
    checklist = catalog.checklists.get(checkin.checklist)
    if checklist is None:
        try:
            checklist = catalog.get(checkin.checklist)
        except ChecklistError as exc:
            raise EntryError(one_line(str(exc))) from None
    check_signs(checklist, checkin.observations)
    problem = cached_name_problem(checkin.person)
    if problem:
        raise EntryError(f"person: {problem}")
    if checkin.observed_at - now > FUTURE_SLACK:
        raise EntryError(f"observed_at {checkin.observed_at.isoformat()} is in the future")
    known = checklist.signs_by_id
    update: dict[str, Any] = {"labels": {sid: known[sid].label for sid in checkin.observations}}
    if "checklist_version" not in given:
        update["checklist_version"] = checklist.version
    if checkin.recorded_at is None:
        update["recorded_at"] = now
    if "id" not in given:
        update["id"] = content_id(json.loads(line))
    return checkin.model_copy(update=update)


# An import file names the same few people on line after line (the import reader uses it too).
cached_name_problem = lru_cache(maxsize=4096)(name_problem)


def _where(loc: tuple[int | str, ...]) -> str:
    return one_line(".".join(str(part) for part in loc))


def _line_problem(exc: ValidationError) -> str:
    """What is wrong with an import line, in one line."""
    errors = exc.errors()
    first = errors[0]
    if first["type"] == "json_invalid":
        detail = (
            str(first["msg"])
            .removeprefix("Invalid JSON: ")
            .replace(" at line 1 column", " at column")
        )
        if "escape" in detail or "surrogate" in detail:
            detail = f"an escaped character that is not a whole Unicode character: {detail}"
        return f"not valid JSON ({one_line(detail)})"
    if first["type"] == "model_type" and not first["loc"]:
        return "is not a JSON object"
    if first["type"] == "bool_type":
        return f"{_where(first['loc'])}: must be true or false"
    missing = [str(e["loc"][0]) for e in errors if e["type"] == "missing" and len(e["loc"]) == 1]
    if missing:
        return f"missing {', '.join(missing)}"
    from redflags.checklist import describe_validation

    return describe_validation(exc)


def treatment_day(text: str) -> TreatmentDay:
    """yes, no or unknown."""
    try:
        return TreatmentDay(text.strip().lower())
    except ValueError:
        raise EntryError(f"treatment day {_show(text)} must be yes, no or unknown") from None
