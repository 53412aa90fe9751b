"""The app shell: first run, the keys that work everywhere, the palette, warnings, demo, themes."""

from __future__ import annotations

import argparse
import gc
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from redflags.checklist import Catalog, ChecklistError, load_catalog
from redflags.commands.context import Context
from redflags.commands.session import open_app
from redflags.config import Config
from redflags.store import Store
from redflags.tui.app import Launch, RedflagsApp, run_app
from redflags.tui.commands import screen_actions
from redflags.tui.dialogs.text_prompt import TextPrompt
from redflags.tui.screens.checkin_detail import CheckinDetailScreen
from redflags.tui.screens.help import HelpScreen
from redflags.tui.screens.history import HistoryScreen
from redflags.tui.screens.home import HomeScreen
from redflags.tui.screens.urgent import UrgentScreen
from redflags.tui.screens.welcome import WelcomeScreen
from redflags.tui.services import Services
from redflags.tui.widgets.people_table import PeopleTable
from redflags.tui.widgets.week_strip import StripLegend, StripStyles
from tests.ui.shell_support import (
    SIZE,
    TODAY,
    add_daily,
    at,
    flat_text,
    make_app,
    make_checkin,
    welcomed,
)


async def test_first_run_explains_and_is_remembered(services: Services) -> None:
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        text = flat_text(app)
        assert "cannot diagnose" in text
        assert "Only a qualified professional can assess substance use" in text
        assert str(services.store.path) in text
        assert "Nothing is ever sent anywhere" in text
        assert (
            "Press Ctrl+G (hold Ctrl, press G) at any time, on any screen, even while typing"
            in text
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert services.store.get_meta("welcomed")

    again = make_app(services)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)


async def test_a_second_enter_on_the_first_run_goes_to_home_once(services: Services) -> None:
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        welcome = app.screen
        assert isinstance(welcome, WelcomeScreen)
        welcome.action_acknowledge()
        welcome.action_acknowledge()  # a second press before Home is up
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("a")  # and Home works
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)


async def test_first_run_button_can_be_clicked(services: Services) -> None:
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#acknowledge")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_empty_home_says_how_to_start(services: Services) -> None:
    welcomed(services.store)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Press a to add the first person" in flat_text(app)


@pytest.mark.parametrize("route", [[], ["h"], ["h", "enter"]])
async def test_urgent_help_is_one_key_away(services: Services, route: list[str]) -> None:
    welcomed(services.store)
    services.store.add_person("Sam")
    add_daily(services, "Sam", 3)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*route)
        await pilot.pause()
        before = type(app.screen)
        assert before in (HomeScreen, HistoryScreen, CheckinDetailScreen)
        await pilot.press("!")
        await pilot.pause()
        assert isinstance(app.screen, UrgentScreen)
        text = flat_text(app)
        assert "call emergency services now: 999 or 112." in text  # the GB numbers, first
        await pilot.press("!")  # pressing it again does not stack another copy
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen) is before


async def test_urgent_help_lists_own_country_first(services: Services) -> None:
    welcomed(services.store)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("!")
        await pilot.pause()
        labels = [str(label.content) for label in app.screen.query(".resource")]
        contacts = [label.split()[0] for label in labels]
        assert contacts[:2] == ["999", "112"]


async def test_urgent_footer_key_can_be_clicked(services: Services) -> None:
    welcomed(services.store)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer_keys = [k for k in app.screen.query("FooterKey") if k.action == "urgent"]
        await pilot.click(footer_keys[0])
        await pilot.pause()
        assert isinstance(app.screen, UrgentScreen)


async def test_help_lists_the_keys_of_the_screen(services: Services) -> None:
    welcomed(services.store)
    services.store.add_person("Sam")
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("?")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = flat_text(app)
        for words in ("New check-in", "Add person", "Archive", "Show archived people", "Urgent"):
            assert words in text
        assert "never counted as not seen" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_palette_offers_the_screen_actions(services: Services) -> None:
    welcomed(services.store)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"add person")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(".dialog-title").content == "Add a person"


