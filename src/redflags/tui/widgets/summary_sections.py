"""The Patterns screen's words for the whole period: what changed, how much was observed, the
family's words, treatment days and signs seen together. Every sentence comes from
``patterns.wording``, the same words the exported summary uses; only dates are friendlier here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from redflags.checklist import Checklist
from redflags.patterns import wording
from redflags.patterns.types import Summary, WordsEntry
from redflags.safe_text import one_line
from redflags.terms import Status, TreatmentDay
from redflags.tui.display import day_words
from redflags.tui.widgets.period_picker import DATES, TAB_WORDS, PeriodChoice

ENTRIES_SHOWN = 5  # the latest entries in the family's words on the first screen


def labels_of(checklist: Checklist) -> dict[str, str]:
    """Each sign's label, safe to show on one line."""
    return {s.id: one_line(s.label) for s in checklist.signs}


def period_line(summary: Summary, choice: PeriodChoice) -> str:
    """The period shown, in words."""
    span = summary.period
    lead = f"{TAB_WORDS[choice.kind]}: {day_words(span.since)} to {day_words(span.until)}"
    if choice.kind == DATES:
        lead = f"From {day_words(span.since)} to {day_words(span.until)}"
    lead += f" ({span.days} days)."
    if not summary.checkins:
        lead += "\nNo check-ins in this period. Press 3 to include every check-in."
    return lead


def what_changed(summary: Summary, checklist: Checklist) -> RenderableType:
    """The two windows sign by sign, the signs noted once, and treatment days, as the export says."""
    labels = labels_of(checklist)
    parts: list[RenderableType] = []
    if not summary.changes.signs:
        parts.append(Text("No sign was noted in this period."))
    else:
        parts.append(
            Text(_plain(wording.changes_intro(summary.changes, summary.since_last, day_words)))
        )
        lines, once = wording.changes_lines(summary, labels, summary.since_last, day_words)
        if lines:
            parts.append(bullets(lines))
        if once:
            parts.append(Text(_plain(once)))
    said = wording.treatment_summary(summary.treatment, day_words)
    treatment = wording.treatment_lines(summary.treatment, labels, only_on_treatment_days=True)
    parts.append(Text(_plain(said + (" Signs noted on treatment days:" if treatment else ""))))
    if treatment:
        parts.append(bullets(treatment))
    return Group(*parts)


def observed(summary: Summary, checklist: Checklist) -> RenderableType:
    """How much was observed, as the export says it."""
    return bullets(wording.coverage_lines(summary, labels_of(checklist), day_words))


def family_words(summary: Summary) -> RenderableType:
    """The "went well" count and the latest entries, newest first, exactly as typed."""
    words = summary.words
    parts: list[RenderableType] = [Text(_plain(wording.went_well_line(words, day_words)))]
    entries = words.entries[:ENTRIES_SHOWN]
    if entries:
        more = len(words.entries) - len(entries)
        parts.append(
            Text(
                "The latest entries, newest first"
                + (f" ({more} more in the export):" if more else ":")
            )
        )
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        for entry in entries:
            grid.add_row(Text(_when(entry)), Text("\n".join(_items(entry))))
        parts.append(grid)
    return Group(*parts)


def _when(entry: WordsEntry) -> str:
    mark = " (treatment day)" if entry.treatment_day == TreatmentDay.YES.value else ""
    return entry.at + mark


def _items(entry: WordsEntry) -> list[str]:
    items = []
    if entry.setting.strip():
        items.append(f"Setting: {one_line(entry.setting)}")
    if entry.note.strip():
        items.append(f"Note: {one_line(entry.note)}")
    for sign in entry.signs:
        said = "another explanation likely" if sign.explained else Status(sign.status).words
        items.append(f"{one_line(sign.label)} ({said}): {one_line(sign.note)}")
    if entry.positives.strip():
        items.append(f"Went well: {one_line(entry.positives)}")
    return items


def treatment_table(summary: Summary, checklist: Checklist) -> RenderableType | None:
    """Signs on treatment days against other days, worded as the export words them."""
    treatment = summary.treatment
    if not treatment.yes and not treatment.last_day:
        return None  # no treatment days recorded: nothing to compare or explain
    intro = Text(
        _plain(
            wording.treatment_summary(treatment, day_words)
            + " "
            + wording.treatment_intro(treatment)
        )
    )
    if not treatment.signs:
        return intro
    labels = labels_of(checklist)
    rows = [
        (
            labels[item.id],
            _plain(wording.of(item.yes.noted, item.yes.checked)),
            _plain(wording.of(item.no.noted, item.no.checked)),
        )
        for item in treatment.signs
    ]
    table = SimpleTable(("Sign", "Treatment days", "Other days"), rows)
    return Group(intro, Text(""), table)


def pairs(summary: Summary, checklist: Checklist) -> RenderableType:
    """Signs noted in the same check-in at least PAIR_MIN times, out of both looked for."""
    intro = Text(_plain(wording.pairs_intro(summary.pairs)))
    if not summary.pairs:
        return intro
    labels = labels_of(checklist)
    return Group(intro, bullets(wording.pair_line(p, labels) for p in summary.pairs))


