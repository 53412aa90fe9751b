"""What people type is shown exactly as typed: never read as markup, never sent to the terminal as
a control sequence, and never too long to show."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from textual.widgets import Input, Label, ListView

from redflags.safe_text import one_line, printable
from redflags.tui.screens.checkin_detail import CheckinDetailScreen
from redflags.tui.services import Services
from redflags.tui.widgets.people_table import PeopleTable
from tests.ui.shell_support import SIZE, TODAY, at, flat_text, make_app, make_checkin, welcomed

TRICKY_NAMES = ["[/]", "[link=x]text", "[bold]B", "\x1b[31mR"]
# Names can no longer hold control characters; one stored before that rule is still shown safely.
TYPED_NAMES = TRICKY_NAMES[:3]
LONG_NOTE = ("[/] [link=x]text [bold] \x1b[31m red? " * 400)[:10_000]


def stored_before_names_were_checked(services: Services, name: str) -> None:
    """A person whose name holds control characters, as a database made before names were
    checked can hold."""
    with sqlite3.connect(services.store.path) as conn:
        conn.execute(
            "INSERT INTO people (name, created) VALUES (?, '2026-01-01T09:00:00+00:00')", (name,)
        )


def field_value(app: Any, name: str) -> str:
    for row in app.screen.query(".field"):
        labels = list(row.query(Label))
        if str(labels[0].content) == name:
            return str(labels[1].content)
    raise AssertionError(f"no field {name}")


async def test_home_shows_names_exactly(services: Services) -> None:
    welcomed(services.store)
    for name in TYPED_NAMES:
        services.store.add_person(name)
    stored_before_names_were_checked(services, TRICKY_NAMES[3])
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(PeopleTable)
        cells = [table.get_row_at(i)[0].plain for i in range(table.row_count)]
        assert cells == [one_line(name) for name in TRICKY_NAMES]
        text = flat_text(app)
        for shown in ("[/]", "[link=x]text", "[bold]B", "\\x1b[31mR"):
            assert shown in text
        assert "\x1b" not in text


@pytest.mark.parametrize("name", TYPED_NAMES)
async def test_history_and_detail_show_typed_text_exactly(services: Services, name: str) -> None:
    welcomed(services.store)
    services.store.add_checkin(
        make_checkin(
            services,
            name,
            at(TODAY),
            noted=["nosebleeds"],
            note=LONG_NOTE,
            sign_notes={"nosebleeds": "[/]\x1b[2J"},
            setting="[link=x]kitchen",
            positives="[bold]laughed",
            observer="\x1b]0;title\x07Mum",
        )
    )
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert f"History of {one_line(name)}" in flat_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckinDetailScreen)
        assert field_value(app, "Note") == printable(LONG_NOTE)
        assert field_value(app, "Setting") == "[link=x]kitchen"
        assert field_value(app, "What went well") == "[bold]laughed"
        assert field_value(app, "Observer") == "\\x1b]0;title\\x07Mum"
        text = flat_text(app)
        assert f"Check-in of {one_line(name)} on" in text
        assert "Note: [/]\\x1b[2J" in [
            str(label.content) for label in app.screen.query(".sign-more")
        ]
        assert "\x1b" not in text and "\x07" not in text
        await pilot.press("end")
        await pilot.pause()
        assert "Changes: none" in flat_text(app)


async def test_names_typed_into_dialogs_stay_plain(services: Services) -> None:
    welcomed(services.store)
    app = make_app(services)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"[b]x[/]", "enter")
        await pilot.pause()
        assert services.store.find_person("[b]x[/]") is not None
        assert "[b]x[/]" in flat_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.query_one(Input).value == "[b]x[/]"
        await pilot.press("escape", "d")
        await pilot.pause()
        assert "[b]x[/] will be hidden from the list" in flat_text(app)


async def test_renaming_a_name_with_control_characters_starts_empty(services: Services) -> None:
    welcomed(services.store)
    stored_before_names_were_checked(services, "\x1b[31mR")
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        # The escaped form shown would quietly change the name if saved unedited.
        assert app.screen.query_one(Input).value == ""
        assert "Now called: \\x1b[31mR" in flat_text(app)


async def test_reasons_are_kept_and_shown_exactly(services: Services) -> None:
    welcomed(services.store)
    stored = services.store.add_checkin(make_checkin(services, "Sam", at(TODAY)))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "enter", "d")
        await pilot.pause()
        await pilot.press(*"[/] wrong [bold]day", "enter")
        await pilot.pause()
        changes = app.screen.query_one("#revisions", ListView)
        assert "Reason: [/] wrong [bold]day" in str(changes.children[0].query_one(Label).content)
    assert services.store.revisions(stored.id)[0].reason == "[/] wrong [bold]day"
