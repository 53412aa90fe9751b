"""Turning what someone typed or imported into a CheckIn, checked against its checklist.

Every problem is an EntryError with a one-line message naming what is wrong.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime, timezone
from functools import lru_cache
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any, NamedTuple

# One parser of dates and times for the app and the command line; importable from here too.
from redflags.dates import EARLIEST_YEAR
from redflags.dates import FUTURE_SLACK as FUTURE_SLACK
from redflags.dates import parse_day as parse_day
from redflags.dates import parse_moment as parse_moment

# Raised here; defined apart so that catching it loads nothing heavy.
from redflags.errors import ChecklistError
from redflags.errors import EntryError as EntryError
from redflags.safe_text import one_line
from redflags.terms import SIGN_ID_PATTERN, Status, TreatmentDay, name_problem

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
    problem = _name_problem(checkin.person)
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


# An import file names the same few people on line after line.
_name_problem = lru_cache(maxsize=4096)(name_problem)


class ImportLine(NamedTuple):
    """A usable import line in the form it is stored in: what the store's ``prepare`` gives for
    the check-in ``parse_import_line`` makes of it (the body byte for byte ``CheckIn.body_json``).
    The first fields are the stored columns, in the store's order."""

    id: str
    checklist: str
    observed_at: str
    observed_utc: str
    day: str
    treatment_day: str
    observer: str
    has_text: int
    noted: str
    not_seen: str
    explained: str
    body: str
    deleted: int
    person: str
    deleted_given: bool


