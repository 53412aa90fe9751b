"""One sign over a period: its label, a small chart of how often it was noted over time, and its
counts, trend and explained count in words, each with its denominator.

The chart marks a stretch of days in which the sign was never looked for with ``·``: unknown, never
drawn as zero. The words say everything the chart shows, so nothing rests on the chart or on colour.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from redflags.patterns import TREND_MIN
from redflags.safe_text import one_line
from redflags.series import Buckets
from redflags.summary import Count, Direction, SignSummary, counted
from redflags.tui.display import day_words
from redflags.tui.widgets.week_strip import CHECKED, NO_CHECKIN, NOTED

UNKNOWN = "·"  # looked for in none of the check-ins of that stretch
NONE_NOTED = "▁"  # looked for, never noted
LEVELS = "▂▃▄▅▆▇█"  # noted in a small ... a large share of the check-ins where it was looked for
LABEL_WIDTH = 34
SPARK_CLASSES = {"spark--unknown", "spark--none", "spark--noted", "sign-pattern--muted"}


def spark_mark(count: Count) -> str:
    """The chart symbol for one stretch of days."""
    if count.checked == 0:
        return UNKNOWN
    if count.noted == 0:
        return NONE_NOTED
    # Any share above zero gets at least the lowest noted level, so "rarely" never reads as "never".
    level = -(-count.noted * len(LEVELS) // count.checked)
    return LEVELS[min(level, len(LEVELS)) - 1]


def spark_text(series: list[Count], styles: dict[str, Style]) -> Text:
    """The whole chart, earliest on the left."""
    text = Text(no_wrap=True, end="")
    for count in series:
        mark = spark_mark(count)
        kind = (
            "spark--unknown"
            if mark == UNKNOWN
            else "spark--none"
            if mark == NONE_NOTED
            else "spark--noted"
        )
        text.append(mark, styles[kind])
    return text


def spark_legend(buckets: Buckets, styles: dict[str, Style]) -> Text:
    """What the charts show and what each symbol means, in words."""
    each = "one mark a day" if buckets.size == 1 else f"one mark for every {buckets.size} days"
    return Text.assemble(
        f"Charts run from {day_words(buckets.since)} (left) to {day_words(buckets.until)} "
        f"(right), {each}:  ",
        (UNKNOWN, styles["spark--unknown"]),
        " not looked for   ",
        (NONE_NOTED, styles["spark--none"]),
        " looked for, not seen   ",
        (LEVELS[0] + LEVELS[-1], styles["spark--noted"]),
        " noted, in a few … in all of the check-ins",
        end="",
    )


def sign_lines(sign: SignSummary) -> list[str]:
    """The sign's figures in words, as the exported summary words them."""
    if sign.checked == 0:
        return [f"Not checked in any of the {counted(sign.not_checked, 'check-in')}."]
    lines = [
        f"Noted in {sign.noted} of {counted(sign.checked, 'check-in')} where it was looked "
        f"for; not checked in {sign.not_checked}."
    ]
    trend = sign.trend
    if trend.direction is Direction.TOO_FEW:
        lines.append(
            f"Trend: too few check-ins to tell (looked for in {sign.checked}; "
            f"{TREND_MIN} are needed)."
        )
    else:
        lines.append(
            f"Trend: {trend.direction.value} (earlier half: noted in {trend.earlier.noted} of "
            f"{trend.earlier.checked}; later half: {trend.later.noted} of {trend.later.checked})."
        )
    if sign.noted:
        assert sign.first_noted is not None and sign.last_noted is not None
        when = (
            f"on {day_words(sign.first_noted)}"
            if sign.days_noted == 1
            else f"first on {day_words(sign.first_noted)}, last on {day_words(sign.last_noted)}"
        )
        lines.append(
            f'Noted on {counted(sign.days_noted, "day")}, {when}. Marked "another explanation '
            f'is likely" in {sign.explained} of the {counted(sign.noted, "check-in")} where it '
            "was noted."
        )
    return lines


class SignPattern(Widget):
    """One sign's row on the Patterns screen."""

    COMPONENT_CLASSES = SPARK_CLASSES

    def __init__(self, label: str, causes: list[str], *, id: str | None = None) -> None:
        super().__init__(id=id, classes="sign-pattern")
        self.label = one_line(label)
        self.causes = [one_line(c) for c in causes]
        self.sign: SignSummary | None = None
        self.series: list[Count] = []

    def show(self, sign: SignSummary, series: list[Count]) -> None:
        """Show the sign over a new period."""
        self.sign = sign
        self.series = series
        self.refresh(layout=True)

    def styles_of(self) -> dict[str, Style]:
        """The stylesheet's styles for the chart symbols."""
        return {name: self.get_component_rich_style(name, partial=True) for name in SPARK_CLASSES}

    def render(self) -> RenderableType:
        sign = self.sign
        if sign is None:
            return Text("")
        styles = self.styles_of()
        symbol = NOTED if sign.noted else CHECKED if sign.checked else NO_CHECKIN
        head = Text(f"{symbol} ", no_wrap=True)
        label = Text(self.label, style="bold", end="")
        label.truncate(LABEL_WIDTH, overflow="ellipsis", pad=True)
        head.append_text(label)
        head.append("  ")
        head.append_text(spark_text(self.series, styles))
        parts: list[RenderableType] = [head]
        parts += [Padding(Text(line), (0, 0, 0, 2)) for line in sign_lines(sign)]
        if sign.noted and self.causes:
            causes = Text("Other possible causes: " + "; ".join(self.causes) + ".")
            causes.stylize(styles["sign-pattern--muted"])
            parts.append(Padding(causes, (0, 0, 0, 2)))
        return Group(*parts)


class SparkLegend(Widget):
    """The line above the charts: the days they span and what their symbols mean."""

    COMPONENT_CLASSES = SPARK_CLASSES

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.buckets: Buckets | None = None

    def show(self, buckets: Buckets) -> None:
        """Describe the charts of a new period."""
        self.buckets = buckets
        self.refresh(layout=True)

    def render(self) -> RenderableType:
        if self.buckets is None:
            return Text("")
        styles = {name: self.get_component_rich_style(name, partial=True) for name in SPARK_CLASSES}
        return spark_legend(self.buckets, styles)