def bullets(lines: Iterable[str]) -> Bullets:
    """A bulleted list whose wrapped lines stay indented under their first."""
    return Bullets([Text(_plain(line)) for line in lines])


def bullet_grid(texts: list[Text]) -> Table:
    """The bulleted list as a Rich grid: a bullet column two cells wide, then the text."""
    grid = Table.grid()
    grid.add_column(width=2)
    grid.add_column(ratio=1)
    for text in texts:
        grid.add_row("•", text)
    return grid


class Bullets:
    """A bulleted list, drawn as Rich draws ``bullet_grid`` (the tests compare the two) but
    without laying out a table: years of check-ins make lists long, and a table measures and
    draws every cell through Rich's general machinery."""

    def __init__(self, texts: list[Text]) -> None:
        self.texts = texts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        room = options.max_width
        plain = all(
            not (t.style or t.spans or t.justify or t.overflow or t.no_wrap) for t in self.texts
        )
        if not self.texts or room < 4 or not plain:
            yield bullet_grid(self.texts)
            return
        # The text column is as wide as the longest line, at most the room beside the bullets.
        widest = max(
            min(max(map(cell_len, t.plain.splitlines()), default=0), room) for t in self.texts
        )
        width = min(widest or 1, room - 2)
        for text in self.texts:
            tab_size = console.tab_size if text.tab_size is None else text.tab_size
            lines = text.wrap(
                console, width, justify="left", overflow="ellipsis", tab_size=tab_size or 8
            )
            for index, line in enumerate(lines):
                yield Segment("• " if index == 0 else "  ")
                yield from Segment.adjust_line_length(list(line.render(console)), width, pad=True)
                yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, bullet_grid(self.texts))


GAP = 3  # the spaces between a table's columns


def simple_table(headings: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    """The table as a Rich table: a bold heading over each column, no lines, the columns
    GAP spaces apart and none at either edge; every cell plain text, never markup."""
    table = Table(box=None, show_edge=False, pad_edge=False, padding=(0, GAP, 0, 0))
    for heading in headings:
        table.add_column(Text(heading), header_style="bold")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


class SimpleTable:
    """A table drawn as Rich draws ``simple_table`` (the tests compare the two) but, when every
    cell is one line of plain text and the columns fit as wide as their widest cell, written line
    by line without Rich's general table machinery (measuring and drawing every cell as its own
    renderable takes milliseconds for a few dozen rows). Anything else is drawn by Rich."""

    def __init__(self, headings: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.headings = tuple(headings)
        self.rows = [tuple(row) for row in rows]

    def rich_table(self) -> Table:
        return simple_table(self.headings, self.rows)

    def _widths(self) -> list[int] | None:
        """Each column's width (its widest cell), or None when Rich must lay the table out:
        a cell that is not one line of printable text, a row of another length, an empty column."""
        count = len(self.headings)
        widths = [0] * count
        for row in (self.headings, *self.rows):
            if len(row) != count:
                return None
            for index, cell in enumerate(row):
                if not cell.isprintable():  # line breaks, tabs, control and unusual spaces
                    return None
                width = cell_len(cell)
                if width > widths[index]:
                    widths[index] = width
        if not count or not all(widths):
            return None
        return widths

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self._widths()
        if widths is None or sum(widths) + GAP * (len(widths) - 1) > options.max_width:
            yield self.rich_table()
            return
        # As Rich draws it: each cell padded to its column's width as one segment, then the gap
        # as its own segment; the header row's segments all in the header style; no gap after
        # the last column.
        header = console.get_style("table.header") + console.get_style("bold")
        gap = " " * GAP
        last = len(widths) - 1
        line = Segment.line()
        for style, pad_style, row in (
            (header, header, self.headings),
            *((None, Style.null(), row) for row in self.rows),
        ):
            for index, cell in enumerate(row):
                yield Segment(cell + " " * (widths[index] - cell_len(cell)), style)
                if index != last:
                    yield Segment(gap, pad_style)
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widths = self._widths()
        room = options.max_width
        if widths is None or room < 1 or sum(widths) + GAP * (len(widths) - 1) > room:
            return Measurement.get(console, options, self.rich_table())
        # As Rich measures it when every column fits as wide as its widest cell: at least the
        # longest word of each column, at most its widest cell, with the gaps.
        least = [0] * len(widths)
        for row in (self.headings, *self.rows):
            for index, cell in enumerate(row):
                word = max(map(cell_len, cell.split()), default=cell_len(cell))
                if word > least[index]:
                    least[index] = word
        gaps = GAP * (len(widths) - 1)
        return Measurement(sum(least) + gaps, sum(widths) + gaps)


def _plain(text: str) -> str:
    """The no-break spaces that hold "3 of 10" together in the export are plain spaces here."""
    return text.replace(wording.KEEP, " ")
