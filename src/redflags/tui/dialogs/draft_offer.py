"""Offering unfinished check-ins again: continue, discard (after asking), or later."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import AwaitMount
from textual.widgets import Button, Label

from redflags.drafts import CheckInState, describe, when_words
from redflags.errors import ChecklistError
from redflags.safe_text import one_line
from redflags.store import StoreError, now
from redflags.tui.screens.checkin.kept import readable_drafts
from redflags.tui.screens.checkin.walk import CheckInFlow
from redflags.tui.services import Services
from redflags.words import counted

CONTINUE, DISCARD, LATER = "continue", "discard", "later"


def offer_words(services: Services, state: CheckInState, updated: datetime) -> str:
    """'You have an unfinished check-in: Sam, seen Saturday 3 October 2026 at 18:30: 5 of 18
    signs answered; note “he seemed tired…”. Kept since Saturday 3 October 2026 at 18:41.'"""
    what = "an unfinished correction" if state.editing else "an unfinished check-in"
    held = _held(services, state)
    return f"You have {what}: {held}. Kept since {when_words(updated.astimezone())}."


def _held(services: Services, state: CheckInState) -> str:
    try:
        checklist = services.catalog.get(state.checklist)
    except ChecklistError:
        checklist = None
    return one_line(describe(state, checklist, now=now()))


class DraftOffer(ModalScreen[str]):
    """Continue, discard or later; escape means later."""

    CSS_PATH = "../checkin.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "later", "Later")]

    def __init__(self, text: str, more: int) -> None:
        super().__init__()
        self._text = text
        self._more = more

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self._text), markup=False)
            yield Label(
                "Your answers were kept. You can carry on where you left off.", classes="hint"
            )
            if self._more:
                more = counted(self._more, "more unfinished check-in")
                yield Label(f"There is {more} after this one.", classes="hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Continue", id="draft-continue", variant="primary")
                yield Button("Discard…", id="draft-discard")
                yield Button("Later", id="draft-later")

    def on_mount(self) -> None:
        self.query_one("#draft-continue").focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("draft-") or LATER)

    def action_later(self) -> None:
        self.dismiss(LATER)


class DiscardDraft(ModalScreen[bool]):
    """Asks before an unfinished check-in is thrown away; keeping it is the default."""

    CSS_PATH = "../checkin.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "keep", "Keep it")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Discard this unfinished check-in?", classes="page-title")
            yield Label("Its answers and notes cannot be brought back afterwards.", classes="hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep it", id="discard-keep", variant="primary")
                yield Button("Discard", id="discard-yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#discard-keep").focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "discard-yes")

    def action_keep(self) -> None:
        self.dismiss(False)


async def offer_drafts(app: App[object], services: Services) -> None:
    """Offer each unfinished check-in in turn, newest first; returns once the first offer is shown."""
    drafts, unreadable = readable_drafts(services)
    if unreadable:
        app.notify(
            f"{counted(unreadable, 'unfinished check-in')} could not be read; kept as it was.",
            severity="warning",
        )
    if drafts:
        await _offer(app, services, drafts)


def _offer(
    app: App[object], services: Services, drafts: list[tuple[str, datetime, CheckInState]]
) -> AwaitMount:
    key, updated, state = drafts[0]
    rest = drafts[1:]

    def chosen(choice: str | None) -> None:
        if choice == CONTINUE:
            app.push_screen(CheckInFlow(services, draft_key=key))
        elif choice == DISCARD:
            app.push_screen(DiscardDraft(), confirmed)

    def confirmed(discard: bool | None) -> None:
        if not discard:
            _offer(app, services, drafts)  # back to the same offer
            return
        try:
            services.store.drop_draft(key)
        except StoreError as exc:
            app.notify(f"The unfinished check-in was not discarded: {exc}", severity="warning")
            return
        app.notify("The unfinished check-in was discarded.")
        if rest:
            _offer(app, services, rest)

    return app.push_screen(DraftOffer(offer_words(services, state, updated), len(rest)), chosen)
