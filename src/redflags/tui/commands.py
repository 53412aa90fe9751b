"""The command palette (ctrl+p): every action of the current screen, found by its name.

The commands are read from the screen's own key bindings, so a key and its command never drift apart.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ScreenActions(Provider):
    """The actions bound to keys on the screen the palette was opened from."""

    def _actions(self) -> list[tuple[str, str, partial[object]]]:
        found: list[tuple[str, str, partial[object]]] = []
        names: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            name = binding.description
            if not name or not active.enabled or name in names or key == "ctrl+p":
                continue
            names.add(name)
            shown = binding.key_display or self.app.get_key_display(binding)
            run = partial(self.app.run_action, binding.action, active.node)
            found.append((name, f"key: {shown}", run))
        return found

    async def discover(self) -> Hits:
        for name, help_text, run in self._actions():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, run in self._actions():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)
