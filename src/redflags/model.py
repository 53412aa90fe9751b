"""Domain types: check-ins, observations and revisions, validated on the way in; with the shared
terms of ``redflags.terms`` (statuses, treatment-day answers, routes, a person, marks)."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from redflags.terms import (
    SIGN_ID_PATTERN,
    Marks,
    Person,
    RevisionKind,
    Route,
    Status,
    TreatmentDay,
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
    "new_id",
]


class Observation(BaseModel):
    """One sign in one check-in."""

    model_config = ConfigDict(frozen=True)

    status: Status = Status.NOT_CHECKED
    explained: bool = False
    note: str = ""


class CheckIn(BaseModel):
    """One observation session: when, context, and one observation per sign that was looked at.

    A sign absent from ``observations`` was not checked. ``labels`` keeps the sign labels the check-in
    was recorded with, so that a later checklist version cannot change what an old record means.
    """

    model_config = ConfigDict(frozen=True)

    id: str = ""
    person: str
    checklist: str
    checklist_version: int = 1
    observed_at: datetime
    recorded_at: datetime | None = None
    observer: str = ""
    treatment_day: TreatmentDay = TreatmentDay.UNKNOWN
    setting: str = ""
    note: str = ""
    positives: str = ""
    observations: dict[str, Observation] = Field(default_factory=dict)
    labels: dict[str, str] = Field(default_factory=dict)
    deleted: bool = False

    @field_validator("observed_at", "recorded_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("needs a UTC offset, such as 2026-10-03T18:30:00+01:00")
        return value

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

    model_config = ConfigDict(frozen=True)

    checkin_id: str
    number: int
    at: datetime
    kind: RevisionKind
    reason: str
    prior: CheckIn
