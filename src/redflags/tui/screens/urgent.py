"""Urgent help: the signs of an emergency and who to call, the user's own country first."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Label

from redflags.paths import config_path
from redflags.safe_text import one_line
from redflags.tui.display import plain_block
from redflags.tui.services import Services


PLACES = {"any": "anywhere", "EU": "every European Union country"}


class UrgentScreen(Screen[None]):
    """Call emergency services now; nothing here asks to be logged."""

    SUB_TITLE = "Urgent help"
    BINDINGS = [Binding("escape", "app.pop_screen", "Close")]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services

    def compose(self) -> ComposeResult:
        urgent = self.services.catalog.urgent
        country = self.services.config.country.upper()
        yield Header(icon="")
        with VerticalScroll(id="urgent"):
            yield Label(plain_block(urgent.title), id="urgent-title", markup=False)
            yield Label(
                "If someone may be in danger, call emergency services now.",
                id="urgent-call",
            )
            yield Label(plain_block(urgent.intro), classes="urgent-text", markup=False)
            yield Label("Signs of an emergency", classes="section-title")
            for sign in urgent.signs:
                yield Label(Text("• ").append(plain_block(sign.text)), classes="urgent-sign")
            title = f"Who to contact ({country} first)" if country else "Who to contact"
            yield Label(title, classes="section-title")
            for resource in urgent.resources_for(country or None):
                yield Label(
                    Text.assemble(
                        (one_line(resource.contact), "bold"),
                        "   ",
                        plain_block(resource.name),
                        (" (emergency)" if resource.emergency else "", "italic"),
                        "\n",
                        plain_block(resource.what),
                        "\n",
                        (f"Where: {PLACES.get(resource.country, resource.country)}", "dim"),
                    ),
                    classes="resource",
                    markup=False,
                )
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
