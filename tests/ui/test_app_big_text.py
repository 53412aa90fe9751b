"""A megabyte typed into a note is kept whole and shown without a crash."""

from __future__ import annotations

from redflags.safe_text import printable
from redflags.tui.screens.checkin_detail import CheckinDetailScreen
from redflags.tui.services import Services
from tests.ui.shell_support import SIZE, TODAY, at, flat_text, make_app, make_checkin, welcomed

MEGABYTE = ("a long note \x1b[31m [/] 😀 " * 50_000)[:1_000_000]


async def test_a_one_megabyte_note_opens_in_history_and_detail(services: Services) -> None:
    welcomed(services.store)
    saved = services.store.add_checkin(
        make_checkin(services, "Sam", at(TODAY), noted=["nosebleeds"], note=MEGABYTE)
    )
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckinDetailScreen)
        text = flat_text(app)
        assert "Check-in of Sam" in text
        assert "\x1b" not in text
        shown = [str(label.content) for label in app.screen.query(".field Label")]
        assert printable(MEGABYTE) in shown
    assert services.store.get_checkin(saved.id).note == MEGABYTE
