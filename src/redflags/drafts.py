"""The answers of a check-in still being filled in, kept as a small JSON draft after every change.

No textual here: the walk-through screens read and change a ``CheckInState``; this module turns it
into a draft (and back) and into the ``CheckIn`` that is saved. Nothing typed is ever dropped on the
way: the draft holds the raw text of every field, even a "when" that cannot be read yet.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from redflags.checklist import Checklist
from redflags.dates import parse_moment
from redflags.dates import when_words as when_words  # the drafts' words for a time
from redflags.entry import EntryError, complete
from redflags.model import CheckIn, Observation, Status, TreatmentDay
from redflags.terms import TREATMENT_WORDS as TREATMENT_WORDS
from redflags.terms import name_problem as name_problem  # one rule for names, used by the pages
from redflags.words import counted

DRAFT_FORMAT = "redflags.draft/1"
_EDIT = "edit:"  # the key of a draft correcting a stored check-in: edit:ID
WHEN_FORMAT = "%Y-%m-%d %H:%M"
OBSERVER_KEY = "observer"  # the last observer given, remembered per database (store meta)
NOTE_WORDS = 6  # the first words of a note that describe a kept draft

# A symbol and a word for each state, so that meaning never rests on colour.
_MARKS: dict[Status | None, str] = {
    Status.NOTED: "●",
    Status.NOT_SEEN: "○",
    Status.NOT_CHECKED: "–",
    None: "·",
}
NO_ANSWER_WORDS = "no answer yet"


class DraftError(ValueError):
    """A stored draft that cannot be read back."""


def status_mark(status: Status | None) -> str:
    """'● noted', '○ looked for, not seen', '– not checked', '· no answer yet'."""
    words = status.words if status is not None else NO_ANSWER_WORDS
    return f"{_MARKS[status]} {words}"


class Answer(BaseModel):
    """What the observer said about one sign so far. ``status`` None means no answer yet, which is
    saved as not checked."""

    status: Status | None = None
    explained: bool = False
    note: str = ""

    @property
    def has_content(self) -> bool:
        """Whether anything was answered or typed for this sign."""
        return self.status is not None or self.explained or bool(self.note)

    def observation(self) -> Observation | None:
        """The observation to save, or None for a sign left alone entirely."""
        if not self.has_content:
            return None
        status = self.status or Status.NOT_CHECKED
        # "Another explanation is likely" only means something for a noted sign; the flag stays in
        # the draft so that marking the sign noted again brings it back.
        explained = self.explained and status is Status.NOTED
        return Observation(status=status, explained=explained, note=self.note)


@dataclass(frozen=True)
class Counts:
    """How the signs of one checklist stand."""

    total: int
    answered: int
    noted: int
    not_seen: int

    @property
    def not_checked(self) -> int:
        """Signs saved as not checked: those marked so and those left without an answer."""
        return self.total - self.noted - self.not_seen


def new_key() -> str:
    """A draft key for a new check-in."""
    return f"new:{uuid.uuid4()}"


def edit_key(checkin_id: str) -> str:
    """The draft key of a correction: one draft per check-in being corrected."""
    return f"{_EDIT}{checkin_id}"


def edited_checkin(key: str) -> str | None:
    """The id of the check-in a draft key holds a correction of (see edit_key), if it is one."""
    return key[len(_EDIT) :] if key.startswith(_EDIT) else None


def draft_person(body: str) -> str | None:
    """The person a stored draft is about, read without checking the rest of it (None when the
    draft cannot be read)."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    person = data.get("person") if isinstance(data, dict) else None
    return person if isinstance(person, str) else None


