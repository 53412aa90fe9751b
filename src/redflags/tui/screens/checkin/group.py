"""A check-in page for one route group: its title, why it matters, and a row per sign."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Label

from redflags.checklist import Group
from redflags.safe_text import one_line
from redflags.terms import NO_OTHER_EXPLANATION, Status
from redflags.tui.screens.checkin.page import FlowPage, Walk
from redflags.tui.widgets.sign_row import SignRow
from redflags.words import counted


class GroupPage(FlowPage):
    """The signs of one group. The screen's ``a`` and ``s`` give every sign of the page still
    without an answer one (looked for, not seen; not checked)."""

    def __init__(self, walk: Walk, group: Group) -> None:
        super().__init__(walk)
        self.group = group

    def compose(self) -> ComposeResult:
        yield Label(Text(one_line(self.group.title)), classes="page-title", markup=False)
        yield Label(Text(one_line(self.group.why)), classes="page-why", markup=False)
        yield Label(
            "Only record what you actually looked for. A sign you leave stays “not checked”.",
            classes="hint",
        )
        checklist = self.walk.checklist
        none_listed = checklist.no_other_explanation if checklist else NO_OTHER_EXPLANATION
        for sign in self.group.signs:
            yield SignRow(sign, self.state.answer(sign.id), none_listed)

    @property
    def rows(self) -> list[SignRow]:
        return list(self.query(SignRow))

    def focus_first(self) -> None:
        rows = self.rows
        waiting = [r for r in rows if r.answer.status is None]
        target = (waiting or rows)[0]
        # Scrolling to the first row would hide the page's title and why; keep the top in view.
        target.focus(scroll_visible=target is not rows[0])

    def answer_the_rest(self, status: Status) -> str:
        """Give every sign of the page without an answer ``status``; says what was done."""
        waiting = [r for r in self.rows if r.answer.status is None]
        for row in waiting:
            row.answer.status = status
            row.show_answer()
        if not waiting:
            return "Every sign on this page already has an answer."
        self.edited()
        # Every sign now has an answer: the next page is the likely next step.
        self.post_message(self.Ready())
        return f"{counted(len(waiting), 'sign')} on this page marked {status.words}."
