"""Privacy at rest in the app: a locked database is asked for before anything is shown, and the
hide key (ctrl+b) blanks every screen at once, asking the passphrase again on the way back."""

from __future__ import annotations

import argparse
import getpass
import hashlib
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Input, Label

from redflags.checklist import load_catalog
from redflags.commands.context import Context
from redflags.commands.session import open_app
from redflags.config import Config
from redflags.store import Store, lock_database
from redflags.store import cipher as lock
from redflags.tui.app import RedflagsApp
from redflags.tui.commands import screen_actions
from redflags.tui.screens.blank import NEUTRAL_LINE, BlankScreen, emergency_line
from redflags.tui.screens.checkin.keys import CheckInKeys
from redflags.tui.screens.checkin.walk import CheckInFlow
from redflags.tui.screens.home import HomeScreen
from redflags.tui.screens.unlock import FAREWELL, Gate, UnlockScreen
from redflags.tui.services import Services
from tests.ui.shell_support import (
    SIZE,
    TODAY,
    at,
    fixed_clock,
    flat_text,
    make_app,
    make_checkin,
    welcomed,
)

needs_sqlcipher = pytest.mark.skipif(not lock.available(), reason="needs redflags[lock]")

PASS = "correct horse battery"
NAME = "Zebediah Quill"
NOTE = "kitchen-window-7731"
WRONG = "Not the right passphrase; nothing was changed."


def _services(store: Store) -> Services:
    return fixed_clock(
        Services(store=store, catalog=load_catalog(), config=Config(observer="Mum", country="GB"))
    )


def _fill(services: Services) -> None:
    welcomed(services.store)
    services.store.add_person(NAME)
    services.store.add_person("Alex")
    services.store.add_checkin(make_checkin(services, NAME, at(TODAY), note=NOTE))


@pytest.fixture
def locked_db(tmp_path: Path) -> Path:
    """A locked database holding two people and a check-in with a note."""
    path = tmp_path / "notes.db"
    with Store.open(path) as store:
        _fill(_services(store))
    lock_database(path, PASS)
    return path


@pytest.fixture
def opened() -> Iterator[list[Store]]:
    """The stores the apps of a test opened, closed at its end."""
    stores: list[Store] = []
    yield stores
    for store in stores:
        store.close()


def locked_app(path: Path, opened: list[Store]) -> RedflagsApp:
    """The app started on a locked database, as run_app starts it without REDFLAGS_PASSPHRASE."""

    def open_notes(passphrase: str) -> Services:
        store = Store.open(path, create=False, passphrase=passphrase)
        opened.append(store)
        return _services(store)

    return RedflagsApp(gate=Gate(shown=str(path), open=open_notes))


def _digest(path: Path) -> tuple[str, list[str]]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(
        p.name for p in path.parent.iterdir()
    )


def _private_words_shown(app: App[object]) -> list[str]:
    """The personal things on screen: in the rendered text or in a full screenshot (SVG)."""
    text = flat_text(app) + app.export_screenshot()
    # The person count as the lock command words it, and the check-in note.
    return [
        word for word in (NAME, "Zebediah", NOTE, "2 people", "1 check-in", "Alex") if word in text
    ]


async def _type(pilot: Pilot[object], words: str) -> None:
    await pilot.press(*words)
    await pilot.press("enter")
    await pilot.pause()


# -- a locked database ---------------------------------------------------------------------------


@needs_sqlcipher
async def test_locked_app_asks_first_and_shows_nothing_personal(
    locked_db: Path, opened: list[Store]
) -> None:
    app = locked_app(locked_db, opened)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        assert app.screen.query_one("#passphrase", Input).password
        assert _private_words_shown(app) == []
        assert "These notes are locked" in flat_text(app)
        # Nothing that would show anything works before the passphrase.
        for key in ("ctrl+b", "ctrl+p"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, UnlockScreen)
        assert _private_words_shown(app) == []
        assert opened == []


@needs_sqlcipher
async def test_right_passphrase_opens_home_with_the_people(
    locked_db: Path, opened: list[Store]
) -> None:
    app = locked_app(locked_db, opened)
    async with app.run_test(size=SIZE) as pilot:
        await _type(pilot, PASS)
        assert isinstance(app.screen, HomeScreen)
        text = flat_text(app)
        assert NAME in text and "Alex" in text
        assert PASS not in text
        assert len(app.screen_stack) == 1  # Home is the bottom screen, as when not locked


