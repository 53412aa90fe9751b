"""The actions of a screen, read from its key bindings: listed by the help screen (?) and offered by
the command palette (ctrl+p), so a key and its command never drift apart."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import NamedTuple

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

# Textual's own focus and copy keys: described once in words on the help screen instead.
GENERIC_ACTIONS = {"app.focus_next", "app.focus_previous", "screen.copy_text"}


class KeyAction(NamedTuple):
    """One action a person can take on a screen, with the key that does it."""

    key: str
    description: str
    run: Callable[[], Awaitable[object]]


def screen_actions(screen: Screen[object]) -> list[KeyAction]:
    """The enabled actions of the screen and the app (not of single widgets), one per description."""
    app = screen.app
    found: list[KeyAction] = []
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        name = binding.description
        if (
            not name
            or not active.enabled
            or binding.system
            or binding.action in GENERIC_ACTIONS
            or binding.key == App.COMMAND_PALETTE_BINDING
            or not isinstance(active.node, (App, Screen))
            or name in seen
        ):
            continue
        seen.add(name)
        key = binding.key_display or app.get_key_display(binding)
        found.append(KeyAction(key, name, partial(app.run_action, binding.action, active.node)))
    return found


class ScreenActions(Provider):
    """The actions bound to keys on the screen the palette was opened from."""

    async def discover(self) -> Hits:
        for action in screen_actions(self.screen):
            yield DiscoveryHit(action.description, action.run, help=f"key: {action.key}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action in screen_actions(self.screen):
            score = matcher.match(action.description)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(action.description),
                    action.run,
                    help=f"key: {action.key}",
                )
