"""A check-in recorded with an earlier version of its checklist still shows every sign it
recorded, under the labels it was recorded with, in the history and in full."""

from __future__ import annotations

from datetime import timedelta

from redflags.model import CheckIn, Observation, Status
from redflags.tui.screens.checkin_detail import CheckinDetailScreen
from redflags.tui.services import Services
from tests.ui.shell_support import SIZE, TODAY, at, flat_text, make_app, welcomed


async def test_an_old_versions_signs_and_labels_still_show(services: Services) -> None:
    welcomed(services.store)
    services.store.add_checkin(
        CheckIn(
            person="Sam",
            checklist="ketamine-treatment-effects",
            checklist_version=1,
            observed_at=at(TODAY - timedelta(days=2)),
            observer="Mum",
            observations={
                "drowsiness": Observation(status=Status.NOTED),
                "old-only-sign": Observation(status=Status.NOTED, note="said so twice"),
            },
            labels={"drowsiness": "Drowsiness", "old-only-sign": "A sign from the old list"},
        )
    )
    app = make_app(services)
    async with app.run_test(size=(SIZE[0], 90)) as pilot:  # tall: every sign in view
        await pilot.press("h")
        await pilot.pause()
        assert "2: Drowsiness; A sign from the" in flat_text(app)  # the cell is cut to fit
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckinDetailScreen)
        text = flat_text(app)
        assert "Drowsiness" in text and "Drowsiness or sleepiness" not in text
        assert "A sign from the old list" in text and "said so twice" in text
