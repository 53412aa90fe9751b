"""One person's history: recent weeks as a calendar, and every check-in, a page at a time.

Only one page is read from the store at a time, so ten years of daily check-ins open as fast as ten.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label

from redflags.model import CheckIn
from redflags.safe_text import one_line
from redflags.store import RequestError
from redflags.tui.clock import today_of
from redflags.tui.services import Services
from redflags.tui.widgets.checkin_table import CheckinTable
from redflags.tui.widgets.footer import Footer
from redflags.tui.widgets.week_strip import CalendarGrid, StripLegend
from redflags.words import counted

PAGE_SIZE = 50
CALENDAR_WEEKS = 16


class HistoryScreen(Screen[None]):
    """A person's check-ins, newest first; Enter opens one."""

    SUB_TITLE = "History"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("n", "page(1)", "Older page"),
        Binding("p", "page(-1)", "Newer page"),
        Binding("c", "new_checkin", "New check-in"),
    ]

    def __init__(self, services: Services, person: str) -> None:
        super().__init__()
        self.services = services
        self.person = person
        # The name can change in another window (people rename): History follows the person.
        found = services.store.find_person(person)
        self.person_id = found.id if found else None
        self.page = 0
        self.total = 0

    def compose(self) -> ComposeResult:
        today = today_of(self.app)
        yield Header(icon="")
        yield Label(Text.assemble("History of ", (one_line(self.person), "bold")), id="who")
        with Horizontal(id="calendar-row"):
            yield CalendarGrid({}, today=today, weeks=CALENDAR_WEEKS, id="calendar")
            with Vertical(id="calendar-notes"):
                yield Label(f"The last {CALENDAR_WEEKS} weeks, one column a week.")
                yield StripLegend(stacked=True)
                yield Label("", id="coverage", markup=False)
        yield Label("", id="page-info", markup=False)
        yield CheckinTable(self.services.catalog, id="checkins")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(CheckinTable).focus()

    def on_screen_resume(self) -> None:
        # Each time the screen is shown, the first time too (once: not on mount as well).
        self.reload()

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    def reload(self) -> None:
        """Read the calendar and the current page again (after a change elsewhere)."""
        store = self.services.store
        self._follow_rename()
        today = today_of(self.app)
        grid = self.query_one(CalendarGrid)
        grid.show(store.day_marks(self.person, since=grid.first_day, until=today))
        self.total = store.count_checkins(self.person, include_deleted=True)
        kept = store.count_checkins(self.person)
        first = store.first_day(self.person)
        since = f" since {first.day} {first:%b %Y}" if first else ""
        deleted = self.total - kept
        note = f"\n{deleted} marked deleted (kept, can be restored)" if deleted else ""
        self.query_one("#coverage", Label).update(f"{counted(kept, 'check-in')}{since}.{note}")
        self.page = min(self.page, self.pages - 1)
        self.show_page()

    def _follow_rename(self) -> None:
        """Take up the person's current name if it was changed elsewhere since the screen opened."""
        if self.person_id is None:
            return
        for person in self.services.store.people(include_archived=True):
            if person.id == self.person_id and person.name != self.person:
                self.person = person.name
                self.query_one("#who", Label).update(
                    Text.assemble("History of ", (one_line(self.person), "bold"))
                )

    def show_page(self, keep: str | None = None) -> None:
        table = self.query_one(CheckinTable)
        keep = keep or table.highlighted_id
        checkins = self.services.store.checkins(
            self.person,
            newest_first=True,
            include_deleted=True,
            limit=PAGE_SIZE,
            offset=self.page * PAGE_SIZE,
        )
        table.show(checkins, keep=keep)
        info = self.query_one("#page-info", Label)
        if not self.total:
            info.update("No check-ins yet. Press c to write down what you notice today.")
        else:
            start = self.page * PAGE_SIZE + 1
            end = start + len(checkins) - 1
            info.update(
                f"Check-ins, newest first: {start}–{end} of {self.total}, "
                f"page {self.page + 1} of {self.pages}. Enter opens one."
            )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "page" and parameters:
            if self.pages == 1:
                return False  # nothing to page through: the keys are not offered at all
            step = int(str(parameters[0]))
            return 0 <= self.page + step < self.pages or None
        return True

    def action_page(self, step: int) -> None:
        if 0 <= self.page + step < self.pages:
            self.page += step
            self.show_page()
            self.query_one(CheckinTable).move_cursor(row=0)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from redflags.tui.screens.checkin_detail import CheckinDetailScreen

        event.stop()
        if event.row_key.value is None:
            return
        try:
            screen = CheckinDetailScreen(self.services, event.row_key.value)
        except RequestError:
            # Gone since the list was read: forgotten or restored over from another window.
            self.notify(
                "That check-in is no longer in these notes (changed from elsewhere); "
                "the list is read again.",
                severity="warning",
            )
            self.reload()
            return
        self.app.push_screen(screen)

    def action_new_checkin(self) -> None:
        from redflags.tui.screens.checkin.walk import CheckInFlow

        def saved(checkin: CheckIn | None) -> None:
            if checkin is not None:
                self.page = 0
                self.show_page(keep=checkin.id)

        self.app.push_screen(CheckInFlow(self.services, person=self.person), saved)
