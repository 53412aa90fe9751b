"""Every key of the screen it was opened from, and what the app's words and symbols mean."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Label

from redflags.terms import Status
from redflags.tui.widgets.footer import Footer
from redflags.tui.widgets.week_strip import StripLegend

KEY_WIDTH = 14


class HelpScreen(Screen[None]):
    """The keys of the screen beneath it, named in plain words."""

    SUB_TITLE = "Keys and words"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Close")]

    def __init__(self, keys: list[tuple[str, str]], screen_name: str) -> None:
        super().__init__()
        self.keys = keys
        self.screen_name = screen_name

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with VerticalScroll(id="help"):
            yield Label(f"Keys on the {self.screen_name} screen", classes="section-title")
            for key, description in self.keys:
                yield Label(Text.assemble((key.ljust(KEY_WIDTH), "bold"), description))
            yield Label(
                Text.assemble(
                    ("ctrl+p".ljust(KEY_WIDTH), "bold"), "every action by name (command palette)"
                )
            )
            yield Label(
                Text.assemble(
                    ("↑ ↓  tab".ljust(KEY_WIDTH), "bold"),
                    "move in a list, or to the next part of the screen; enter opens",
                )
            )
            yield Label(
                "ctrl+b (^b, Hide) blanks the screen at once, on every screen; Enter brings it back, "
                "after the passphrase if the notes are locked.",
                classes="note",
            )
            yield Label(
                "You can also click the keys at the bottom of the screen, and click or scroll "
                "with the mouse.",
                classes="note",
            )
            yield Label("The words used for each sign", classes="section-title")
            yield Label(
                f"{Status.NOTED.words}: you saw it.\n"
                f"{Status.NOT_SEEN.words}: you looked for it and did not see it.\n"
                f"{Status.NOT_CHECKED.words}: you did not look, or could not tell. "
                "This is never counted as not seen."
            )
            yield Label("The day symbols", classes="section-title")
            yield StripLegend()
            yield Label("Please remember", classes="section-title")
            yield Label(
                "This app keeps your observations. It cannot diagnose anything: every sign has "
                "other possible causes, and only a qualified professional can assess substance "
                "use. If someone may be in danger, press Ctrl+G (^g) for urgent help, from anywhere."
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help").focus()
