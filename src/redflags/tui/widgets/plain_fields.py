"""Text fields for what people type, drawn so that nothing in them can act on the terminal.

Textual's Input and TextArea draw their text as it is. Text holding an escape character (pasted, or
loaded from a stored note) would reach the terminal as a control sequence, so these fields drop every
control character from what they draw. Those characters take no cells on screen, so nothing moves;
the value itself is never changed.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Input, RadioButton, RadioSet, TextArea

from redflags.safe_text import has_controls
from redflags.safe_text import without_controls as _drop_controls


def without_controls(strip: Strip) -> Strip:
    """The same line with every control character left out of the drawing."""
    # Tab and newline too: drawn raw, they move the cursor.
    if not any(has_controls(segment.text) for segment in strip):
        return strip
    return Strip(
        [Segment(_drop_controls(s.text), s.style, s.control) for s in strip],
        strip.cell_length,
    )


class PlainInput(Input, inherit_bindings=False):
    """A one-line field. Right at the end of the text and left at its start fall through to the
    page keys, so the arrows that turn pages still work from a field. Only Input's own keys: the
    scrolling keys it would inherit hide page up and page down from the footer."""

    BINDINGS: ClassVar[list[BindingType]] = list(Input.BINDINGS)

    def __init__(
        self,
        value: str = "",
        *,
        placeholder: str = "",
        id: str | None = None,
    ) -> None:
        # The cursor goes to the end rather than selecting everything: a first key then adds to
        # the text instead of silently replacing it, and the arrows turn pages at once.
        super().__init__(value, placeholder=placeholder, id=id, select_on_focus=False)

    def render_line(self, y: int) -> Strip:
        return without_controls(super().render_line(y))

    def action_cursor_right(self, select: bool = False) -> None:
        if not select and self.cursor_at_end and self.selection.is_empty:
            raise SkipAction()
        super().action_cursor_right(select)

    def action_cursor_left(self, select: bool = False) -> None:
        if not select and self.cursor_position == 0 and self.selection.is_empty:
            raise SkipAction()
        super().action_cursor_left(select)

    def _on_paste(self, event: events.Paste) -> None:
        # Input keeps only the first line of a paste; keep every line, joined with spaces.
        # prevent_default: Textual would run Input's own paste handler after this one.
        event.prevent_default()
        if event.text:
            joined = " ".join(event.text.splitlines())
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(joined)
            else:
                self.replace(joined, *selection)
        event.stop()


class PlainArea(TextArea):
    """A text box of several lines, for a note."""

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(
            text,
            id=id,
            classes=classes,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
        )

    def render_line(self, y: int) -> Strip:
        return without_controls(super().render_line(y))


class NoteArea(PlainArea):
    """The note box under a sign: enter or escape closes it, keeping the text."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, or the text box would take enter as a new line.
        Binding("enter", "done", "Done with the note", priority=True),
        Binding("escape", "done", "Done with the note"),
    ]

    class Done(Message):
        """The person finished with the note."""

    def action_done(self) -> None:
        self.post_message(self.Done())


class Choice(RadioButton):
    """A radio button whose dot is there only when it is chosen, not only a different colour."""

    def __init__(self, label: str | Text, value: bool = False) -> None:
        super().__init__(label, value)
        self.BUTTON_INNER = "●" if value else " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = "●" if self.value else " "
        super().watch_value()


class ChoiceSet(RadioSet, inherit_bindings=False):
    """Radio buttons where up and down choose at once (as in a web form); left and right are left
    to the page keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "next_choice", "Next choice", show=False),
        Binding("up", "previous_choice", "Previous choice", show=False),
        Binding("enter,space", "toggle_button", "Choose", show=False),
    ]

    def on_mount(self) -> None:
        self.call_after_refresh(self._highlight_pressed)

    def _highlight_pressed(self) -> None:
        # Run after the first refresh: by then the set may already be gone (a page left at
        # once), its buttons removed while Textual still holds the pressed one.
        if not self.is_attached:
            return
        place = self._pressed_place()
        if place >= 0:
            self._selected = place

    def _pressed_place(self) -> int:
        """Where the chosen button is among the buttons on screen, or -1 (Textual's own
        ``pressed_index`` fails when the pressed button is no longer among the children)."""
        for place, button in enumerate(self.query(RadioButton)):
            if button.value:
                return place
        return -1

    def action_next_choice(self) -> None:
        self._choose(1)

    def action_previous_choice(self) -> None:
        self._choose(-1)

    def _choose(self, step: int) -> None:
        # No wrapping round: down at "Not sure" stays there rather than jumping back to "Yes".
        pressed = self._pressed_place()
        place = (pressed if pressed >= 0 else -step) + step
        buttons = list(self.query(RadioButton))
        if 0 <= place < len(buttons):
            self._selected = place
            buttons[place].value = True
