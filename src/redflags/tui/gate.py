"""What the passphrase screen knows before the notes are open (its own module: the app makes one on
every start, and imports the passphrase screen only for a locked database)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from redflags.tui.services import Services


class Gate:
    """What the passphrase screen knows before the notes are open; one per run of the app.

    ``shown`` is the database file as the person named it (--db or REDFLAGS_DB), or None: the
    default place would show their home folder. ``open`` opens the notes, when the app starts
    locked. ``wrong`` counts wrong tries since the last right one, here rather than per screen, so
    going back to the blank view gives no extra tries. ``farewell`` is the line printed on stderr
    when the app ends from this screen. ``emergency`` is which emergency number to call, in words,
    for the configured country ("999 or 112"; ``Urgent.emergency_words``), once the urgent help
    is read; empty before. ``path`` is the database file, when known: a lock or unlock of it in
    another window is waited for, and said, before a passphrase is tried.
    """

    # A plain class rather than a dataclass: it is defined on every start, and a dataclass takes
    # about half a millisecond to define.
    def __init__(
        self,
        shown: str | None = None,
        theme: str = "dark",
        open: Callable[[str], Services] | None = None,
        path: Path | None = None,
    ) -> None:
        self.shown = shown
        self.path = path
        self.theme = theme
        self.open = open
        self.wrong = 0
        self.farewell: str | None = None
        self.emergency = ""

    def call_now(self) -> str:
        """The urgent line of the passphrase screen, with the emergency numbers once known."""
        numbers = f": {self.emergency}" if self.emergency else ""
        return f"If someone may be in danger, call emergency services now{numbers}."
