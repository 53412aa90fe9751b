"""Page 2 of a check-in: when, who is observing, whether it was a treatment day, and the setting."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, RadioSet

from redflags.drafts import TREATMENT_WORDS, when_words
from redflags.terms import TreatmentDay
from redflags.tui.screens.checkin.page import FlowPage
from redflags.tui.widgets.plain_fields import Choice, ChoiceSet, PlainInput

_TREATMENT_ORDER = (TreatmentDay.YES, TreatmentDay.NO, TreatmentDay.UNKNOWN)
_FIELDS = ("when", "observer", "setting")


class ContextPage(FlowPage):
    """The circumstances, which help read the signs fairly later."""

    def compose(self) -> ComposeResult:
        state = self.state
        yield Label("When and where", classes="page-title")
        with Horizontal(classes="field-row"):
            yield Label("When did you see them?", classes="field-title")
            with Vertical(classes="field-box"):
                yield PlainInput(
                    state.when_text,
                    id="when",
                    placeholder="now (enter keeps it), or like yesterday 20:00",
                )
                yield Label(id="when-words", markup=False)
        with Horizontal(classes="field-row"):
            yield Label("Who is observing?", classes="field-title")
            yield PlainInput(
                state.observer, id="observer", placeholder="your name or role (optional)"
            )
        with Horizontal(classes="field-row"):
            yield Label("Was it a treatment day?", classes="field-title")
            with Vertical(classes="field-box"):
                yield ChoiceSet(
                    *[
                        Choice(TREATMENT_WORDS[t].capitalize(), value=t is state.treatment_day)
                        for t in _TREATMENT_ORDER
                    ],
                    id="treatment",
                )
                yield Label(
                    "A day of prescribed ketamine or esketamine treatment. Several signs are "
                    "expected for a few hours after a treatment dose.",
                    classes="hint",
                )
        with Horizontal(classes="field-row"):
            yield Label("Setting (optional)", classes="field-title")
            yield PlainInput(
                state.setting,
                id="setting",
                placeholder="where, what light, how long: at dinner, kitchen light, an hour",
            )

    def on_mount(self) -> None:
        self._show_when()

    def focus_first(self) -> None:
        self.query_one("#when").focus()

    def problem(self) -> str | None:
        return self.walk.when_problem()

    def _show_when(self) -> None:
        """Say the time back in words, or calmly why it cannot be read."""
        label = self.query_one("#when-words", Label)
        problem = self.problem()
        label.set_class(problem is not None, "-problem")
        if problem is not None:
            label.update(Text(problem))
        else:
            moment = self.state.observed_at(self.walk.now)
            if self.state.when_text.strip():
                label.update(Text(f"That is {when_words(moment)}."))
            else:
                label.update(
                    Text(
                        f"Now: {when_words(moment)}. If it was earlier, type when, like "
                        "yesterday 20:00, last night, Sat 8pm or 28 Nov 20:00."
                    )
                )

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        state = self.state
        field, value = event.input.id, event.value
        if field == "when" and value != state.when_text:
            state.when_text = value
            self._show_when()
        elif field == "observer" and value != state.observer:
            state.observer = value
        elif field == "setting" and value != state.setting:
            state.setting = value
        else:
            return
        self.edited()

    @on(Input.Submitted)
    def _field_done(self, event: Input.Submitted) -> None:
        # Enter moves on to the next field, and from the last one to the next page.
        if event.input.id == _FIELDS[-1]:
            self.post_message(self.Next())
        else:
            self.screen.focus_next()

    @on(RadioSet.Changed, "#treatment")
    def _treatment_chosen(self, event: RadioSet.Changed) -> None:
        chosen = _TREATMENT_ORDER[event.index]
        if chosen is not self.state.treatment_day:
            self.state.treatment_day = chosen
            self.edited()
