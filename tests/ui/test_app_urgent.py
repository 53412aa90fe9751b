"""Urgent help on a key that never types (Ctrl+G): from inside every kind of field, from a dialog, the
passphrase screen and the blank view; first in every footer, so 80 columns never cut it off."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from redflags.checklist import load_catalog
from redflags.config import Config
from redflags.store import Store, lock_database
from redflags.store import cipher as lock
from redflags.tui.app import RedflagsApp
from redflags.tui.screens.blank import BlankScreen
from redflags.tui.screens.unlock import Gate, UnlockScreen
from redflags.tui.screens.urgent import UrgentScreen
from redflags.tui.services import Reading, Services
from tests.ui.shell_support import TODAY, at, make_app, make_checkin, screen_text, welcomed

SMALL = (80, 24)


@pytest.fixture
def sam(services: Services) -> Services:
    welcomed(services.store)
    services.store.add_person("Sam")
    services.store.add_checkin(make_checkin(services, "Sam", at(TODAY), noted=["nosebleeds"]))
    return services


def footer_line(app: App[object]) -> str:
    """The last line on screen: the footer."""
    return screen_text(app).rstrip("\n").splitlines()[-1]


async def urgent_then_back(app: App[object], pilot: Pilot[object]) -> None:
    """Ctrl+G shows urgent help; Escape goes back to where the person was."""
    before = app.screen
    await pilot.press("ctrl+g")
    await pilot.pause()
    assert isinstance(app.screen, UrgentScreen)
    assert "call emergency services now" in screen_text(app)
    assert "999" in screen_text(app)
    await pilot.press("escape")
    await pilot.pause()
    assert app.screen is before


async def test_urgent_help_from_inside_a_text_field_types_nothing(sam: Services) -> None:
    app = make_app(sam)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("a", *"Jo")
        await pilot.pause()
        field = app.screen.query_one(Input)
        assert field.has_focus
        await urgent_then_back(app, pilot)
        assert field.value == "Jo"  # nothing typed into the name
        await pilot.press("!")  # in a field, ! is a character like any other
        assert field.value == "Jo!"


async def test_urgent_help_from_the_date_field_and_a_note_box(sam: Services) -> None:
    app = make_app(sam)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("c")
        await pilot.pause()
        for _ in range(3):  # to the page with the date, whichever page the walk-through opens on
            if app.screen.query("#when"):
                break
            await pilot.press("enter")
            await pilot.pause()
        when = app.screen.query_one("#when", Input)
        when.focus()
        typed = when.value
        await urgent_then_back(app, pilot)
        assert when.value == typed
        assert footer_line(app).lstrip().startswith("^g Urgent help")
        area = TextArea()
        await app.screen.mount(area)
        area.focus()
        await pilot.press("h", "i")
        await urgent_then_back(app, pilot)
        assert area.text == "hi"


async def test_the_blank_view_names_the_emergency_numbers_and_stays_blank(sam: Services) -> None:
    """Hidden, the screen says who to call itself; the urgent key shows nothing that names the app."""
    app = make_app(sam)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()  # the checklists (and their numbers) are read after the first frame
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, BlankScreen)
        assert "In an emergency, call 999 or 112." in " ".join(screen_text(app).split())
        for key in ("ctrl+g", "f1", "!"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, BlankScreen)


@pytest.mark.skipif(not lock.available(), reason="needs redflags[lock]")
async def test_urgent_help_from_the_passphrase_screen_before_anything_is_open(
    tmp_path: Path,
) -> None:
    path = tmp_path / "locked.db"
    with Store.open(path) as store:
        welcomed(store)
    lock_database(path, "a long enough passphrase")

    def refuse(passphrase: str) -> Services:
        raise AssertionError("urgent help opens nothing")

    app = RedflagsApp(gate=Gate(open=refuse), guide=Reading(Config(country="GB"), load_catalog))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        await pilot.press(*"secret")
        await urgent_then_back(app, pilot)
        assert app.screen.query_one("#passphrase", Input).value == "secret"
        assert not app.notes_open
        assert footer_line(app).lstrip().startswith("^g Urgent help")


@pytest.mark.parametrize("keys", [(), ("h",), ("h", "enter"), ("question_mark",), ("p",)])
async def test_every_footer_starts_with_urgent_help_at_80_columns(
    sam: Services, keys: tuple[str, ...]
) -> None:
    app = make_app(sam)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause()  # the footer is built after the screen's first refresh
        line = footer_line(app)
        assert line.lstrip().startswith("^g Urgent help"), line
