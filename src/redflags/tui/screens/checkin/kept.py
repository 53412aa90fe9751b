"""A new check-in for someone with a kept, unfinished one: that one is offered first."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from redflags.drafts import CheckInState, DraftError, when_words
from redflags.safe_text import one_line
from redflags.tui.services import Services


def readable_drafts(services: Services) -> tuple[list[tuple[str, datetime, CheckInState]], int]:
    """The drafts that can be read back, newest first, and how many could not."""
    found: list[tuple[str, datetime, CheckInState]] = []
    unreadable = 0
    for key, updated, body in services.store.drafts():
        try:
            found.append((key, updated, CheckInState.from_json(body)))
        except DraftError:
            unreadable += 1
    return found, unreadable


def kept_for(services: Services, person: str) -> tuple[str, datetime, CheckInState] | None:
    """The newest unfinished new check-in kept for ``person`` (any case), if there is one."""
    wanted = person.strip().casefold()
    drafts, _ = readable_drafts(services)
    for key, updated, state in drafts:
        if not state.editing and state.person.strip().casefold() == wanted:
            return key, updated, state
    return None


class KeptDraftOffer(ModalScreen[bool]):
    """Starting a new check-in for someone with a kept one: carry on with it (the default), or
    start a new one (the kept one stays kept)."""

    CSS_PATH = "../../checkin.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "new", "New check-in")]

    def __init__(self, words: str, updated: datetime) -> None:
        super().__init__()
        self._words = words
        self._updated = updated

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("You have an unfinished check-in for this person", classes="page-title")
            yield Label(Text(one_line(self._words)), markup=False)
            yield Label(
                f"Kept since {when_words(self._updated.astimezone())}. Carry on with it, or "
                "start a new one (it stays kept).",
                classes="hint",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Carry on with it", id="kept-continue", variant="primary")
                yield Button("Start a new one", id="kept-new")

    def on_mount(self) -> None:
        self.query_one("#kept-continue").focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "kept-continue")

    def action_new(self) -> None:
        self.dismiss(False)
