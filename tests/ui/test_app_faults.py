"""The app's last line of defence: whatever goes wrong in a handler, a timer or a worker becomes one
calm line on screen and the app keeps going; the faults found so far are fixed where they start."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.screen import Screen
from textual.widget import Widget

from redflags.cli import main
from redflags.tui.app import FAULTS_IN_A_ROW
from redflags.tui.dialogs.text_prompt import TextPrompt
from redflags.tui.screens.history import HistoryScreen
from redflags.tui.screens.home import HomeScreen
from redflags.tui.screens.urgent import UrgentScreen
from redflags.tui.services import Services
from redflags.tui.widgets.plain_fields import Choice, ChoiceSet
from tests.ui.shell_support import SIZE, TODAY, at, flat_text, make_app, make_checkin, welcomed


def messages(app: App[object]) -> str:
    """Every notification on show, one after the other."""
    return " | ".join(str(n.message) for n in app._notifications)


class ChoicePage(Screen[None]):
    def compose(self) -> ComposeResult:
        for _ in range(5):
            yield ChoiceSet(Choice("Yes"), Choice("No", value=True))


async def test_a_choice_set_gone_before_its_first_refresh_is_left_alone() -> None:
    """A page of choices left at once (a quick c then Escape) used to end the app: the set's
    highlight ran after its buttons were removed (ValueError: Choice is not in list)."""
    app: App[None] = App()
    async with app.run_test() as pilot:
        for ticks in range(20):
            app.push_screen(ChoicePage())
            for _ in range(ticks % 5):
                await asyncio.sleep(0)
            app.pop_screen()
            await pilot.pause()
        assert app.is_running
    assert app.return_code in (0, None)


@pytest.fixture
def sam(services: Services) -> Services:
    welcomed(services.store)
    services.store.add_person("Sam")
    services.store.add_checkin(make_checkin(services, "Sam", at(TODAY), noted=["nosebleeds"]))
    return services


def _broken(self: HomeScreen) -> None:
    raise RuntimeError("the list could not be read [b]now[/b]")


async def test_a_fault_in_a_key_handler_is_one_line_and_the_app_goes_on(
    sam: Services, faults: list[BaseException], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(HomeScreen, "action_history", _broken)
    app = make_app(sam)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("h")
        await pilot.pause()
        text = messages(app)
        # Plain words, the markup in the reason shown as typed, nothing of the program's insides.
        assert "Something went wrong: the list could not be read [b]now[/b]." in text
        assert "The app is still running" in text
        assert "Traceback" not in text and "self" not in text and "\n" not in text
        assert len(faults) == 1
        # The same screen still answers its keys.
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
    assert app.return_code in (0, None)


async def test_faults_in_timers_workers_and_callbacks_are_messages(
    sam: Services, faults: list[BaseException]
) -> None:
    app = make_app(sam)

    def timer_fault() -> None:
        raise ValueError("timer went wrong")

    async def worker_fault() -> None:
        raise KeyError("worker")

    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.set_timer(0.01, timer_fault)
        app.screen.call_after_refresh(timer_fault)
        app.run_worker(worker_fault())
        await pilot.pause(0.1)
        await pilot.pause()
        assert len(faults) == 3
        assert "timer went wrong" in messages(app)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
    assert app.return_code in (0, None)


class Broken(Widget):
    def render(self) -> str:
        raise RuntimeError("cannot draw this")


async def test_a_fault_that_repeats_on_its_own_ends_the_app_with_one_line(
    sam: Services, faults: list[BaseException]
) -> None:
    app = make_app(sam)
    with pytest.raises(RuntimeError, match="cannot draw this"):
        async with app.run_test(size=SIZE):
            await app.screen.mount(Broken())
            for _ in range(FAULTS_IN_A_ROW * 20):
                if app._exit_renderables or not app.is_running or app._exception:
                    break
                app.screen.query_one(Broken).refresh()
                await asyncio.sleep(0.01)
    assert len(faults) == FAULTS_IN_A_ROW
    assert app.return_code == 1
    assert app.gate.farewell == ("error: something went wrong (cannot draw this); the app closed")
    assert not app._exit_renderables  # no traceback, no variables printed on the way out


async def test_a_check_in_forgotten_elsewhere_is_a_message_in_history(
    sam: Services, tmp_path: Path
) -> None:
    """Issue 11 1a: a check-in removed by another process, then opened from the list."""
    app = make_app(sam)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        db = str(sam.store.path)
        assert main(["--db", db, "forget", "--person", "Sam", "--confirm", "Sam"]) == 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert "That check-in is no longer in these notes" in messages(app)
        assert "No check-ins yet" in flat_text(app)  # read again


async def test_a_revision_that_cannot_be_read_is_a_message(
    sam: Services, faults: list[BaseException]
) -> None:
    """Issue 11 1c: a restored backup whose earlier version is ``{}``."""
    (checkin,) = sam.store.checkins("Sam")
    sam.store.delete_checkin(checkin.id, "by mistake")
    with sqlite3.connect(sam.store.path) as conn:
        conn.execute("UPDATE revisions SET prior = '{}'")
    app = make_app(sam)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "Something went wrong" in messages(app)
        assert faults
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_date_from_year_one_typed_in_the_when_field_leaves_the_app_running(
    sam: Services, faults: list[BaseException]
) -> None:
    """Issue 11 1b: ``0001-01-01 00`` typed into "When did you see them?"."""
    app = make_app(sam)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("c")
        await pilot.pause()
        for _ in range(3):  # to the context page, whichever page the walk-through opens on
            if app.screen.query("#when"):
                break
            await pilot.press("enter")
            await pilot.pause()
        when = app.screen.query_one("#when")
        when.focus()
        await pilot.press("ctrl+u", *"0001-01-01 00", "enter")
        await pilot.pause()
        assert app.is_running
        assert app.screen.query("#when")  # still on the page, the field there to fix
        # Said on the page (once the parser refuses it) or as a message (the last defence).
        assert "could not be read" in flat_text(app) or "Something went wrong" in messages(app)
        when.focus()
        await pilot.press("ctrl+u", *"2026-03-01 09:00", "enter")
        await pilot.pause()
        assert app.is_running
        assert "could not be read" not in flat_text(app)  # the page still checks what is typed


async def test_the_palette_opened_again_under_urgent_help_is_not_a_second_palette(
    sam: Services,
) -> None:
    """Found by the random keys: Ctrl+P, Ctrl+G (urgent help over the palette), Ctrl+P put a
    second palette on the stack with the same id (DuplicateIds)."""
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, UrgentScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, UrgentScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