def _said(app: App[object]) -> str:
    """The passphrase screen's line under the field."""
    return str(app.screen.query_one("#unlock-problem", Label).render())


@needs_sqlcipher
@pytest.mark.parametrize("urgent_meanwhile", [False, True])
async def test_a_lock_in_another_window_is_waited_for_and_said(
    locked_db: Path, opened: list[Store], monkeypatch: pytest.MonkeyPatch, urgent_meanwhile: bool
) -> None:
    # Another window locks or unlocks the file as the passphrase is given here: the screen says
    # it waits, keeps the app answering (the urgent help opens), then opens the notes; if the
    # urgent help is open when the wait ends, it asks for the passphrase again.
    import asyncio

    import redflags.store.connection as connection

    converting = [True]
    monkeypatch.setattr(connection, "in_progress", lambda path: converting[0])
    app = locked_app(locked_db, opened)
    app.gate.path = locked_db
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*PASS)
        field = app.screen.query_one("#passphrase", Input)
        await field.action_submit()  # Enter, without waiting for the screen to be idle
        for _ in range(100):
            await asyncio.sleep(0.02)
            if "Another window" in _said(app):
                break
        assert "Another window is locking or unlocking these notes" in _said(app)
        await asyncio.sleep(0.1)
        assert "(at most a minute)." in flat_text(app)  # on screen whole, the screen laid out
        assert field.value == "" and opened == []
        if urgent_meanwhile:
            app.action_urgent()
            await asyncio.sleep(0.1)
            assert not isinstance(app.screen, UnlockScreen)
        converting[0] = False
        await asyncio.sleep(0.3)
        if urgent_meanwhile:
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, UnlockScreen) and opened == []
            assert "type the passphrase again" in _said(app)
            await _type(pilot, PASS)
        else:
            await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert len(opened) == 1
        assert NAME in flat_text(app)


@needs_sqlcipher
async def test_wrong_passphrase_says_so_and_changes_nothing(
    locked_db: Path, opened: list[Store]
) -> None:
    before = _digest(locked_db)
    app = locked_app(locked_db, opened)
    async with app.run_test(size=SIZE) as pilot:
        await _type(pilot, "not the passphrase")
        assert isinstance(app.screen, UnlockScreen)
        text = flat_text(app)
        unboxed = " ".join(text.replace("█", " ").split())  # the box's sides cut wrapped lines
        assert (
            f"{WRONG} You can try 2 more times, then the app closes (nothing is lost)." in unboxed
        )
        assert "not the passphrase" not in text
        assert app.screen.query_one("#passphrase", Input).value == ""
        assert _private_words_shown(app) == []
        await pilot.press("enter")  # nothing typed: not a try
        await pilot.pause()
        assert "Type the passphrase first" in flat_text(app)
        await _type(pilot, "still not it")
        assert "You can try once more, then" in flat_text(app)
    assert _digest(locked_db) == before


@needs_sqlcipher
async def test_three_wrong_tries_end_the_app(locked_db: Path, opened: list[Store]) -> None:
    before = _digest(locked_db)
    app = locked_app(locked_db, opened)
    async with app.run_test(size=SIZE) as pilot:
        for attempt in ("one", "two", "three"):
            await _type(pilot, attempt)
    assert app.return_code == 2
    assert app.gate.farewell == FAREWELL
    assert opened == []
    assert _digest(locked_db) == before


def _run_with(
    monkeypatch: pytest.MonkeyPatch, drive: Callable[[Pilot[Any]], Coroutine[Any, Any, None]]
) -> None:
    """Make run_app's app run headless at 100x32, driven by ``drive``."""
    original = RedflagsApp.run

    def headless(self: RedflagsApp) -> object:
        return original(self, headless=True, size=SIZE, auto_pilot=drive)

    monkeypatch.setattr(RedflagsApp, "run", headless)


def _ctx(path: Path) -> Context:
    return Context(argparse.Namespace(db=path, checklists=None, debug=False))


