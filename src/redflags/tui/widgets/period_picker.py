"""Choosing the period of a summary: the last 30 days, the last 90, everything, or two dates.

Shared by the Patterns screen and the Export dialog, so both offer the same choices in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Tab, Tabs

from redflags.entry import EntryError, parse_day
from redflags.tui.display import day_words

LAST_30 = "period-30"
LAST_90 = "period-90"
EVERYTHING = "period-all"
DATES = "period-dates"
SINCE_LAST = "period-since-last"
TAB_WORDS = {
    LAST_30: "Last 30 days",
    LAST_90: "Last 90 days",
    EVERYTHING: "All check-ins",
    DATES: "Choose dates",
    SINCE_LAST: "Since the last summary",
}
# Shorter words where a fifth choice must fit beside them (the Export dialog).
SHORT_WORDS = {
    LAST_30: "30 days",
    LAST_90: "90 days",
    EVERYTHING: "All",
    DATES: "Dates",
    SINCE_LAST: "Since the last summary",
}
DATES_HINT = "Type the first and the last day, like 2026-01-31, then press Enter."


@dataclass(frozen=True, slots=True)
class PeriodChoice:
    """A period as ``summary_for`` and ``export_for`` take it: ``kind`` is one of the tab ids."""

    kind: str
    since: date | None = None
    until: date | None = None

    @property
    def everything(self) -> bool:
        """From the person's first check-in."""
        return self.kind == EVERYTHING

    @property
    def since_last(self) -> bool:
        """From the day after the last summary made (90 days when none was made)."""
        return self.kind == SINCE_LAST

    @classmethod
    def of(cls, kind: str, today: date) -> PeriodChoice:
        """One of the ready-made periods, ending today."""
        if kind == LAST_30:
            return cls(kind, today - timedelta(days=29), today)
        if kind == LAST_90:
            return cls(kind, today - timedelta(days=89), today)
        if kind == SINCE_LAST:
            return cls(SINCE_LAST, None, today)
        return cls(EVERYTHING)

    @classmethod
    def matching(
        cls, since: date | None, until: date | None, everything: bool, today: date
    ) -> PeriodChoice:
        """The choice that gives the same period as these arguments (a ready-made one if it can)."""
        if everything:
            return cls(EVERYTHING)
        end = until or today
        start = since or end - timedelta(days=89)
        for kind in (LAST_30, LAST_90):
            ready = cls.of(kind, today)
            if (start, end) == (ready.since, ready.until):
                return ready
        return cls(DATES, start, end)


