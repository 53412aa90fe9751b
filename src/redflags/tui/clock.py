"""Today's date as the app sees it.

Screens ask the app's services rather than the system clock, so tests and snapshots can fix the
date: one clock, ``Services.now``, for every "now" and "today" of the app.
"""

from __future__ import annotations

from datetime import date

from textual.app import App

from redflags.store import now
from redflags.tui.services import Services


def today_of(app: App[object]) -> date:
    """Today on the clock of the app's services (before the notes are open, the system's)."""
    services: Services | None = getattr(app, "services", None) if notes_open(app) else None
    return services.today() if services is not None else now().date()


def notes_open(app: App[object]) -> bool:
    """Whether the app has its notes open (the redflags app, past any passphrase screen)."""
    return bool(getattr(app, "notes_open", False))
