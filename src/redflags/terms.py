"""The terms every part of redflags shares, with no heavy imports: the states of a sign, the
treatment-day answers, routes of use, a person, a fresh check-in id and the compact form of a
check-in that summaries and the home screen work on.

The app's first screen needs only these, so they live apart from the validated check-in models
in ``redflags.model`` (which re-exports them).
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import NamedTuple

SIGN_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
# Shown in place of a sign's other explanations when it lists none, unless its checklist words
# this its own way (``no_other_explanation``: a treatment checklist sends the reader to the clinic).
NO_OTHER_EXPLANATION = (
    "No other explanation is listed for this sign, but there may be one: "
    "if you are unsure, ask a doctor or pharmacist."
)
# Set to "yes" in the meta table of the demo's made-up data: its summaries and exports say so.
SAMPLE_KEY = "sample_data"


class Status(str, Enum):
    """What the observer recorded for one sign in one check-in."""

    NOTED = "noted"
    NOT_SEEN = "not_seen"
    NOT_CHECKED = "not_checked"

    @property
    def words(self) -> str:
        """The plain words shown to people."""
        return _STATUS_WORDS[self]


_STATUS_WORDS = {
    Status.NOTED: "noted",
    Status.NOT_SEEN: "looked for, not seen",
    Status.NOT_CHECKED: "not checked",
}


class TreatmentDay(str, Enum):
    """Whether the check-in fell on a day of prescribed ketamine or esketamine treatment."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


# How a treatment day's answer reads on screen, in the walk-through and in History alike.
TREATMENT_WORDS = {
    TreatmentDay.YES: "yes",
    TreatmentDay.NO: "no",
    TreatmentDay.UNKNOWN: "not sure",
}


class Route(str, Enum):
    """How the drug is taken; a checklist group belongs to one route."""

    SMOKED = "smoked"
    SNORTED = "snorted"
    INJECTED = "injected"
    SWALLOWED = "swallowed"
    ANY = "any"


@dataclass(frozen=True, slots=True)
class Person:
    """Someone whose signs are observed. A display name; an alias or initials is encouraged."""

    id: int
    name: str
    created: datetime
    archived: bool = False


def new_id() -> str:
    """A fresh random check-in id."""
    return str(uuid.uuid4())


class Marks(NamedTuple):
    """The compact form of one check-in that pattern summaries work on (no notes, no labels).

    ``noted`` and ``not_seen`` are disjoint; ``explained`` is a subset of ``noted``; every other sign
    of the checklist was not checked.
    """

    observed_at: datetime
    treatment_day: TreatmentDay
    noted: frozenset[str]
    not_seen: frozenset[str]
    explained: frozenset[str]
    observer: str = ""

    @property
    def day(self) -> date:
        return self.observed_at.date()


class RevisionKind(str, Enum):
    """Why an earlier version of a check-in was kept."""

    CORRECTED = "corrected"
    DELETED = "deleted"
    RESTORED = "restored"


# -- people's names: one rule for the store, the app and imports -------------------------------

NAME_MAX = 200
# Control characters (C0, DEL, C1) and the invisible bidirectional marks, overrides and line or
# paragraph separators: a name holding one could not be typed again, or would show as something else.
_NAME_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def normal_name(name: str) -> str:
    """A person's name as it is stored: NFC, outer spaces removed (``Jose`` + a combining accent
    and `` José `` are both ``José``)."""
    return unicodedata.normalize("NFC", name).strip()


def name_key(name: str) -> str:
    """What makes two names the same person: the stored form, regardless of case."""
    return unicodedata.normalize("NFC", normal_name(name).casefold())


def name_problem(name: str) -> str | None:
    """What is wrong with a person's name, if anything (one calm line)."""
    name = normal_name(name)
    if not name:
        return "a name cannot be empty; an alias or initials work well"
    if _NAME_UNSAFE.search(name):
        return "a name cannot hold control characters, tabs or line breaks"
    if len(name) > NAME_MAX:
        return f"a name can be at most {NAME_MAX} characters; initials or an alias work well"
    return None
