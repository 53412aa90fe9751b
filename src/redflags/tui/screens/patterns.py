"""Patterns: what one person's check-ins show over a period, sign by sign, every figure with what it
is out of, and the reminder that this is not a diagnosis always in view.

It reads only the compact form of the check-ins (``Store.marks``) and the summary made from it,
and keeps one widget per sign, so ten years of daily check-ins open about as fast as ten.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static

from redflags.checklist import Checklist, ChecklistError
from redflags.exporting import checklist_for, summary_for
from redflags.patterns import PAIR_MIN
from redflags.safe_text import one_line
from redflags.series import Buckets, sign_series
from redflags.summary import Summary, counted
from redflags.tui.clock import today_of
from redflags.tui.display import day_words
from redflags.tui.services import Services
from redflags.tui.widgets.period_picker import (
    DATES,
    EVERYTHING,
    LAST_30,
    LAST_90,
    TAB_WORDS,
    PeriodChoice,
    PeriodPicker,
)
from redflags.tui.widgets.sign_pattern import SignPattern, SparkLegend

NOTICE_LINE = (
    "Observations only, not a diagnosis: only a qualified professional can assess substance use."
)
SPARK_WIDTH = 30  # most marks in a chart: it fits beside the label at 100 columns


class PatternsScreen(Screen[None]):
    """The summary of a person's check-ins over a chosen period; x exports it."""

    SUB_TITLE = "Patterns"
    CSS_PATH = "../patterns.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("1", f"period('{LAST_30}')", "30 days"),
        Binding("2", f"period('{LAST_90}')", "90 days"),
        Binding("3", f"period('{EVERYTHING}')", "All"),
        Binding("4", f"period('{DATES}')", "Choose dates"),
        Binding("x", "export", "Export"),
    ]

    def __init__(self, services: Services, person: str, *, today: date | None = None) -> None:
        super().__init__()
        self.services = services
        self.person = person
        self.fixed_today = today
        self.summary: Summary | None = None
        self.checklist: Checklist | None = None
        self.problem = ""
        try:
            self.checklist = checklist_for(
                services.store,
                services.catalog,
                person,
                None,
                services.config.default_checklist,
            )
        except ChecklistError as exc:
            self.problem = f"This summary cannot be shown: {one_line(str(exc))}."

    @property
    def today(self) -> date:
        return self.fixed_today or today_of(self.app)

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        who = Text.assemble("Patterns for ", (one_line(self.person), "bold"))
        if self.checklist is not None:
            who.append(f", on the checklist “{one_line(self.checklist.title)}”")
        yield Label(who, id="pt-who")
        yield PeriodPicker(PeriodChoice.of(LAST_90, self.today), today=self.today, id="pt-period")
        with VerticalScroll(id="pt-body"):
            yield Label(self.problem, id="pt-coverage", markup=False)
            yield Static("", id="pt-caveats", markup=False)
            with Vertical(id="pt-signs"):
                yield Label("Signs, by route of use", classes="section-title")
                yield SparkLegend(id="pt-legend")
                for index, group in enumerate(self.checklist.groups if self.checklist else ()):
                    yield Label(one_line(group.title), classes="pt-group", markup=False)
                    yield Label("", id=f"pt-group-{index}", classes="pt-group-line", markup=False)
                    for sign in group.signs:
                        yield SignPattern(sign.label, sign.other_explanations, id=f"pt-{sign.id}")
                yield Label("Treatment days and other days", classes="section-title pt-treatment")
                yield Static("", id="pt-treatment", classes="pt-treatment")
                yield Label("Signs noted together", classes="section-title")
                yield Static("", id="pt-pairs")
        yield Label(NOTICE_LINE, id="pt-notice")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#pt-signs").display = False
        caveats = self.query_one("#pt-caveats")
        caveats.display = False
        caveats.border_title = "Keep in mind"
        if self.checklist is not None:
            self.show_period(self.query_one(PeriodPicker).choice)
        self.query_one("#pt-body").focus()

    def on_period_picker_chosen(self, event: PeriodPicker.Chosen) -> None:
        event.stop()
        self.show_period(event.choice)
        if event.choice.kind == DATES:
            # Out of the date fields, so the keys of this screen work again.
            self.query_one("#pt-body").focus()

    def action_period(self, kind: str) -> None:
        picker = self.query_one(PeriodPicker)
        picker.choose(kind)

    def show_period(self, choice: PeriodChoice) -> None:
        """Summarize the chosen period and show it."""
        checklist = self.checklist
        if checklist is None:
            return
        store = self.services.store
        summary = summary_for(
            store,
            checklist,
            self.person,
            since=choice.since,
            until=choice.until,
            everything=choice.everything,
            today=self.today,
        )
        self.summary = summary
        span = summary.period
        self.query_one(PeriodPicker).showing(span.since, span.until)
        # The charts need each check-in's day, which the summary has counted away: read the same
        # compact rows again (an index-only read), never whole check-ins.
        buckets = Buckets.over(span.since, span.until, SPARK_WIDTH)
        marks = store.marks(self.person, checklist.id, since=span.since, until=span.until)
        series = sign_series(checklist, marks, buckets)
        self.query_one("#pt-coverage", Label).update(self.coverage(summary, choice))
        caveats = self.query_one("#pt-caveats", Static)
        caveats.update(bullets(one_line(c) for c in summary.caveats))
        caveats.display = bool(summary.caveats)
        self.query_one("#pt-signs").display = summary.checkins > 0
        self.query_one(SparkLegend).show(buckets)
        for index, (group, counts) in enumerate(zip(checklist.groups, summary.groups, strict=True)):
            line = (
                f"Something from this group was noted in {counts.noted_checkins} of the "
                f"{counted(counts.checked_checkins, 'check-in')} where any of it was looked for."
                if counts.checked_checkins
                else "Nothing from this group was looked for in this period."
            )
            self.query_one(f"#pt-group-{index}", Label).update(line)
            for sign in group.signs:
                found = summary.sign(sign.id)
                if found is not None:
                    self.query_one(f"#pt-{sign.id}", SignPattern).show(found, series[sign.id])
        treatment = self.treatment(summary, checklist)
        self.query_one("#pt-treatment", Static).update(treatment or "")
        for part in self.query(".pt-treatment"):
            part.display = treatment is not None
        self.query_one("#pt-pairs", Static).update(self.pairs(summary, checklist))
        self.query_one("#pt-body", VerticalScroll).scroll_home(animate=False)

    def coverage(self, summary: Summary, choice: PeriodChoice) -> str:
        """The period, how much of it has check-ins, and treatment days, in one short paragraph."""
        span = summary.period
        lead = f"{TAB_WORDS[choice.kind]}: {day_words(span.since)} to {day_words(span.until)}"
        if choice.kind == DATES:
            lead = f"From {day_words(span.since)} to {day_words(span.until)}"
        lead += f" ({counted(span.days, 'day')})."
        if not summary.checkins:
            return f"{lead}\nNo check-ins in this period. Press 3 to include every check-in."
        return (
            f"{lead}\nCheck-ins on {span.days_checked} of the {span.days} days "
            f"({counted(summary.checkins, 'check-in')} in all). Treatment day: yes for "
            f"{summary.treatment_checkins}, no for {summary.other_day_checkins}, not known for "
            f"{summary.treatment_unknown}."
        )

    @staticmethod
    def treatment(summary: Summary, checklist: Checklist) -> RenderableType | None:
        """Signs on treatment days against other days, worded as the export words them."""
        if not summary.treatment:
            if not summary.treatment_checkins:
                return None  # no treatment days recorded: nothing to compare or explain
            return Text(
                "No comparison: it needs check-ins marked as treatment days and check-ins "
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

    @staticmethod
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

    def action_export(self) -> None:
        from redflags.tui.screens.export_dialog import ExportDialog

        choice = self.query_one(PeriodPicker).choice
        dialog = ExportDialog(
            self.services,
            self.person,
            since=choice.since,
            until=choice.until,
            everything=choice.everything,
            today=self.today,
        )
        self.app.push_screen(dialog)


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
