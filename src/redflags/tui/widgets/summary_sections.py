"""The Patterns screen's words for the whole period: coverage, what was noted, treatment days and
signs seen together. Worded as the exported summary words them (report_content), every figure with
what it is out of."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from redflags.checklist import Checklist
from redflags.patterns.summarize import PAIR_MIN
from redflags.patterns.types import Summary
from redflags.safe_text import one_line
from redflags.tui.display import day_words
from redflags.tui.widgets.period_picker import DATES, TAB_WORDS, PeriodChoice
from redflags.words import counted

NAMED_MOST = 4  # more noted signs than this are counted at the top, not named


def coverage(summary: Summary, choice: PeriodChoice) -> str:
    """The period, how much of it has check-ins, treatment days, and which signs were noted."""
    span = summary.period
    lead = f"{TAB_WORDS[choice.kind]}: {day_words(span.since)} to {day_words(span.until)}"
    if choice.kind == DATES:
        lead = f"From {day_words(span.since)} to {day_words(span.until)}"
    lead += f" ({counted(span.days, 'day')})."
    if not summary.checkins:
        return f"{lead}\nNo check-ins in this period. Press 3 to include every check-in."
    signs = summary.signs
    noted = [one_line(s.label) for s in signs if s.noted]
    # A quick answer to "was anything noted?", which never lets "not noted" pass for "absent".
    of_all = f"{len(noted)} of the {counted(len(signs), 'sign')}"
    if len(noted) > NAMED_MOST:
        overview = f"{of_all} were noted at least once. Each sign is below, with its counts."
    elif noted:
        names = ", ".join(noted[:-1]) + " and " + noted[-1] if len(noted) > 1 else noted[0]
        overview = f"Noted at least once: {names} ({of_all}). Each sign is below, with its counts."
    else:
        looked = sum(1 for s in signs if s.checked)
        overview = (
            f"No sign was noted. {looked} of the {counted(len(signs), 'sign')} "
            f"{'was' if looked == 1 else 'were'} looked for at least once; the others were "
            "not checked, so nothing is known about them."
            if looked < len(signs)
            else "No sign was noted, and every sign was looked for at least once."
        )
    return (
        f"{lead}\nCheck-ins on {span.days_checked} of the {span.days} days "
        f"({counted(summary.checkins, 'check-in')} in all). Treatment day: yes for "
        f"{summary.treatment_checkins}, no for {summary.other_day_checkins}, not known for "
        f"{summary.treatment_unknown}.\n{overview}"
    )


def treatment_table(summary: Summary, checklist: Checklist) -> RenderableType | None:
    """Signs on treatment days against other days, worded as the export words them."""
    if not summary.treatment:
        if not summary.treatment_checkins:
            return None  # no treatment days recorded: nothing to compare or explain
        return Text(
            "Treatment days are not compared with other days here: that needs check-ins "
            "marked as treatment days and check-ins "
            f"marked as other days. Of the {counted(summary.checkins, 'check-in')}, "
            f"treatment day was yes for {summary.treatment_checkins}, no for "
            f"{summary.other_day_checkins} and not known for {summary.treatment_unknown}."
        )
    unknown = summary.treatment_unknown
    intro = Text(
        "Some signs are expected for a few hours after a dose of prescribed ketamine or "
        "esketamine. Treatment days: "
        f"{counted(summary.treatment_checkins, 'check-in')}; other days: "
        f"{counted(summary.other_day_checkins, 'check-in')}"
        + (f"; {unknown} not known, in neither column. " if unknown else ". ")
        + "Each cell: noted in how many of the check-ins where the sign was looked for."
    )
    labels = {s.id: one_line(s.label) for s in checklist.signs}
    table = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 3, 0, 0))
    for heading in ("Sign", "Treatment days", "Other days"):
        table.add_column(heading, header_style="bold")
    rows = 0
    for item in summary.treatment:
        if item.yes.noted or item.no.noted:
            table.add_row(
                labels[item.id],
                _of(item.yes.noted, item.yes.checked),
                _of(item.no.noted, item.no.checked),
            )
            rows += 1
    if not rows:
        return Group(intro, Text("No sign was noted on either kind of day."))
    return Group(intro, Text(""), table)


def pairs(summary: Summary, checklist: Checklist) -> RenderableType:
    """Signs noted in the same check-in at least PAIR_MIN times."""
    if not summary.pairs:
        return Text(f"No two signs were noted in the same check-in {PAIR_MIN} or more times.")
    labels = {s.id: one_line(s.label) for s in checklist.signs}
    return bullets(
        f"{labels[p.signs[0]]} and {labels[p.signs[1]]}: together in {p.together} of "
        f"{counted(summary.checkins, 'check-in')}"
        for p in summary.pairs
    )


def bullets(lines: Iterable[str]) -> Table:
    """A bulleted list whose wrapped lines stay indented under their first."""
    grid = Table.grid()
    grid.add_column(width=2)
    grid.add_column(ratio=1)
    for line in lines:
        grid.add_row("•", Text(line))
    return grid


def _of(noted: int, checked: int) -> str:
    return f"{noted} of {checked}" if checked else "not looked for"
