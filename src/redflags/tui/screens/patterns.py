"""Patterns: what one person's check-ins show over a period. It opens on the summary's first page
(what changed, how much was observed, the family's words), then every sign with its chart, every
figure with what it is out of, and the reminder that this is not a diagnosis always in view.

It reads only the compact form of the check-ins (``Store.marks``) and the summary made from it,
and keeps one widget per sign, so ten years of daily check-ins open about as fast as ten.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.console import Console, ConsoleOptions, RenderableType
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Label, Static

from redflags.checklist import Checklist, ChecklistError
from redflags.patterns.series import Buckets, noted_how_series, sign_series
from redflags.patterns.types import Summary
from redflags.report.exporting import checklist_for, summary_for
from redflags.safe_text import one_line
from redflags.terms import NO_OTHER_EXPLANATION
from redflags.tui.clock import today_of
from redflags.tui.services import Services
from redflags.tui.widgets.footer import Footer
from redflags.tui.widgets.period_picker import (
    DATES,
    EVERYTHING,
    LAST_30,
    LAST_90,
    PeriodChoice,
    PeriodPicker,
)
from redflags.tui.widgets.sign_pattern import SignPattern, SparkLegend
from redflags.tui.widgets.summary_sections import (
    bullets,
    family_words,
    observed,
    pairs,
    period_line,
    treatment_table,
    what_changed,
)

# Shown when the checklist cannot be read; otherwise the checklist's own line ([summary]).
NOTICE_LINE = "Observations only, not a diagnosis."
SPARK_WIDTH = 30  # most marks in a chart: it fits beside the label at 100 columns


class Drawn:
    """A section's words (text and tables), laid out by Rich once for each width: the screen's
    layout asks every section for its height, then draws the ones in view, and each time Rich
    would lay out all of a section's tables again (years of check-ins make them long). What is
    drawn is exactly what Rich draws; text and tables never depend on the height offered, so it
    is left out of what the drawing is kept by."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._drawn: dict[tuple[object, ...], list[Segment]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> list[Segment]:
        key = (
            options.size,
            options.legacy_windows,
            options.min_width,
            options.max_width,
            options.is_terminal,
            options.encoding,
            options.justify,
            options.overflow,
            options.no_wrap,
            options.highlight,
            options.markup,
        )
        drawn = self._drawn.get(key)
        if drawn is None:
            if len(self._drawn) >= 4:  # a few widths at most (with and without a scroll bar)
                self._drawn.clear()
            drawn = self._drawn[key] = list(console.render(self.renderable, options))
        return drawn

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)


