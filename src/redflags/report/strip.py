"""The coverage strip of the counsellor's summary: which days had a check-in, and which had
something noted, one character a day (or a week, for long periods)."""

from __future__ import annotations

from datetime import date, timedelta

from redflags.patterns.types import Summary
from redflags.report.blocks import Block, Para, Pre

DAILY_WEEKS = 16  # up to this many weeks the strip shows days, beyond it weeks
WEEKS_A_LINE = 52
WEEKS_A_LINE_DAILY = 4


LEGEND = (
    "  # noted   o nothing noted, half the signs or more looked for   . no check-in",
    "  - nothing noted, fewer looked for (or a note only)   blank: before the log",
)


def _before_log(summary: Summary, day: date) -> bool:
    began = summary.coverage.log_began
    return began is None or day < began


def _day(summary: Summary, day: date) -> str:
    span = summary.period
    if not span.since <= day <= span.until or _before_log(summary, day):
        return " "
    if day in summary.noted_days:
        return "#"
    if day in summary.well_looked_days:
        return "o"
    return "-" if day in summary.checked_days else "."


def _mondays(since: date, until: date) -> list[date]:
    first = since - timedelta(days=since.weekday())
    return [first + timedelta(weeks=w) for w in range((until - first).days // 7 + 1)]


def coverage_strip(summary: Summary) -> list[Block]:
    """The period as a strip of characters: a day each up to 16 weeks, a week each beyond."""
    span = summary.period
    mondays = _mondays(span.since, span.until)
    if len(mondays) <= DAILY_WEEKS:
        lines = []
        began = summary.coverage.log_began
        for start in range(0, len(mondays), WEEKS_A_LINE_DAILY):
            last_day = mondays[min(start + WEEKS_A_LINE_DAILY, len(mondays)) - 1] + timedelta(6)
            if began is not None and last_day < began:
                continue  # a line of weeks all before the log began
            weeks = [
                " ".join(_day(summary, monday + timedelta(days=offset)) for offset in range(7))
                for monday in mondays[start : start + WEEKS_A_LINE_DAILY]
            ]
            lines.append(f"  {mondays[start]}   {'   '.join(weeks)}".rstrip())
        heading = "   ".join(["M T W T F S S"] * min(len(mondays), WEEKS_A_LINE_DAILY))
        return [
            Pre(
                (
                    *LEGEND,
                    f"  Weeks from   {heading}",
                    *lines,
                )
            ),
        ]
    # Days as numbers (ordinals): years of weeks, each looked through in a few steps.
    began = summary.coverage.log_began
    first = span.since.toordinal() if began is None else max(span.since, began).toordinal()
    last = span.until.toordinal() if began is not None else first - 1  # no log: no day shown
    noted_days = set(map(date.toordinal, summary.noted_days))
    well_looked = set(map(date.toordinal, summary.well_looked_days))
    checked = set(map(date.toordinal, summary.checked_days))
    rows = []
    for start in range(0, len(mondays), WEEKS_A_LINE):
        cells = []
        for monday in mondays[start : start + WEEKS_A_LINE]:
            week = monday.toordinal()
            days = range(max(week, first), min(week + 6, last) + 1)
            noted = len(noted_days.intersection(days))
            if not days:
                cells.append(" ")
            elif noted:
                cells.append(str(noted))
            elif not well_looked.isdisjoint(days):
                cells.append("o")
            else:
                cells.append("." if checked.isdisjoint(days) else "-")
        groups = ["".join(cells[i : i + 4]) for i in range(0, len(cells), 4)]
        rows.append(f"  {mondays[start]}  {' '.join(groups)}".rstrip())
    return [
        Para(
            f"Week by week: the period has {len(mondays)} weeks, too many to show day by day. "
            f"One character a week (Monday to Sunday), {WEEKS_A_LINE} weeks a line, in groups "
            "of four; "
            "each line starts with the Monday of its first week:"
        ),
        Pre(
            (
                "  1-7  days that week with something noted",
                "  o    nothing noted that week, at least half of the signs looked for",
                "  -    nothing noted that week, fewer than half looked for",
                "  .    no check-in that week     (blank: before the log began)",
            )
        ),
        Pre(tuple(rows)),
    ]
