"""Day-by-day marks: a one-line strip (home) and a calendar of recent weeks (history).

Each day has a symbol as well as a colour, so the meaning never rests on colour alone.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

NO_CHECKIN = "·"
CHECKED = "○"
NOTED = "●"
STRIP_DAYS = 56
STRIP_CLASSES = {"strip--none", "strip--checked", "strip--noted"}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# The day marks' colours, for every widget that shows them. Plain theme colours, not "auto" ones:
# Textual works those out against a background a component style does not know, and the dots came
# out white, invisible on the light theme.
STRIP_CSS = """
    & > .strip--none {
        color: $foreground-muted;
    }
    & > .strip--checked {
        color: $text-success;
    }
    & > .strip--noted {
        color: $text-warning;
        text-style: bold;
    }
"""


class StripStyles(NamedTuple):
    """The styles of the three kinds of day, taken from the stylesheet of the widget showing them."""

    none: Style
    checked: Style
    noted: Style

    @classmethod
    def of(cls, widget: Widget) -> StripStyles:
        """The styles the stylesheet gives ``widget``'s strip component classes."""
        get = widget.get_component_rich_style
        return cls(
            get("strip--none", partial=True),
            get("strip--checked", partial=True),
            get("strip--noted", partial=True),
        )


def day_symbol(marks: dict[date, bool], day: date, styles: StripStyles) -> tuple[str, Style]:
    """The symbol and style of one day."""
    if day not in marks:
        return NO_CHECKIN, styles.none
    return (NOTED, styles.noted) if marks[day] else (CHECKED, styles.checked)


def strip_text(
    marks: dict[date, bool], *, today: date, styles: StripStyles, days: int = STRIP_DAYS
) -> Text:
    """One symbol a day for ``days`` days, oldest on the left, ending with today."""
    text = Text(no_wrap=True, end="")
    run, run_style = "", styles.none
    # Days that look alike go in one piece of text: far fewer to draw than one piece a day.
    for back in range(days - 1, -1, -1):
        symbol, style = day_symbol(marks, today - timedelta(days=back), styles)
        if style is not run_style and run:
            text.append(run, run_style)
            run = ""
        run, run_style = run + symbol, style
    text.append(run, run_style)
    return text


def legend_text(styles: StripStyles, *, separator: str = "   ") -> Text:
    """What the symbols mean, in words."""
    return Text.assemble(
        (NOTED, styles.noted),
        " something noted that day",
        separator,
        (CHECKED, styles.checked),
        " checked, nothing noted",
        separator,
        (NO_CHECKIN, styles.none),
        " no check-in",
        end="",
    )


class StripLegend(Widget):
    """The line (or, stacked, the lines) explaining the strip symbols."""

    COMPONENT_CLASSES = STRIP_CLASSES
    DEFAULT_CSS = "StripLegend {\n    height: auto;\n" + STRIP_CSS + "}\n"

    def __init__(self, *, stacked: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stacked = stacked

    def render(self) -> Text:
        return legend_text(StripStyles.of(self), separator="\n" if self.stacked else "   ")


class CalendarGrid(Widget):
    """Recent weeks as columns and weekdays as rows, with the first day of each month labelled."""

    COMPONENT_CLASSES = STRIP_CLASSES
    DEFAULT_CSS = "CalendarGrid {" + STRIP_CSS + "}\n"

    def __init__(
        self, marks: dict[date, bool], *, today: date, weeks: int = 16, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.marks = marks
        self.today = today
        self.weeks = weeks

    def show(self, marks: dict[date, bool]) -> None:
        """Show new marks (after a check-in was added, deleted or restored)."""
        self.marks = marks
        self.refresh()

    @property
    def first_day(self) -> date:
        """The Monday the grid starts on."""
        this_monday = self.today - timedelta(days=self.today.weekday())
        return this_monday - timedelta(weeks=self.weeks - 1)

    def month_line(self) -> str:
        """Month names above the week in which each month begins."""
        starts: list[tuple[int, str]] = []
        for week in range(self.weeks):
            monday = self.first_day + timedelta(weeks=week)
            firsts = [d for d in (monday + timedelta(days=i) for i in range(7)) if d.day == 1]
            if firsts:
                starts.append((week, f"{firsts[0]:%b}"))
        if not starts or starts[0][0] > 2:
            starts.insert(0, (0, f"{self.first_day:%b}"))
        line = ""
        for week, name in starts:
            column = len(WEEKDAYS[0]) + 1 + 2 * week
            if len(line) < column:
                line = line.ljust(column) + name
        return line

    def render(self) -> Text:
        styles = StripStyles.of(self)
        lines = [Text(self.month_line(), no_wrap=True, overflow="crop")]
        for weekday, name in enumerate(WEEKDAYS):
            line = Text(f"{name} ", no_wrap=True)
            for week in range(self.weeks):
                day = self.first_day + timedelta(weeks=week, days=weekday)
                if day > self.today:
                    break
                line.append(*day_symbol(self.marks, day, styles))
                line.append(" ")
            lines.append(line)
        return Text("\n", end="").join(lines)
