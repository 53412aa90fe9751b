"""Snapshots of the Patterns screen and the Export dialog at 100x32, on the hand-built log of
test_patterns and a fixed date. Review every changed SVG before accepting it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from redflags.tui.screens.patterns import PatternsScreen
from redflags.tui.services import Services
from tests.ui.shell_support import SIZE, make_app
from tests.ui.test_patterns import add_scenario

SnapCompare = Callable[..., bool]


def patterns_then(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        app: Any = pilot.app
        await app.push_screen(PatternsScreen(app.services, "Sam"))
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


@pytest.fixture
def sam(services: Services, monkeypatch: pytest.MonkeyPatch) -> Services:
    # The suggested file goes in the home folder: show a typical one, not a random test folder.
    monkeypatch.setenv("HOME", "/home/you")
    add_scenario(services)
    return services


def test_patterns(snap_compare: SnapCompare, sam: Services) -> None:
    assert snap_compare(make_app(sam), terminal_size=SIZE, run_before=patterns_then())


def test_patterns_scrolled_to_the_snorted_signs(snap_compare: SnapCompare, sam: Services) -> None:
    before = patterns_then("pagedown")
    assert snap_compare(make_app(sam), terminal_size=SIZE, run_before=before)


def test_export_dialog(snap_compare: SnapCompare, sam: Services) -> None:
    assert snap_compare(make_app(sam), terminal_size=SIZE, run_before=patterns_then("x"))
