"""The check-in walk-through: person and checklist, context, one page per route group, review.

From the first change on, the answers are kept as a draft in the store after every change, so that
leaving, closing the terminal or a crash loses nothing; the draft is dropped once the check-in is
saved. A correction keeps the check-in's id and asks for a reason before it is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.screen import Screen
from textual.widgets import Button, Label

from redflags.checklist import ChecklistError
from redflags.drafts import CheckInState, describe, when_words
from redflags.entry import EntryError
from redflags.model import CheckIn
from redflags.safe_text import one_line
from redflags.store import StoreError
from redflags.terms import Status
from redflags.tui.screens.checkin.context import ContextPage
from redflags.tui.screens.checkin.group import GroupPage
from redflags.tui.screens.checkin.page import (
    FlowPage,
    Walk,
    remember_observer,
    starting_state,
)
from redflags.tui.screens.checkin.person import PersonPage
from redflags.tui.screens.checkin.review import ReasonDialog, ReviewPage
from redflags.tui.services import Services
from redflags.tui.widgets.footer import Footer
from redflags.tui.widgets.sign_row import SignRow

PERSON, CONTEXT = 0, 1
REVIEW_HINT = "Read it through with ↑ ↓; tab reaches the note boxes; ctrl+s saves."
CORRECTION_HINT = "Change what needs changing; ctrl+s shows the old and the new side by side."


class CheckInFlow(Screen[CheckIn | None]):
    """Record one check-in (or correct one); dismissed with the saved check-in, or None."""

    CSS_PATH = "../../checkin.tcss"
    SUB_TITLE = "Check-in"
    # The footer shows one key per action: the arrows on sign pages, PgUp/PgDn where a text field
    # takes the arrows.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "previous_page", "Back", key_display="←"),
        Binding("right", "next_page", "Next", key_display="→"),
        Binding("pageup", "previous_page", "Back", key_display="PgUp"),
        Binding("pagedown", "next_page", "Next", key_display="PgDn"),
        Binding("ctrl+s", "save", "Save", key_display="ctrl+s"),
        # Before the review page, ctrl+s leads to it: everything is shown once before saving.
        Binding("ctrl+s", "review", "Review", show=False),
        Binding("a", "rest_not_seen", "Rest not seen"),
        # Signs left without an answer are saved as not checked anyway: s is listed by ?.
        Binding("s", "rest_not_checked", "Rest not checked", show=False),
        Binding("escape", "leave", "Leave"),
        Binding("question_mark", "keys", "Keys", key_display="?"),
    ]

    def __init__(
        self,
        services: Services,
        person: str | None = None,
        editing: CheckIn | None = None,
        draft_key: str | None = None,
        *,
        now: datetime | None = None,
        page: str | None = None,
    ) -> None:
        super().__init__(classes="checkin-flow")
        self.services = services
        self._fixed_now = now
        start = starting_state(services, person, editing, draft_key, self._now())
        self._opening = start.said  # calm lines to show once the first page is up
        self._kept = bool(start.body)  # whether a draft of this check-in is in the store
        self._last_body = start.body
        state = start.state
        self._baseline: dict[str, object] | None = None  # a correction's content as stored
        self._offer_kept = draft_key is None and editing is None and not start.body
        self.walk = Walk(state=state, services=services, clock=self._now, original=editing)
        if state.editing and editing is None:
            with suppress(StoreError):
                self.walk.original = services.store.get_checkin(state.editing)
        names = self._page_names()
        index = names.index(page) if page in names else state.page
        self._index = min(max(index, 0), len(names) - 1)

    # -- starting ----------------------------------------------------------------------------

    def _now(self) -> datetime:
        return self._fixed_now or self.services.now()

    @property
    def state(self) -> CheckInState:
        return self.walk.state

    def compose(self) -> ComposeResult:
        yield Label(id="flow-title", markup=False)
        yield Label(id="flow-progress", markup=False)
        yield Container(id="flow-page")
        yield Label(id="flow-message", classes="flow-message", markup=False)
        with Horizontal(id="flow-nav"):
            yield Button("← Back", id="flow-back")
            yield Button("Next →", id="flow-next", variant="primary")
        # The command palette's key is left out: the footer needs the room for the page's keys.
        yield Footer(show_command_palette=False, compact=True)

    async def on_mount(self) -> None:
        await self._show(self._index)
        if self._opening:
            self.say(" ".join(self._opening))
        elif self.state.editing and not self._kept:
            self.say(CORRECTION_HINT)
        if self._offer_kept:
            self._offer_kept_draft()

    def _offer_kept_draft(self) -> None:
        """A new check-in for someone with a kept, unfinished one: offer that one first."""
        from redflags.tui.screens.checkin.kept import KeptDraftOffer, kept_for

        person = self.state.person.strip()
        if not person:
            return
        found = kept_for(self.services, person)
        if found is None:
            return
        key, updated, kept = found
        words = describe(kept, self.walk.checklist_of(kept), now=self._now())

        async def chosen(carry_on: bool | None) -> None:
            if carry_on:
                await self._continue(key, kept)

        self.app.push_screen(KeptDraftOffer(words, updated), chosen)

    async def _continue(self, key: str, kept: CheckInState) -> None:
        """Carry on with a kept draft in place of the new, empty check-in."""
        self.walk.state = kept
        self._kept, self._last_body = True, kept.to_json()
        names = self._page_names()
        await self._show(min(max(kept.page, 0), len(names) - 1))
        self.say("Continuing the check-in you had not finished.")

    # -- pages -------------------------------------------------------------------------------

    def _page_names(self) -> list[str]:
        checklist = self.walk.checklist
        groups = [g.id for g in checklist.groups] if checklist is not None else []
        return ["person", "context", *groups, "review"]

    def _make_page(self, index: int) -> FlowPage:
        names = self._page_names()
        if index == PERSON:
            return PersonPage(self.walk)
        if index == CONTEXT:
            return ContextPage(self.walk)
        if index == len(names) - 1:
            return ReviewPage(self.walk)
        checklist = self.walk.checklist
        assert checklist is not None  # group pages exist only with a checklist
        return GroupPage(self.walk, checklist.groups[index - 2])

    @property
    def page(self) -> FlowPage:
        return self.query_one(FlowPage)

    @property
    def on_review(self) -> bool:
        return self._index == len(self._page_names()) - 1

    async def _show(self, index: int) -> None:
        self._index = index
        holder = self.query_one("#flow-page")
        page = self._make_page(index)
        # One repaint for the swap, so the old page never gives way to an empty one first.
        with self.app.batch_update():
            await holder.remove_children()
            await holder.mount(page)
        self.say(REVIEW_HINT if self.on_review else "")
        self.query_one("#flow-back", Button).disabled = index == 0
        self.query_one("#flow-next", Button).label = "Save  ctrl+s" if self.on_review else "Next →"
        self._show_progress()
        self.refresh_bindings()
        if self._kept:
            self._keep_draft()  # remember the page too, to resume there
        # After the layout: focusing scrolls to the widget, and before it the page has no size.
        # By then the page may be gone (keys pressed quickly): only a page still here.
        self.call_after_refresh(_focus_first, page)

    def _show_progress(self) -> None:
        state = self.state
        person = one_line(state.person.strip())
        if state.editing:
            title = f"Correcting the check-in of {when_words(state.started)}"
        else:
            title = "New check-in"
        self.query_one("#flow-title", Label).update(
            Text(f"{title} for {person}" if person else title)
        )
        checklist = self.walk.checklist
        counts = state.counts(checklist) if checklist is not None else None
        signs = f" · {counts.answered} of {counts.total} signs answered" if counts else ""
        self.query_one("#flow-progress", Label).update(
            Text(f"Page {self._index + 1} of {len(self._page_names())}{signs}")
        )

    def say(self, line: str) -> None:
        """Show one calm line above the buttons (an empty line clears it)."""
        self.query_one("#flow-message", Label).update(Text(line))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Hidden (False) rather than greyed: the footer has no room for keys that do nothing here.
        if action in ("save", "review"):
            return self.on_review == (action == "save")
        if action == "next_page":
            return not self.on_review
        if action == "previous_page":
            return self._index > 0
        if action == "rest_not_checked":
            return isinstance(self._current, GroupPage)
        if action == "rest_not_seen":
            if self.on_review:
                checklist = self.walk.checklist
                return checklist is not None and self.state.unanswered(checklist) > 0
            return isinstance(self._current, GroupPage)
        return True

    @property
    def _current(self) -> FlowPage | None:
        found = self.query(FlowPage)
        return found.first() if found else None

    def action_rest_not_seen(self) -> None:
        """a: the signs without an answer were looked for and not seen (this page, or on the
        review page every one of the check-in)."""
        page = self._current
        if isinstance(page, GroupPage):
            self.say(page.answer_the_rest(Status.NOT_SEEN))
        elif isinstance(page, ReviewPage):
            self.say(page.answer_the_rest(Status.NOT_SEEN))
            self.refresh_bindings()

    def action_rest_not_checked(self) -> None:
        page = self._current
        if isinstance(page, GroupPage):
            self.say(page.answer_the_rest(Status.NOT_CHECKED))

    def action_keys(self) -> None:
        """?: the keys of a check-in and what its words mean."""
        from redflags.tui.screens.checkin.keys import CheckInKeys

        self.app.push_screen(CheckInKeys())

    async def action_next_page(self) -> None:
        problem = self.page.problem()
        if problem:
            self.say(problem)
            return
        await self._show(self._index + 1)

    async def action_previous_page(self) -> None:
        if self._index > 0:
            await self._show(self._index - 1)

    @on(Button.Pressed, "#flow-back")
    async def _back_pressed(self) -> None:
        await self.action_previous_page()

    @on(Button.Pressed, "#flow-next")
    async def _next_pressed(self) -> None:
        if self.on_review:
            await self.action_save()
        else:
            await self.action_next_page()

    @on(FlowPage.Next)
    async def _page_done(self) -> None:
        await self.action_next_page()

    @on(FlowPage.Ready)
    def _page_ready(self) -> None:
        self.query_one("#flow-next").focus()

    @on(SignRow.Said)
    def _row_said(self, event: SignRow.Said) -> None:
        self.say(event.text)

    # -- the draft ---------------------------------------------------------------------------

    @on(FlowPage.Edited)
    def _edited(self) -> None:
        self._keep_draft()
        self._show_progress()

    @on(SignRow.Changed)
    def _answered(self) -> None:
        # A line about an earlier key (such as e on a sign not noted) has had its answer.
        self.say("")
        self._edited()

    def _worth_keeping(self) -> bool:
        """Whether the check-in holds anything a draft should keep: a correction that changes
        something, a new check-in with anything answered or typed."""
        original = self.walk.original
        if self.state.editing and original is not None:
            if self._baseline is None:
                self._baseline = CheckInState.from_checkin(original).content()
            return self.state.content() != self._baseline
        return not self.state.is_blank()

    def _keep_draft(self) -> None:
        """Keep the answers in the store; cheap (a small JSON), so after every change. A check-in
        that holds nothing (a letter typed, then deleted) is not kept."""
        self.state.page = self._index
        if not self._worth_keeping():
            if self._kept:
                with suppress(StoreError):
                    self.services.store.drop_draft(self.state.key)
                self._kept, self._last_body = False, ""
            return
        body = self.state.to_json()
        if body == self._last_body:
            return
        try:
            self.services.store.save_draft(self.state.key, body)
        except StoreError as exc:
            self.say(
                f"Your answers could not be kept as a draft just now ({exc}); they are still here."
            )
            return
        self._kept, self._last_body = True, body

    def action_leave(self) -> None:
        if self._kept:
            self.app.notify(
                "Your answers are kept. redflags will offer to finish this check-in next time.",
                title="Check-in not finished",
            )
        self.dismiss(None)

    # -- saving ------------------------------------------------------------------------------

    async def _blocked(self) -> bool:
        """Show the first page that cannot be passed yet, and why; False when nothing blocks."""
        for index, problem in (
            (PERSON, self.walk.person_problem()),
            (CONTEXT, self.walk.when_problem()),
        ):
            if problem:
                if index != self._index:
                    await self._show(index)
                self.say(problem)
                return True
        return False

    async def action_review(self) -> None:
        """ctrl+s before the last page: everything is shown once before it is saved."""
        if not await self._blocked():
            await self._show(len(self._page_names()) - 1)

    async def action_save(self) -> None:
        if not self.on_review:
            await self.action_review()
            return
        checklist = self.walk.checklist
        if await self._blocked() or checklist is None:
            return
        try:
            checkin = self.state.to_checkin(checklist, now=self._now())
        except (EntryError, ChecklistError) as exc:
            self.say(f"Nothing was saved yet: {one_line(str(exc))}")
            return
        if self.state.editing:
            self.app.push_screen(ReasonDialog(), lambda reason: self._correct(checkin, reason))
        else:
            self._store(lambda: self.services.store.add_checkin(checkin), "Check-in saved.")

    def _correct(self, checkin: CheckIn, reason: str | None) -> None:
        if reason is None:
            self.say("Not saved yet; your changes are still here.")
            return
        self._store(
            lambda: self.services.store.correct_checkin(checkin, reason),
            "Correction saved. The earlier version is kept with your reason.",
        )

    def _store(self, write: Callable[[], CheckIn], done: str) -> None:
        try:
            saved = write()
        except StoreError as exc:
            self.say(f"Nothing was saved: {exc}. Your answers are still here and kept.")
            return
        # The check-in is saved; a draft that could not be dropped is only offered again.
        with suppress(StoreError):
            self.services.store.drop_draft(self.state.key)
        if not self.state.editing:
            remember_observer(self.services, saved.observer)
        self.app.notify(done)
        self.dismiss(saved)


def _focus_first(page: FlowPage) -> None:
    """Focus where the page starts, if the page is still on screen."""
    if page.is_attached:
        page.focus_first()