class PatternsScreen(Screen[None]):
    """The summary of a person's check-ins over a chosen period; x exports it."""

    SUB_TITLE = "Patterns"
    CSS_PATH = "../patterns.tcss"
    # Arrow keys and page keys scroll the summary from the start; focusing it here rather than
    # after mounting spares a second round of footer updates.
    AUTO_FOCUS = "#pt-body"
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
        checklist = self.checklist
        groups = checklist.groups if checklist else []
        none_listed = checklist.no_other_explanation if checklist else NO_OTHER_EXPLANATION
        # Every widget is made, and filled with the first period, before any is mounted: the
        # screen is laid out once, not once empty and again full.
        picker = PeriodPicker(
            PeriodChoice.of(LAST_90, self.today), today=self.today, id="pt-period"
        )
        self.coverage_line = Label(self.problem, id="pt-coverage", markup=False)
        self.first_page = Vertical(id="pt-first")
        self.first_page.styles.height = "auto"
        self.changed_text = Static("", id="pt-changed")
        self.observed_text = Static("", id="pt-observed")
        self.words_text = Static("", id="pt-words")
        self.caveats = Static("", id="pt-caveats", markup=False)
        self.caveats.border_title = "Keep in mind"
        self.legend = SparkLegend(id="pt-legend")
        self.sign_rows = {
            sign.id: SignPattern(
                sign.label,
                sign.other_explanations,
                none_listed=none_listed,
                id=f"pt-sign-{sign.id}",
            )
            for group in groups
            for sign in group.signs
        }
        self.treatment_title = Label("Treatment days and other days", classes="section-title")
        self.treatment_text = Static("", id="pt-treatment")
        self.pairs_text = Static("", id="pt-pairs")
        self.signs_box = Vertical(id="pt-signs")
        self.caveats.display = self.signs_box.display = self.first_page.display = False
        if checklist is not None:
            self.fill(picker, picker.choice)

        yield Header(icon="")
        who = Text.assemble("Patterns for ", (one_line(self.person), "bold"))
        if checklist is not None:
            who.append(f", on the checklist “{one_line(checklist.title)}”")
        yield Label(who, id="pt-who")
        yield picker
        body = VerticalScroll(id="pt-body")
        # Room for the scroll bar from the start: the summary is laid out once, at the width it
        # is shown at, not once without the bar and again with it (it is nearly always needed).
        body.styles.scrollbar_gutter = "stable"
        with body:
            yield self.coverage_line
            with self.first_page:
                yield Label("What changed", classes="section-title")
                yield self.changed_text
                yield Label("How much was observed", classes="section-title")
                yield self.observed_text
                yield self.caveats
                yield Label("In the family's words", classes="section-title")
                yield self.words_text
            with self.signs_box:
                grouped_by = one_line(checklist.summary.grouped_by) if checklist else ""
                yield Label(f"Signs, by {grouped_by}", classes="section-title", markup=False)
                yield self.legend
                for group in groups:
                    yield Label(one_line(group.title), classes="pt-group", markup=False)
                    yield from (self.sign_rows[sign.id] for sign in group.signs)
                yield self.treatment_title
                yield self.treatment_text
                yield Label("Signs noted together", classes="section-title")
                yield self.pairs_text
        notice = one_line(checklist.summary.notice_line) if checklist else NOTICE_LINE
        yield Label(notice, id="pt-notice", markup=False)
        yield Footer()

    def on_period_picker_chosen(self, event: PeriodPicker.Chosen) -> None:
        event.stop()
        self.fill(event.picker, event.choice)
        body = self.query_one("#pt-body", VerticalScroll)
        body.scroll_home(animate=False)
        if event.choice.kind == DATES:
            body.focus()  # out of the date fields, so the keys of this screen work again

    def action_period(self, kind: str) -> None:
        self.query_one(PeriodPicker).choose(kind)

    def fill(self, picker: PeriodPicker, choice: PeriodChoice) -> None:
        """Summarize the chosen period and show it in the screen's widgets."""
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
        picker.showing(span.since, span.until)
        # The charts need each check-in's day, which the summary has counted away: read the same
        # compact rows again (an index-only read), never whole check-ins.
        buckets = Buckets.over(span.since, span.until, SPARK_WIDTH)
        marks = store.marks(self.person, checklist.id, since=span.since, until=span.until)
        series = sign_series(checklist, marks, buckets)
        how = noted_how_series(checklist, marks, buckets)
        self.coverage_line.update(period_line(summary, choice))
        self.first_page.display = self.signs_box.display = summary.checkins > 0
        if summary.checkins:
            self.changed_text.update(Drawn(what_changed(summary, checklist)))
            self.observed_text.update(Drawn(observed(summary, checklist)))
            self.words_text.update(Drawn(family_words(summary)))
        self.caveats.update(bullets(one_line(c) for c in summary.caveats))
        self.caveats.display = bool(summary.caveats) and summary.checkins > 0
        self.legend.show(buckets)
        for sign in summary.signs:
            self.sign_rows[sign.id].show(sign, series[sign.id], how[sign.id])
        treatment = treatment_table(summary, checklist)
        self.treatment_text.update(Drawn(treatment) if treatment is not None else "")
        self.treatment_title.display = self.treatment_text.display = treatment is not None
        self.pairs_text.update(Drawn(pairs(summary, checklist)))

    def action_export(self) -> None:
        from redflags.tui.dialogs.export import ExportDialog

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
