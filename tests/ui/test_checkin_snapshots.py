"""How each page of the walk-through looks at 100x32, with a fixed "now"."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot

from redflags.tui.services import Services
from tests.ui.flow_host import NOW, SIZE, FlowHost, type_text

Before = Callable[[Pilot[Any]], Awaitable[None]]


def _then(*keys: str, typed: str = "", after: tuple[str, ...] = ()) -> Before:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press(*keys)
        if typed:
            await type_text(pilot, typed)
        await pilot.press(*after)
        # No blinking cursor to make the picture depend on timing: see steady_cursor.
        await pilot.pause()

    return run_before


def _host(services: Services) -> FlowHost:
    services.store.add_person("Alex")
    services.store.add_person("Sam")
    return FlowHost(services, person="Sam", now=NOW)


def test_person_page(snap_compare: Any, services: Services) -> None:
    assert snap_compare(_host(services), terminal_size=SIZE, run_before=_then())


def test_context_page(snap_compare: Any, services: Services) -> None:
    before = _then("pagedown", "tab", "tab", "up", "tab", typed="kitchen, lamp light, an hour")
    assert snap_compare(_host(services), terminal_size=SIZE, run_before=before)


def test_group_page_with_a_noted_sign(snap_compare: Any, services: Services) -> None:
    # Snorted: stuffy nose not seen; nosebleeds noted, so its other explanations show.
    before = _then(
        "pagedown",
        "pagedown",
        "pagedown",
        "n",
        "down",
        "y",
        "enter",
        typed="twice",
        after=("enter",),
    )
    assert snap_compare(_host(services), terminal_size=SIZE, run_before=before)


def test_review_page(snap_compare: Any, services: Services) -> None:
    # Smoked: noted, then another explanation likely; snorted: not seen, then noted.
    before = _then("pagedown", "pagedown", "y", "e", "pagedown", "n", "y", "ctrl+s")
    assert snap_compare(_host(services), terminal_size=SIZE, run_before=before)


def test_review_page_at_80x24_keeps_the_note_boxes_in_view(
    snap_compare: Any, services: Services
) -> None:
    before = _then("pagedown", "pagedown", "y", "pagedown", "n", "y", "ctrl+s")
    assert snap_compare(_host(services), terminal_size=(80, 24), run_before=before)


def test_keys_of_a_check_in(snap_compare: Any, services: Services) -> None:
    before = _then("pagedown", "pagedown", "question_mark")
    assert snap_compare(_host(services), terminal_size=SIZE, run_before=before)
