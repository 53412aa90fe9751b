"""The terminal app: a thin shell that opens the home screen and the first-run screen (after the
passphrase screen when the database is locked), and holds the keys that work everywhere (! urgent
help, ? keys, ctrl+b hide)."""

from __future__ import annotations

import gc

# Importing Textual and the app makes tens of thousands of objects that live as long as the program
# (modules, classes, functions): Python's cycle collector would look through them again and again
# while they are made, and all of them once more soon after. It waits until they are made, and then
# leaves them out of every later collection (gc.freeze); run_app keeps it waiting until the first
# screen is drawn.
_COLLECTING = gc.isenabled()
gc.disable()
try:
    import sys
    import time
    from collections.abc import Callable, Iterable
    from datetime import datetime
    from functools import partial
    from pathlib import Path
    from typing import TYPE_CHECKING, ClassVar, NamedTuple

    from textual._context import active_app
    from textual.app import App, SystemCommand
    from textual.binding import Binding, BindingType
    from textual.command import CommandPalette, Provider
    from textual.message import Message
    from textual.message_pump import MessagePump
    from textual.screen import Screen
    from textual.worker import WorkerFailed

    from redflags.config import Config
    from redflags.safe_text import one_line
    from redflags.store import Store, now
    from redflags.store import cipher as lock
    from redflags.tui.gate import Gate
    from redflags.tui.services import Guide, Reading, Services, welcomed
finally:
    gc.freeze()
    if _COLLECTING:
        gc.enable()

if TYPE_CHECKING:
    from redflags.checklist import Catalog
    from redflags.tui.screens.home import HomeScreen

THEMES = {"dark": "textual-dark", "light": "textual-light"}
# Of Textual's own commands, only these mean something here (its screenshot command would write a
# picture of private notes to a file; its "Keys" panel and "Maximize" are not this app's words).
SYSTEM_COMMANDS_KEPT = {"Theme", "Quit"}
# Screens other than the first are imported when first opened, so the app starts quickly: the
# welcome, passphrase and blank screens too (Home is the first screen of most starts).
WELCOME_MODULE = "redflags.tui.screens.welcome"
UNLOCK_MODULE = "redflags.tui.screens.unlock"
BLANK_MODULE = "redflags.tui.screens.blank"
HOME_MODULE = "redflags.tui.screens.home"
# The stylesheet of every other screen (redflags.tcss has the first screens' rules alone: Home and
# the welcome): read once the first screen is drawn, or when another screen opens before that.
# It holds no rule for the first screens' widgets.
MORE_CSS = Path(__file__).parent / "screens.tcss"
FIRST_SCREENS = {(HOME_MODULE, "HomeScreen"), (WELCOME_MODULE, "WelcomeScreen")}

# The blank view and the passphrase screen lead nowhere but urgent help (on the latter, ! and ? are
# typed into the field; the former names the emergency numbers itself, so that nothing it shows
# says what the app is); before the passphrase there are no notes for these keys to act on.
QUIET_SCREEN_REFUSES = {"hide", "help", "command_palette"}
NEED_NOTES = {"hide", "help"}
URGENT_KEY = "ctrl+g"
URGENT_SHOWN = "^g"
NOTES_MODE = "notes"

# More faults than this in a row (each within a few seconds of the last) is a fault that repeats on
# its own, on every frame; the app then ends with a one-line message rather than loop on it.
FAULTS_IN_A_ROW = 25
FAULT_GAP = 5.0  # seconds
# Called with every fault the app turned into a message (tests listen here).
FAULT_LISTENERS: list[Callable[[BaseException], None]] = []


def fault_reason(error: BaseException) -> str:
    """What went wrong, in one short line, without any of the program's insides."""
    if isinstance(error, WorkerFailed):
        error = error.error
    reason = one_line(str(error)).strip() or type(error).__name__
    return reason if len(reason) <= 120 else reason[:119] + "…"


def fault_words(error: BaseException) -> str:
    """The message shown for a fault the app survived."""
    return (
        f"Something went wrong: {fault_reason(error)}. The app is still running; you can carry on."
    )


_dispatch = MessagePump._dispatch_message


async def _dispatch_defended(self: MessagePump, message: Message) -> None:
    """Textual's message dispatch, except that in this app an exception in a handler (of a
    screen, a widget or the app) becomes a message and the handler's widget keeps running:
    Textual would stop that widget's message loop, and with it the app."""
    try:
        await _dispatch(self, message)
    except Exception as error:
        app = active_app.get(None)
        if not isinstance(app, RedflagsApp) or not app.survive(error):
            raise


MessagePump._dispatch_message = _dispatch_defended  # type: ignore[method-assign]


def _screen_actions_provider() -> type[Provider]:
    """The palette's commands of the screen's keys, imported when the palette first opens."""
    from redflags.tui.commands import ScreenActions

    return ScreenActions


