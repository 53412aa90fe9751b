"""What every page of the check-in walk-through shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from textual.containers import Vertical
from textual.message import Message

from redflags.checklist import Checklist, ChecklistError
from redflags.tui.checkin_state import CheckInState
from redflags.tui.services import Services


@dataclass
class Walk:
    """The check-in being filled in and what the pages need around it."""

    state: CheckInState
    services: Services
    clock: Callable[[], datetime]  # the system clock, or a fixed time in tests

    @property
    def now(self) -> datetime:
        """The time now, asked afresh: a page may stay open for a long while."""
        return self.clock()

    @property
    def checklist(self) -> Checklist | None:
        """The chosen checklist, or None if it is not available (a removed user checklist)."""
        try:
            return self.services.catalog.get(self.state.checklist)
        except ChecklistError:
            return None


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
