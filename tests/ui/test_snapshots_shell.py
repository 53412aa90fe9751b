"""Snapshots of the shell's screens at 100x32 (Home and History also in the light theme, with
NO_COLOR and at 80x24), on fixed data and a fixed date.

Review every changed SVG before accepting it (pytest --snapshot-update).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from redflags.config import Config
from redflags.tui.services import Services
from tests.ui.shell_support import SIZE, TODAY, add_daily, at, make_app, make_checkin, welcomed

SnapCompare = Callable[..., bool]
SMALL = (80, 24)


async def counted(pilot: Pilot[object]) -> None:
    """Wait until Home has counted everyone's new signs (a worker, after the first frame)."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def people(services: Services) -> Services:
    """Sam with six weeks of daily check-ins (one a detailed one), and Alex with a few."""
    welcomed(services.store)
    services.store.add_person("Sam")
    services.store.add_person("Alex")
    add_daily(services, "Sam", 40, last=TODAY - timedelta(days=1))
    services.store.add_checkin(
        make_checkin(
            services,
            "Sam",
            at(TODAY, 19, 5),
            noted=["nosebleeds", "extreme-sleepiness"],
            not_seen=["chronic-cough", "stuffy-nose", "eating-changes"],
            note="Quiet at dinner, went to bed early.",
            sign_notes={"nosebleeds": "twice, small"},
            observer="Mum",
            setting="Dinner, kitchen light",
            positives="Talked about the new job.",
            id="00000000-0000-4000-8000-aaaaaaaaaaaa",
        )
    )
    for back in (2, 9, 10, 23, 40):
        services.store.add_checkin(
            make_checkin(
                services, "Alex", at(TODAY - timedelta(days=back), 12), not_seen=["nosebleeds"]
            )
        )
    return services


def test_first_run(snap_compare: SnapCompare, services: Services) -> None:
    # The real path holds a random temporary folder; show a typical one instead.
    services.store.path = Path("/home/you/.local/share/redflags/redflags.db")
    assert snap_compare(make_app(services), terminal_size=SIZE)


def test_home_with_two_people(snap_compare: SnapCompare, people: Services) -> None:
    assert snap_compare(make_app(people), terminal_size=SIZE, run_before=counted)


def test_history(snap_compare: SnapCompare, people: Services) -> None:
    assert snap_compare(make_app(people), press=["h"], terminal_size=SIZE)


def test_checkin_detail(snap_compare: SnapCompare, people: Services) -> None:
    assert snap_compare(make_app(people), press=["h", "enter"], terminal_size=SIZE)


def test_urgent_help(snap_compare: SnapCompare, people: Services) -> None:
    assert snap_compare(make_app(people), press=["ctrl+g"], terminal_size=SIZE)


def test_help(snap_compare: SnapCompare, people: Services) -> None:
    assert snap_compare(make_app(people), press=["question_mark"], terminal_size=SIZE)


# Light theme, NO_COLOR and a small terminal: the strip's dots, the legend and the footer (urgent help
# first) must stay readable in each.


@pytest.fixture
def light(people: Services) -> Services:
    people.config = Config(observer="Mum", country="GB", theme="light")
    return people


@pytest.fixture
def no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def test_home_light(snap_compare: SnapCompare, light: Services) -> None:
    assert snap_compare(make_app(light), terminal_size=SIZE, run_before=counted)


def test_history_light(snap_compare: SnapCompare, light: Services) -> None:
    assert snap_compare(make_app(light), press=["h"], terminal_size=SIZE)


def test_home_no_color(snap_compare: SnapCompare, people: Services, no_color: None) -> None:
    assert snap_compare(make_app(people), terminal_size=SIZE, run_before=counted)


def test_history_no_color(snap_compare: SnapCompare, people: Services, no_color: None) -> None:
    assert snap_compare(make_app(people), press=["h"], terminal_size=SIZE)


def test_home_80x24(snap_compare: SnapCompare, people: Services) -> None:
    assert snap_compare(make_app(people), terminal_size=SMALL, run_before=counted)


def test_history_80x24(snap_compare: SnapCompare, people: Services) -> None:
    assert snap_compare(make_app(people), press=["h"], terminal_size=SMALL)