class RedflagsApp(App[object]):
    """redflags in the terminal, on open notes (``services``) or, for a locked database, on a
    ``gate`` that opens them once the passphrase screen has it."""

    CSS_PATH = "redflags.tcss"
    TITLE = "redflags"
    COMMANDS = App.COMMANDS | {_screen_actions_provider}
    BINDINGS: ClassVar[list[BindingType]] = [
        # A key that never types a character, so it works from inside every field and dialog,
        # on the passphrase screen and the blank view; first in every footer.
        Binding(URGENT_KEY, "urgent", "Urgent help", key_display=URGENT_SHOWN, priority=True),
        Binding("f1", "urgent", "Urgent help", show=False, priority=True),
        # Where nothing is typed, ! too (in a field it is a character like any other).
        Binding("exclamation_mark", "urgent", "Urgent help", key_display="!", show=False),
        Binding("question_mark", "help", "Keys", key_display="?"),
        # Priority: it must work at once whatever has the focus, a text field or a dialog.
        Binding("ctrl+b", "hide", "Hide", key_display="^b", priority=True),
    ]

    def __init__(
        self,
        services: Services | None = None,
        *,
        gate: Gate | None = None,
        guide: Guide | None = None,
    ) -> None:
        """Without ``services``, the app asks for the passphrase first and opens the notes with
        ``gate.open``."""
        super().__init__()
        self.gate = gate or Gate()
        self.guide = guide or Reading(Config(), _shipped_checklists)
        self._services = services
        self.faults: list[BaseException] = []
        self.faults_on_leaving: list[BaseException] = []
        self._started = False  # mounted: a fault while not running is then one on the way out
        self._last_fault = 0.0
        self._faults_in_a_row = 0
        self.first_frame: list[Callable[[], object]] = []  # called once the first screen is drawn

    @property
    def notes_open(self) -> bool:
        """Whether the notes are open (always, unless the passphrase screen is still asking)."""
        return self._services is not None

    @property
    def services(self) -> Services:
        """The open notes; only once the passphrase screen has opened them, when it is shown."""
        if self._services is None:
            raise RuntimeError("the notes are not open yet")
        return self._services

    def survive(self, error: BaseException) -> bool:
        """The last line of defence: show ``error`` as one line and keep going. False when the
        app cannot go on (not started, closing, or the same fault repeating on its own)."""
        leaving = self._closing or self._exit or (self._started and not self.is_running)
        if not leaving and not self.is_running:
            return False
        if leaving:
            # On the way out as asked (a widget of a closing screen, Textual's header): nothing
            # to show, and nothing is left to lose.
            self.faults_on_leaving.append(error)
            return True
        moment = time.monotonic()
        self._faults_in_a_row = (
            self._faults_in_a_row + 1 if moment - self._last_fault < FAULT_GAP else 1
        )
        self._last_fault = moment
        if self._faults_in_a_row > FAULTS_IN_A_ROW:
            return False
        self.faults.append(error)
        for listener in FAULT_LISTENERS:
            listener(error)
        self.notify(fault_words(error), severity="error", markup=False, timeout=15)
        return True

    def _handle_exception(self, error: Exception) -> None:
        """Faults outside a handler (a timer, a worker, a callback, drawing) become a message too;
        one the app cannot survive ends it with one line, never a traceback with its variables."""
        if self.survive(error):
            return
        self._return_code = 1
        if self._exception is None:
            self._exception = error  # tests driving the app see it raised
            self._exception_event.set()
        self.gate.farewell = f"error: something went wrong ({fault_reason(error)}); the app closed"
        self._close_messages_no_wait()

    def get_default_screen(self) -> Screen[None]:
        if self._services is None:
            return Screen()  # empty until the passphrase opens the notes
        if not welcomed(self._services):
            from redflags.tui.screens.welcome import WelcomeScreen

            # The first run starts on the welcome alone; Home is made once it is read.
            return WelcomeScreen(self._services, done=self.leave_welcome)
        return _home(self._services)

    def leave_welcome(self) -> None:
        """From the first-run screen (the first screen of all) to Home."""
        services = self.services
        self.add_mode(NOTES_MODE, lambda: _home(services))
        self.switch_mode(NOTES_MODE)
        self.after_welcome(None)

    def on_mount(self) -> None:
        self._started = True
        self.call_after_refresh(self._first_frame_drawn)
        if self._services is None:
            from redflags.tui.screens.unlock import UnlockScreen

            self.theme = THEMES.get(self.gate.theme, "textual-dark")
            self.push_screen(UnlockScreen(self.gate, self.open_notes, back=False), self.opened)
        else:
            self.start()

    def _first_frame_drawn(self) -> None:
        self.read_all_styles()
        for call in self.first_frame:
            call()
        self.first_frame.clear()

    def _load_screen_css(self, screen: Screen[object]) -> None:
        # Textual reads a screen's own stylesheet here, before the screen is mounted; any screen
        # but the first ones needs the rest of the app's too.
        if (type(screen).__module__, type(screen).__name__) not in FIRST_SCREENS:
            self.read_all_styles()
        super()._load_screen_css(screen)

    def read_all_styles(self) -> None:
        """Add the stylesheet of every screen but the first ones (once)."""
        path = str(MORE_CSS)
        if not self.stylesheet.has_source(path):
            self.stylesheet.read(path)
            self.stylesheet.update(self)

    def open_notes(self, passphrase: str) -> None:
        """Open the locked notes; WrongPassphrase (or StoreError) leaves the app as it was."""
        if self.gate.open is None:
            raise RuntimeError("the app was started without a way to open the notes")
        self._services = self.gate.open(passphrase)

    def opened(self, done: bool | None) -> None:
        services = self._services
        if done and services is not None:
            # A mode of its own, so that Home is the bottom screen as when nothing was locked
            # (the empty first screen cannot be switched away: Textual did not push it).
            self.add_mode(NOTES_MODE, lambda: _home(services))
            self.switch_mode(NOTES_MODE)
            self.start()

    def start(self) -> None:
        """Everything the app does once the notes are open."""
        self.theme = THEMES.get(self.services.config.theme, "textual-dark")
        if self.services.demo:
            self.title = "redflags · SAMPLE DATA (made up)"
            self.add_class("-demo")
        for warning in self.services.warnings:
            self.notify(one_line(warning), severity="warning", markup=False, timeout=20)
        # What opening the database tidied (a file left by an interrupted lock or unlock, a side
        # file made writable again, names told apart): said here as the command line says it.
        for notice in self.services.store.notices:
            self.notify(one_line(notice), markup=False, timeout=20)
        if _showing(self.screen, WELCOME_MODULE, "WelcomeScreen"):
            pass  # the first screen of a first run: Home follows when it is read
        elif welcomed(self.services):
            self.after_welcome(None)
        else:  # a locked database opened on its passphrase screen, never welcomed
            from redflags.tui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(self.services), self.after_welcome)
        # The first screen needs no checklist: they are read once it is on the screen, before
        # any key is handled.
        self.call_after_refresh(self.load_checklists)

    def load_checklists(self) -> None:
        """Read the checklists; one that cannot be read ends the app with its one-line reason."""
        from redflags.errors import ChecklistError

        try:
            catalog = self.services.catalog
        except ChecklistError as exc:
            self.gate.farewell = f"error: {one_line(str(exc))}"
            self.exit(return_code=1)
            return
        for warning in catalog.warnings:
            self.notify(one_line(warning), severity="warning", markup=False, timeout=20)
        # The hidden and passphrase screens name the emergency numbers from now on.
        self.gate.emergency = catalog.urgent.emergency_words(self.services.config.country or None)

    def after_welcome(self, _: None) -> None:
        # Most starts have no draft: the walk-through's screens are then not even imported.
        if self.services.store.drafts():
            self.run_worker(self.offer_drafts(), name="offer-drafts")

    async def offer_drafts(self) -> None:
        """Ask about any unfinished check-ins kept from before."""
        from redflags.tui.dialogs.draft_offer import offer_drafts
        from redflags.tui.screens.blank import BlankScreen

        # The offer names the person: never put it over the hidden view (it waits for next time).
        if not isinstance(self.screen, BlankScreen):
            await offer_drafts(self, self.services)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from redflags.tui.commands import screen_actions

        # Each action once: one the screen offers on a key (Quit on Home) is listed from there.
        offered = {action.description for action in screen_actions(screen)}
        for command in super().get_system_commands(screen):
            if command.title in SYSTEM_COMMANDS_KEPT and command.title not in offered:
                yield command

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        blank = _showing(self.screen, BLANK_MODULE, "BlankScreen")
        unlock = _showing(self.screen, UNLOCK_MODULE, "UnlockScreen")
        if (blank or unlock) and action in QUIET_SCREEN_REFUSES:
            return False
        if blank and action == "urgent":
            return False  # it shows the emergency numbers itself, and nothing that names the app
        return self._services is not None or action not in NEED_NOTES

    def action_command_palette(self) -> None:
        # Urgent help or the blank view can lie over an open palette; a second one would clash
        # with the first (Textual gives both the same id).
        if not any(isinstance(screen, CommandPalette) for screen in self.screen_stack):
            super().action_command_palette()

    def action_hide(self) -> None:
        """Cover every screen and dialog at once; a locked database asks its passphrase again."""
        from redflags.tui.screens.blank import BlankScreen
        from redflags.tui.screens.unlock import UnlockScreen, check_passphrase

        self.clear_notifications()
        path = self.services.store.path

        def unlock() -> UnlockScreen:
            return UnlockScreen(self.gate, lambda typed: check_passphrase(path, typed), back=True)

        self.push_screen(BlankScreen(unlock if lock.is_locked(path) else None, self.gate.emergency))

    def action_urgent(self) -> None:
        from redflags.tui.screens.urgent import UrgentScreen

        if not isinstance(self.screen, UrgentScreen):
            # Before the passphrase opens the notes, the settings and checklists alone.
            self.push_screen(UrgentScreen(self._services or self.guide))

    def action_help(self) -> None:
        from redflags.tui.commands import screen_actions
        from redflags.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        keys = [(action.key, action.description) for action in screen_actions(self.screen)]
        name = self.screen.sub_title or "current"
        self.push_screen(HelpScreen(keys, name.lower()))


