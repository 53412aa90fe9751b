"""The check-in table draws its plain cells itself (faster than through Rich): every line it draws
must be what DataTable itself would draw, character by character and style by style."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.widgets import DataTable

from redflags.checklist import load_catalog
from redflags.model import Status, TreatmentDay
from redflags.tui.display import TREATMENT_WORDS
from redflags.tui.widgets.checkin_table import (
    Cell,
    CheckinTable,
    counts,
    label_of,
    row_cells,
)
from tests.unit.builders import checkin


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield CheckinTable(load_catalog(), id="checkins")


ROWS = [
    # Plain cells, as History fills them (a kept row, then a deleted one).
    ["3 Oct 2026 18:30", "yes", "2: Nosebleeds; Changes in sleep", "11", "7", ""],
    ["2 Oct 2026 09:05", "not asked", "none", "0", "20", "deleted"],
    # Too long for its column: cut with an ellipsis, or cropped; right-justified with spaces.
    ["1 Oct 2026 23:59", "unsure or more", "x" * 40, "12345678901", "9 ", "a" * 9],
    # Not plain ASCII (drawn by DataTable), and an empty cell.
    ["30 Sep 2026 07:00", "ja", "3: 鼻血; Schläfrig; 😀 smile", "", "1", "deleted"],
]


def cells(row: int) -> list[Text]:
    style = "dim" if row % 2 else ""
    values = ROWS[row]
    return [
        Cell(values[0], style=style),
        Cell(values[1], style=style),
        Cell(values[2], style=style, no_wrap=True, overflow="ellipsis", end=""),
        Cell(values[3], style=style, justify="right"),
        Cell(values[4], style=style, justify="right"),
        Cell(values[5], style="italic"),
    ]


def per_cell(strip: Strip) -> list[tuple[str, Style | None]]:
    """Each character of a drawn line with its style (however the segments are cut)."""
    return [(char, segment.style) for segment in strip for char in segment.text]


def drawn(table: CheckinTable) -> list[list[tuple[str, Style | None]]]:
    table._clear_caches()
    return [per_cell(table.render_line(y)) for y in range(table.size.height)]


async def test_the_table_draws_its_cells_as_datatable_does() -> None:
    app = TableApp()
    async with app.run_test(size=(100, 12)) as pilot:
        table = app.query_one(CheckinTable)
        for row in range(len(ROWS)):
            table.add_row(*cells(row), key=str(row))
        table.focus()
        await pilot.pause()
        for cursor_row in (0, 1):
            table.move_cursor(row=cursor_row)
            table.hover_coordinate = table.cursor_coordinate.down()
            await pilot.pause()
            ours = drawn(table)
            table._render_cell = DataTable._render_cell.__get__(table)  # type: ignore[method-assign]
            theirs = drawn(table)
            del table._render_cell
            assert "".join(char for char, _ in ours[3]).startswith(" 1 Oct 2026 23:59")
            assert ours == theirs
        # The plain cells took the table's own way (no cell of them went through Rich).
        calls: list[int] = []
        original = DataTable._render_cell

        def counting(self: DataTable[Text], row: int, *args: object) -> list[list[Segment]]:
            if row >= 0:
                calls.append(row)
            return original(self, row, *args)  # type: ignore[arg-type]

        DataTable._render_cell = counting  # type: ignore[method-assign]
        try:
            drawn(table)
        finally:
            DataTable._render_cell = original  # type: ignore[method-assign]
        assert sorted(set(calls)) == [3]  # only the row with wide and accented characters


def test_a_row_counts_and_names_signs_as_the_check_in_view_does() -> None:
    catalog = load_catalog()
    ketamine = catalog.checklists["ketamine"]
    labels = {s.id: s.label for s in ketamine.signs}
    when = datetime(2026, 3, 1, 18, 30, tzinfo=timezone(timedelta(hours=1)))
    made = [
        checkin(when, ["nosebleeds", "sleep-changes"], ["stuffy-nose"]),
        # Recorded under an older label; one sign the installed checklist no longer has; a
        # sign recorded as not checked; a deleted check-in.
        checkin(
            when,
            ["nosebleeds", "gone-sign"],
            ["retired-sign"],
            notes={"chronic-cough": "only a note"},
            labels={"nosebleeds": "Nose bleeds (older wording)", "gone-sign": ""},
            deleted=True,
        ),
        checkin(when, [], [], checklist="not-installed"),
        checkin(when, ["nosebleeds"], [], checklist="not-installed", treatment=TreatmentDay.YES),
    ]
    for one in made:
        shown = labels if one.checklist == "ketamine" else {}
        row = [cell.plain for cell in row_cells(one, shown)]
        tally = counts(one, catalog)
        noted = one.signs_with(Status.NOTED)
        words = "; ".join(label_of(one, sid, catalog) for sid in noted)
        assert row == [
            "1 Mar 2026 18:30",
            TREATMENT_WORDS[one.treatment_day],
            f"{len(noted)}: {words}" if noted else "none",
            str(tally[Status.NOT_SEEN]),
            str(tally[Status.NOT_CHECKED]),
            "deleted" if one.deleted else "",
        ]
    assert [cell.plain for cell in row_cells(made[1], labels)][2:5] == [
        "2: Nose bleeds (older wording); ",
        "1",
        str(len(labels) + 1 - 1 - 1),
    ]
