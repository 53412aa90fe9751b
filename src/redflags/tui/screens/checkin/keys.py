"""The keys of a check-in, and what its words mean: shown with ? from any page of the walk-through."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from redflags.terms import Status

KEY_WIDTH = 8

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "On a sign",
        [
            ("y", f"{Status.NOTED.words}: you saw it"),
            ("n", f"{Status.NOT_SEEN.words}: you looked for it and did not see it"),
            ("u", f"{Status.NOT_CHECKED.words}: you did not look, or could not tell"),
            ("e", "another explanation is likely (on a noted sign; e again undoes it)"),
            ("enter", "a note about this sign; enter again closes it"),
            ("↑ ↓", "the sign above or below (an answer moves on by itself)"),
        ],
    ),
    (
        "On a page of signs",
        [
            (
                "a",
                f"I looked at the rest of this page and saw none of them: every sign "
                f"without an answer becomes “{Status.NOT_SEEN.words}”",
            ),
            ("s", f"the signs without an answer stay “{Status.NOT_CHECKED.words}”"),
            ("→  PgDn", "the next page"),
            ("←  PgUp", "the page before"),
        ],
    ),
    (
        "On the last page",
        [
            ("a", f"every sign still without an answer becomes “{Status.NOT_SEEN.words}”"),
            ("tab", "the note about the check-in, then what went well"),
            ("ctrl+s", "save (from an earlier page: show the last page first)"),
        ],
    ),
    (
        "Anywhere",
        [
            ("esc", "leave; your answers are kept and offered next time"),
            ("ctrl+g", "urgent help, even while typing (! too, outside a text box)"),
            ("ctrl+b", "hide: blanks the screen at once; Enter brings it back"),
            ("?", "these keys; esc closes them"),
        ],
    ),
]

EXPLAINED = (
    "“Another explanation is likely” means: you saw the sign, and you think something else "
    "most likely accounts for it, such as a cold for a stuffy nose, or low light for large "
    "pupils. The sign stays noted and the mark is counted apart, so a summary can tell "
    "the two apart. A noted sign shows under it the usual other explanations its checklist "
    "lists, when it lists any."
)
UNKNOWN = (
    f"“{Status.NOT_CHECKED.words}” is never counted as “{Status.NOT_SEEN.words}”: only record "
    "what you actually looked for."
)


class CheckInKeys(ModalScreen[None]):
    """Every key of the walk-through, in plain words; esc or ? closes it."""

    CSS_PATH = "../../checkin.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="checkin-keys"):
            yield Label("Keys in a check-in", classes="page-title")
            for title, keys in KEYS:
                yield Label(title, classes="keys-title")
                grid = Table.grid(padding=(0, 1), expand=True)
                grid.add_column(width=KEY_WIDTH, style="bold")
                grid.add_column(ratio=1)
                for key, words in keys:
                    grid.add_row(key, words)
                yield Static(grid)
            yield Label("Another explanation is likely", classes="keys-title")
            yield Label(EXPLAINED)
            yield Label(UNKNOWN, classes="hint")

    def on_mount(self) -> None:
        self.query_one("#checkin-keys").focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
