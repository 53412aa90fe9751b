"""History: paging through years of check-ins, opening one, deleting and restoring with reasons."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Label, ListView

from redflags.store import Store
from redflags.tui.dialogs.text_prompt import TextPrompt
from redflags.tui.screens.checkin_detail import CheckinDetailScreen
from redflags.tui.screens.history import PAGE_SIZE, HistoryScreen
from redflags.tui.services import Services
from redflags.tui.widgets.checkin_table import CheckinTable
from tests.ui.shell_support import (
    SIZE,
    TODAY,
    add_daily,
    at,
    flat_text,
    make_app,
    make_checkin,
    welcomed,
)


@pytest.fixture
def sam(services: Services) -> Services:
    """Sam, with 123 daily check-ins ending on TODAY."""
    welcomed(services.store)
    services.store.add_person("Sam")
    add_daily(services, "Sam", 123)
    return services


def page_info(app: Any) -> str:
    return str(app.screen.query_one("#page-info", Label).content)


async def test_history_pages_through_the_check_ins(
    sam: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits: list[int | None] = []
    original = Store.checkins

    def recording(self: Store, person: str, **kwargs: Any) -> Any:
        limits.append(kwargs.get("limit"))
        return original(self, person, **kwargs)

    monkeypatch.setattr(Store, "checkins", recording)
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        limits.clear()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert limits == [PAGE_SIZE]  # opening reads its page once (not on mount and on show)
        table = app.screen.query_one(CheckinTable)
        assert table.row_count == PAGE_SIZE
        assert "1–50 of 123, page 1 of 3" in page_info(app)
        assert "1 Mar 2026 18:30" in flat_text(app)  # newest first

        await pilot.press("n")
        await pilot.pause()
        assert "51–100 of 123, page 2 of 3" in page_info(app)
        await pilot.press("n")
        await pilot.pause()
        assert "101–123 of 123, page 3 of 3" in page_info(app)
        assert table.row_count == 23
        await pilot.press("n")  # there is no page 4
        await pilot.pause()
        assert "page 3 of 3" in page_info(app)
        await pilot.press("p", "p")
        await pilot.pause()
        assert "page 1 of 3" in page_info(app)
    # Only pages are read (the home screen asks for one check-in: the last).
    assert limits and all(limit is not None and limit <= PAGE_SIZE for limit in limits)


async def test_history_shows_the_calendar_and_counts(sam: Services) -> None:
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await pilot.pause()
        text = flat_text(app)
        assert "History of Sam" in text
        assert "123 check-ins since 30 Oct 2025." in text
        assert "● something noted that day" in text
        assert "Mon" in text and "Sun" in text
        assert "1: Nosebleeds" in text


async def test_detail_shows_every_sign_in_words(services: Services) -> None:
    welcomed(services.store)
    services.store.add_checkin(
        make_checkin(
            services,
            "Sam",
            at(TODAY, 19, 5),
            noted=["nosebleeds"],
            not_seen=["chronic-cough"],
            note="Seemed tired.",
            sign_notes={"nosebleeds": "twice at dinner"},
            observer="Mum",
            setting="kitchen",
            positives="cooked dinner",
        )
    )
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckinDetailScreen)
        text = flat_text(app)
        assert "Check-in of Sam on Sun 1 Mar 2026, 19:05" in text
        assert "If it is smoked ○ A cough that does not go away: looked for, not seen" in text
        assert "● Nosebleeds: noted" in text
        assert "Note: twice at dinner" in text
        assert "Other possible causes: dry air" in text
        assert "· Skin wounds or sores: not checked" in text
        for words in ("Mum", "kitchen", "Seemed tired.", "cooked dinner", "Treatment day no"):
            assert words in text
        await pilot.press("end")
        await pilot.wait_for_scheduled_animations()  # the scroll to the end is animated
        await pilot.pause()
        assert "Changes: none" in flat_text(app)


async def test_delete_and_restore_ask_a_reason_and_keep_revisions(sam: Services) -> None:
    newest = sam.store.checkins("Sam", newest_first=True, limit=1)[0]
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "enter")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        assert "It is not erased" in flat_text(app)
        await pilot.press("enter")  # no reason yet
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        assert "A reason is needed" in flat_text(app)
        await pilot.press(*"entered on the wrong day!", "enter")  # "!" is typed, not help
        await pilot.pause()
        assert isinstance(app.screen, CheckinDetailScreen)
        assert sam.store.get_checkin(newest.id).deleted
        assert "This check-in is marked deleted" in flat_text(app)

        await pilot.press("escape")
        await pilot.pause()
        table = app.screen.query_one(CheckinTable)
        assert table.get_row_at(0)[-1].plain == "deleted"
        coverage = str(app.screen.query_one("#coverage", Label).content)
        assert (
            coverage == "122 check-ins since 30 Oct 2025.\n1 marked deleted (kept, can be restored)"
        )

        await pilot.press("enter", "u")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"my mistake", "enter")
        await pilot.pause()
        assert not sam.store.get_checkin(newest.id).deleted
        revisions = sam.store.revisions(newest.id)
        assert [(r.kind, r.reason) for r in revisions] == [
            ("deleted", "entered on the wrong day!"),
            ("restored", "my mistake"),
        ]
        changes = app.screen.query_one("#revisions", ListView)
        shown = [str(item.query_one(Label).content) for item in changes.children]
        assert "marked deleted. Reason: entered on the wrong day!" in shown[0]
        assert "restored. Reason: my mistake" in shown[1]

        changes.focus()
        await pilot.press("home", "enter")
        await pilot.pause()
        earlier = app.screen
        assert isinstance(earlier, CheckinDetailScreen) and earlier.revision is not None
        assert "This is the earlier version" in flat_text(app)
        await pilot.press("d", "u", "c")  # an earlier version is read-only
        await pilot.pause()
        assert app.screen is earlier


async def test_a_deleted_check_in_cannot_be_deleted_twice(sam: Services) -> None:
    newest = sam.store.checkins("Sam", newest_first=True, limit=1)[0]
    sam.store.delete_checkin(newest.id, "test")
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "enter")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, CheckinDetailScreen)  # no dialog: only u (restore) is offered
        assert "u Restore" in flat_text(app)


async def test_the_reason_dialog_can_be_cancelled(sam: Services) -> None:
    newest = sam.store.checkins("Sam", newest_first=True, limit=1)[0]
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "enter", "d")
        await pilot.pause()
        await pilot.press(*"oops", "escape")
        await pilot.pause()
        assert isinstance(app.screen, CheckinDetailScreen)
    assert not sam.store.get_checkin(newest.id).deleted
    assert sam.store.revisions(newest.id) == []


async def test_a_rename_in_another_window_keeps_the_open_history(sam: Services) -> None:
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert "123 check-ins since 30 Oct 2025." in flat_text(app)
        # Another copy of redflags (the command line's people rename) changes the name meanwhile.
        other = Store.open(sam.store.path)
        try:
            other.rename_person("Sam", "Sammy")
        finally:
            other.close()
        app.screen.reload()
        await pilot.pause()
        text = flat_text(app)
        assert "History of Sammy" in text
        assert "123 check-ins since 30 Oct 2025." in text
