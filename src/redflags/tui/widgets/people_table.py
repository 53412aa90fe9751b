"""The list of people on the home screen: name, last check-in and the last eight weeks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rich.text import Text
from textual.widgets import DataTable

from redflags.terms import Person
from redflags.tui.display import day_words, plain_line
from redflags.tui.widgets.week_strip import STRIP_CLASSES, STRIP_DAYS, StripStyles, strip_text

NAME_WIDTH = 22
LAST_WIDTH = 13


@dataclass(frozen=True)
class PersonRow:
    """What the table shows about one person."""

    person: Person
    last: date | None  # the day of the last check-in
    marks: dict[date, bool]


def last_words(last: date | None, today: date) -> str:
    """'today', 'yesterday', or the date of the last check-in."""
    if last is None:
        return "none yet"
    if last == today:
        return "today"
    if last == today - timedelta(days=1):
        return "yesterday"
    return day_words(last)


class PeopleTable(DataTable[Text]):
    """One row a person; the highlighted row is the person the home keys act on."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | STRIP_CLASSES

    def __init__(
        self, rows: list[PersonRow] | None = None, *, today: date, id: str | None = None
    ) -> None:
        """``rows`` are shown as soon as the table is mounted, so the first frame has them."""
        super().__init__(cursor_type="row", id=id)
        self._people: dict[str, Person] = {}
        self._first = rows or []
        self._today = today

    def on_mount(self) -> None:
        # Text labels: plain strings would be read as markup, which costs time at start.
        self.add_column(Text("Name"), width=NAME_WIDTH, key="name")
        self.add_column(Text("Last check-in"), width=LAST_WIDTH, key="last")
        self.add_column(Text("Last 8 weeks, today on the right"), width=STRIP_DAYS, key="strip")
        if self._first:
            self.show(self._first, today=self._today)

    def show(self, rows: list[PersonRow], *, today: date, keep: str | None = None) -> None:
        """Replace the rows; the cursor goes back to the person with id ``keep`` if still shown."""
        styles = StripStyles.of(self)
        self.clear()
        self._people = {}
        for row in rows:
            key = str(row.person.id)
            self._people[key] = row.person
            name = plain_line(row.person.name)
            if row.person.archived:
                name.append(" (archived)", style="italic")
            last = Text(last_words(row.last, today), end="")
            self.add_row(name, last, strip_text(row.marks, today=today, styles=styles), key=key)
        if keep is not None and keep in self._people:
            self.move_cursor(row=self.get_row_index(keep))

    @property
    def highlighted_person(self) -> Person | None:
        """The person under the cursor, if there is anyone."""
        if not self._people or self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return self._people.get(key or "")