def _showing(screen: Screen[object], module: str, name: str) -> bool:
    """Whether ``screen`` is the screen class ``name`` of ``module``: never while that module is
    not imported (there can be no such screen yet, and checking does not import it)."""
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(screen, getattr(loaded, name))


def _home(services: Services) -> HomeScreen:
    """Home, imported when first shown (a first run starts on the welcome)."""
    from redflags.tui.screens.home import HomeScreen

    return HomeScreen(services)


def _shipped_checklists() -> Catalog:
    """The checklists shipped with the app, read when first needed (the first screen does not)."""
    from redflags.checklist import load_catalog

    return load_catalog()


class Launch(NamedTuple):
    """What the app is started with: plain values, not the command line.

    ``named`` is the database as the person named it (shown on the passphrase screen; None for the
    default place). ``passphrase`` is the one given in the environment, if any: without it a locked
    database is asked for on the app's own screen. ``load_checklists`` reads them (once the first
    screen is drawn); ``now`` is the clock.
    """

    db_path: Path
    config: Config
    load_checklists: Callable[[], Catalog]
    warnings: tuple[str, ...] = ()
    named: str | None = None
    passphrase: str | None = None
    now: Callable[[], datetime] = now
    demo: bool = False


def run_app(launch: Launch) -> int:
    """Open the app on ``launch``'s database and settings; 1 if they cannot be used, 2 for a
    wrong passphrase. Without a passphrase given, the app itself asks for the passphrase of a
    locked database (never the terminal, which the app is about to take over)."""
    from redflags.errors import ChecklistError
    from redflags.store import RequestError, StoreError

    gate = Gate(shown=launch.named, theme=launch.config.theme, path=launch.db_path)
    services: Services | None = None
    try:
        if lock.is_locked(launch.db_path):
            lock.require()
            if launch.passphrase is None:
                # A broken shipped checklist stops the app before anything is asked; the urgent
                # help gives the passphrase screen its emergency numbers.
                country = launch.config.country or None
                gate.emergency = launch.load_checklists().urgent.emergency_words(country)
                gate.open = partial(open_services, launch)
            else:
                services = open_services(launch, launch.passphrase, waiting=True)
        else:
            services = open_services(launch, waiting=True)
    except (StoreError, ChecklistError) as exc:
        print(f"redflags: error: {one_line(str(exc))}", file=sys.stderr)
        # A wrong passphrase given in the environment is bad input, as for every other command.
        return 2 if isinstance(exc, RequestError) else 1
    app = RedflagsApp(services, gate=gate, guide=Reading(launch.config, launch.load_checklists))
    # Building the first screen makes tens of thousands of objects that live as long as the app:
    # Python's cycle collector would look through them dozens of times before that screen is
    # drawn. It waits until then (and starts again if the app ends before).
    collecting = gc.isenabled()
    gc.disable()
    if collecting:
        app.first_frame.append(gc.enable)
    try:
        app.run()
    finally:
        if collecting:
            gc.enable()
        if app.notes_open:
            app.services.store.close()
    if gate.farewell:
        print(f"redflags: {gate.farewell}", file=sys.stderr)
    return app.return_code or 0


def open_services(
    launch: Launch, passphrase: str | None = None, *, waiting: bool = False
) -> Services:
    """The store and settings of this run, a locked store opened with ``passphrase``; the
    checklists are read by the app once its first screen is drawn. With ``waiting`` (before the
    app takes the terminal over) the terminal says so if opening waits for a lock or unlock in
    another window."""
    return Services(
        store=Store.open(
            launch.db_path,
            passphrase=passphrase,
            waiting=partial(_say_waiting, launch.db_path) if waiting else None,
        ),
        catalog=launch.load_checklists,
        config=launch.config,
        warnings=list(launch.warnings),
        demo=launch.demo,
        now=launch.now,
    )


def _say_waiting(path: Path) -> None:
    from redflags.store import waiting_words

    print(f"redflags: {waiting_words(path)}", file=sys.stderr, flush=True)
