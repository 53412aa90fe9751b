"""The first screen: the people you keep notes about, with their last check-in and recent weeks."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar, NamedTuple

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Label

from redflags.safe_text import one_line
from redflags.store import StoreError
from redflags.terms import Person
from redflags.tui.clock import today_of
from redflags.tui.services import Services
from redflags.tui.widgets.footer import Footer
from redflags.tui.widgets.people_table import RECENT, PeopleTable, PersonRow
from redflags.tui.widgets.week_strip import STRIP_DAYS, StripLegend

# New signs are counted before the first frame for short logs, up to this many check-ins in all
# (a few milliseconds); the others' show as "…" until counted, just after the first frame.
COUNTED_AT_ONCE = 1000  # check-ins
NEEDS_PERSON = {"new_checkin", "history", "patterns", "export", "rename", "archive"}
# The screens and dialogs these keys open are imported when first used: the first screen stays fast.


class Lately(NamedTuple):
    """A person's check-ins of the last weeks: for each day of the strip with one, whether
    anything was noted; how many in the last 30 days; the signs noted then, by checklist."""

    days: dict[date, bool]
    checkins: int
    noted: dict[str, set[str]]


class HomeScreen(Screen[None]):
    """The caseload: per person the last check-in and days since, check-ins and new signs in the
    last 30 days, and a strip of the latest days; the keys act on the highlighted row."""

    SUB_TITLE = "People"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "new_checkin", "New check-in"),
        Binding("h", "history", "History"),
        Binding("p", "patterns", "Patterns"),
        Binding("x", "export", "Export"),
        Binding("a", "add_person", "Add person"),
        # Kept out of the footer so that it fits 100 columns; ? and the palette list them.
        Binding("r", "rename", "Rename", show=False),
        Binding("d", "archive", "Archive", show=False),
        Binding("A", "archive", "Archive", show=False),
        Binding("v", "toggle_archived", "Show archived people", show=False),
        Binding("s", "sort", "Sort", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.show_archived = False
        self._shown_fresh = False  # the rows composed with the screen are still current
        self._counting: tuple[list[Person], date] = ([], date.min)  # whose new signs are left

    def compose(self) -> ComposeResult:
        # The rows are read before the first frame, so that it already shows everyone.
        today = today_of(self.app)
        rows = self._rows(today)
        self._counting = (_uncounted(rows), today)
        self._shown_fresh = True
        yield Header(icon="")
        if self.services.demo:
            yield Label(
                "Sample data: made-up people to try things out. Not your own data; "
                "it goes away when you quit.",
                id="sample-banner",
            )
        intro = Label(
            "The people you keep notes about. Choose someone with ↑ ↓, then press c to write "
            "down what you notice today, or h (or Enter) to see their history. s sorts the list.",
            id="home-intro",
        )
        columns = Label(
            "Days: since the last check-in. 30 d: check-ins in the last 30 days. "
            "New: signs noted in the last 30 days and never before.",
            id="home-columns",
        )
        table = PeopleTable(rows, today=today, id="people")
        empty = Label(
            "No one here yet. Press a to add the first person you want to keep notes about.",
            id="empty",
        )
        legend = StripLegend(id="legend")
        _present(bool(rows), (intro, table, columns, legend), empty)
        yield intro
        yield table
        yield empty
        yield columns
        yield legend
        # The home keys fit 100 columns only without the spacing; ctrl+p stays listed under ?.
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        # The strips are coloured when the rows are made, so a new theme needs new rows.
        self.watch(self.app, "theme", lambda _: self.reload(), init=False)
        if self._counting[0]:
            # Once the first frame is drawn: it does not wait for long logs to be read.
            self.call_after_refresh(self.count_new_signs, *self._counting)

    def on_screen_resume(self) -> None:
        if self._shown_fresh:
            self._shown_fresh = False
            if self.table.display:
                self.table.focus()
            return
        self.reload()

    @property
    def table(self) -> PeopleTable:
        return self.query_one(PeopleTable)

    def _rows(self, today: date) -> list[PersonRow]:
        """Every row as shown. New signs are counted here for short logs, up to COUNTED_AT_ONCE
        check-ins in all; the others once the list is on screen (``new`` None until then)."""
        store = self.services.store
        rows = []
        budget = COUNTED_AT_ONCE
        for p in store.people(include_archived=self.show_archived):
            lately = self._lately(p.name, today)
            # The strip's days hold the last check-in, unless it is older than the strip.
            last = max(lately.days) if lately.days else store.last_day(p.name)
            new = None
            if not lately.noted:
                new = 0  # nothing noted in the last 30 days: nothing new, nothing more to read
            elif (size := store.count_checkins(p.name)) <= budget:
                budget -= size
                new = len(self._new_signs(p.name, today, lately))
            rows.append(PersonRow(p, last, lately.days, recent=lately.checkins, new=new))
        return rows

    def _lately(self, person: str, today: date) -> Lately:
        """The person's check-ins from the first day of the strip on, in one read of the store's
        index per checklist used (in time order: only those days are visited)."""
        store = self.services.store
        since = today - timedelta(days=STRIP_DAYS - 1)
        recent = (today - timedelta(days=RECENT - 1)).isoformat()
        last = today.isoformat()
        days: dict[date, bool] = {}
        count = 0
        noted: dict[str, set[str]] = {}
        for checklist in store.checklists_used(person):
            columns = store.mark_columns(person, checklist, since=since)
            for day, signs in zip(columns[0], columns[2], strict=True):
                when = date.fromisoformat(day)
                days[when] = days.get(when, False) or bool(signs)
                if recent <= day <= last:
                    count += 1
                    if signs:
                        noted.setdefault(checklist, set()).update(signs.split())
        return Lately(days, count, noted)

    @work(exclusive=True, group="new-signs")
    async def count_new_signs(self, people: list[Person], today: date) -> None:
        """Count the new signs of the people with long logs, a person at a time once the list
        is on screen, keys answered in between; started again (and this run cancelled) whenever
        the rows are read again, and stopped with the screen."""
        for person in people:
            await asyncio.sleep(0)
            self.table.set_new({person.id: len(self._new_signs(person.name, today))})

    def _new_signs(self, person: str, today: date, lately: Lately | None = None) -> frozenset[str]:
        """The signs noted in the last 30 days and never before (DESIGN section 6), over every
        checklist the person's check-ins used.

        Only the last weeks' check-ins are read; of the years before them, the signs ever noted
        come from the store's index alone (patterns.caseload.new_signs, without reading every
        check-in of a long log)."""
        store = self.services.store
        start = today - timedelta(days=RECENT - 1)
        found: frozenset[str] = frozenset()
        for checklist, noted in (lately or self._lately(person, today)).noted.items():
            _, _, before = store.log_facts(person, checklist, before=start, until=today)
            found |= {f"{checklist}:{sid}" for sid in noted - before}
        return found

    def reload(self, keep: Person | None = None) -> None:
        """Read the people again from the store and show them."""
        today = today_of(self.app)
        current = keep or self.table.highlighted_person
        rows = self._rows(today)
        self.table.show(rows, today=today, keep=str(current.id) if current else None)
        self.count_new_signs(_uncounted(rows), today)
        listed = (
            self.query_one("#home-intro"),
            self.table,
            self.query_one("#home-columns"),
            self.query_one(StripLegend),
        )
        _present(bool(rows), listed, self.query_one("#empty"))
        if rows:
            self.table.focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NEEDS_PERSON and self.is_mounted:
            return self.table.highlighted_person is not None
        return True

    def on_people_table_chosen(self, event: PeopleTable.Chosen) -> None:
        event.stop()
        self.action_history()

    def action_new_checkin(self) -> None:
        from redflags.tui.screens.checkin.walk import CheckInFlow

        person = self.table.highlighted_person
        if person is None:
            return

        def saved(checkin: object) -> None:
            self.reload()

        self.app.push_screen(CheckInFlow(self.services, person=person.name), saved)

    def action_history(self) -> None:
        from redflags.tui.screens.history import HistoryScreen

        person = self.table.highlighted_person
        if person is not None:
            self.app.push_screen(HistoryScreen(self.services, person.name))

    def action_patterns(self) -> None:
        """What the check-ins of a period show, sign by sign."""
        from redflags.tui.screens.patterns import PatternsScreen

        person = self.table.highlighted_person
        if person is not None:
            self.app.push_screen(PatternsScreen(self.services, person.name))

    def action_export(self) -> None:
        """Write the summary for a counsellor to a file."""
        from redflags.tui.dialogs.export import ExportDialog

        person = self.table.highlighted_person
        if person is None:
            return

        def exported(path: Path | None) -> None:
            if path is not None:
                self.notify(f"Saved to {path}", markup=False)

        self.app.push_screen(ExportDialog(self.services, person.name), exported)

    def action_add_person(self) -> None:
        from redflags.tui.dialogs.person import add_person_prompt

        def added(person: Person | None) -> None:
            if person is not None:
                self.reload(keep=person)
                self.notify(f"Added {one_line(person.name)}.", markup=False)

        self.app.push_screen(add_person_prompt(self.services.store), added)

    def action_rename(self) -> None:
        from redflags.tui.dialogs.person import rename_person_prompt

        person = self.table.highlighted_person
        if person is None:
            return

        def renamed(result: Person | None) -> None:
            if result is not None:
                self.reload(keep=result)

        self.app.push_screen(rename_person_prompt(self.services.store, person), renamed)

    def action_archive(self) -> None:
        from redflags.tui.dialogs.person import archive_dialog

        person = self.table.highlighted_person
        if person is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.set_archived(person, not person.archived)

        self.app.push_screen(archive_dialog(person), answered)

    def set_archived(self, person: Person, archived: bool) -> None:
        """Archive or bring back, and say what happened."""
        try:
            self.services.store.archive_person(person.name, archived)
        except StoreError as exc:
            self.notify(f"Nothing was changed: {exc}", severity="error", markup=False)
            return
        name = one_line(person.name)
        if archived:
            message = (
                f"{name} is archived; every check-in is kept. Press v to show archived people."
            )
        else:
            message = f"{name} is back in the list."
        self.reload()
        self.notify(message, markup=False)

    def action_sort(self) -> None:
        """Order the people by name, by days since the last check-in, or by new signs."""
        self.notify(f"Sorted {self.table.next_sort()}. Press s to change this.")

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.reload()
        shown = "shown" if self.show_archived else "hidden"
        self.notify(f"Archived people are {shown}. Press v to change this.")


def _uncounted(rows: list[PersonRow]) -> list[Person]:
    """The people whose new signs are still to be counted."""
    return [row.person for row in rows if row.new is None]


def _present(anyone: bool, listed: tuple[Widget, ...], empty: Widget) -> None:
    """With people, the intro, the table and the legend; without, the line on how to start."""
    for part in listed:
        part.display = anyone
    empty.display = not anyone
