"""Helpers for the app-shell tests: fixed dates, check-ins made through the store, screen text."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone

from rich.console import Console
from textual.app import App

from redflags.entry import complete
from redflags.model import CheckIn
from redflags.store import Store
from redflags.tui.app import RedflagsApp
from redflags.tui.services import Services
from tests.unit.builders import checkin

TODAY = date(2026, 3, 1)
SIZE = (100, 32)
# A fixed offset, so times read the same on every machine.
ZONE = timezone(timedelta(hours=1))


def at(day: date, hour: int = 18, minute: int = 30) -> datetime:
    """A moment on ``day`` in the fixed test zone."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)


def make_checkin(
    services: Services,
    person: str,
    when: datetime,
    *,
    noted: Iterable[str] = (),
    not_seen: Iterable[str] = (),
    note: str = "",
    sign_notes: dict[str, str] | None = None,
    **fields: object,
) -> CheckIn:
    """A check-in with the ketamine checklist's labels, recorded ten minutes after it was observed."""
    made = checkin(
        when,
        noted,
        not_seen,
        notes=sign_notes,
        **{
            "id": None,
            "person": person,
            "observer": "",
            "recorded_at": when + timedelta(minutes=10),
            "note": note,
            **fields,
        },
    )
    return complete(made, services.catalog.get("ketamine"))


def add_daily(services: Services, person: str, days: int, *, last: date = TODAY) -> list[CheckIn]:
    """One check-in a day for ``days`` days ending on ``last``, saved in one transaction."""
    made = [
        make_checkin(
            services,
            person,
            at(last - timedelta(days=back)),
            noted=["nosebleeds"] if back % 3 == 0 else [],
            not_seen=["chronic-cough", "stuffy-nose"],
            id=f"00000000-0000-4000-8000-{back:012d}",
        )
        for back in range(days)
    ]
    services.store.import_checkins(made)
    return made


def welcomed(store: Store) -> None:
    """Mark the first-run screen as already acknowledged."""
    store.set_meta("welcomed", "2026-01-01T09:00:00+00:00")


def fixed_clock(services: Services) -> Services:
    """The same services on a clock stopped at noon on TODAY."""
    services.now = lambda: at(TODAY, 12, 0)
    return services


def make_app(services: Services) -> RedflagsApp:
    """The app on these services, with today fixed."""
    return RedflagsApp(fixed_clock(services))


def screen_text(app: App[object]) -> str:
    """Everything on the current screen as plain text, as a screenshot holds it."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), record=True, color_system=None
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def flat_text(app: App[object]) -> str:
    """The screen's words with line breaks and runs of spaces made single spaces, so assertions do
    not depend on where a sentence wraps."""
    return " ".join(screen_text(app).split())
