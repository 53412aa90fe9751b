"""Correcting a stored check-in starts on the page to change, chosen from a short list."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from redflags.checklist import Checklist
from redflags.drafts import edit_key, when_words
from redflags.errors import ChecklistError
from redflags.model import CheckIn
from redflags.safe_text import one_line
from redflags.store import StoreError
from redflags.tui.services import Services

CONTEXT, REVIEW = "context", "review"


def parts(checklist: Checklist | None) -> list[tuple[str, str]]:
    """The pages a correction can start on: (page name, what it holds)."""
    found = [(CONTEXT, "When, who observed, treatment day, setting")]
    if checklist is not None:
        found += [(g.id, f"Signs: {one_line(g.title)}") for g in checklist.groups]
    found.append((REVIEW, "The note and what went well (everything is shown there too)"))
    return found


class CorrectWhich(ModalScreen[str | None]):
    """Which part of the check-in needs correcting; dismissed with a page name, or None."""

    CSS_PATH = "../../checkin.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, checkin: CheckIn, checklist: Checklist | None) -> None:
        super().__init__()
        self._checkin = checkin
        self._parts = parts(checklist)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                Text(f"Correct the check-in of {when_words(self._checkin.observed_at)}"),
                classes="page-title",
                markup=False,
            )
            yield Label(
                "What needs correcting? You can move to the other pages from there; before "
                "saving you see the old and the new side by side.",
                classes="hint",
            )
            yield OptionList(
                *[Option(Text(words), id=name) for name, words in self._parts],
                id="correct-which",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#correct-which")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def correct(
    app: App[object],
    services: Services,
    checkin: CheckIn,
    saved: Callable[[CheckIn | None], None],
) -> None:
    """Ask which part needs correcting, then open the walk-through on that page. Changes not
    saved yet from an earlier correction are carried on where they were left."""
    from redflags.tui.screens.checkin.walk import CheckInFlow

    try:
        kept = any(key == edit_key(checkin.id) for key, _, _ in services.store.drafts())
    except StoreError:
        kept = False
    if kept:
        app.push_screen(CheckInFlow(services, editing=checkin), saved)
        return
    try:
        checklist: Checklist | None = services.catalog.get(checkin.checklist)
    except ChecklistError:
        checklist = None

    def chosen(page: str | None) -> None:
        if page is not None:
            app.push_screen(CheckInFlow(services, editing=checkin, page=page), saved)

    app.push_screen(CorrectWhich(checkin, checklist), chosen)
