"""Turning what someone typed or imported into a CheckIn, checked against its checklist.

Every problem is an EntryError with a one-line message naming what is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from redflags.checklist import Catalog, Checklist, ChecklistError, describe_validation

# Raised here; defined apart so that catching it loads nothing heavy.
from redflags.errors import EntryError as EntryError
from redflags.model import CheckIn, Observation, Status, TreatmentDay, content_id
from redflags.safe_text import one_line
from redflags.terms import name_problem

# A check-in may be stamped a little ahead of this machine's clock (another device's clock).
FUTURE_SLACK = timedelta(minutes=10)
REQUIRED = ("person", "checklist", "observed_at", "observations")


def parse_day(text: str, what: str = "date") -> date:
    """A calendar date written YYYY-MM-DD."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise EntryError(f"{what} {_show(text)} is not a date like 2026-10-03") from None


def parse_moment(text: str, *, now: datetime) -> datetime:
    """An ISO date and time; without a UTC offset it is taken as this computer's local time."""
    raw = text.strip()
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise EntryError(
            f"{_show(text)} is not a date and time like 2026-10-03T18:30 or 2026-10-03T18:30+01:00"
        ) from None
    if len(raw) <= 10:
        raise EntryError(f"{_show(text)} needs a time of day as well, like {raw}T18:30")
    if moment.tzinfo is None:
        moment = moment.astimezone()
    if moment - now > FUTURE_SLACK:
        raise EntryError(f"{_show(text)} is in the future")
    return moment


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
    unknown = [s for s in sign_ids if checklist.sign(s) is None]
    if unknown:
        names = ", ".join(_show(s) for s in unknown)
        word = "sign" if len(unknown) == 1 else "signs"
        raise EntryError(
            f"unknown {word} {names} in checklist '{checklist.id}'"
            f" (see: redflags checklists show {checklist.id})"
        )


def observations_from_lists(
    checklist: Checklist,
    *,
    noted: list[str],
    not_seen: list[str],
    explained: list[str],
) -> dict[str, Observation]:
    """Observations from the lists given on the command line; every other sign is not checked."""
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


def checkin_from_public(data: Any, catalog: Catalog, *, now: datetime) -> CheckIn:
    """A check-in from the one public JSON shape (an import line); raise EntryError if unusable."""
    if not isinstance(data, Mapping):
        raise EntryError("is not a JSON object")
    missing = [key for key in REQUIRED if key not in data]
    if missing:
        raise EntryError(f"missing {', '.join(missing)}")
    if not isinstance(data["observations"], Mapping):
        raise EntryError("observations: must be an object of sign id to observation")
    try:
        checklist = catalog.get(str(data["checklist"]))
    except ChecklistError as exc:
        raise EntryError(str(exc)) from None
    fields = dict(data)
    fields.setdefault("checklist_version", checklist.version)
    fields.pop("labels", None)
    fields.pop("deleted", None)
    if not fields.get("id"):
        fields["id"] = content_id(dict(data))
    if fields.get("recorded_at") is None:
        fields.pop("recorded_at", None)
    try:
        checkin = CheckIn.model_validate(fields)
    except ValidationError as exc:
        raise EntryError(describe_validation(exc)) from None
    problem = name_problem(checkin.person)
    if problem:
        raise EntryError(f"person: {problem}")
    if checkin.observed_at - now > FUTURE_SLACK:
        raise EntryError(f"observed_at {checkin.observed_at.isoformat()} is in the future")
    return complete(checkin, checklist)


def parse_import_line(line: str, catalog: Catalog, *, now: datetime) -> CheckIn:
    """One JSON Lines line of an import file as a check-in."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise EntryError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    return checkin_from_public(data, catalog, now=now)


def treatment_day(text: str) -> TreatmentDay:
    """yes, no or unknown."""
    try:
        return TreatmentDay(text.strip().lower())
    except ValueError:
        raise EntryError(f"treatment day {_show(text)} must be yes, no or unknown") from None
