"""The first-run screen: what the app is and is not, where the notes are kept, and the help key.

Shown until acknowledged once; the acknowledgement is stored in the database itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button as TextualButton
from textual.widgets import Header, Label

from redflags.safe_text import one_line
from redflags.store import StoreError
from redflags.tui.services import WELCOMED as WELCOMED
from redflags.tui.services import Services
from redflags.tui.services import welcomed as welcomed
from redflags.tui.widgets.footer import Footer

DEMO_FILE = (
    "\nThis is the sample data's own file, removed when you quit; your own notes are not touched."
)


class Button(TextualButton, inherit_css=False):
    """Textual's button, with only the rules of its look this screen uses (the default style, in
    its primary colour): Textual's full stylesheet for buttons (every style and colour) takes
    longer to read than the rest of this screen. The rules are Textual's own, as written for its
    buttons; the name is the same, so its selectors are too."""

    DEFAULT_CSS = """
    Button:ansi.-style-default {
        border: tall $border-blurred;
        background: ansi_default;
        &:disabled {
            text-opacity: 1;
            text-style: bold dim;
            border: tall $border-blurred !important;
            background: ansi_default !important;
            pointer: not-allowed;
            &:hover {
                background: ansi_default;
            }
        }
        &:hover {
            background: $ansi-background;
            border: tall $border;
        }
        &.-active {
            background: $ansi-background !important;
            border: blank $background !important;
            tint: transparent;
        }
        &.-primary {
            color: $primary;
            border: tall $primary;
            background: ansi_default;
            &:hover {
                background: $ansi-background;
            }
        }
    }
    Button {
        scrollbar-background: $scrollbar-background;
        scrollbar-background-hover: $scrollbar-background-hover;
        scrollbar-background-active: $scrollbar-background-active;
        scrollbar-color: $scrollbar;
        scrollbar-color-active: $scrollbar-active;
        scrollbar-color-hover: $scrollbar-hover;
        scrollbar-corner-color: $scrollbar-corner-color;
        scrollbar-size-vertical: 2;
        scrollbar-size-horizontal: 1;
        link-background: $link-background;
        link-color: $link-color;
        link-style: $link-style;
        link-background-hover: $link-background-hover;
        link-color-hover: $link-color-hover;
        link-style-hover: $link-style-hover;
        width: auto;
        min-width: 16;
        height: auto;
        line-pad: 1;
        text-align: center;
        content-align: center middle;
        pointer: pointer;
        &.-style-default {
            text-style: bold;
            color: $button-foreground;
            background: $surface;
            border: none;
            border-top: tall $surface-lighten-1;
            border-bottom: tall $surface-darken-1;
            &:disabled {
                text-opacity: 0.6;
                pointer: not-allowed;
            }
            &:focus {
                text-style: $button-focus-text-style;
                background-tint: $foreground 5%;
            }
            &:hover {
                border-top: tall $surface;
                background: $surface-darken-1;
            }
            &.-active {
                background: $surface;
                border-bottom: tall $surface-lighten-1;
                border-top: tall $surface-darken-1;
                tint: $background 30%;
            }
            &.-primary {
                color: $button-color-foreground;
                background: $primary;
                border-top: tall $primary-lighten-3;
                border-bottom: tall $primary-darken-3;
                &:hover {
                    background: $primary-darken-2;
                    border-top: tall $primary;
                }
                &.-active {
                    background: $primary;
                    border-bottom: tall $primary-lighten-3;
                    border-top: tall $primary-darken-3;
                }
            }
        }
    }
    """


class WelcomeScreen(Screen[None]):
    """What redflags does, what it cannot do, and where it keeps things."""

    SUB_TITLE = "Welcome"
    # The button has the focus from the first frame (focused once drawn, it was drawn twice).
    AUTO_FOCUS = "#acknowledge"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "acknowledge", "I understand, continue")
    ]

    def __init__(self, services: Services, *, done: Callable[[], None] | None = None) -> None:
        """``done`` is called once it is read; without it the screen is dismissed."""
        super().__init__()
        self.services = services
        self.done = done
        self.acknowledged = False

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with VerticalScroll(id="welcome"):
            yield Label("Welcome", classes="section-title")
            yield Label(
                "This app helps you write down physical signs you notice in someone you are "
                "worried about, and see them over time. It asks what you saw, whether it was a "
                "day of prescribed treatment, and what went well.",
                classes="welcome-text",
            )
            yield Label("What it cannot do", classes="section-title")
            yield Label(
                "It records observations. It cannot diagnose anything, and no sign on its own "
                "shows that someone is using a substance: every sign can also have everyday "
                "causes, shown with it where the sources name them. Only a qualified "
                "professional can assess substance use. Your "
                "notes can help you talk with one.",
                classes="welcome-text",
            )
            yield Label("Where your notes are kept", classes="section-title")
            yield Label(
                Text.assemble(
                    "Only on this computer, in this file:\n",
                    (one_line(str(self.services.store.path)), "bold"),
                    "\nNothing is ever sent anywhere: the app does not use the internet.",
                    DEMO_FILE if self.services.demo else "",
                ),
                classes="welcome-text",
                markup=False,
            )
            yield Label("If someone may be in danger", classes="section-title")
            yield Label(
                "Press Ctrl+G (hold Ctrl, press G) at any time, on any screen, even while "
                "typing, for urgent help and numbers to call.",
                classes="welcome-text",
            )
            with Center():
                yield Button("I understand, continue", variant="primary", id="acknowledge")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_acknowledge()

    def action_acknowledge(self) -> None:
        if self.acknowledged:
            return  # a second press before Home is up
        self.acknowledged = True
        try:
            self.services.store.set_meta(WELCOMED, self.services.now().isoformat())
        except StoreError as exc:
            # Not being able to remember it only means this screen shows again next time.
            self.notify(f"This could not be remembered ({exc}).", severity="warning", markup=False)
        if self.done is not None:
            self.done()
        else:
            self.dismiss(None)
