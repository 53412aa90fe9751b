"""The add-person dialog: a name as long as the store takes, and no longer."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from redflags.terms import NAME_MAX
from redflags.tui.services import Services
from tests.ui.shell_support import SIZE, make_app, welcomed


async def test_a_name_stops_where_the_store_would_refuse(services: Services) -> None:
    welcomed(services.store)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        field = app.screen.query_one(Input)
        field.post_message(events.Paste("Sam" + "x" * (NAME_MAX - 4)))
        await pilot.pause()
        await pilot.press("y", "z", "z")  # one letter more fits, then the field stops
        assert len(field.value) == NAME_MAX
        await pilot.press("enter")
        await pilot.pause()
    names = [p.name for p in services.store.people()]
    assert names == ["Sam" + "x" * (NAME_MAX - 4) + "y"]  # added, whole, as the field showed it
