"""The Patterns screen keeps each section's drawing for the width it was drawn at: what is drawn
is what Rich draws, at every width, and a section is laid out once however often it is asked."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from redflags.tui.screens.patterns import Drawn
from redflags.tui.widgets.summary_sections import bullets


def section() -> Group:
    words = "Nosebleeds were noted in 4 of 5 check-ins where they were looked for, " * 3
    table = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 3, 0, 0))
    for heading in ("Sign", "Treatment days", "Other days"):
        table.add_column(heading, header_style="bold")
    table.add_row("Nosebleeds", "2 of 3", "1 of 9")
    return Group(Text(words), bullets([words, "[bold]not markup[/bold]"]), table)


def drawn_text(console: Console, renderable: object, width: int) -> str:
    with console.capture() as capture:
        console.print(renderable, width=width)
    return capture.get()


def test_a_section_is_drawn_as_rich_draws_it_and_laid_out_once_a_width() -> None:
    console = Console(width=100, color_system="truecolor", force_terminal=True)
    calls: list[int] = []
    inner = section()
    original = Group.__rich_console__

    class Counted(Group):
        def __rich_console__(self, console, options):  # type: ignore[no-untyped-def]
            calls.append(options.max_width)
            return original(self, console, options)

    counted = Counted(*inner.renderables)
    once = Drawn(counted)
    for width in (96, 98, 96, 40, 96):
        assert drawn_text(console, once, width) == drawn_text(console, section(), width)
    assert "[bold]not markup[/bold]" in drawn_text(console, once, 96)
    assert calls == [96, 98, 40]  # each width laid out once
