"""Today's date as the app sees it.

Screens ask the app's services rather than the system clock, so tests and snapshots can fix the
date: one clock, ``Services.now``, for every "now" and "today" of the app.
"""

from __future__ import annotations

from datetime import date

from textual.app import App

from redflags.store import now


def today_of(app: App[object]) -> date:
    """Today on the clock of the app's services (before the notes are open, the system's)."""
    from redflags.tui.app import RedflagsApp

    if isinstance(app, RedflagsApp) and app.notes_open:
        return app.services.today()
    return now().date()
