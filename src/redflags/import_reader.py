"""Reading an import file's usual lines straight into the form they are stored in.

``ImportReader.read`` gives exactly what ``entry.parse_import_line`` and the store's ``prepare``
would give for a line it is sure of (the body byte for byte ``CheckIn.body_json``), without the
check-in model; any other line gives None and goes to ``parse_import_line``, which names its
problem, if any. A change to the check-in model's fields or their order must be made here too:
``tests/unit/test_import_reader.py`` compares the two ways line by line.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any, NamedTuple

from redflags.dates import EARLIEST_YEAR, FUTURE_SLACK
from redflags.entry import cached_name_problem
from redflags.terms import SIGN_ID_PATTERN, Status

if TYPE_CHECKING:
    from redflags.checklist import Catalog


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
    quote: str
    checked: str
    deleted: int
    went_well: int
    person: str
    deleted_given: bool


# A date and time as files almost always write it (seconds, perhaps a fraction of one, and a UTC
# offset or Z). Anything else (a space for the T, no seconds, a number) is read by the model.
_MOMENT = re.compile(
    r"[0-9]{4}-(?:0[1-9]|1[0-2])-[0-3][0-9]T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(?:\.[0-9]{1,6})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)
# The longest body whose quote is stored beside it: store.schema.QUOTED_MOST (the store is a
# layer above; a test checks that the two agree).
QUOTED_MOST = 64 * 1024
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
        self._looked: dict[tuple[str, tuple[str, ...]], str] = {}

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
        if known is None or cached_name_problem(person):
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
        signs_written = False
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
                    has_text = signs_written = True

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
        fields = (
            f'"observer":{encode_basestring(observer)},"treatment_day":"{treatment}",'
            f'"setting":{encode_basestring(setting)},"note":{encode_basestring(note)},'
            f'"positives":{encode_basestring(positives)}'
        )
        signs = f'"observations":{{{",".join(parts)}}},"labels":{{{stored_labels}}}'
        body = (
            f'{{"checklist":{encode_basestring(checklist_id)},"checklist_version":{version},'
            f'"observed_at":"{observed_json}","recorded_at":{recorded},{fields},{signs}}}'
        )
        # What quoting reads (the store's quote_of): the fields it reads, and the observations
        # only when one of them carries a note; none for a long body (read from the body).
        quote = ""
        if has_text and len(body) <= QUOTED_MOST:  # (the store's own limit, as a test checks)
            quote = f'{{"observed_at":"{observed_json}",{fields}' + (
                f",{signs}}}" if signs_written else "}"
            )
        noted_text = " ".join(sorted(noted)) if noted else ""
        not_seen_text = " ".join(sorted(not_seen)) if not_seen else ""
        # The signs looked for (noted or not seen): most often every sign, the same from line to
        # line, sorted once.
        if len(noted) + len(not_seen) == len(order[1]) and noted and not_seen:
            looked = self._looked.get(order)
            if looked is None:
                looked = " ".join(sorted(order[1]))
                if len(self._looked) >= _CACHED_MAX:
                    self._looked.clear()
                self._looked[order] = looked
        elif noted and not_seen:
            looked = " ".join(sorted(noted + not_seen))
        else:
            looked = noted_text or not_seen_text
        return ImportLine(
            checkin_id,
            checklist_id,
            observed_at,
            observed_utc,
            observed_text[:10],
            treatment,
            observer,
            int(has_text),
            noted_text,
            not_seen_text,
            " ".join(sorted(explained)) if explained else "",
            body,
            quote,
            looked,
            int(deleted),
            int(bool(positives.strip())),
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
