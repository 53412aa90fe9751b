"""Page 1 of a check-in: who it is about, and which checklist."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Input, Label, OptionList, RadioSet
from textual.widgets.option_list import Option

from redflags.safe_text import one_line
from redflags.tui.screens.checkin.page import FlowPage
from redflags.tui.widgets.plain_fields import Choice, ChoiceSet, PlainInput


class PeopleList(OptionList):
    """The people already added. The arrows choose a name at once, as radio buttons do, so Next
    works straight away; the highlight Textual gives a list by itself chooses nothing."""

    class Pointed(Message):
        """The person moved to the name at ``index``."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def action_cursor_down(self) -> None:
        super().action_cursor_down()
        self._pointed()

    def action_cursor_up(self) -> None:
        super().action_cursor_up()
        self._pointed()

    def _pointed(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Pointed(self.highlighted))


class PersonPage(FlowPage):
    """A name typed or picked from the people already added, and a checklist."""

    def compose(self) -> ComposeResult:
        state = self.state
        services = self.walk.services
        yield Label("Who is this check-in about?", classes="page-title")
        yield PlainInput(
            state.person,
            placeholder="a name, an alias or initials",
            id="person-name",
        )
        self._people = [p.name for p in services.store.people()]
        if self._people:
            yield Label("Or choose someone you have added:", classes="field-label")
            yield PeopleList(
                *[Option(Text(one_line(name)), id=str(i)) for i, name in enumerate(self._people)],
                id="person-list",
            )
        else:
            yield Label(
                "No one has been added yet: type a name above. An alias or initials is fine.",
                classes="hint",
            )
        self._checklists = list(services.catalog.checklists.values())
        if len(self._checklists) > 1 or self.walk.checklist is None:
            yield Label("Which checklist?", classes="field-label")
            locked = state.has_answers()
            yield ChoiceSet(
                *[
                    Choice(Text(one_line(c.title)), value=c.id == state.checklist)
                    for c in self._checklists
                ],
                id="checklist",
                disabled=locked,
            )
            if locked:
                yield Label(
                    "The checklist stays as it is now that signs have answers.", classes="hint"
                )

    def on_mount(self) -> None:
        self._highlight(self.state.person)

    def focus_first(self) -> None:
        if self.state.person.strip():
            self.post_message(self.Ready())
        else:
            self.query_one("#person-name").focus()

    def problem(self) -> str | None:
        return self.walk.person_problem()

    def _highlight(self, name: str) -> None:
        """Show which of the people the typed name is, if it is one of them."""
        if not self._people:
            return
        found = self._people.index(name.strip()) if name.strip() in self._people else None
        self.query_one(OptionList).highlighted = found

    @on(Input.Changed, "#person-name")
    def _name_typed(self, event: Input.Changed) -> None:
        # The field's value now, not the event's: a late event must not undo a newer choice.
        value = event.input.value
        if value != self.state.person:
            self.state.person = value
            self.edited()
        self._highlight(value)

    @on(Input.Submitted, "#person-name")
    def _name_done(self) -> None:
        self.post_message(self.Next())

    @on(PeopleList.Pointed)
    def _pointed(self, event: PeopleList.Pointed) -> None:
        name = self.query_one("#person-name", Input)
        if name.value.strip() != self._people[event.index]:
            name.value = self._people[event.index]

    @on(OptionList.OptionSelected, "#person-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#person-name", Input).value = self._people[event.option_index]
        self.post_message(self.Ready())

    @on(RadioSet.Changed, "#checklist")
    def _checklist_chosen(self, event: RadioSet.Changed) -> None:
        chosen = self._checklists[event.index].id
        if chosen != self.state.checklist:
            self.state.checklist = chosen
            self.edited()
