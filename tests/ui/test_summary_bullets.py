"""The Patterns screen's bulleted lists are drawn without a Rich table, and must look exactly as
the table would: same characters, same styles, at every width."""

from __future__ import annotations

import pytest
from rich.console import Console
from rich.style import Style
from rich.table import Table
from rich.text import Text

from redflags.tui.widgets.summary_sections import bullet_grid, bullets

LISTS = [
    ["Nosebleeds: last 30 days 11 of 21; before 4 of 34."],
    [
        "Slurred speech: new, first noted on 25 Nov 2026 (last 30 days 1 of 22; before 0 of 34).",
        "Stuffy or blocked nose: last 30 days 5 of 22; before 3 of 38.",
        "short",
        "",
        "[bold]not markup[/bold] and a very-long-word-that-cannot-be-broken-anywhere-at-all-x",
        "wide 鼻血 and 😀 characters, and accents: Schläfrig, between words " * 2,
        "a\ttab and\ttwo",
        "two lines\nin one entry",
    ],
]


def cells(console: Console, renderable: object, width: int) -> list[list[tuple[str, Style]]]:
    lines = console.render_lines(renderable, console.options.update_width(width))  # type: ignore[arg-type]
    null = Style.null()
    return [[(char, seg.style or null) for seg in line for char in seg.text] for line in lines]


@pytest.mark.parametrize("texts", LISTS)
def test_bullets_look_as_the_rich_grid_does_at_every_width(texts: list[str]) -> None:
    console = Console(width=120, color_system="truecolor", force_terminal=True)
    for width in range(1, 121):
        ours = cells(console, bullets(texts), width)
        grid = cells(console, bullet_grid([Text(t) for t in texts]), width)
        assert ours == grid, width


def test_a_long_list_is_drawn_without_a_table(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object) -> None:
        raise AssertionError("drawn as a table")

    monkeypatch.setattr(Table, "__rich_console__", refused)
    console = Console(width=100)
    with console.capture() as capture:
        console.print(bullets(LISTS[1] * 20), width=96)
    assert "• [bold]not markup[/bold] and a" in capture.get()