@pytest.mark.parametrize("keys", [(), ("h",), ("h", "enter")])
async def test_palette_lists_each_action_once_and_none_of_the_frameworks(
    services: Services, keys: tuple[str, ...]
) -> None:
    welcomed(services.store)
    services.store.add_person("Sam")
    services.store.add_checkin(make_checkin(services, "Sam", at(TODAY)))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        screen = app.screen
        titles = [action.description for action in screen_actions(screen)]
        titles += [command.title for command in app.get_system_commands(screen)]
        assert len(titles) == len(set(titles)), titles
        assert titles.count("Keys") == 1
        assert "Quit" in titles and "Theme" in titles and "Urgent help" in titles
        # A picture of private notes written to a file; panels that mean nothing here.
        assert not {"Screenshot", "Maximize", "Minimize", "Bell"} & set(titles)


async def test_warnings_are_shown_once_as_plain_text(services: Services) -> None:
    welcomed(services.store)
    services.warnings.append("config.toml: [bold] is not a known field; using defaults")
    app = make_app(services)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        shown = [n.message for n in app._notifications]
        assert shown == ["config.toml: [bold] is not a known field; using defaults"]


async def test_checklists_are_read_once_home_is_on_screen(services: Services) -> None:
    welcomed(services.store)
    services.store.add_person("Sam")
    catalog = services.catalog
    seen_when_loaded: list[str] = []

    def load() -> Catalog:
        seen_when_loaded.append(flat_text(app))
        return catalog

    app = make_app(Services(services.store, load, services.config))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Home, with Sam, was already drawn when the checklists were read.
        assert len(seen_when_loaded) == 1 and "Sam" in seen_when_loaded[0]
        await pilot.press("c")  # and the walk-through, which needs them, opens
        await pilot.pause()
        assert "Which checklist?" in flat_text(app)


async def test_a_broken_checklist_ends_the_app_with_one_line(services: Services) -> None:
    welcomed(services.store)

    def load() -> Catalog:
        raise ChecklistError("ketamine.toml: line 3: signs: is missing")

    app = RedflagsApp(Services(services.store, load, services.config))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert app.return_code == 1
    assert app.gate.farewell == "error: ketamine.toml: line 3: signs: is missing"


async def test_a_skipped_user_checklist_is_mentioned_once_read(services: Services) -> None:
    welcomed(services.store)
    catalog = services.catalog
    warned = Catalog(catalog.checklists, catalog.urgent, ["mine.toml: skipped: bad TOML"])
    app = RedflagsApp(Services(services.store, lambda: warned, services.config))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["mine.toml: skipped: bad TOML"]


async def test_demo_is_marked_as_sample_data(services: Services) -> None:
    welcomed(services.store)
    services.demo = True
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = flat_text(app)
        assert "SAMPLE DATA" in text
        assert "Sample data: made-up people" in text


