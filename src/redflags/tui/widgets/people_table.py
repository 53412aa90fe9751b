"""The list of people on the home screen, a caseload at a glance: name, last check-in and the days
since, check-ins in the last 30 days, signs new in the last 30 days, and the latest days as a strip.

Drawn line by line by the widget itself: it is the first thing anyone sees, so it must appear
at once (a general-purpose data table took longer to draw than the rest of the screen).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from redflags.patterns.caseload import RECENT_DAYS
from redflags.terms import Person
from redflags.tui.display import day_words, plain_line
from redflags.tui.widgets.week_strip import (
    STRIP_CLASSES,
    STRIP_CSS,
    STRIP_DAYS,
    StripStyles,
    strip_text,
)

NAME_WIDTH = 18
LAST_WIDTH = 13
NUMBER_WIDTH = 4  # days since, check-ins in 30 days, new signs
PAD = 1  # blank columns either side of each cell
ROW_PADDING = 12 * PAD  # the six cells' padding
FEWEST_DAYS = 14  # a narrow terminal shows fewer days (the latest), never fewer than this
RECENT = RECENT_DAYS  # "in the last 30 days" (DESIGN section 9)
LINES_KEPT = 200  # lines drawn kept for the next frames (a few screens' worth)
HEADINGS = ("Name", "Last check-in", "Days", "30 d", "New")


class PersonRow(NamedTuple):
    """What the table shows about one person."""

    person: Person
    last: date | None  # the day of the last check-in
    marks: dict[date, bool]
    recent: int = 0  # check-ins in the last 30 days
    new: int | None = None  # signs noted in the last 30 days and never before (None: counting)


def last_words(last: date | None, today: date) -> str:
    """'today', 'yesterday', or the date of the last check-in."""
    if last is None:
        return "none yet"
    if last == today:
        return "today"
    if last == today - timedelta(days=1):
        return "yesterday"
    return day_words(last)


def days_since(last: date | None, today: date) -> str:
    """Whole days since the last check-in ('0' today), or '–' without one."""
    return "–" if last is None else str(max((today - last).days, 0))


class Sort(NamedTuple):
    """One order of the rows: its name in words and how a row ranks."""

    words: str
    key: Callable[[PersonRow, date], tuple[object, ...]]


SORTS = (
    Sort("in the order they were added", lambda row, today: (row.person.id,)),
    Sort("by name", lambda row, today: (row.person.name.casefold(),)),
    # Never checked in on first, then the longest since the last check-in.
    Sort(
        "by days since the last check-in, longest first",
        lambda row, today: (row.last is not None, row.last or today, row.person.name.casefold()),
    ),
    Sort(
        "by new signs, most first",
        lambda row, today: (-(row.new or 0), row.person.name.casefold()),
    ),
)


class PeopleTable(ScrollView, can_focus=True):
    """One row a person under a heading row; the highlighted row is the person the home keys act
    on. ↑ ↓ (and Home, End, Page Up, Page Down) move; Enter or a click chooses."""

    COMPONENT_CLASSES: ClassVar[set[str]] = STRIP_CLASSES | {"people--header", "people--cursor"}
    DEFAULT_CSS = (
        "PeopleTable {"
        + STRIP_CSS
        + """}
    PeopleTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .people--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .people--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .people--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "move_to(0)", "First", show=False),
        Binding("end", "move_to(-1)", "Last", show=False),
        Binding("enter", "choose", "Choose", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)

    class Chosen(Message):
        """Enter (or a click) on a person's row."""

        def __init__(self, person: Person) -> None:
            super().__init__()
            self.person = person

    def __init__(
        self, rows: list[PersonRow] | None = None, *, today: date, id: str | None = None
    ) -> None:
        """``rows`` are shown from the first frame."""
        super().__init__(id=id)
        self._rows: list[PersonRow] = []
        # The cells of each row, made when first drawn (None: to be made again), and the lines
        # drawn from them: most frames redraw lines that did not change.
        self._cells: list[tuple[Text, ...] | None] = []
        self._lines: dict[tuple[int, Style, int, int, int], Strip] = {}
        self._styles: StripStyles | None = None  # the strips' colours, read when first drawn
        self.sort = 0  # which of SORTS
        self._first = rows or []
        self._today = today
        self._days = STRIP_DAYS

    def on_mount(self) -> None:
        self.show(self._first, today=self._today)

    # -- what is shown ------------------------------------------------------------------------

    def show(self, rows: list[PersonRow], *, today: date, keep: str | None = None) -> None:
        """Replace the rows; the cursor goes back to the person with id ``keep`` if still shown."""
        self._rows = sorted(rows, key=lambda row: SORTS[self.sort].key(row, today))
        self._today = today
        self._build()
        ids = [str(r.person.id) for r in self._rows]
        self.cursor_row = ids.index(keep) if keep in ids else min(self.cursor_row, len(rows) - 1)

    def set_new(self, counts: dict[int, int]) -> None:
        """The counts of new signs of some people (by id), once known (the rows stay in place)."""
        for index, row in enumerate(self._rows):
            if row.person.id in counts:
                self._rows[index] = row._replace(new=counts[row.person.id])
                self._cells[index] = None
        self._lines.clear()
        self.refresh()

    def next_sort(self) -> str:
        """Order the rows the next way, the same person highlighted; the new order in words."""
        person = self.highlighted_person
        self.sort = (self.sort + 1) % len(SORTS)
        self.show(self._rows, today=self._today, keep=str(person.id) if person else None)
        return SORTS[self.sort].words

    def _days_that_fit(self) -> int:
        width = self.scrollable_content_region.width
        if width <= 0:
            # Not laid out yet: the table is as wide as the screen. A strip too long for it
            # would bring a scrollbar into the first frame, only to take it away again.
            width = self.app.size.width
        room = width - NAME_WIDTH - LAST_WIDTH - 3 * NUMBER_WIDTH - ROW_PADDING
        return max(FEWEST_DAYS, min(STRIP_DAYS, room))

    def _build(self) -> None:
        """Make every row's cells again (when next drawn), the strip as many days long as fit
        (ending today)."""
        self._days = self._days_that_fit()
        self._cells = [None] * len(self._rows)
        self._lines.clear()
        self._styles = None
        self.virtual_size = Size(sum(self._widths) + ROW_PADDING, len(self._rows) + 1)
        self.refresh()

    def _row_cells(self, index: int) -> tuple[Text, ...]:
        """The cells of one row: name, last check-in, days since, check-ins in 30 days, new
        signs, strip."""
        made = self._cells[index]
        if made is not None:
            return made
        row = self._rows[index]
        name = plain_line(row.person.name)
        if row.person.archived:
            name.append(" (archived)", style="italic")
        last = Text(last_words(row.last, self._today), end="")
        since = Text(days_since(row.last, self._today), justify="right", end="")
        recent = Text(str(row.recent), justify="right", end="")
        shown = "…" if row.new is None else str(row.new) if row.new else "–"
        new = Text(shown, justify="right", end="")
        if row.new:
            new.stylize("bold")
        if self._styles is None:
            self._styles = StripStyles.of(self)
        strip = strip_text(row.marks, today=self._today, styles=self._styles, days=self._days)
        made = self._cells[index] = (name, last, since, recent, new, strip)
        return made

    @property
    def _widths(self) -> tuple[int, ...]:
        number = NUMBER_WIDTH
        return (NAME_WIDTH, LAST_WIDTH, number, number, number, self._days)

    @property
    def _headings(self) -> tuple[str, ...]:
        if self._days == STRIP_DAYS:
            strip = "Last 8 weeks, today on the right"
        else:  # a narrow terminal: as many days as fit, and the words with them
            strip = f"Last {self._days} days, today on the right"
            if len(strip) > self._days:
                strip = f"{self._days} days, today →"
        return (*HEADINGS, strip)

    def on_resize(self) -> None:
        if self._days_that_fit() != self._days:
            self._build()

    @property
    def row_count(self) -> int:
        """How many people are listed."""
        return len(self._rows)

    def get_row_at(self, index: int) -> list[Text]:
        """The cells of one row (name, last check-in, days since, check-ins in 30 days, new
        signs, strip), as shown."""
        return list(self._row_cells(index))

    @property
    def highlighted_person(self) -> Person | None:
        """The person under the cursor, if there is anyone."""
        if not self._rows:
            return None
        return self._rows[max(self.cursor_row, 0)].person

    # -- keys and mouse ----------------------------------------------------------------------

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self._rows) - 1))

    def watch_cursor_row(self, row: int) -> None:
        # Keep the highlighted row in view below the heading.
        seen = max(self.scrollable_content_region.height - 1, 1)
        if row < self.scroll_y:
            self.scroll_to(y=row, animate=False)
        elif row >= self.scroll_y + seen:
            self.scroll_to(y=row - seen + 1, animate=False)
        self.refresh()

    def action_move(self, step: int) -> None:
        self.cursor_row += step

    def action_page(self, direction: int) -> None:
        self.cursor_row += direction * max(self.scrollable_content_region.height - 2, 1)

    def action_move_to(self, row: int) -> None:
        self.cursor_row = row if row >= 0 else len(self._rows) - 1

    def action_choose(self) -> None:
        person = self.highlighted_person
        if person is not None:
            self.post_message(self.Chosen(person))

    def on_click(self, event: events.Click) -> None:
        row = event.y - 1 + round(self.scroll_y)
        if event.y >= 1 and 0 <= row < len(self._rows):
            self.cursor_row = row
            self.action_choose()

    # -- drawing -----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        view = self.scrollable_content_region.width
        width = max(self.virtual_size.width, view)  # rows are coloured across the whole width
        left = round(self.scroll_x)  # a narrow terminal scrolls sideways, as tables do
        base = self.rich_style
        if y == 0:
            row = -1
            style = base + self.get_component_rich_style("people--header")
        else:
            row = y - 1 + round(self.scroll_y)
            if row >= len(self._rows):
                return Strip.blank(view, base)
            style = base
            if row == self.cursor_row:
                style += self.get_component_rich_style("people--cursor")
        key = (row, style, width, left, view)
        line = self._lines.get(key)
        if line is None:
            if row < 0:
                cells = tuple(
                    Text(h, justify="right" if h in HEADINGS[2:] else "left")
                    for h in self._headings
                )
            else:
                cells = self._row_cells(row)
            line = Strip(self._segments(cells, style, width), width).crop(left, left + view)
            if len(self._lines) > LINES_KEPT:
                self._lines.clear()
            self._lines[key] = line
        return line

    def _segments(self, cells: tuple[Text, ...], style: Style, width: int) -> list[Segment]:
        line = Text(style=style, no_wrap=True, end="")
        for cell, room in zip(cells, self._widths, strict=True):
            shown = cell.copy()
            shown.truncate(room, overflow="ellipsis")
            if cell.justify == "right":
                shown = Text(" " * (room - shown.cell_len), end="") + shown
            shown.truncate(room, pad=True)
            line.append(" " * PAD)
            line.append_text(shown)
            line.append(" " * PAD)
        line.truncate(width, pad=True)
        # The line's own style lies under the cells' (Text.render leaves it to the caller).
        return list(Segment.apply_style(line.render(self.app.console), style))
