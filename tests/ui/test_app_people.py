"""Adding, renaming and archiving people on the home screen."""

from __future__ import annotations

from textual.widgets import Input, Label

from redflags.tui.dialogs.text_prompt import TextPrompt
from redflags.tui.screens.history import HistoryScreen
from redflags.tui.screens.home import HomeScreen
from redflags.tui.services import Services
from redflags.tui.widgets.people_table import PeopleTable
from tests.ui.shell_support import SIZE, add_daily, flat_text, make_app, welcomed


def names_shown(app: object) -> list[str]:
    table = app.screen.query_one(PeopleTable)  # type: ignore[attr-defined]
    return [table.get_row_at(i)[0].plain for i in range(table.row_count)]


async def test_add_a_person(services: Services) -> None:
    welcomed(services.store)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"Sam", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert names_shown(app) == ["Sam"]
        assert "none yet" in flat_text(app)
    assert [p.name for p in services.store.people()] == ["Sam"]


async def test_a_name_in_use_is_explained_and_the_typing_kept(services: Services) -> None:
    welcomed(services.store)
    services.store.add_person("Sam")
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Sam", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        problem = app.screen.query_one("#problem", Label)
        assert "already a person called" in str(problem.content)
        assert app.screen.query_one(Input).value == "Sam"
        await pilot.press(*" B.", "enter")
        await pilot.pause()
        assert names_shown(app) == ["Sam", "Sam B."]


async def test_an_empty_name_is_not_added(services: Services) -> None:
    welcomed(services.store)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        assert "cannot be empty" in str(app.screen.query_one("#problem", Label).content)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert services.store.people() == []


async def test_rename_keeps_the_check_ins(services: Services) -> None:
    welcomed(services.store)
    services.store.add_person("Sam")
    add_daily(services, "Sam", 4)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.query_one(Input).value == "Sam"
        await pilot.press("ctrl+a", "ctrl+k", *"S.", "enter")
        await pilot.pause()
        assert names_shown(app) == ["S."]
    assert services.store.count_checkins("S.") == 4


async def test_archive_asks_first_and_keeps_everything(services: Services) -> None:
    welcomed(services.store)
    services.store.add_person("Sam")
    services.store.add_person("Alex")
    add_daily(services, "Sam", 4)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert "Nothing is deleted" in flat_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert names_shown(app) == ["Sam", "Alex"]

        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert names_shown(app) == ["Alex"]
        assert services.store.count_checkins("Sam") == 4

        await pilot.press("v")
        await pilot.pause()
        assert names_shown(app) == ["Sam (archived)", "Alex"]
        await pilot.press("up", "A")
        await pilot.pause()
        assert "Bring back" in flat_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert names_shown(app) == ["Sam", "Alex"]
    assert not services.store.person("Sam").archived


async def test_keys_that_need_a_person_are_off_when_there_is_none(services: Services) -> None:
    welcomed(services.store)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "r", "d")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "History" not in flat_text(app)  # not offered in the footer either


async def test_arrows_enter_and_clicks_choose_whose_history_opens(services: Services) -> None:
    welcomed(services.store)
    names = [f"Person {n:02d}" for n in range(40)]  # more than the screen holds
    for name in names:
        services.store.add_person(name)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(PeopleTable)
        assert table.has_focus and table.highlighted_person.name == "Person 00"  # type: ignore[union-attr]
        await pilot.press("down", "down", "up")
        assert table.highlighted_person.name == "Person 01"  # type: ignore[union-attr]
        await pilot.press("end")
        await pilot.pause()
        # The last person is highlighted and scrolled into view.
        assert table.highlighted_person.name == "Person 39"  # type: ignore[union-attr]
        assert "Person 39" in flat_text(app) and "Person 00" not in flat_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen) and app.screen.person == "Person 39"
        await pilot.press("escape")
        await pilot.press("home")
        await pilot.pause()
        assert "Person 00" in flat_text(app)
        await pilot.click(PeopleTable, offset=(3, 3))  # the third row below the heading
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen) and app.screen.person == "Person 02"


async def test_a_narrow_terminal_still_shows_the_latest_days(services: Services) -> None:
    welcomed(services.store)
    add_daily(services, "Sam", 60)  # something noted today, then every third day back
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = flat_text(app)
        assert "25 days, today →" in text
        strip = app.screen.query_one(PeopleTable).get_row_at(0)[-1].plain
        assert len(strip) == 25 and strip.endswith("○○●")  # today on the right edge
        await pilot.resize_terminal(120, 32)
        await pilot.pause()
        assert "Last 8 weeks, today on the right" in flat_text(app)
        assert len(app.screen.query_one(PeopleTable).get_row_at(0)[-1].plain) == 56
