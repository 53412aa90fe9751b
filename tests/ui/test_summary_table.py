"""The Patterns screen's "Treatment days and other days" table is written line by line when it can
be, and must look exactly as the Rich table does: same characters, same styles, same segments, at
every width, and measure as the Rich table measures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from rich.console import Console, Group
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table

from redflags.model import TreatmentDay
from redflags.patterns.summarize import summarize
from redflags.tui.widgets.summary_sections import SimpleTable, simple_table, treatment_table
from tests.unit.builders import SIGN_IDS, at, checklist, marks

HEADINGS = ("Sign", "Treatment days", "Other days")
UNTIL = date(2026, 11, 29)

TABLES = [
    [("Nosebleeds", "3 of 10", "1 of 200")],
    [
        ("Slurred speech", "12 of 40", "3 of 300"),
        ("Stuffy or blocked nose and a much longer label than most", "0 of 1", ""),
        ("", "", "7 of 7"),
        ("鼻血 (nosebleeds)", "😀 1 of 2", "Schläfrig"),
        ("[bold]not markup[/bold]", ":smile: 1 of 2", "  spaced  out  "),
        ("a-very-long-word-that-cannot-be-broken-anywhere-at-all-in-any-column", "x", "y"),
    ],
    # Cells Rich must lay out itself: line breaks, tabs, control characters, uneven rows.
    [("two lines\nin one cell", "1 of 2", "0 of 3"), ("a\ttab", "b", "c")],
    [("a bell \x07 here", "1 of 2", "0 of 3")],
    [("no-break\u00a0space", "1 of 2", "0 of 3"), ("short row", "1 of 1")],
]

CONSOLES = {
    # As the app's console is made: markup on, no highlighting, no emoji codes.
    "app": dict(markup=True, highlight=False, emoji=False, force_terminal=True),
    "plain": dict(force_terminal=True),
}


def console_for(kind: str) -> Console:
    return Console(width=120, color_system="truecolor", **CONSOLES[kind])  # type: ignore[arg-type]


def segments(console: Console, renderable: object, width: int) -> list[Segment]:
    return list(console.render(renderable, console.options.update_width(width)))  # type: ignore[arg-type]


def assert_drawn_as_rich_draws(
    console: Console, ours: object, rich: object, widths: range = range(1, 121)
) -> None:
    for width in widths:
        assert segments(console, ours, width) == segments(console, rich, width), width
        options = console.options.update_width(width)
        assert Measurement.get(console, options, ours) == Measurement.get(  # type: ignore[arg-type]
            console,
            options,
            rich,  # type: ignore[arg-type]
        ), width


@pytest.mark.parametrize("kind", CONSOLES)
@pytest.mark.parametrize("rows", TABLES)
def test_the_table_looks_and_measures_as_the_rich_table_at_every_width(
    kind: str, rows: list[tuple[str, ...]]
) -> None:
    assert_drawn_as_rich_draws(
        console_for(kind), SimpleTable(HEADINGS, rows), simple_table(HEADINGS, rows)
    )


@pytest.mark.parametrize("heading", [("Sign",), ("Sign", "Days")])
def test_one_or_two_columns_and_one_row(heading: tuple[str, ...]) -> None:
    rows = [tuple(f"cell {i} 😀" for i in range(len(heading)))]
    assert_drawn_as_rich_draws(
        console_for("app"), SimpleTable(heading, rows), simple_table(heading, rows)
    )


def a_treatment_log_summary() -> Group:
    """Three months of check-ins, every sign looked for, some noted on treatment days and some
    on other days, summarized as the Patterns screen summarizes them."""
    data = []
    for i in range(90):
        day = UNTIL - timedelta(days=i)
        noted = [sid for n, sid in enumerate(SIGN_IDS) if (i + n) % (n + 2) == 0]
        treatment = TreatmentDay.YES if i % 3 == 0 else TreatmentDay.NO
        not_seen = [sid for sid in SIGN_IDS if sid not in noted]
        data.append(marks(at(day), noted, not_seen, treatment=treatment))
    summary = summarize(
        checklist(), data, person="Sam", since=UNTIL - timedelta(days=89), until=UNTIL, written=[]
    )
    section = treatment_table(summary, checklist())
    assert isinstance(section, Group)
    return section


def test_the_treatment_table_of_a_real_summary_looks_as_it_did() -> None:
    section = a_treatment_log_summary()
    ours = section.renderables[-1]
    assert isinstance(ours, SimpleTable)
    assert len(ours.rows) == len(SIGN_IDS)
    # The table as the screen built it before it was written line by line: plain strings in a
    # Rich table, drawn by the app's console.
    before = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 3, 0, 0))
    for heading in HEADINGS:
        before.add_column(heading, header_style="bold")
    for row in ours.rows:
        before.add_row(*row)
    console = console_for("app")
    assert_drawn_as_rich_draws(console, ours, before)
    assert_drawn_as_rich_draws(
        console, section, Group(*section.renderables[:-1], ours.rich_table())
    )
    with console.capture() as capture:
        console.print(section, width=100)
    assert "Extreme sleepiness" in capture.get()


def test_a_table_that_fits_is_written_without_a_rich_table(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[int] = []
    original = Table.__rich_console__

    def counted(self: Table, console: Console, options: object) -> object:
        drawn.append(1)
        return original(self, console, options)  # type: ignore[arg-type]

    monkeypatch.setattr(Table, "__rich_console__", counted)
    console = console_for("app")
    rows = TABLES[1][:4] * 10
    widest = SimpleTable(HEADINGS, rows)
    with console.capture() as capture:
        console.print(widest, width=100)
    lines = capture.get().splitlines()
    assert len(lines) == 41 and "Slurred speech" in lines[1]
    assert drawn == []
    # Too narrow for every column at its widest: Rich wraps the cells.
    with console.capture():
        console.print(widest, width=40)
    assert drawn == [1]
