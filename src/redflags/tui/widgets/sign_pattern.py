"""One sign over a period: its label, a small chart of how often it was noted over time, and its
counts and explained count in words, each with its denominator.

The chart marks a stretch of days in which the sign was never looked for with ``·``: unknown, never
drawn as zero. The words say everything the chart shows, so nothing rests on the chart or on colour.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from redflags.patterns.series import Buckets, NotedHow
from redflags.patterns.types import Count, SignSummary
from redflags.patterns.wording import sign_figures
from redflags.report.text import wrap
from redflags.safe_text import one_line
from redflags.tui.display import day_words
from redflags.tui.widgets.week_strip import CHECKED, NO_CHECKIN, NOTED

UNKNOWN = "·"  # looked for in none of the check-ins of that stretch
NONE_NOTED = "▁"  # looked for, never noted
LEVELS = "▂▃▄▅▆▇█"  # noted in a small ... a large share of the check-ins where it was looked for
LABEL_WIDTH = 34
INDENT = "  "
# Theme variables, resolved when drawn, so the light and dark themes both stay legible. They are
# styles in the content rather than component classes: with one row per sign, component classes
# made styling the screen cost more than everything else on it.
STYLES = {UNKNOWN: "$text-muted", NONE_NOTED: "$text-success"}
NOTED_STYLE = "$text-warning"
MUTED = "$text-muted"


FULL_MIN = 2  # a full bar needs at least this many check-ins noted: never one alone
ON_TREATMENT = "t"  # noted, each time on a treatment day
EXPLAINED = "e"  # noted, each time marked "another explanation is likely"
STYLES[ON_TREATMENT] = STYLES[EXPLAINED] = "$text-accent"


def spark_mark(count: Count, most: int = FULL_MIN) -> str:
    """The chart symbol for one stretch of days: the height is the count noted out of the
    check-ins where the sign was looked for, on a scale of ``most`` (the most looked for in any
    stretch of the chart, and at least two), so one check-in alone never fills a bar."""
    if count.checked == 0:
        return UNKNOWN
    if count.noted == 0:
        return NONE_NOTED
    scale = max(count.checked, most, FULL_MIN)
    # Any count above zero gets at least the lowest noted level, so "rarely" never reads as "never".
    level = -(-count.noted * len(LEVELS) // scale)
    return LEVELS[min(level, len(LEVELS)) - 1]


def told_apart(count: Count, how: NotedHow | None) -> str | None:
    """``t`` when every check-in of the stretch that noted the sign was a treatment day, ``e``
    when every one was marked "another explanation is likely"; else None (a bar)."""
    if how is None or count.noted == 0:
        return None
    if how.treatment == count.noted:
        return ON_TREATMENT
    if how.explained == count.noted:
        return EXPLAINED
    return None


def spark(series: list[Count], how: list[NotedHow] | None = None) -> Content:
    """The whole chart, earliest on the left."""
    most = max((count.checked for count in series), default=0)
    hows: list[NotedHow | None] = list(how) if how else [None] * len(series)
    marks = [
        told_apart(count, noted_how) or spark_mark(count, most)
        for count, noted_how in zip(series, hows, strict=True)
    ]
    return Content.assemble(*((mark, STYLES.get(mark, NOTED_STYLE)) for mark in marks))


def spark_legend(buckets: Buckets) -> Content:
    """What the charts show and what each symbol means, in words."""
    each = "one mark a day" if buckets.size == 1 else f"one mark for every {buckets.size} days"
    return Content.assemble(
        f"Each chart runs from {day_words(buckets.since)} (left) to "
        f"{day_words(buckets.until)} (right), {each}.\n",
        (UNKNOWN, STYLES[UNKNOWN]),
        " not looked for   ",
        (NONE_NOTED, STYLES[NONE_NOTED]),
        " looked for, not seen   ",
        (f"{LEVELS[0]} to {LEVELS[-1]}", NOTED_STYLE),
        " noted: the taller, the more check-ins noted it, out of those where it was looked for\n",
        (ON_TREATMENT, STYLES[ON_TREATMENT]),
        " noted, each time on a treatment day   ",
        (EXPLAINED, STYLES[EXPLAINED]),
        ' noted, each time marked "another explanation is likely"',
    )


def sign_lines(sign: SignSummary) -> list[str]:
    """The sign's figures in words, as the exported summary words them."""
    return sign_figures(sign, day_words)


class SignPattern(Widget):
    """One sign's row on the Patterns screen: a head line, then its figures, wrapped and indented."""

    def __init__(
        self, label: str, causes: list[str], *, none_listed: str, id: str | None = None
    ) -> None:
        super().__init__(id=id, classes="sign-pattern")
        self.label = one_line(label)
        self.causes = [one_line(c) for c in causes]
        # The checklist's line for a sign that lists no other cause.
        self.none_listed = one_line(none_listed)
        self.sign: SignSummary | None = None
        self.series: list[Count] = []
        self.how: list[NotedHow] | None = None
        self._laid_out: tuple[int, list[Content]] | None = None

    def show(
        self, sign: SignSummary, series: list[Count], how: list[NotedHow] | None = None
    ) -> None:
        """Show the sign over a new period."""
        self.sign = sign
        self.series = series
        self.how = how
        self._laid_out = None
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Content]:
        """The row as lines of at most ``width`` cells (kept until the sign or width changes)."""
        if self._laid_out is not None and self._laid_out[0] == width:
            return self._laid_out[1]
        sign = self.sign
        if sign is None:
            return []
        symbol = NOTED if sign.noted else CHECKED if sign.checked else NO_CHECKIN
        label = Content.styled(self.label, "bold").truncate(LABEL_WIDTH, ellipsis=True, pad=True)
        lines = [Content.assemble(f"{symbol} ", label, "  ", spark(self.series, self.how))]
        room = max(width, 20)
        for line in sign_lines(sign):
            lines += [Content(part) for part in wrap(line, room, INDENT)]
        if sign.noted:
            causes = (
                "Other possible causes: " + "; ".join(self.causes) + "."
                if self.causes
                else self.none_listed
            )
            lines += [Content.styled(part, MUTED) for part in wrap(causes, room, INDENT)]
        self._laid_out = (width, lines)
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_size.width))


class SparkLegend(Widget):
    """The lines above the charts: the days they span and what their symbols mean."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.buckets: Buckets | None = None

    def show(self, buckets: Buckets) -> None:
        """Describe the charts of a new period."""
        self.buckets = buckets
        self.refresh(layout=True)

    def render(self) -> Content:
        return spark_legend(self.buckets) if self.buckets else Content("")
