"""The blank view: what the hide key shows at once, over every screen, dialog and walk-through.

It holds one neutral line and, below it, the emergency numbers, and nothing else: no title, no
keys, no notifications, nothing that says what the app is, for when the person being observed may
look at the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Label

NEUTRAL_LINE = "Press Enter to continue"


def emergency_line(numbers: str) -> str:
    """The one other line: who to call in an emergency, with the numbers when known."""
    return (
        f"In an emergency, call {numbers}."
        if numbers
        else "In an emergency, call emergency services."
    )


class BlankScreen(Screen[None]):
    """A plain dark screen; Enter goes back to where the person was.

    ``unlock`` makes the passphrase screen that must accept the passphrase first (a locked
    database), or is None to go back at once (a plain one).
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "go_back", show=False)]
    DEFAULT_CSS = """
    BlankScreen #blank-emergency {
        color: #808080;
        margin-top: 1;
    }
    """

    def __init__(self, unlock: Callable[[], Screen[bool]] | None, emergency: str = "") -> None:
        """``emergency``: which emergency number to call, in words ("999 or 112"), if known."""
        super().__init__()
        self.unlock = unlock
        self.emergency = emergency

    def compose(self) -> ComposeResult:
        yield Label(NEUTRAL_LINE, id="blank-line")
        yield Label(emergency_line(self.emergency), id="blank-emergency", markup=False)

    def action_go_back(self) -> None:
        if self.unlock is None:
            self.dismiss(None)
            return

        def answered(opened: bool | None) -> None:
            if opened:
                self.dismiss(None)

        self.app.push_screen(self.unlock(), answered)
