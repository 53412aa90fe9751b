"""A small dialog that asks for one line of text and acts on it.

The action runs while the dialog is open, so a problem (a name already in use, an empty reason, a busy
database) is shown under the field and what was typed stays there to fix.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from redflags.store import StoreError

T = TypeVar("T")


class TextPrompt(ModalScreen[T | None], Generic[T]):
    """Ask for text, run ``act`` on it, and close with its result; Escape closes with None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        *,
        title: str,
        explanation: Text | str,
        confirm: str,
        act: Callable[[str], T],
        initial: str = "",
        placeholder: str = "",
        max_length: int = 0,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.title_words = title
        self.explanation = explanation
        self.confirm = confirm
        self.act = act
        self.initial = initial
        self.placeholder = placeholder
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_words, classes="dialog-title", markup=False)
            yield Label(self.explanation, classes="dialog-text", markup=False)
            yield Input(
                self.initial,
                placeholder=self.placeholder,
                max_length=self.max_length,
                id="answer",
            )
            yield Label("", id="problem", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.confirm, variant="primary", id="confirm")
                yield Button("Cancel", id="cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "confirm":
            self.submit()
        else:
            self.dismiss(None)

    def submit(self) -> None:
        """Run the action on what was typed; on a problem, say what it is and keep the text."""
        text = self.query_one("#answer", Input).value
        try:
            result = self.act(text)
        except StoreError as exc:
            problem = str(exc)
            self.query_one("#problem", Label).update(problem[:1].upper() + problem[1:] + ".")
            self.query_one("#answer", Input).focus()
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)