def _no_terminal_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(prompt: str = "") -> str:
        raise AssertionError("the app asks on its own screen, not in the terminal")

    monkeypatch.setattr(getpass, "getpass", refuse)


@needs_sqlcipher
def test_run_app_asks_in_the_app_not_the_terminal(
    locked_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_terminal_prompt(monkeypatch)
    seen: list[str] = []

    async def drive(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        seen.append(type(pilot.app.screen).__name__)
        await _type(pilot, PASS)
        seen.append(type(pilot.app.screen).__name__)
        pilot.app.exit()

    _run_with(monkeypatch, drive)
    ctx = _ctx(locked_db)
    try:
        assert open_app(ctx) == 0
    finally:
        ctx.close()
    assert seen == ["UnlockScreen", "HomeScreen"]


@needs_sqlcipher
def test_run_app_ends_calmly_after_three_wrong_tries(
    locked_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _no_terminal_prompt(monkeypatch)

    async def drive(pilot: Pilot[Any]) -> None:
        for attempt in ("one", "two", "three"):
            await _type(pilot, attempt)

    _run_with(monkeypatch, drive)
    assert open_app(_ctx(locked_db)) == 2
    err = capsys.readouterr().err
    assert err == f"redflags: {FAREWELL}\n"


@needs_sqlcipher
def test_passphrase_from_the_environment_opens_without_asking(
    locked_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_terminal_prompt(monkeypatch)
    monkeypatch.setenv(lock.PASSPHRASE_ENV, PASS)
    seen: list[str] = []

    async def drive(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        seen.append(type(pilot.app.screen).__name__)
        seen.append(flat_text(pilot.app))
        pilot.app.exit()

    _run_with(monkeypatch, drive)
    ctx = _ctx(locked_db)
    try:
        assert open_app(ctx) == 0
    finally:
        ctx.close()
    assert seen[0] == "HomeScreen"
    assert NAME in seen[1]


@needs_sqlcipher
async def test_escape_on_the_first_screen_leaves_without_opening(
    locked_db: Path, opened: list[Store]
) -> None:
    app = locked_app(locked_db, opened)
    async with app.run_test(size=SIZE) as pilot:
        assert "esc Quit" in flat_text(app)
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0
    assert opened == []


@needs_sqlcipher
def test_wrong_passphrase_in_the_environment_is_one_line_and_status_2(
    locked_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _no_terminal_prompt(monkeypatch)
    monkeypatch.setenv(lock.PASSPHRASE_ENV, "not the passphrase")
    before = _digest(locked_db)
    assert open_app(_ctx(locked_db)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "wrong passphrase" in err
    assert "not the passphrase" not in err
    assert _digest(locked_db) == before


def test_run_app_without_sqlcipher_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "locked.db"
    path.write_bytes(bytes(range(256)) * 16)  # the shape of a locked file: no SQLite header

    def missing() -> None:
        raise lock.LockUnavailable(f"not installed; install it with: {lock.INSTALL_HINT}")

    monkeypatch.setattr(lock, "require", missing)
    assert open_app(_ctx(path)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert 'pip install ".[lock]"' in err


# -- the hide key --------------------------------------------------------------------------------


@pytest.fixture
def plain(services: Services) -> Services:
    _fill(services)
    return services


def _hidden(app: App[object]) -> None:
    assert isinstance(app.screen, BlankScreen)
    text = flat_text(app)
    assert text == f"{NEUTRAL_LINE} {emergency_line('999 or 112')}"
    assert _private_words_shown(app) == []


async def test_hide_from_home_and_back(plain: Services) -> None:
    app = make_app(plain)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.notify(f"Added {NAME}.")  # a notification names a person: it must go too
        await pilot.press("ctrl+b")
        await pilot.pause()
        _hidden(app)
        for key in ("!", "?", "ctrl+p", "ctrl+b", "c"):  # nothing else shows anything
            await pilot.press(key)
            await pilot.pause()
            _hidden(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert NAME in flat_text(app)


async def test_hide_covers_a_dialog_and_keeps_what_was_typed(plain: Services) -> None:
    app = make_app(plain)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"Sa")
        await pilot.pause()
        dialog = app.screen
        await pilot.press("ctrl+b")
        await pilot.pause()
        _hidden(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        await pilot.press("m")
        assert app.screen.query_one(Input).value == "Sam"


async def test_hide_inside_the_walk_through_keeps_the_draft(plain: Services) -> None:
    app = make_app(plain)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        flow = app.screen
        assert isinstance(flow, CheckInFlow)
        await pilot.press("right", "tab", *"Dad")  # the context page: who is observing
        await pilot.pause()
        assert "Page 2 of" in flat_text(app)
        assert isinstance(app.focused, Input) and app.focused.value.endswith("Dad")
        await pilot.press("ctrl+b")
        await pilot.pause()
        _hidden(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is flow
        assert "Page 2 of" in flat_text(app)
        await pilot.press(*"dy")
        assert isinstance(app.focused, Input) and app.focused.value.endswith("Daddy")


async def test_hide_is_in_the_footer_the_palette_and_the_help(plain: Services) -> None:
    app = make_app(plain)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert "^b Hide" in flat_text(app)
        assert ("^b", "Hide") in [(a.key, a.description) for a in screen_actions(app.screen)]
        # ? in the name box types a question mark; away from a text box it lists the keys.
        app.screen.set_focus(None)
        await pilot.pause()
        await pilot.press("?")
        await pilot.pause()
        assert isinstance(app.screen, CheckInKeys)
        app.screen.query_one(VerticalScroll).scroll_end(animate=False)
        await pilot.pause()
        assert "ctrl+b hide: blanks the screen at once" in flat_text(app)


@needs_sqlcipher
async def test_hide_on_locked_notes_asks_again_before_showing_anything(
    locked_db: Path, opened: list[Store]
) -> None:
    app = locked_app(locked_db, opened)
    async with app.run_test(size=SIZE) as pilot:
        await _type(pilot, PASS)
        await pilot.press("a")  # a dialog open underneath
        await pilot.pause()
        dialog = app.screen
        await pilot.press("ctrl+b")
        await pilot.pause()
        _hidden(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        assert _private_words_shown(app) == []
        await pilot.press("escape")  # back to the blank view, not to the notes
        await pilot.pause()
        _hidden(app)
        await pilot.press("enter")
        await pilot.pause()
        await _type(pilot, "wrong")
        text = flat_text(app)
        # The sentence wraps inside the box, so its two halves are looked for apart.
        assert f"{WRONG} You can try 2 more times," in text
        assert "then the app closes (nothing is lost)." in text
        assert _private_words_shown(app) == []
        await _type(pilot, PASS)
        assert app.screen is dialog
        assert len(opened) == 1  # the check opened nothing that stays open


@needs_sqlcipher
async def test_wrong_tries_after_hiding_count_across_going_back(
    locked_db: Path, opened: list[Store]
) -> None:
    app = locked_app(locked_db, opened)
    async with app.run_test(size=SIZE) as pilot:
        await _type(pilot, PASS)
        await pilot.press("ctrl+b", "enter")
        await pilot.pause()
        await _type(pilot, "one")
        await _type(pilot, "two")
        await pilot.press("escape", "enter")  # leaving and coming back gives no more tries
        await pilot.pause()
        await _type(pilot, "three")
    assert app.return_code == 2
    assert app.gate.farewell == FAREWELL


# -- snapshots (100x32; review every changed SVG before accepting it) ----------------------------

SnapCompare = Callable[..., bool]


def _refusing(passphrase: str) -> Services:
    raise lock.WrongPassphrase("wrong passphrase; nothing was changed")


def test_snapshot_unlock_screen(snap_compare: SnapCompare) -> None:
    app = RedflagsApp(gate=Gate(shown="family.db", open=_refusing))
    assert snap_compare(app, terminal_size=SIZE)


def test_snapshot_unlock_after_a_wrong_passphrase(snap_compare: SnapCompare) -> None:
    app = RedflagsApp(gate=Gate(open=_refusing))
    assert snap_compare(app, press=[*"guess", "enter"], terminal_size=SIZE)


def test_snapshot_blank_view(snap_compare: SnapCompare, plain: Services) -> None:
    assert snap_compare(make_app(plain), press=["ctrl+b"], terminal_size=SIZE)
