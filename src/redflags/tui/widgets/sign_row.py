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
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Label, Static, TextArea

from redflags.checklist import Sign
from redflags.drafts import Answer, status_mark
from redflags.safe_text import one_line
from redflags.terms import Status
from redflags.tui.widgets.plain_fields import NoteArea

NOTE_SHOWN = 300  # characters of a note shown in the row; the whole note is kept and saved
MUTED = "$foreground 60%"


def _mark(status: Status) -> str:
    return f"mark('{status.value}')"


# Clickable words for mouse users; each does what its key does. Fixed text, so markup is safe.
_KEYS = {"y": _mark(Status.NOTED), "n": _mark(Status.NOT_SEEN), "u": _mark(Status.NOT_CHECKED)}
_KEYS |= {"e": "explained", "enter": "note"}
_ANSWERS = (
    "[@click=press('y')] y noted [/]  [@click=press('n')] n not seen [/]  "
    "[@click=press('u')] u not checked [/]  "
)
_NOTE = "[@click=press('enter')] ⏎ note [/]"
# "Another explanation is likely" is offered on a noted sign only.
_CHOICES = Content.from_markup(_ANSWERS + _NOTE)
_CHOICES_NOTED = Content.from_markup(_ANSWERS + "[@click=press('e')] e other cause [/]  " + _NOTE)
EXPLAINED_FIRST = (
    "“Another explanation is likely” (e) is for a sign you noted: press y first if you saw it."
)


class _Choices(Static):
    """The row's keys as words to click; shown on the row that has the focus."""

    async def action_press(self, key: str) -> None:
        row = self.parent
        if isinstance(row, SignRow):
            await row.run_action(_KEYS[key])


class SignRow(Widget, can_focus=True):
    """A sign and its answer; y, n, u, e and enter act on it.

    Few widgets on purpose (a page has up to a dozen rows, rebuilt on every page turn): the text
    is one Static, redrawn from the answer.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # The answer keys are on the focused row's own clickable words (e only on a noted
        # sign), and listed by ?: the footer keeps its room for the page keys and the app's
        # urgent-help key, which must never be cut at 80 columns.
        Binding("y", _mark(Status.NOTED), "Noted", show=False),
        Binding("n", _mark(Status.NOT_SEEN), "Not seen", show=False),
        Binding("u", _mark(Status.NOT_CHECKED), "Not checked", show=False),
        # On a noted sign only; elsewhere the same key only says what it is for.
        Binding("e", "explained", "Other cause", show=False),
        Binding("e", "explained_first", "Other cause", show=False),
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

    def __init__(self, sign: Sign, answer: Answer, none_listed: str) -> None:
        super().__init__(id=f"sign-{sign.id}")
        self.sign = sign
        self.answer = answer
        # Shown on a noted sign that lists no other explanation: the checklist's own line.
        self.none_listed = none_listed
        self._editing = False

    def compose(self) -> ComposeResult:
        with Horizontal(classes="sign-line"):
            yield Label(classes="sign-status", markup=False)
            yield Static(classes="sign-body", markup=False)
        # Across the whole row (not under the text only), so they fit an 80-column terminal.
        yield _Choices(_CHOICES, classes="sign-actions")

    def on_mount(self) -> None:
        self.show_answer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the note is open its keys type text: keep them out of the footer.
        if self._editing and action in ("mark", "explained", "explained_first", "note", "move"):
            return False
        if action in ("explained", "explained_first"):
            return (self.answer.status is Status.NOTED) == (action == "explained")
        return True

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
        self.query_one(".sign-body", Static).update(self._body())
        self.query_one(_Choices).update(_CHOICES_NOTED if noted else _CHOICES)

    def _body(self) -> Content:
        """The sign's words: checklist text and typed text, never read as markup."""
        sign, answer = self.sign, self.answer
        parts: list[Content | tuple[str, str]] = [
            (one_line(sign.label), "bold"),
            (f"\nLook for: {one_line(sign.look_for)}", MUTED),
        ]
        if answer.status is Status.NOTED:
            if sign.other_explanations:
                others = "; ".join(one_line(o) for o in sign.other_explanations)
                parts.append(Content(f"\nOther possible explanations: {others}."))
            else:
                parts.append(Content(f"\n{one_line(self.none_listed)}"))
            if answer.explained:
                parts.append(Content("\n✓ Another explanation is likely (press e to undo)"))
            else:
                parts.append(("\nIf another explanation is likely, press e.", MUTED))
        if answer.note and not self._editing:
            parts.append(Content(f"\nNote: {_shortened(answer.note)}"))
        return Content.assemble(*parts)

    # -- keys --------------------------------------------------------------------------------

    def action_mark(self, value: str) -> None:
        self.answer.status = Status(value)
        self._changed()
        # On to the next sign; the last one keeps the focus (the page keys still work there).
        if not self.move_focus(1):
            self.refresh_bindings()

    def action_explained(self) -> None:
        if self.answer.status is Status.NOTED:
            self.answer.explained = not self.answer.explained
            self._changed()

    def action_explained_first(self) -> None:
        self.post_message(self.Said(EXPLAINED_FIRST))

    def action_note(self) -> None:
        editor = self.editor
        if editor is None:
            self._editing = True
            editor = NoteArea(self.answer.note, classes="sign-editor")
            self.show_answer()
            self.refresh_bindings()
            self.mount(editor, before=self.query_one(_Choices))
        editor.focus()

    def action_move(self, step: int) -> None:
        if not self.move_focus(step):
            raise SkipAction()

    def move_focus(self, step: int) -> bool:
        """Give the focus to the sign ``step`` rows away; False when there is none."""
        rows = [w for w in self.parent.children if isinstance(w, SignRow)] if self.parent else []
        place = rows.index(self) + step if self in rows else -1
        if not 0 <= place < len(rows):
            return False
        rows[place].focus()
        return True

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
