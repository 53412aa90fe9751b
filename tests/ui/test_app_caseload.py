"""Home as a caseload: per person the last check-in and the days since, check-ins in the last 30
days, signs new in the last 30 days (noted then and never before), the strip; sortable with s."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.app import App

from redflags.patterns.caseload import new_signs
from redflags.tui.screens import home
from redflags.tui.screens.home import HomeScreen
from redflags.tui.services import Services
from redflags.tui.widgets.people_table import RECENT, PeopleTable
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


async def test_short_logs_show_their_new_signs_in_the_first_frame(services: Services) -> None:
    app = make_app(caseload(services))
    async with app.run_test(size=SIZE):
        # No worker waited for: the first frame has every count already.
        assert [row[4] for row in rows(app)] == ["2", "–", "–"]


async def test_a_long_log_is_counted_just_after_the_first_frame(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting new signs reads the signs of a person's whole log: a long one is left out of the
    first frame ("…") and counted once the list is on screen."""
    monkeypatch.setattr(home, "COUNTED_AT_ONCE", 2)  # Sam's three check-ins make a long log
    screen = HomeScreen(caseload(services))
    # Robin noted nothing lately (nothing new, nothing to read); Kit's two check-ins fit.
    assert [row.new for row in screen._rows(TODAY)] == [None, 0, 0]
    table = PeopleTable(screen._rows(TODAY), today=TODAY)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await app.screen.mount(table)
        await pilot.pause()
        assert [table.get_row_at(i)[4].plain for i in range(3)] == ["…", "–", "–"]
        await app.workers.wait_for_complete()  # Home's own table, counted after its first frame
        await pilot.pause()
        assert [row[4] for row in rows(app)] == ["2", "–", "–"]


@pytest.mark.parametrize("counted_at_once", [0, 1000])
async def test_new_signs_are_those_of_the_whole_log(
    services: Services, monkeypatch: pytest.MonkeyPatch, counted_at_once: int
) -> None:
    """Home counts from the last 30 days and the store's index of older signs: the same signs
    as patterns.caseload.new_signs over every check-in, on either side of the 30 days' edge,
    whether counted before the first frame or after it."""
    monkeypatch.setattr(home, "COUNTED_AT_ONCE", counted_at_once)
    welcomed(services.store)
    services.store.add_person("Ali")
    edge = TODAY - timedelta(days=RECENT - 1)  # the first of the last 30 days
    for back, noted in (
        (400, ["chronic-cough"]),
        (1, ["chronic-cough", "nosebleeds"]),  # the cough was noted before: only nosebleeds new
        (0, ["skin-wounds"]),  # today, then the edge of the window, then just before it
    ):
        services.store.add_checkin(
            make_checkin(services, "Ali", at(TODAY - timedelta(back)), noted=noted)
        )
    services.store.add_checkin(make_checkin(services, "Ali", at(edge), noted=["stuffy-nose"]))
    before_edge = at(edge - timedelta(days=1), hour=23, minute=59)
    services.store.add_checkin(make_checkin(services, "Ali", before_edge, noted=["skin-wounds"]))
    expected = new_signs(services.store.marks("Ali", "ketamine"), TODAY, days=RECENT)
    assert expected == {"nosebleeds", "stuffy-nose"}
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert rows(app)[0][4] == str(len(expected))
        assert isinstance(app.screen, HomeScreen)
        assert app.screen._new_signs("Ali", TODAY) == {f"ketamine:{s}" for s in expected}


async def test_a_check_in_older_than_30_days_is_on_the_strip_but_not_counted(
    services: Services,
) -> None:
    welcomed(services.store)
    services.store.add_person("Lee")
    when = at(TODAY - timedelta(days=40))
    services.store.add_checkin(make_checkin(services, "Lee", when, noted=["nosebleeds"]))
    app = make_app(services)
    async with app.run_test(size=SIZE):
        assert rows(app) == [["Lee", "20 Jan 2026", "40", "0", "–"]]
        strip = app.screen.query_one(PeopleTable).get_row_at(0)[5].plain
        assert strip.count("●") == 1
