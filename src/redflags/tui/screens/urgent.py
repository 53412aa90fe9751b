"""Urgent help in two parts (call now; get help today), with who to call, the user's own country
first."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Label

from redflags.checklist import Resource, Urgent
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


def call_line(urgent: Urgent, country: str | None) -> str:
    """The one line every screen can show: which emergency number to call now."""
    return f"If someone may be in danger, call emergency services now: {urgent.emergency_words(country)}."


KIND_HEADINGS = {
    "emergency": "Emergency numbers",
    "crisis": "Crisis lines",
    "help": "Other help lines",
}


class UrgentScreen(Screen[None]):
    """Two separate parts, each with its signs and its numbers: call an emergency number now;
    for talk of suicide without immediate danger, a crisis line or the clinician today. Then
    other help lines. Nothing here asks to be logged."""

    SUB_TITLE = "Urgent help"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Close")]
    DEFAULT_CSS = """
    UrgentScreen .urgent-tier {
        height: auto;
        width: 100%;
        margin-top: 1;
        padding: 0 1 1 1;
        border: round $error;
        border-title-style: bold;
        border-title-color: $text;
    }
    UrgentScreen .urgent-tier.-same-day {
        border: round $warning;
    }
    UrgentScreen .urgent-tier > Label {
        width: 100%;
    }
    """

    def __init__(self, services: Guide) -> None:
        super().__init__()
        self.services = services

    def compose(self) -> ComposeResult:
        urgent = self.services.catalog.urgent
        country = self.services.config.country.upper()
        yield Header(icon="")
        with VerticalScroll(id="urgent"):
            yield Label(call_line(urgent, country or None), id="urgent-call", markup=False)
            yield Label(plain_block(urgent.intro), classes="urgent-text", markup=False)
            shown: list[Resource] = []
            for number, tier in enumerate(urgent.tiers, 1):
                box = Vertical(classes=f"urgent-tier -{tier.id}", id=f"urgent-tier-{tier.id}")
                box.border_title = f"{number}. {one_line(tier.title)}"
                with box:
                    yield Label(plain_block(tier.intro), classes="urgent-text", markup=False)
                    for sign in tier.signs:
                        yield Label(
                            Text("• ").append(plain_block(sign.text)),
                            classes="urgent-sign",
                            markup=False,
                        )
                    chosen = urgent.for_tier(tier, country or None)
                    shown += chosen
                    if chosen:
                        yield Label(KIND_HEADINGS[tier.calls], classes="section-title")
                        yield from (resource_label(r) for r in chosen)
            others = urgent.resources_near(country or None, "help")
            shown += others
            if others:
                yield Label(KIND_HEADINGS["help"], classes="section-title")
                yield from (resource_label(r) for r in others)
            elsewhere = [r for r in urgent.resources_for(country or None) if r not in shown]
            if elsewhere:
                yield Label("Numbers for other countries", classes="section-title")
                yield from (resource_label(r) for r in elsewhere)
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
