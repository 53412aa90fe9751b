"""Today's date as the app sees it.

Screens ask the app rather than the system clock, so tests and snapshots can fix the date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.app import App


def today_of(app: App[object]) -> date:
    """The app's idea of today: its ``today`` callable if it has one, else the system date."""
    clock: Callable[[], date] | None = getattr(app, "today", None)
    return clock() if callable(clock) else date.today()
