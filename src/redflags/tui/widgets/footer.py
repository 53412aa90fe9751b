"""The key bar at the bottom of every screen: Textual's footer, urgent help first (so a narrow
terminal never cuts it off), rebuilt only when the keys it shows change.

Textual's footer rebuilds all of its keys each time the screen's bindings are updated (on every
change of focus), which made the first screen slow to appear; the keys shown are the same.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

# Shown before every other key of the screen.
FIRST_ACTIONS = ("app.urgent", "urgent")

Shown = tuple[tuple[str, str, bool, str], ...]


class Footer(TextualFooter):
    """Textual's footer with urgent help first, rebuilt only when a key is added, removed,
    renamed, enabled or disabled."""

    def __init__(self, *, show_command_palette: bool = True, compact: bool = False) -> None:
        super().__init__(show_command_palette=show_command_palette, compact=compact)
        self._shown: Shown | None = None  # what the keys on display were built from

    def _keys(self, screen: Screen[object]) -> Shown:
        return tuple(
            (binding.key, binding.description, enabled, tooltip)
            for (_, binding, enabled, tooltip) in screen.active_bindings.values()
            if binding.show
        )

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        first = [k for k in keys if isinstance(k, FooterKey) and k.action in FIRST_ACTIONS]
        yield from first
        yield from (k for k in keys if k not in first)

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            # Textual recomposes after the next refresh, by when the footer may be gone; the
            # keys are read then too (not before the first frame is drawn), once for all the
            # changes since.
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:
            return
        keys = self._keys(self.screen)
        if keys != self._shown:
            self._shown = keys
            await self.recompose()
