"""What every page of the check-in walk-through shares."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime

from textual.containers import Vertical
from textual.message import Message

from redflags.checklist import Checklist, ChecklistError
from redflags.drafts import OBSERVER_KEY, CheckInState, DraftError, edit_key, name_problem
from redflags.model import CheckIn
from redflags.safe_text import one_line
from redflags.store import StoreError
from redflags.tui.services import Services


@dataclass
class Walk:
    """The check-in being filled in and what the pages need around it."""

    state: CheckInState
    services: Services
    clock: Callable[[], datetime]  # the system clock, or a fixed time in tests
    original: CheckIn | None = None  # the stored check-in a correction starts from

    @property
    def now(self) -> datetime:
        """The time now, asked afresh: a page may stay open for a long while."""
        return self.clock()

    def person_problem(self) -> str | None:
        """Why the first page cannot be passed yet: no usable name, or no usable checklist."""
        if self.checklist is None:
            missing = f"The checklist “{one_line(self.state.checklist)}” is not available"
            if self.state.has_answers():
                return f"{missing} any more, so this check-in cannot be changed here."
            return f"{missing}. Please choose one of the checklists listed."
        return name_problem(self.state.person)

    def when_problem(self) -> str | None:
        """Why the "when" field cannot be used yet."""
        return self.state.when_problem(self.now)

    @property
    def checklist(self) -> Checklist | None:
        """The chosen checklist, or None if it is not available (a removed user checklist)."""
        return self.checklist_of(self.state)

    def checklist_of(self, state: CheckInState) -> Checklist | None:
        """The checklist of ``state``, or None if it is not available."""
        try:
            return self.services.catalog.get(state.checklist)
        except ChecklistError:
            return None


@dataclass
class Start:
    """Where a walk-through begins: its state, the draft body it came from, lines to say."""

    state: CheckInState
    body: str = ""
    said: list[str] = field(default_factory=list)


def starting_state(
    services: Services,
    person: str | None,
    editing: CheckIn | None,
    draft_key: str | None,
    now: datetime,
) -> Start:
    """A kept draft when there is one (also for a check-in being corrected again), else a new
    check-in or a correction starting from the stored check-in."""
    said: list[str] = []
    key = draft_key or (edit_key(editing.id) if editing is not None else None)
    if key is not None:
        body = next((b for k, _, b in services.store.drafts() if k == key), None)
        if body is not None:
            try:
                state = CheckInState.from_json(body)
            except DraftError as exc:
                said.append(f"{exc.args[0].capitalize()}; it is kept as it was.")
            else:
                if editing is not None:
                    said.append("Continuing the changes you had not saved yet.")
                return Start(state, body, said)
        elif draft_key is not None:
            said.append("That unfinished check-in is no longer there; here is a new one.")
    if editing is not None:
        return Start(CheckInState.from_checkin(editing), said=said)
    checklists = services.catalog.checklists
    checklist = services.config.default_checklist
    if checklist not in checklists and checklists:
        checklist = next(iter(checklists))
    state = CheckInState.fresh(
        person=person or "", checklist=checklist, observer=remembered_observer(services), now=now
    )
    return Start(state, said=said)


def remembered_observer(services: Services) -> str:
    """The observer given last time in this database, else the one in the settings."""
    try:
        remembered = services.store.get_meta(OBSERVER_KEY)
    except StoreError:
        remembered = None
    return services.config.observer if remembered is None else remembered


def remember_observer(services: Services, observer: str) -> None:
    """Keep the observer of a saved check-in for the next one (not worth a message if it fails)."""
    with suppress(StoreError):
        if services.store.get_meta(OBSERVER_KEY) != observer:
            services.store.set_meta(OBSERVER_KEY, observer)


class FlowPage(Vertical):
    """One page. It changes ``walk.state`` as the person types and says so with ``Edited``.

    A plain Vertical that scrolls, not a ScrollableContainer: that one's own page and arrow keys
    would take the keys that turn pages.
    """

    class Edited(Message):
        """Something on the page changed: keep the draft."""

    class Next(Message):
        """The person finished the page (enter in its last field)."""

    class Ready(Message):
        """The page has what it needs: move the focus to the Next button."""

    def __init__(self, walk: Walk) -> None:
        super().__init__(classes="flow-page")
        self.walk = walk

    @property
    def state(self) -> CheckInState:
        return self.walk.state

    def problem(self) -> str | None:
        """Why the walk-through cannot move on from this page yet, in one calm line."""
        return None

    def focus_first(self) -> None:
        """Put the focus where the person most likely starts."""
        self.screen.focus_next()

    def edited(self) -> None:
        self.post_message(self.Edited())