class CheckInState(BaseModel):
    """Everything the walk-through has gathered, exactly as typed."""

    model_config = ConfigDict(extra="ignore")

    format: str = DRAFT_FORMAT
    key: str
    started: datetime  # when the check-in began, or the corrected check-in's own time
    person: str = ""
    checklist: str = ""
    when_text: str = ""
    observer: str = ""
    treatment_day: TreatmentDay = TreatmentDay.UNKNOWN
    setting: str = ""
    note: str = ""
    positives: str = ""
    answers: dict[str, Answer] = Field(default_factory=dict)
    editing: str | None = None  # the id of the check-in being corrected
    # The corrected check-in's checklist and version: a correction keeps the version it was
    # recorded with, unless the checklist itself was changed.
    original_checklist: str | None = None
    checklist_version: int | None = None
    page: int = 0

    @classmethod
    def fresh(cls, *, person: str, checklist: str, observer: str, now: datetime) -> CheckInState:
        """A new, empty check-in starting now."""
        started = now.replace(microsecond=0)
        return cls(
            key=new_key(),
            started=started,
            person=person,
            checklist=checklist,
            observer=observer,
        )

    @classmethod
    def from_checkin(cls, checkin: CheckIn) -> CheckInState:
        """A correction of a stored check-in, starting from what it holds."""
        answers = {
            sid: Answer(status=o.status, explained=o.explained, note=o.note)
            for sid, o in checkin.observations.items()
        }
        return cls(
            key=edit_key(checkin.id),
            started=checkin.observed_at,
            person=checkin.person,
            checklist=checkin.checklist,
            when_text=f"{checkin.observed_at:{WHEN_FORMAT}}",
            observer=checkin.observer,
            treatment_day=checkin.treatment_day,
            setting=checkin.setting,
            note=checkin.note,
            positives=checkin.positives,
            answers=answers,
            editing=checkin.id,
            original_checklist=checkin.checklist,
            checklist_version=checkin.checklist_version,
        )

    # -- drafts ------------------------------------------------------------------------------

    def to_json(self) -> str:
        """The draft body kept in the store."""
        return self.model_dump_json()

    @classmethod
    def from_json(cls, body: str) -> CheckInState:
        """A draft read back; DraftError when it is not one this version can read."""
        try:
            state = cls.model_validate_json(body)
        except ValidationError as exc:
            raise DraftError(
                f"the unfinished check-in cannot be read ({exc.error_count()} problems)"
            ) from None
        if state.format != DRAFT_FORMAT:
            raise DraftError(f"the unfinished check-in has an unknown format ({state.format})")
        return state

    # -- answers -----------------------------------------------------------------------------

    def content(self) -> dict[str, object]:
        """What the check-in holds, without where the walk-through is or signs merely looked at:
        two states with the same content are the same check-in."""
        body = self.model_dump(mode="json", exclude={"page", "answers", "key"})
        body["answers"] = {
            sid: a.model_dump(mode="json") for sid, a in self.answers.items() if a.has_content
        }
        return body

    def is_blank(self) -> bool:
        """Nothing worth keeping as a draft: no answer or note, no time, setting or treatment day
        given (the person, the checklist and a remembered observer are where it starts)."""
        typed = (self.when_text.strip(), self.setting, self.note, self.positives)
        return (
            not self.has_answers() and not any(typed) and self.treatment_day is TreatmentDay.UNKNOWN
        )

    def answer(self, sign_id: str) -> Answer:
        """The answer for a sign, created empty the first time it is asked for."""
        return self.answers.setdefault(sign_id, Answer())

    def has_answers(self) -> bool:
        """Whether any sign has an answer or a note (then the checklist can no longer change)."""
        return any(a.has_content for a in self.answers.values())

    def counts(self, checklist: Checklist) -> Counts:
        """How the signs of this checklist stand."""
        statuses = [self.answers.get(s.id, Answer()).status for s in checklist.signs]
        return Counts(
            total=len(statuses),
            answered=sum(s is not None for s in statuses),
            noted=statuses.count(Status.NOTED),
            not_seen=statuses.count(Status.NOT_SEEN),
        )

    def unanswered(self, checklist: Checklist) -> int:
        """How many signs of this checklist have no answer yet."""
        return sum(self.answers.get(s.id, Answer()).status is None for s in checklist.signs)

    def answer_the_rest(self, checklist: Checklist, status: Status) -> int:
        """Give every sign of this checklist without an answer ``status``; how many there were."""
        waiting = [s.id for s in checklist.signs if self.answer(s.id).status is None]
        for sign_id in waiting:
            self.answers[sign_id].status = status
        return len(waiting)

    def strays(self, checklist: Checklist) -> list[str]:
        """Answered sign ids the checklist does not have (a correction of an older version)."""
        known = {s.id for s in checklist.signs}
        return [sid for sid, a in self.answers.items() if a.has_content and sid not in known]

    # -- the check-in ------------------------------------------------------------------------

    @property
    def default_when_text(self) -> str:
        """The "when" text a correction starts with (a new check-in starts empty: now)."""
        return f"{self.started:{WHEN_FORMAT}}"

    def observed_at(self, now: datetime) -> datetime:
        """The time the "when" field means; EntryError when it cannot be read.

        Empty (or "now") is the moment the check-in began. "today" and "yesterday" count from the
        day the check-in began, so that a draft finished the next day still means what was typed.
        """
        text = self.when_text.strip()
        if not text or text.lower() == "now" or text == self.default_when_text:
            # Unchanged: keep the exact moment, with its own UTC offset.
            return self.started
        return parse_moment(text, now=now, today=self.started.date())

    def when_problem(self, now: datetime) -> str | None:
        """Why the "when" field cannot be used yet, in one calm line; None when it can."""
        try:
            self.observed_at(now)
        except EntryError as exc:
            return str(exc)
        return None

    def to_checkin(self, checklist: Checklist, *, now: datetime) -> CheckIn:
        """The check-in to save, labels filled in; EntryError when the "when" cannot be read."""
        observations: dict[str, Observation] = {}
        for sign in checklist.signs:
            found = self.answers.get(sign.id)
            observation = found.observation() if found else None
            if observation is not None:
                observations[sign.id] = observation
        version = checklist.version
        if self.original_checklist == checklist.id and self.checklist_version:
            version = self.checklist_version
        checkin = CheckIn(
            id=self.editing or "",
            person=self.person.strip(),
            checklist=checklist.id,
            checklist_version=version,
            observed_at=self.observed_at(now),
            observer=self.observer,
            treatment_day=self.treatment_day,
            setting=self.setting,
            note=self.note,
            positives=self.positives,
            observations=observations,
        )
        return complete(checkin, checklist)


