"""Urgent help: the signs of an emergency and who to call, the user's own country first."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Label

from redflags.checklist import Resource
from redflags.paths import config_path
from redflags.safe_text import one_line
from redflags.tui.display import plain_block
from redflags.tui.services import Guide
from redflags.tui.widgets.footer import Footer

PLACES = {"any": "anywhere", "EU": "every European Union country"}


def resource_label(resource: Resource) -> Label:
    """'999 · Emergency services (GB)' and, below it, what the number is for."""
    place = PLACES.get(resource.country, resource.country)
    return Label(
        Text.assemble(
            (one_line(resource.contact), "bold"),
            " · ",
            plain_block(resource.name),
            (f" ({place})", "dim"),
            "\n",
            plain_block(resource.what),
        ),
        classes="resource",
        markup=False,
    )


class UrgentScreen(Screen[None]):
    """Call emergency services now; nothing here asks to be logged."""

    SUB_TITLE = "Urgent help"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Close")]

    def __init__(self, services: Guide) -> None:
        super().__init__()
        self.services = services

    def compose(self) -> ComposeResult:
        urgent = self.services.catalog.urgent
        country = self.services.config.country.upper()
        yield Header(icon="")
        with VerticalScroll(id="urgent"):
            resources = urgent.resources_for(country or None)
            first = next((r for r in resources if r.emergency), None)
            number = f" ({one_line(first.contact)})" if first and first.country != "any" else ""
            yield Label(
                f"If someone may be in danger, call emergency services now{number}.",
                id="urgent-call",
                markup=False,
            )
            yield Label(plain_block(urgent.intro), classes="urgent-text", markup=False)
            yield Label("Signs of an emergency", classes="section-title")
            for sign in urgent.signs:
                yield Label(Text("• ").append(plain_block(sign.text)), classes="urgent-sign")
            first_words = f" ({country} first)" if country else ""
            for heading, emergency in (("Emergency numbers", True), ("Other help lines", False)):
                chosen = [r for r in resources if r.emergency is emergency]
                if chosen:
                    yield Label(heading + first_words, classes="section-title")
                    yield from (resource_label(r) for r in chosen)
            if not country:
                yield Label(
                    Text.assemble(
                        "To see your own country's numbers first, add a line such as "
                        'country = "GB" to your settings file: ',
                        (one_line(str(config_path())), "bold"),
                    ),
                    classes="note",
                    markup=False,
                )
            yield Label("Press Escape to go back. Nothing here is saved.", classes="note")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#urgent").focus()