class PeriodPicker(Vertical):
    """Tabs for the periods; under "Choose dates", two date fields and a calm message line."""

    DEFAULT_CSS = """
    PeriodPicker {
        height: auto;
    }
    PeriodPicker Tabs {
        width: 100%;
    }
    PeriodPicker .period-dates {
        height: auto;
        margin-top: 1;
    }
    PeriodPicker .period-dates .period-word {
        padding: 1 1 0 1;
    }
    PeriodPicker .period-dates Input {
        width: 18;
    }
    PeriodPicker .period-dates Button {
        margin: 1 0 0 1;
    }
    PeriodPicker .period-problem {
        width: 100%;
        padding: 0 1;
        color: $text-muted;
    }
    PeriodPicker .period-problem.-problem {
        color: $text-error;
        text-style: bold;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave_fields", "Leave the dates"),
    ]

    class Chosen(Message):
        """A usable period was chosen."""

        def __init__(self, picker: PeriodPicker, choice: PeriodChoice) -> None:
            super().__init__()
            self.picker = picker
            self.choice = choice

    def __init__(
        self,
        choice: PeriodChoice,
        *,
        today: date,
        since_last: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="period-picker")
        self.choice = choice
        self.today = today
        self.offer_since_last = since_last  # the Export dialog offers "since the last summary"
        self.period_shown: tuple[date | None, date | None] | None = None

    def compose(self) -> ComposeResult:
        words = SHORT_WORDS if self.offer_since_last else TAB_WORDS
        kinds = [k for k in words if k != SINCE_LAST or self.offer_since_last]
        yield Tabs(*(Tab(words[kind], id=kind) for kind in kinds), active=self.choice.kind)
        if self.choice.kind == DATES:
            yield self._dates_row(self.choice.since, self.choice.until)
        yield Label("", classes="period-problem", markup=False)

    def _dates_row(self, since: date | None, until: date | None) -> Horizontal:
        # Made only when dates are chosen: most people never need the fields, and a screen
        # without them opens faster.
        return Horizontal(
            Label("From", classes="period-word"),
            Input(self._shown(since), placeholder="YYYY-MM-DD", id="period-since"),
            Label("to", classes="period-word"),
            Input(self._shown(until), placeholder="YYYY-MM-DD", id="period-until"),
            Button("Use these dates", id="period-show", compact=True),
            classes="period-dates",
        )

    def on_mount(self) -> None:
        self._show_dates(self.choice.kind == DATES)

    @staticmethod
    def _shown(day: date | None) -> str:
        return day.isoformat() if day else ""

    def choose(self, kind: str) -> None:
        """Switch to a period, as if its tab had been clicked."""
        tabs = self.query_one(Tabs)
        if tabs.active == kind == DATES:
            self.query_one("#period-since", Input).focus()  # already there: go to the fields
        tabs.active = kind

    async def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        event.stop()
        kind = event.tab.id or LAST_90
        if kind == self.choice.kind:
            self._show_dates(kind == DATES)
            return  # the tab shown from the start, or back to the period on show
        if kind == DATES:
            # Start from the period on show, so the fields hold sensible dates to edit.
            since, until = self.period_shown or (self.choice.since, self.choice.until)
            rows = self.query(".period-dates")
            if rows:
                self.query_one("#period-since", Input).value = self._shown(since)
                self.query_one("#period-until", Input).value = self._shown(until or self.today)
            else:
                await self.mount(self._dates_row(since, until or self.today), after=0)
            self._show_dates(True)
            self.say(DATES_HINT, problem=False)
            self.query_one("#period-since", Input).focus()
            return
        self._show_dates(False)
        self.say("")
        self._chosen(PeriodChoice.of(kind, self.today))

    def showing(self, since: date, until: date) -> None:
        """Remember the first and last day on show (they fill the date fields when chosen)."""
        self.period_shown = (since, until)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.apply_dates()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "period-show":
            event.stop()
            self.apply_dates()

    def apply_dates(self) -> bool:
        """Use the typed dates; on a bad one, say what is wrong and keep the period as it was."""
        fields = (("#period-since", "first"), ("#period-until", "last"))
        for field, which in fields:
            if not self.query_one(field, Input).value.strip():
                self.say(f"Please type the {which} day, like 2026-01-31.")
                self.query_one(field, Input).focus()
                return False
        try:
            since = parse_day(self.query_one("#period-since", Input).value, "The first day")
            until = parse_day(self.query_one("#period-until", Input).value, "The last day")
        except EntryError as exc:
            self.say(f"{exc}. The period was not changed.")
            return False
        if since > until:
            self.say(
                f"The first day ({day_words(since)}) is after the last day "
                f"({day_words(until)}). The period was not changed."
            )
            return False
        self.say(f"Chosen: {day_words(since)} to {day_words(until)}.", problem=False)
        self._chosen(PeriodChoice(DATES, since, until))
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Escape steps out of a date field; anywhere else it keeps its usual meaning (back).
        if action == "leave_fields":
            return isinstance(self.app.focused, Input)
        return True

    def action_leave_fields(self) -> None:
        self.query_one(Tabs).focus()

    def _chosen(self, choice: PeriodChoice) -> None:
        self.choice = choice
        self.post_message(self.Chosen(self, choice))

    def _show_dates(self, shown: bool) -> None:
        for row in self.query(".period-dates"):
            row.display = shown
        line = self.query_one(".period-problem", Label)
        line.display = shown and bool(str(line.content))

    def say(self, words: str, *, problem: bool = True) -> None:
        """Show a one-line message under the date fields (a problem, or a hint)."""
        line = self.query_one(".period-problem", Label)
        line.update(words)
        line.set_class(problem and bool(words), "-problem")
        line.display = bool(words)