@pytest.mark.parametrize(
    ("setting", "theme"), [("dark", "textual-dark"), ("light", "textual-light")]
)
async def test_theme_follows_the_config(services: Services, setting: str, theme: str) -> None:
    welcomed(services.store)
    services.config = Config(theme=setting)  # type: ignore[arg-type]
    app = RedflagsApp(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == theme


def test_run_app_refuses_a_file_that_is_not_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("my shopping list\n")
    ctx = Context(argparse.Namespace(db=bad, checklists=None, debug=False))
    assert open_app(ctx) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "is not a redflags database" in err
    assert bad.read_text() == "my shopping list\n"


async def test_kept_drafts_are_offered_once_the_welcome_is_read(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from redflags.tui.dialogs import draft_offer

    calls: list[type[object]] = []

    async def recording(app: RedflagsApp, given: Services) -> None:
        calls.append(type(app.screen))

    monkeypatch.setattr(draft_offer, "offer_drafts", recording)
    services.store.save_draft("new:kept", "{}")
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert calls == []  # not over the first-run screen
        await pilot.press("enter")
        await pilot.pause()
        assert calls == [HomeScreen]

    again = make_app(services)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert calls == [HomeScreen, HomeScreen]


async def test_no_draft_means_no_offer(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    from redflags.tui.dialogs import draft_offer

    calls: list[type[object]] = []

    async def recording(app: RedflagsApp, given: Services) -> None:
        calls.append(type(app.screen))

    monkeypatch.setattr(draft_offer, "offer_drafts", recording)
    welcomed(services.store)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert calls == []


FORBIDDEN = ("addict", "abuse", "clean", "dirty", "relapse", "detect", "positive", "negative")


async def test_no_screen_uses_stigmatizing_or_test_result_words(services: Services) -> None:
    services.store.add_person("Sam")
    add_daily(services, "Sam", 3)
    app = make_app(services)
    seen: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        for keys in ([], ["enter"], ["?"], ["escape", "!"], ["escape", "h"], ["enter"], ["d"]):
            await pilot.press(*keys)
            await pilot.pause()
            seen.append(flat_text(app).lower())
    for text in seen:
        assert not [word for word in FORBIDDEN if word in text]


def _contrast(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    """The WCAG contrast ratio of two colours."""

    def luminance(rgb: tuple[int, int, int]) -> float:
        def channel(c: int) -> float:
            v = c / 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
async def test_day_marks_stand_out_from_their_background_in_both_themes(
    services: Services, theme: str
) -> None:
    """The light theme drew "no check-in" dots white on light grey."""
    welcomed(services.store)
    services.store.add_person("Sam")
    services.config = Config(theme=theme)  # type: ignore[arg-type]
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for widget in (app.screen.query_one(PeopleTable), app.screen.query_one(StripLegend)):
            background = app.screen.styles.background.rgb
            for style in StripStyles.of(widget):
                assert style.color is not None
                rgb = style.color.get_truecolor()
                assert _contrast((rgb.red, rgb.green, rgb.blue), background) >= 3, (theme, style)


def test_the_app_starts_from_plain_values_and_reads_today_from_its_clock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No command line: a database path, settings, a way to read the checklists, a clock."""
    path = tmp_path / "notes.db"
    with Store.open(path) as store:
        welcomed(store)
        store.add_person("Sam")
        services = Services(store, load_catalog(), Config())
        store.add_checkin(make_checkin(services, "Sam", at(TODAY - timedelta(days=3))))
    seen: list[str] = []

    async def drive(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        seen.append(flat_text(pilot.app))
        pilot.app.exit()

    original = RedflagsApp.run

    def headless(self: RedflagsApp) -> object:
        return original(self, headless=True, size=SIZE, auto_pilot=drive)

    monkeypatch.setattr(RedflagsApp, "run", headless)
    launch = Launch(
        db_path=path,
        config=Config(),
        load_checklists=load_catalog,
        now=lambda: at(TODAY - timedelta(days=3), 20, 0),
        demo=True,
    )
    assert run_app(launch) == 0
    assert "SAMPLE DATA" in seen[0]  # the demo flag
    assert "Sam today" in seen[0]  # the last check-in was on the clock's today


def test_the_cycle_collector_waits_only_for_the_first_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paused while the first screen is built, collecting again once it is drawn (a long session
    never runs without it), and as before once the app has ended."""
    building: list[bool] = []
    drawn: list[bool] = []
    compose = HomeScreen.compose

    def watched(self: HomeScreen) -> Any:
        building.append(gc.isenabled())
        return compose(self)

    async def drive(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        drawn.append(gc.isenabled())
        pilot.app.exit()

    original = RedflagsApp.run

    def headless(self: RedflagsApp) -> object:
        return original(self, headless=True, size=SIZE, auto_pilot=drive)

    monkeypatch.setattr(HomeScreen, "compose", watched)
    monkeypatch.setattr(RedflagsApp, "run", headless)
    path = tmp_path / "notes.db"
    with Store.open(path) as store:
        welcomed(store)
    launch = Launch(db_path=path, config=Config(), load_checklists=load_catalog)
    assert gc.isenabled()
    assert run_app(launch) == 0
    assert (building, drawn) == ([False], [True])
    assert gc.isenabled()
