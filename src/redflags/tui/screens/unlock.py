"""The passphrase screen of a locked database: nothing from the notes is shown until it opens them.

The app asks here, never in the terminal. What is typed stays in a hidden field, goes only to
SQLCipher's key derivation, and is cleared from the field after each try; it is never logged or shown.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Label

from redflags.safe_text import one_line
from redflags.store import (
    Store,
    StoreError,
    WrongPassphrase,
    conversion_in_progress,
    wait_for_conversion,
)
from redflags.tui.gate import Gate as Gate
from redflags.tui.widgets.footer import Footer

MAX_TRIES = 3
WAITING = (
    "Another window is locking or unlocking these notes; waiting for that to finish (at most a"
    " minute)."
)
FINISHED = "The other window has finished: type the passphrase again and press Enter."
FAREWELL = "the passphrase was not right three times, so redflags closed; nothing was changed"


def check_passphrase(path: Path, passphrase: str) -> None:
    """WrongPassphrase unless ``passphrase`` opens the locked database at ``path``; writes nothing."""
    Store.open(path, create=False, passphrase=passphrase).close()


def _tries_left(left: int) -> str:
    tries = "once more" if left == 1 else f"{left} more times"
    return f"You can try {tries}, then the app closes (nothing is lost)."


class UnlockScreen(Screen[bool]):
    """Asks for the passphrase. Dismissed with True once ``attempt`` accepts one; with ``back``,
    Esc dismisses it with False (to the blank view), otherwise Esc quits."""

    SUB_TITLE = "Locked"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("escape", "app.quit", "Quit"),
    ]

    def __init__(self, gate: Gate, attempt: Callable[[str], object], *, back: bool) -> None:
        super().__init__()
        self.gate = gate
        self.attempt = attempt
        self.back = back

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(id="unlock"):
            yield Label("These notes are locked", classes="dialog-title")
            yield Label(
                "Type the passphrase, then press Enter. Nothing is shown until it is right.",
                classes="dialog-text",
            )
            if self.gate.shown:
                yield Label(
                    Text.assemble("File: ", (one_line(self.gate.shown), "bold")),
                    classes="dialog-text",
                    markup=False,
                )
            yield Input(password=True, placeholder="Passphrase", id="passphrase")
            yield Label("", id="unlock-problem", markup=False)
            # The ! key types into the field here, so the urgent line is spelled out instead.
            yield Label(self.gate.call_now(), id="unlock-urgent", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # One Esc binding is shown: Back over the blank view, Quit as the app's first screen.
        if action == "back":
            return self.back
        if action == "app.quit":
            return not self.back
        return True

    def action_back(self) -> None:
        self.dismiss(False)

    def say(self, words: str) -> None:
        self.query_one("#unlock-problem", Label).update(words)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value
        # Not left on screen, even hidden, while it is being tried or after.
        event.input.value = ""
        if not typed:
            self.say("Type the passphrase first, then press Enter.")
            return
        path = self.gate.path
        if path is not None and conversion_in_progress(path):
            # Said, and waited for away from the screen, which keeps answering (opening would
            # hold it still for up to a minute).
            self.say(WAITING)
            self.run_worker(self._after_waiting(path, typed), group="waiting", exclusive=True)
            return
        self.open_with(typed)

    async def _after_waiting(self, path: Path, typed: str) -> None:
        await asyncio.to_thread(wait_for_conversion, path)
        if self.app.screen is not self:  # the urgent help, say, opened meanwhile
            self.say(FINISHED)
            return
        self.say("")
        self.open_with(typed)

    def open_with(self, typed: str) -> None:
        """Try the passphrase: the notes open, or the screen says what went wrong."""
        try:
            self.attempt(typed)
        except WrongPassphrase:
            self.gate.wrong += 1
            left = MAX_TRIES - self.gate.wrong
            if left > 0:
                self.say("Not the right passphrase; nothing was changed. " + _tries_left(left))
            else:
                self.leave(FAREWELL, 2)
            return
        except StoreError as exc:
            self.leave(f"error: {one_line(str(exc))}", 1)
            return
        self.gate.wrong = 0
        self.dismiss(True)

    def leave(self, farewell: str, code: int) -> None:
        """End the app; run_app prints ``farewell`` once the terminal is back."""
        self.gate.farewell = farewell
        self.app.exit(return_code=code)
