"""Domain types: check-ins, observations and revisions, validated on the way in; with the shared
terms of ``redflags.terms`` (statuses, treatment-day answers, routes, a person, marks)."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import date, datetime, timezone
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    field_validator,
    model_validator,
)

from redflags.terms import (
    SIGN_ID_PATTERN,
    Marks,
    Person,
    RevisionKind,
    Route,
    Status,
    TreatmentDay,
    name_key,
    new_id,
)

__all__ = [
    "SIGN_ID_PATTERN",
    "CheckIn",
    "Marks",
    "Observation",
    "Person",
    "Revision",
    "Route",
    "Status",
    "TreatmentDay",
    "content_id",
    "differences",
    "new_id",
]


# Check-in ids are UUIDs when made here; an imported one may be any text up to this long.
ID_MAX = 100
# A check-in observed before this year is a typing mistake (and year 1 cannot be stored safely).
EARLIEST_YEAR = 1900
# The fields of a check-in that say what was observed, for telling two records with one id apart.
CONTENT_FIELDS = (
    "person",
    "checklist",
    "observed_at",
    "observer",
    "treatment_day",
    "setting",
    "note",
    "positives",
    "observations",
)

SignId = Annotated[str, StringConstraints(pattern=SIGN_ID_PATTERN)]


def _text_not_number(value: Any) -> Any:
    # A bare number would be taken as seconds since 1970: a date and time must be written out.
    if isinstance(value, (int, float)):
        raise ValueError("must be a date and time written like 2026-10-03T18:30:00+01:00")
    return value


Moment = Annotated[datetime, BeforeValidator(_text_not_number)]


class Observation(BaseModel):
    """One sign in one check-in."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    status: Status = Status.NOT_CHECKED
    explained: StrictBool = False
    note: str = ""


class CheckIn(BaseModel):
    """One observation session: when, context, and one observation per sign that was looked at.

    A sign absent from ``observations`` was not checked. ``labels`` keeps the sign labels the check-in
    was recorded with, so that a later checklist version cannot change what an old record means.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    id: str = Field(default="", max_length=ID_MAX)
    person: str
    checklist: str
    checklist_version: int = Field(default=1, ge=1)
    observed_at: Moment
    recorded_at: Moment | None = None
    observer: str = ""
    treatment_day: TreatmentDay = TreatmentDay.UNKNOWN
    setting: str = ""
    note: str = ""
    positives: str = ""
    observations: dict[SignId, Observation] = Field(default_factory=dict)
    labels: dict[SignId, str] = Field(default_factory=dict)
    deleted: StrictBool = False

    @field_validator("observed_at", "recorded_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return value
        if value.tzinfo is None:
            raise ValueError("needs a UTC offset, such as 2026-10-03T18:30:00+01:00")
        try:
            value.astimezone(timezone.utc)
        except OverflowError:
            raise ValueError(f"{value.isoformat()} is out of range") from None
        if value.year < EARLIEST_YEAR:
            raise ValueError(f"{value.isoformat()} is before {EARLIEST_YEAR}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> CheckIn:
        if self.id and not self.id.strip():
            raise ValueError("id: must not be blank")
        for sign_id, obs in self.observations.items():
            if obs.explained and obs.status is not Status.NOTED:
                raise ValueError(
                    f"observations.{sign_id}.explained: only a noted sign can have"
                    " another likely explanation"
                )
        return self

    @property
    def day(self) -> date:
        """The observer's local date of the check-in."""
        return self.observed_at.date()

    def status_of(self, sign_id: str) -> Status:
        """The recorded status of a sign; a sign that is absent was not checked."""
        obs = self.observations.get(sign_id)
        return obs.status if obs else Status.NOT_CHECKED

    def signs_with(self, status: Status) -> list[str]:
        """Sign ids recorded with the given status, in recorded order."""
        return [sid for sid, obs in self.observations.items() if obs.status is status]

    def to_marks(self) -> Marks:
        """The compact form that pattern summaries work on."""
        noted = frozenset(self.signs_with(Status.NOTED))
        return Marks(
            self.observed_at,
            self.treatment_day,
            noted,
            frozenset(self.signs_with(Status.NOT_SEEN)),
            frozenset(s for s in noted if self.observations[s].explained),
            self.observer,
        )

    @property
    def has_text(self) -> bool:
        """Whether the observer wrote anything: a setting, a note, what went well, a sign note."""
        return bool(
            self.setting
            or self.note
            or self.positives
            or any(o.note for o in self.observations.values())
        )

    def body_json(self) -> str:
        """The stored form of the check-in's content (its id, person and deleted flag are kept
        apart): one serializer for every way a check-in is written."""
        return self.model_dump_json(exclude=_NOT_IN_BODY)

    def content(self) -> tuple[object, ...]:
        """What was observed, for telling two records with the same id apart (not when it was
        recorded, the labels of the checklist version, or whether it is deleted)."""
        observations = tuple(
            (sid, o.status, o.explained, o.note)
            for sid, o in sorted(self.observations.items())
            if o.status is not Status.NOT_CHECKED or o.note or o.explained
        )
        return (
            name_key(self.person),
            self.checklist,
            self.observed_at.isoformat(),
            self.observer,
            self.treatment_day,
            self.setting,
            self.note,
            self.positives,
            observations,
        )

    def to_public(self) -> dict[str, Any]:
        """The one JSON shape of a check-in, used by history --json, import and the json export."""
        return {
            "id": self.id,
            "person": self.person,
            "checklist": self.checklist,
            "checklist_version": self.checklist_version,
            "observed_at": self.observed_at.isoformat(),
            "recorded_at": self.recorded_at.isoformat() if self.recorded_at else None,
            "observer": self.observer,
            "treatment_day": self.treatment_day.value,
            "setting": self.setting,
            "note": self.note,
            "positives": self.positives,
            "observations": {
                sid: {"status": o.status.value, "explained": o.explained, "note": o.note}
                for sid, o in self.observations.items()
                if o.status is not Status.NOT_CHECKED or o.note or o.explained
            },
        }


_NOT_IN_BODY = {"id", "person", "deleted"}


def differences(one: CheckIn, other: CheckIn) -> list[str]:
    """The names of the content fields in which two check-ins differ (see CheckIn.content)."""
    return [
        name
        for name, a, b in zip(CONTENT_FIELDS, one.content(), other.content(), strict=True)
        if a != b
    ]


def content_id(data: dict[str, Any]) -> str:
    """A stable UUID derived from a check-in's content, for import lines without an id."""
    keyed = {k: data.get(k) for k in ("person", "checklist", "observed_at", "observations")}
    keyed.update({k: data.get(k) for k in ("observer", "note", "setting", "positives")})
    digest = hashlib.sha256(
        json.dumps(keyed, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    ).digest()
    return str(uuid.UUID(bytes=digest[:16], version=5))


class Revision(BaseModel):
    """An earlier state of a check-in, kept when it was corrected, deleted or restored."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    checkin_id: str
    number: int
    at: datetime
    kind: RevisionKind
    reason: str
    prior: CheckIn
