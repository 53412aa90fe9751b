"""One sign on a walk-through page: its label, what to look for, the answer so far, its note.

The row changes the ``Answer`` it was given and says so with ``SignRow.Changed``; the screen keeps the
draft. A noted sign shows its other explanations at once.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Label, TextArea

from redflags.checklist import Sign
from redflags.model import Status
from redflags.safe_text import one_line
from redflags.tui.checkin_state import Answer, status_mark
from redflags.tui.widgets.plain_fields import NoteArea

NOTE_SHOWN = 300  # characters of a note shown in the row; the whole note is kept and saved


def _mark(status: Status) -> str:
    return f"mark('{status.value}')"


# Buttons for mouse users; each does what its key does.
_ACTIONS = (
    ("y noted", _mark(Status.NOTED)),
    ("n not seen", _mark(Status.NOT_SEEN)),
    ("u not checked", _mark(Status.NOT_CHECKED)),
    ("e other cause", "explained"),
    ("⏎ note", "note"),
)


class SignRow(Widget, can_focus=True):
    """A sign and its answer; y, n, u, e and enter act on it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", _mark(Status.NOTED), "Noted"),
        Binding("n", _mark(Status.NOT_SEEN), "Not seen"),
        Binding("u", _mark(Status.NOT_CHECKED), "Not checked"),
        # e and enter are on the row's own buttons and explained in its text; the footer keeps
        # its room for the page keys and the app's urgent-help key.
        Binding("e", "explained", "Other cause", show=False),
        Binding("enter", "note", "Note", show=False),
        Binding("up", "move(-1)", "Previous sign", show=False),
        Binding("down", "move(1)", "Next sign", show=False),
    ]

    class Changed(Message):
        """The answer of this sign changed (the draft should be kept)."""

        def __init__(self, row: SignRow) -> None:
            super().__init__()
            self.row = row

    class Said(Message):
        """A calm line for the person, such as why a key did nothing."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, sign: Sign, answer: Answer) -> None:
        super().__init__(id=f"sign-{sign.id}")
        self.sign = sign
        self.answer = answer
        self._editing = False

    def compose(self) -> ComposeResult:
        with Horizontal(classes="sign-line"):
            yield Label(classes="sign-status", markup=False)
            with Vertical(classes="sign-body"):
                yield Label(Text(one_line(self.sign.label)), classes="sign-label", markup=False)
                yield Label(
                    Text(f"Look for: {one_line(self.sign.look_for)}"),
                    classes="sign-look",
                    markup=False,
                )
                others = "; ".join(one_line(o) for o in self.sign.other_explanations)
                yield Label(
                    Text(f"Other possible explanations: {others}."),
                    classes="sign-others",
                    markup=False,
                )
                yield Label(classes="sign-explained", markup=False)
                yield Label(classes="sign-note", markup=False)
        # Across the whole row (not under the text only), so they fit an 80-column terminal.
        with Horizontal(classes="sign-actions"):
            pass

    def on_mount(self) -> None:
        self.show_answer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the note is open its keys type text: keep them out of the footer.
        return not self._editing or action not in ("mark", "explained", "note", "move")

    @property
    def editor(self) -> NoteArea | None:
        """The open note box, if any."""
        found = self.query(NoteArea)
        return found.first() if found else None

    def show_answer(self) -> None:
        """Redraw the row from its answer."""
        answer = self.answer
        noted = answer.status is Status.NOTED
        status = self.query_one(".sign-status", Label)
        status.update(Text(status_mark(answer.status)))
        status.set_class(noted, "-noted")
        status.set_class(answer.status is None, "-unanswered")
        self.set_class(noted, "-noted")
        self.query_one(".sign-others").display = noted
        explained = self.query_one(".sign-explained", Label)
        explained.display = noted
        explained.update(
            Text("✓ Another explanation is likely (press e to undo)")
            if answer.explained
            else Text("If another explanation is likely, press e.")
        )
        note = self.query_one(".sign-note", Label)
        note.display = bool(answer.note) and not self._editing
        note.update(Text(f"Note: {_shortened(answer.note)}"))

    # -- keys --------------------------------------------------------------------------------

    def action_mark(self, value: str) -> None:
        self.answer.status = Status(value)
        self._changed()

    def action_explained(self) -> None:
        if self.answer.status is not Status.NOTED:
            self.post_message(
                self.Said(
                    "“Another explanation is likely” is for a sign you noted. "
                    "Press y first if you saw it."
                )
            )
            return
        self.answer.explained = not self.answer.explained
        self._changed()

    def action_note(self) -> None:
        editor = self.editor
        if editor is None:
            self._editing = True
            editor = NoteArea(self.answer.note, classes="sign-editor")
            self.query_one(".sign-note").display = False
            self.refresh_bindings()
            self.query_one(".sign-body").mount(editor)
        editor.focus()

    def action_move(self, step: int) -> None:
        rows = [w for w in self.parent.children if isinstance(w, SignRow)] if self.parent else []
        place = rows.index(self) + step if self in rows else -1
        if not 0 <= place < len(rows):
            raise SkipAction()
        rows[place].focus()

    @on(Button.Pressed)
    async def _button(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.name:
            await self.run_action(event.button.name)

    # -- the note box ------------------------------------------------------------------------

    @on(TextArea.Changed, ".sign-editor")
    def _note_typed(self, event: TextArea.Changed) -> None:
        event.stop()
        if event.text_area.text != self.answer.note:
            self.answer.note = event.text_area.text
            self.post_message(self.Changed(self))

    @on(NoteArea.Done)
    def _note_done(self, event: NoteArea.Done) -> None:
        event.stop()
        self._close_note(refocus=True)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        # Clicking or tabbing away from an open note closes it too; its text is already kept.
        if isinstance(event.widget, NoteArea):
            self._close_note(refocus=False)

    def _close_note(self, *, refocus: bool) -> None:
        editor = self.editor
        if editor is None:
            return
        self.answer.note = editor.text
        self._editing = False
        self.refresh_bindings()
        if refocus:
            self.focus()
        editor.remove()
        self.show_answer()

    def _changed(self) -> None:
        self.show_answer()
        self.post_message(self.Changed(self))


def _shortened(note: str) -> str:
    """A note on one line, cut short in the row (the review page shows more)."""
    shown = one_line(note)
    if len(shown) <= NOTE_SHOWN:
        return shown
    return f"{shown[:NOTE_SHOWN]}… ({len(note):,} characters in all)"
