"""The passphrase screen and the hidden view name the emergency numbers for the configured
country (every known number, the local one last, when none is set)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Label

from redflags.checklist import load_catalog
from redflags.commands.context import Context
from redflags.commands.session import open_app
from redflags.config import Config
from redflags.store import Store, lock_database
from redflags.store import cipher as lock
from redflags.tui.app import RedflagsApp
from redflags.tui.screens.blank import NEUTRAL_LINE, BlankScreen
from redflags.tui.screens.unlock import UnlockScreen
from redflags.tui.services import Services
from tests.ui.shell_support import SIZE, flat_text, make_app, welcomed

PASS = "correct horse battery"
NONE_SET = "911 (US, Canada), 999 (UK), 112 (UK, EU) or your local emergency number"
COUNTRIES = [("GB", "999 or 112"), ("CA", "911"), ("US", "911"), ("", NONE_SET)]


@pytest.mark.parametrize(("country", "numbers"), COUNTRIES)
async def test_the_hidden_view_names_the_emergency_numbers(
    store: Store, country: str, numbers: str
) -> None:
    welcomed(store)
    services = Services(store=store, catalog=load_catalog(), config=Config(country=country))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the checklists are read once the first screen is drawn
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, BlankScreen)
        assert flat_text(app) == f"{NEUTRAL_LINE} In an emergency, call {numbers}."


@pytest.mark.parametrize(("country", "numbers"), COUNTRIES)
def test_the_passphrase_screen_names_the_emergency_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, country: str, numbers: str
) -> None:
    path = tmp_path / "notes.db"
    with Store.open(path) as store:
        welcomed(store)
    lock_database(path, PASS)
    config = tmp_path / "config.toml"
    config.write_text(f'country = "{country}"\n', encoding="utf-8")
    monkeypatch.setenv("REDFLAGS_CONFIG", str(config))
    monkeypatch.delenv(lock.PASSPHRASE_ENV, raising=False)
    seen: list[str] = []

    async def drive(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        assert isinstance(pilot.app.screen, UnlockScreen)
        seen.append(str(pilot.app.screen.query_one("#unlock-urgent", Label).content))
        pilot.app.exit()

    original = RedflagsApp.run

    def headless(self: RedflagsApp) -> object:
        return original(self, headless=True, size=SIZE, auto_pilot=drive)

    monkeypatch.setattr(RedflagsApp, "run", headless)
    ctx = Context(argparse.Namespace(db=path, checklists=None, debug=False))
    try:
        assert open_app(ctx) == 0
    finally:
        ctx.close()
    assert seen == [f"If someone may be in danger, call emergency services now: {numbers}."]
