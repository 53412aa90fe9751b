"""The terminal app: a thin shell that opens the home screen and the first-run screen, and holds
the keys that work everywhere (! urgent help, ? keys)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from redflags.safe_text import one_line
from redflags.tui.commands import ScreenActions, screen_actions
from redflags.tui.screens.home import HomeScreen
from redflags.tui.screens.welcome import WelcomeScreen, welcomed
from redflags.tui.services import Services

if TYPE_CHECKING:
    from redflags.commands.context import Context

THEMES = {"dark": "textual-dark", "light": "textual-light"}
# Textual's screenshot command writes a picture of the screen, private notes included, to a file.
PRIVATE_SYSTEM_COMMANDS = {"Screenshot"}
# Screens other than the first are imported when first opened, so the app starts quickly.


class RedflagsApp(App[object]):
    """redflags in the terminal. ``today`` can be fixed, so tests do not depend on the date."""

    CSS_PATH = "redflags.tcss"
    TITLE = "redflags"
    COMMANDS = App.COMMANDS | {ScreenActions}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("exclamation_mark", "urgent", "Urgent help", key_display="!"),
        Binding("question_mark", "help", "Keys", key_display="?"),
    ]

    def __init__(self, services: Services, *, today: Callable[[], date] | None = None) -> None:
        super().__init__()
        self.services = services
        self.today: Callable[[], date] = today or date.today
        if services.demo:
            self.title = "redflags · SAMPLE DATA (made up)"

    def get_default_screen(self) -> Screen[None]:
        return HomeScreen(self.services)

    def on_mount(self) -> None:
        self.theme = THEMES.get(self.services.config.theme, "textual-dark")
        if self.services.demo:
            self.add_class("-demo")
        for warning in self.services.warnings:
            self.notify(one_line(warning), severity="warning", markup=False, timeout=20)
        if welcomed(self.services):
            self.after_welcome(None)
        else:
            self.push_screen(WelcomeScreen(self.services), self.after_welcome)

    def after_welcome(self, _: None) -> None:
        # Most starts have no draft: the walk-through's screens are then not even imported.
        if self.services.store.drafts():
            self.run_worker(self.offer_drafts(), name="offer-drafts")

    async def offer_drafts(self) -> None:
        """Ask about any unfinished check-ins kept from before."""
        from redflags.tui.screens.draft_offer import offer_drafts

        await offer_drafts(self, self.services)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title not in PRIVATE_SYSTEM_COMMANDS:
                yield command

    def action_urgent(self) -> None:
        from redflags.tui.screens.urgent import UrgentScreen

        if not isinstance(self.screen, UrgentScreen):
            self.push_screen(UrgentScreen(self.services))

    def action_help(self) -> None:
        from redflags.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        keys = [(action.key, action.description) for action in screen_actions(self.screen)]
        name = self.screen.sub_title or "current"
        self.push_screen(HelpScreen(keys, name.lower()))


def run_app(ctx: Context) -> int:
    """Open the app on the database and settings of this command run; 1 if they cannot be used."""
    from redflags.checklist import ChecklistError
    from redflags.store import StoreError

    try:
        store = ctx.store()
        catalog = ctx.catalog
    except (StoreError, ChecklistError) as exc:
        print(f"redflags: error: {one_line(str(exc))}", file=sys.stderr)
        return 1
    loaded = ctx.settings
    services = Services(
        store=store,
        catalog=catalog,
        config=loaded.config,
        warnings=[*loaded.warnings, *catalog.warnings],
        demo=bool(getattr(ctx.args, "demo", False)),
    )
    app = RedflagsApp(services)
    app.run()
    return app.return_code or 0
