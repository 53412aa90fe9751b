"""One check-in in full, with its earlier versions; correct, delete or restore it from here."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Label, ListItem, ListView

from redflags.model import CheckIn, Revision
from redflags.safe_text import one_line
from redflags.tui.display import moment_words, plain_block
from redflags.tui.services import Services
from redflags.tui.widgets.checkin_view import CheckinView
from redflags.tui.widgets.footer import Footer

KIND_WORDS = {"corrected": "corrected", "deleted": "marked deleted", "restored": "restored"}
EDITING = {"correct", "delete", "restore"}


def revision_text(revision: Revision) -> Text:
    """'1. Sat 3 Oct 2026, 18:30: corrected. Reason: ...'"""
    kind = KIND_WORDS.get(revision.kind, revision.kind)
    return Text.assemble(
        f"{revision.number}. {moment_words(revision.at)}: {kind}. Reason: ",
        plain_block(revision.reason),
        end="",
    )


class CheckinDetailScreen(Screen[None]):
    """A stored check-in, or (read-only) the earlier version kept by one of its revisions."""

    SUB_TITLE = "Check-in"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("c", "correct", "Correct"),
        Binding("d", "delete", "Delete"),
        Binding("u", "restore", "Restore"),
    ]

    def __init__(
        self, services: Services, checkin_id: str, revision: Revision | None = None
    ) -> None:
        super().__init__()
        self.services = services
        self.checkin_id = checkin_id
        self.revision = revision
        self.checkin = revision.prior if revision else services.store.get_checkin(checkin_id)
        self.history: list[Revision] = []

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield VerticalScroll(id="detail")
        yield Footer()

    async def on_mount(self) -> None:
        await self.show()

    async def show(self) -> None:
        """(Re)build the view from the store."""
        if self.revision is None:
            self.checkin = self.services.store.get_checkin(self.checkin_id)
            self.history = self.services.store.revisions(self.checkin_id)
        scroll = self.query_one("#detail", VerticalScroll)
        await scroll.remove_children()
        await scroll.mount_all(self.parts())
        scroll.scroll_home(animate=False)  # the banner saying what changed is at the top
        scroll.focus()
        self.refresh_bindings()

    def parts(self) -> list[Label | CheckinView | ListView]:
        checkin = self.checkin
        heading = Text.assemble(
            "Check-in of ",
            (one_line(checkin.person), "bold"),
            f" on {moment_words(checkin.observed_at)}",
        )
        parts: list[Label | CheckinView | ListView] = [Label(heading, id="detail-title")]
        if self.revision is not None:
            kind = KIND_WORDS.get(self.revision.kind, self.revision.kind)
            parts.append(
                Label(
                    Text.assemble(
                        "This is the earlier version, kept when the check-in was "
                        f"{kind} on {moment_words(self.revision.at)}. Reason: ",
                        plain_block(self.revision.reason),
                    ),
                    classes="banner",
                    markup=False,
                )
            )
        elif checkin.deleted:
            parts.append(
                Label(
                    "This check-in is marked deleted. It is kept, is left out of summaries, "
                    "and you can restore it with u.",
                    classes="banner",
                )
            )
        parts.append(CheckinView(checkin, self.services.catalog))
        if self.revision is None:
            parts.extend(self.revision_parts())
        return parts

    def revision_parts(self) -> list[Label | ListView]:
        if not self.history:
            return [Label("Changes: none. This is the check-in as first saved.", classes="note")]
        items = [
            ListItem(Label(revision_text(r), markup=False), name=str(r.number))
            for r in self.history
        ]
        return [
            Label(f"Changes ({len(self.history)})", classes="section-title"),
            Label(
                "Each change kept the version before it. Choose one and press Enter to see it.",
                classes="note",
            ),
            ListView(*items, id="revisions"),
        ]

    @on(ListView.Selected, "#revisions")
    def open_revision(self, event: ListView.Selected) -> None:
        number = int(event.item.name or 0)
        chosen = next((r for r in self.history if r.number == number), None)
        if chosen is not None:
            self.app.push_screen(CheckinDetailScreen(self.services, self.checkin_id, chosen))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in EDITING:
            return True
        if self.revision is not None:
            return False
        if action == "restore":
            return self.checkin.deleted
        return not self.checkin.deleted

    def action_correct(self) -> None:
        from redflags.tui.screens.checkin.correct import correct

        def saved(result: CheckIn | None) -> None:
            if result is not None:  # the walk-through says itself that it saved
                self.run_worker(self.show())

        # Opens on the part to change, chosen first.
        correct(self.app, self.services, self.checkin, saved)

    def action_delete(self) -> None:
        from redflags.tui.dialogs.reason import delete_prompt

        def done(result: CheckIn | None) -> None:
            if result is not None:
                self.run_worker(self.show())
                self.notify("Marked deleted. It is kept; press u to restore it.")

        self.app.push_screen(delete_prompt(self.services.store, self.checkin_id), done)

    def action_restore(self) -> None:
        from redflags.tui.dialogs.reason import restore_prompt

        def done(result: CheckIn | None) -> None:
            if result is not None:
                self.run_worker(self.show())
                self.notify("Restored. It counts again in the history.")

        self.app.push_screen(restore_prompt(self.services.store, self.checkin_id), done)
