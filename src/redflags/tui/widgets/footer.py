"""The key bar at the bottom of every screen: Textual's footer, rebuilt only when the keys it
shows change.

Textual's footer rebuilds all of its keys each time the screen's bindings are updated (on every
change of focus), which made the first screen slow to appear; the keys shown are the same.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter

Shown = tuple[tuple[str, str, bool, str], ...]


class Footer(TextualFooter):
    """Textual's footer, rebuilt only when a key is added, removed, renamed, enabled or disabled."""

    def __init__(self, *, show_command_palette: bool = True, compact: bool = False) -> None:
        super().__init__(show_command_palette=show_command_palette, compact=compact)
        self._shown: Shown | None = None  # what the keys on display were built from

    def _keys(self, screen: Screen[object]) -> Shown:
        return tuple(
            (binding.key, binding.description, enabled, tooltip)
            for (_, binding, enabled, tooltip) in screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            keys = self._keys(screen)
            if keys == self._shown:
                self._bindings_ready = True
                return
            self._shown = keys
        super().bindings_changed(screen)
