"""The blank view: what the hide key shows at once, over every screen, dialog and walk-through.

It holds one neutral line and nothing else: no title, no keys, no notifications, nothing that says
what the app is, for when the person being observed may look at the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Label

NEUTRAL_LINE = "Press Enter to continue"


class BlankScreen(Screen[None]):
    """A plain dark screen; Enter goes back to where the person was.

    ``unlock`` makes the passphrase screen that must accept the passphrase first (a locked
    database), or is None to go back at once (a plain one).
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "go_back", show=False)]

    def __init__(self, unlock: Callable[[], Screen[bool]] | None) -> None:
        super().__init__()
        self.unlock = unlock

    def compose(self) -> ComposeResult:
        yield Label(NEUTRAL_LINE, id="blank-line")

    def action_go_back(self) -> None:
        if self.unlock is None:
            self.dismiss(None)
            return

        def answered(opened: bool | None) -> None:
            if opened:
                self.dismiss(None)

        self.app.push_screen(self.unlock(), answered)