# A date and time as files almost always write it (seconds, perhaps a fraction of one, and a UTC
# offset or Z). Anything else (a space for the T, no seconds, a number) is read by the model.
_MOMENT = re.compile(
    r"[0-9]{4}-(?:0[1-9]|1[0-2])-[0-3][0-9]T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(?:\.[0-9]{1,6})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)
_UTC = "+00:00"
_UTC_ENDS = ("Z", _UTC, "-00:00")
# An escaped surrogate: a lone one is refused by the check-in model, so such a line goes there.
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")
_LINE_KEYS = frozenset(
    (
        "id",
        "person",
        "checklist",
        "checklist_version",
        "observed_at",
        "recorded_at",
        "observer",
        "treatment_day",
        "setting",
        "note",
        "positives",
        "observations",
        "deleted",
    )
)
_DECODE = json.JSONDecoder().raw_decode
_LINE_ENDS = ("\n", "\r\n")
_OBSERVATION_KEYS = frozenset(("status", "explained", "note"))
_TREATMENT_DAYS = frozenset(("yes", "no", "unknown"))
_SIGN_ID = re.compile(SIGN_ID_PATTERN.removeprefix("^").removesuffix("$"))
# What an observation puts in the marks columns, and whether it holds a note.
_NOTED, _EXPLAINED, _NOT_SEEN, _WRITTEN = 1, 2, 4, 8
_MARK = {Status.NOTED.value: _NOTED, Status.NOT_SEEN.value: _NOT_SEEN, Status.NOT_CHECKED.value: 0}
_VERSION_MAX = 2**31
# At most this many observations and orders of signs are kept from line to line.
_CACHED_MAX = 4096
# Sign notes kept for the next line that has the same (a long note is seldom written twice).
_CACHED_NOTE_MAX = 200


class ImportReader:
    """Import lines read straight into their stored form, without building a check-in.

    ``read`` gives exactly what ``parse_import_line`` and the store's ``prepare`` would, for the
    lines written as files almost always are: JSON with only the known fields, each of the plain
    type it must have, dates and times in the usual form, known signs, nothing in the future. Any
    other line gives None: ``parse_import_line`` then reads it (and names its problem, if any), so
    what a line means and every message about it has one source."""

    def __init__(self, catalog: Catalog, now: datetime) -> None:
        self._catalog = catalog
        self._latest = now + FUTURE_SLACK  # a later check-in is in the future
        self._now_json = _moment_json(now)
        # Per checklist id: its version and the JSON of each sign's label.
        self._checklists: dict[str, tuple[int, dict[str, str]]] = {}
        # (sign id, status, explained is True, explained is False, note) -> the observation as
        # stored, and its marks: the same few recur on every line (short notes too).
        self._observations: dict[tuple[Any, ...], tuple[str, int]] = {}
        # (checklist id, sign ids in order) -> the stored labels.
        self._labels: dict[tuple[str, tuple[str, ...]], str] = {}

    def read(self, raw: bytes) -> ImportLine | None:
        """The stored form of one import line, or None if ``parse_import_line`` must read it."""
        if b"\\u" in raw and _SURROGATE.search(raw):
            return None
        try:
            text = raw.decode("utf-8")
            data, end = _DECODE(text)  # json.loads without its checks of what is around
        except (ValueError, RecursionError):
            return None
        if end != len(text) and text[end:] not in _LINE_ENDS:
            return None
        if type(data) is not dict or not data.keys() <= _LINE_KEYS:
            return None
        try:
            return self._stored(data)
        except (TypeError, KeyError, AttributeError):  # an observation not as it must be
            return None

    def _stored(self, data: dict[str, Any]) -> ImportLine | None:
        get = data.get
        person, checklist_id = get("person"), get("checklist")
        observed_text, observations = get("observed_at"), get("observations")
        observer, setting = get("observer", ""), get("setting", "")
        note, positives = get("note", ""), get("positives", "")
        treatment, deleted = get("treatment_day", "unknown"), get("deleted", False)
        if not (
            type(person) is str
            and type(checklist_id) is str
            and type(observed_text) is str
            and type(observations) is dict
            and type(observer) is str
            and type(setting) is str
            and type(note) is str
            and type(positives) is str
            and type(treatment) is str
            and treatment in _TREATMENT_DAYS
            and type(deleted) is bool
        ):
            return None
        known = self._checklists.get(checklist_id) or self._checklist(checklist_id)
        if known is None or _name_problem(person):
            return None
        version, labels = known
        if "checklist_version" in data:
            version = data["checklist_version"]
            if type(version) is not int or not 1 <= version < _VERSION_MAX:
                return None
        observed = _moment(observed_text)
        if observed is None or observed > self._latest:
            return None
        recorded_text = get("recorded_at")
        if recorded_text is None:
            recorded = self._now_json
        elif type(recorded_text) is str:
            moment = _moment(recorded_text)
            if moment is None:
                return None
            recorded = f'"{_written(recorded_text, moment)[1]}"'
        else:
            return None
        if recorded is None:
            return None
        if "id" in data:
            checkin_id = data["id"]
            if type(checkin_id) is not str or not 0 < len(checkin_id) <= 100:
                return None
            if not checkin_id.strip():
                return None
        else:
            from redflags.model import content_id

            checkin_id = content_id(data)

        cached = self._observations
        parts: list[str] = []
        noted: list[str] = []
        not_seen: list[str] = []
        explained: list[str] = []
        has_text = bool(setting or note or positives)
        for sign_id, observation in observations.items():
            # Each key says whether explained is true or false: 1 or 0 is neither, never found.
            if len(observation) == 3:  # then these three, or a field not known: KeyError
                said = observation["explained"]
                key = (
                    sign_id,
                    observation["status"],
                    said is True,
                    said is False,
                    observation["note"],
                )
            elif observation.keys() <= _OBSERVATION_KEYS:
                said = observation.get("explained", False)
                key = (
                    sign_id,
                    observation.get("status", "not_checked"),
                    said is True,
                    said is False,
                    observation.get("note", ""),
                )
            else:
                return None
            found = cached.get(key)
            if found is None:
                found = _observation(labels, sign_id, key[1], said, key[4])
                if found is None:
                    return None
                if len(cached) < _CACHED_MAX and len(key[4]) <= _CACHED_NOTE_MAX:
                    cached[key] = found
            part, mark = found
            parts.append(part)
            if mark == _NOT_SEEN:
                not_seen.append(sign_id)
            elif mark:
                if mark & _NOTED:
                    noted.append(sign_id)
                    if mark & _EXPLAINED:
                        explained.append(sign_id)
                elif mark & _NOT_SEEN:
                    not_seen.append(sign_id)
                if mark & _WRITTEN:
                    has_text = True

        order = (checklist_id, tuple(observations))
        stored_labels = self._labels.get(order)
        if stored_labels is None:
            stored_labels = ",".join(f'"{sign_id}":{labels[sign_id]}' for sign_id in order[1])
            if len(self._labels) >= _CACHED_MAX:
                self._labels.clear()
            self._labels[order] = stored_labels
        observed_at, observed_json = _written(observed_text, observed)
        if observed_json[-1] == "Z":
            observed_utc = observed_at
        else:
            observed_utc = observed.astimezone(timezone.utc).isoformat()
        body = (
            f'{{"checklist":{encode_basestring(checklist_id)},"checklist_version":{version},'
            f'"observed_at":"{observed_json}","recorded_at":{recorded},'
            f'"observer":{encode_basestring(observer)},"treatment_day":"{treatment}",'
            f'"setting":{encode_basestring(setting)},"note":{encode_basestring(note)},'
            f'"positives":{encode_basestring(positives)},'
            f'"observations":{{{",".join(parts)}}},"labels":{{{stored_labels}}}}}'
        )
        return ImportLine(
            checkin_id,
            checklist_id,
            observed_at,
            observed_utc,
            observed_text[:10],
            treatment,
            observer,
            int(has_text),
            " ".join(sorted(noted)) if noted else "",
            " ".join(sorted(not_seen)) if not_seen else "",
            " ".join(sorted(explained)) if explained else "",
            body,
            int(deleted),
            person,
            "deleted" in data,
        )

    def _checklist(self, checklist_id: str) -> tuple[int, dict[str, str]] | None:
        checklist = self._catalog.checklists.get(checklist_id)
        if checklist is None:
            return None
        labels = {
            sign_id: encode_basestring(sign.label)
            for sign_id, sign in checklist.signs_by_id.items()
            if _SIGN_ID.fullmatch(sign_id)
        }
        self._checklists[checklist_id] = found = (checklist.version, labels)
        return found


def _observation(
    labels: dict[str, str], sign_id: str, status: Any, said: Any, text: Any
) -> tuple[str, int] | None:
    """An observation as it is stored, and its marks; None unless it is a known sign with a
    status, true or false, and a note as text (and only a noted sign explained)."""
    if sign_id not in labels or type(status) is not str or type(text) is not str:
        return None
    mark = _MARK.get(status)
    if mark is None or type(said) is not bool:
        return None
    if said:
        if mark != _NOTED:
            return None
        mark |= _EXPLAINED
    if text:
        mark |= _WRITTEN
    stored = (
        f'"{sign_id}":{{"status":"{status}","explained":{"true" if said else "false"},'
        f'"note":{encode_basestring(text)}}}'
    )
    return stored, mark


def _moment(text: str) -> datetime | None:
    """A date and time in the usual form, as the check-in model would take it; else None."""
    if not _MOMENT.fullmatch(text):
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if not "1900" <= text[:4] <= "9998":  # only near year 1 or 9999 can UTC be out of range
        if value.year < EARLIEST_YEAR:
            return None
        try:
            value.astimezone(timezone.utc)
        except OverflowError:
            return None
    return value


def _written(text: str, value: datetime) -> tuple[str, str]:
    """A date and time read by _moment, as isoformat writes it and as the check-in model does
    (UTC as Z); most are written as they came, in seconds with an offset."""
    end = text[19:]
    if end in _UTC_ENDS:
        return text[:19] + _UTC, text[:19] + "Z"
    if end[0] != ".":
        return text, text
    iso = value.isoformat()
    return iso, iso[:-6] + "Z" if iso.endswith(_UTC) else iso


def _moment_json(value: datetime) -> str | None:
    """How the check-in model writes a date and time, quoted (UTC as Z); None unless its offset
    is whole minutes."""
    offset = value.utcoffset()
    if offset is None or offset.microseconds or offset.seconds % 60:
        return None
    text = value.isoformat()
    return f'"{text[:-6]}Z"' if not offset else f'"{text}"'


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
