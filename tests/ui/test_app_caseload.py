"""Home as a caseload: per person the last check-in and the days since, check-ins in the last 30
days, signs new in the last 30 days (noted then and never before), the strip; sortable with s."""

from __future__ import annotations

from datetime import timedelta

from textual.app import App

from redflags.tui.screens.home import HomeScreen
from redflags.tui.services import Services
from redflags.tui.widgets.people_table import PeopleTable
from tests.ui.shell_support import SIZE, TODAY, at, flat_text, make_app, make_checkin, welcomed


def rows(app: App[object]) -> list[list[str]]:
    """Each row's name, last check-in, days since, check-ins in 30 days and new signs."""
    table = app.screen.query_one(PeopleTable)
    return [[c.plain for c in table.get_row_at(i)[:5]] for i in range(table.row_count)]


def caseload(services: Services) -> Services:
    """Robin never checked in on; Sam with a sign new this month; Kit with one seen before."""
    welcomed(services.store)
    for name in ("Sam", "Robin", "Kit"):
        services.store.add_person(name)
    add = services.store.add_checkin
    # Sam: looked for and not seen two months ago; noted this week for the first time.
    add(make_checkin(services, "Sam", at(TODAY - timedelta(days=60)), not_seen=["nosebleeds"]))
    add(make_checkin(services, "Sam", at(TODAY - timedelta(days=3)), noted=["nosebleeds"]))
    add(make_checkin(services, "Sam", at(TODAY - timedelta(days=2)), noted=["chronic-cough"]))
    # Kit: the same sign noted 40 days ago and again 10 days ago: not new.
    add(make_checkin(services, "Kit", at(TODAY - timedelta(days=40)), noted=["nosebleeds"]))
    add(make_checkin(services, "Kit", at(TODAY - timedelta(days=10)), noted=["nosebleeds"]))
    return services


async def test_each_person_has_a_caseload_line(services: Services) -> None:
    app = make_app(caseload(services))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()  # new signs are counted once the list is shown
        await pilot.pause()
        assert rows(app) == [
            ["Sam", "27 Feb 2026", "2", "2", "2"],
            ["Robin", "none yet", "–", "0", "–"],
            ["Kit", "19 Feb 2026", "10", "1", "–"],
        ]
        text = flat_text(app)
        assert "Name Last check-in Days 30 d New" in text
        assert "New: signs noted in the last 30 days and never before." in text


async def test_s_sorts_by_name_days_since_and_new_signs_keeping_the_person(
    services: Services,
) -> None:
    app = make_app(caseload(services))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("down", "down")  # Kit
        orders = []
        for _ in range(4):
            await pilot.press("s")
            await pilot.pause()
            orders.append([row[0] for row in rows(app)])
            table = app.screen.query_one(PeopleTable)
            assert table.highlighted_person is not None
            assert table.highlighted_person.name == "Kit"
        assert orders == [
            ["Kit", "Robin", "Sam"],  # by name
            ["Robin", "Kit", "Sam"],  # never checked in on, then the longest since
            ["Sam", "Kit", "Robin"],  # most new signs first
            ["Sam", "Robin", "Kit"],  # back to the order they were added
        ]
        assert "Sorted by name. Press s to change this." in [
            str(n.message) for n in app._notifications
        ]


async def test_the_list_is_shown_before_new_signs_are_counted(services: Services) -> None:
    """Counting new signs reads a person's whole log: the rows of the first frame leave it out
    ("…") and a worker fills it in, a person at a time."""
    home = HomeScreen(caseload(services))
    assert [row.new for row in home._rows(TODAY)] == [None, None, None]
    table = PeopleTable(home._rows(TODAY), today=TODAY)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await app.screen.mount(table)
        await pilot.pause()
        assert [table.get_row_at(i)[4].plain for i in range(3)] == ["…", "…", "…"]
