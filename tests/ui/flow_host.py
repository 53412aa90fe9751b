"""A tiny app that only runs the check-in walk-through, for tests and for trying it by hand.

By hand: ``REDFLAGS_DB=/tmp/x/r.db python tests/ui/flow_host.py [PERSON]``; ``c`` starts another
check-in, ``d`` offers the drafts, ``q`` quits.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.pilot import Pilot
from textual.widgets import Footer, Label

from redflags.model import CheckIn
from redflags.tui.dialogs.draft_offer import offer_drafts
from redflags.tui.screens.checkin.walk import CheckInFlow
from redflags.tui.services import Services

# A fixed "now" for tests and snapshots: Saturday 3 October 2026, 18:30 at UTC+1.
NOW = datetime(2026, 10, 3, 18, 30, tzinfo=timezone(timedelta(hours=1)))
SIZE = (100, 32)


async def type_text(pilot: Pilot[object], text: str) -> None:
    """Type text one key at a time, as a person would."""
    await pilot.press(*text)


class FlowHost(App[object]):
    """Pushes the walk-through (or the draft offer) on start and records what it was dismissed with."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "checkin", "New check-in"),
        Binding("d", "drafts", "Unfinished"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        services: Services,
        *,
        person: str | None = None,
        editing: CheckIn | None = None,
        draft_key: str | None = None,
        now: datetime | None = None,
        offer: bool = False,
        page: str | None = None,
    ) -> None:
        super().__init__()
        self.page = page
        self.services = services
        self.person = person
        self.editing = editing
        self.draft_key = draft_key
        self.fixed_now = now
        self.offer = offer
        self.results: list[CheckIn | None] = []

    def compose(self) -> ComposeResult:
        yield Label("Flow host: c new check-in, d unfinished check-ins, q quit", id="host")
        yield Footer()

    async def on_mount(self) -> None:
        if self.offer:
            await offer_drafts(self, self.services)
        else:
            self.push_flow(self.person, self.editing, self.draft_key)

    def push_flow(
        self, person: str | None, editing: CheckIn | None = None, draft_key: str | None = None
    ) -> None:
        flow = CheckInFlow(
            self.services,
            person,
            editing=editing,
            draft_key=draft_key,
            now=self.fixed_now,
            page=self.page,
        )
        self.push_screen(flow, self._finished)

    def _finished(self, result: CheckIn | None) -> None:
        self.results.append(result)
        said = f"saved {result.id}" if result else "left without saving"
        self.query_one("#host", Label).update(f"Flow host: {said}. c again, d drafts, q quit")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The host's own keys only work on its own screen, never inside the walk-through.
        if action in ("checkin", "drafts", "quit"):
            return len(self.screen_stack) == 1
        return True

    def action_checkin(self) -> None:
        self.push_flow(self.person)

    async def action_drafts(self) -> None:
        await offer_drafts(self, self.services)


def main() -> None:
    from redflags.checklist import load_catalog
    from redflags.config import Config
    from redflags.paths import default_db_path
    from redflags.store import Store

    with Store.open(default_db_path()) as store:
        services = Services(store=store, catalog=load_catalog(), config=Config(observer="Mum"))
        person = sys.argv[1] if len(sys.argv) > 1 else None
        FlowHost(services, person=person, offer=bool(store.drafts())).run()


if __name__ == "__main__":
    main()