def not_checked_line(counts: Counts) -> str:
    """'12 signs not checked — that is fine; only record what you actually looked for.'"""
    return (
        f"{counted(counts.not_checked, 'sign')} not checked — that is fine; "
        "only record what you actually looked for."
    )


def _first_words(text: str, words: int = NOTE_WORDS) -> str:
    parts = text.split()
    shown = " ".join(parts[:words])
    return shown + ("…" if len(parts) > words else "")


def describe(state: CheckInState, checklist: Checklist | None, *, now: datetime) -> str:
    """A kept draft by what it holds: 'Robin, seen Saturday 28 November 2026 at 20:00:
    5 of 18 signs answered; note “he seemed tired and…”'."""
    who = state.person.strip() or "no name yet"
    try:
        when = f"seen {when_words(state.observed_at(now))}"
    except EntryError:
        when = f"seen “{_first_words(state.when_text)}”"
    if state.editing:
        what = f"the check-in of {when_words(state.started)}"
        parts = [f"{who}, {what}"]
    else:
        parts = [f"{who}, {when}"]
    if checklist is not None:
        counts = state.counts(checklist)
        parts.append(f"{counts.answered} of {counts.total} signs answered")
    else:
        parts.append(
            counted(len([a for a in state.answers.values() if a.status]), "sign") + " answered"
        )
    note = state.note.strip() or state.positives.strip()
    if note:
        parts.append(f"note “{_first_words(note)}”")
    return f"{parts[0]}: " + "; ".join(parts[1:])


@dataclass(frozen=True)
class Change:
    """One thing a correction changes: what, as saved before, as it will be saved now."""

    what: str
    before: str
    after: str


def _sign_words(observation: Observation | None) -> str:
    if observation is None:
        return status_mark(Status.NOT_CHECKED)
    words = status_mark(observation.status)
    if observation.status is Status.NOTED and observation.explained:
        words += ", another explanation is likely"
    if observation.note:
        words += f"; note: {observation.note}"
    return words


def changes(before: CheckIn, after: CheckIn, checklist: Checklist) -> list[Change]:
    """What a correction changes, field by field and sign by sign, in words (free text raw:
    the caller shows it safely)."""
    found: list[Change] = []
    fields = [
        ("When", when_words(before.observed_at), when_words(after.observed_at)),
        ("Observer", before.observer, after.observer),
        (
            "Treatment day",
            TREATMENT_WORDS[before.treatment_day],
            TREATMENT_WORDS[after.treatment_day],
        ),
        ("Setting", before.setting, after.setting),
        ("Note", before.note, after.note),
        ("What went well", before.positives, after.positives),
    ]
    for what, old, new in fields:
        if old != new:
            found.append(Change(what, old or "not given", new or "not given"))
    labels = {s.id: s.label for s in checklist.signs}
    ids = list(dict.fromkeys([*labels, *before.observations, *after.observations]))
    for sid in ids:
        old_obs, new_obs = before.observations.get(sid), after.observations.get(sid)
        old, new = _sign_words(old_obs), _sign_words(new_obs)
        if old != new:
            label = labels.get(sid) or before.labels.get(sid) or sid
            found.append(Change(label, old, new))
    return found
