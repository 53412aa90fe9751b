"""The last page of a check-in: everything in words, a note, what went well; and the reason asked
before a correction is saved."""

from __future__ import annotations

from typing import ClassVar

from rich import box
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from redflags.checklist import Checklist
from redflags.drafts import (
    TREATMENT_WORDS,
    Answer,
    changes,
    not_checked_line,
    status_mark,
    when_words,
)
from redflags.errors import ChecklistError, EntryError
from redflags.safe_text import one_line, printable
from redflags.terms import Status
from redflags.tui.screens.checkin.page import FlowPage
from redflags.tui.widgets.plain_fields import PlainArea, PlainInput
from redflags.words import counted

NOTE_SHOWN = 2000  # characters of a sign's note shown here; all of it is saved


class ReviewScroll(Vertical, can_focus=True):
    """What will be saved, scrolled with the arrows. Only up, down, home and end: the page keys
    (left, right, page up, page down) stay with the walk-through."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "scroll_up", "Scroll up", show=False),
        Binding("down", "scroll_down", "Scroll down", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "End", show=False),
    ]


class ReviewPage(FlowPage):
    """What will be saved, in words (for a correction, what changes, old and new side by side),
    with the note and what went well always in view below it. The summary takes the focus
    first, so the arrows scroll through what will be saved."""

    def compose(self) -> ComposeResult:
        yield Label("Check before saving", classes="page-title")
        yield Label(id="review-rest", markup=False)
        with ReviewScroll(id="review-scroll"):
            yield Static(id="review-changes", classes="review-changes")
            yield Static(classes="review-summary")
        with Horizontal(id="review-boxes"):
            with Vertical(classes="review-box"):
                yield Label("A note about this check-in (optional)", classes="field-label")
                yield PlainArea(self.state.note, id="note")
            with Vertical(classes="review-box"):
                yield Label("What went well (optional)", classes="field-label")
                yield PlainArea(self.state.positives, id="positives")
        yield Label(
            "Your own observations, not a diagnosis: only a qualified professional can assess "
            "substance use.",
            classes="hint",
        )

    def on_mount(self) -> None:
        self.show_summary()

    def focus_first(self) -> None:
        self.query_one(ReviewScroll).focus()

    def show_summary(self) -> None:
        """Write what will be saved (again, after a change on this page)."""
        self.query_one(".review-summary", Static).update(self._summary())
        changes = self._changes()
        holder = self.query_one("#review-changes", Static)
        holder.display = changes is not None
        if changes is not None:
            holder.update(changes)
        checklist = self.walk.checklist
        waiting = self.state.unanswered(checklist) if checklist is not None else 0
        offer = self.query_one("#review-rest", Label)
        offer.display = waiting > 0
        if waiting:
            offer.update(
                Text(
                    f"{counted(waiting, 'sign')} without an answer will be saved as not checked. "
                    f"Press a if you looked for {'it' if waiting == 1 else 'them'} and saw "
                    f"none: {'it becomes' if waiting == 1 else 'they become'} "
                    f"“{Status.NOT_SEEN.words}”."
                )
            )

    def answer_the_rest(self, status: Status) -> str:
        """Give every sign of the check-in without an answer ``status``; says what was done."""
        checklist = self.walk.checklist
        if checklist is None:
            return ""
        done = self.state.answer_the_rest(checklist, status)
        if not done:
            return "Every sign already has an answer."
        self.edited()
        self.show_summary()
        return f"{counted(done, 'sign')} marked {status.words}. ctrl+s saves."

    def _changes(self) -> Table | None:
        """For a correction: what changes, as saved before and as it will be saved now."""
        original, checklist = self.walk.original, self.walk.checklist
        if not self.state.editing or original is None or checklist is None:
            return None
        try:
            now = self.state.to_checkin(checklist, now=self.walk.now)
        except (EntryError, ChecklistError):
            return None
        found = changes(original, now, checklist)
        table = Table(
            title=Text("What changes" if found else "Nothing changed yet", style="bold"),
            title_justify="left",
            expand=True,
            show_edge=False,
            box=box.SIMPLE_HEAD,
        )
        table.add_column("", ratio=1)
        table.add_column("Saved before", ratio=2)
        table.add_column("Now", ratio=2)
        for change in found:
            table.add_row(
                Text(one_line(change.what), style="bold"),
                Text(_short(change.before)),
                Text(_short(change.after)),
            )
        return table

    def _summary(self) -> Text:
        state, walk = self.state, self.walk
        text = Text()
        checklist = walk.checklist
        problem = state.when_problem(walk.now)
        when = problem or when_words(state.observed_at(walk.now))
        _line(text, "Person", one_line(state.person.strip()))
        if checklist is not None:
            _line(text, "Checklist", one_line(checklist.title))
        _line(text, "When", when)
        _line(text, "Observer", one_line(state.observer) or "not given")
        _line(text, "Treatment day", TREATMENT_WORDS[state.treatment_day])
        _line(text, "Setting", one_line(state.setting) or "not given")
        if checklist is None:
            return text
        counts = state.counts(checklist)
        text.append(
            f"\n{counts.noted} noted · {counts.not_seen} looked for, not seen · "
            f"{counts.not_checked} not checked\n",
            style="bold",
        )
        if counts.not_checked:
            text.append(not_checked_line(counts) + "\n")
        _signs(text, checklist, state.answers)
        strays = state.strays(checklist)
        if strays:
            text.append(
                f"\n{counted(len(strays), 'earlier answer')} for signs this checklist no longer "
                "has stay in the earlier version, which is kept.\n"
            )
        return text

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        value = event.text_area.text
        if event.text_area.id == "note" and value != self.state.note:
            self.state.note = value
        elif event.text_area.id == "positives" and value != self.state.positives:
            self.state.positives = value
        else:
            return
        self.edited()
        if self.state.editing:
            self.query_one("#review-changes", Static).update(self._changes() or "")


def _short(text: str) -> str:
    shown = printable(text)
    return (
        shown if len(shown) <= NOTE_SHOWN else f"{shown[:NOTE_SHOWN]}… ({len(text):,} characters)"
    )


def _line(text: Text, name: str, value: str) -> None:
    text.append(f"{name}: ", style="bold")
    text.append(f"{value}\n")


def _signs(text: Text, checklist: Checklist, answers: dict[str, Answer]) -> None:
    """Each group: the signs with an answer or a note, then how many were not checked."""
    for group in checklist.groups:
        text.append(f"\n{one_line(group.title)}\n", style="bold")
        left = 0
        for sign in group.signs:
            answer = answers.get(sign.id, Answer())
            if answer.status in (None, Status.NOT_CHECKED) and not answer.note:
                left += 1
                continue
            text.append(f"  {status_mark(answer.status)}: {one_line(sign.label)}")
            if answer.status is Status.NOTED and answer.explained:
                text.append(" — another explanation is likely")
            text.append("\n")
            if answer.note:
                note = printable(answer.note)
                if len(note) > NOTE_SHOWN:
                    note = f"{note[:NOTE_SHOWN]}… ({len(answer.note):,} characters in all)"
                text.append(f"      Note: {note}\n")
        if left:
            text.append(f"  {counted(left, 'sign')} not checked\n", style="dim")


class ReasonDialog(ModalScreen[str | None]):
    """Why a check-in is corrected; the reason is kept with the earlier version."""

    CSS_PATH = "../../checkin.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Why are you correcting this check-in?", classes="page-title")
            yield Label(
                "The earlier version is kept, with your reason, so the record shows what changed.",
                classes="hint",
            )
            yield PlainInput(placeholder="for example: wrong day, or a sign I missed", id="reason")
            yield Label("", id="reason-message", classes="flow-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="reason-cancel")
                yield Button("Save correction", id="reason-save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#reason").focus()

    @on(Input.Submitted, "#reason")
    @on(Button.Pressed, "#reason-save")
    def _save(self) -> None:
        reason = self.query_one("#reason", Input).value
        if not reason.strip():
            self.query_one("#reason-message", Label).update(
                "Please write a short reason; it is kept with the earlier version."
            )
            return
        self.dismiss(reason)

    @on(Button.Pressed, "#reason-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
