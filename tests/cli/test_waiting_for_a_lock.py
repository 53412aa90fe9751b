"""Opening a database while another window locks or unlocks it waits for that to finish: the
person is told why nothing happens yet (once), then the command or the app goes on as usual."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import redflags.store.connection as connection
from redflags.store import Store
from tests.cli.runner import run

WAITING = "is being locked or unlocked in another window; waiting for that to finish"


@pytest.fixture
def converting(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """A lock or unlock in another window, seen by the next three looks; the looks counted."""
    looks: list[int] = []

    def in_progress(path: Path) -> bool:
        looks.append(1)
        return len(looks) <= 3

    monkeypatch.setattr(connection, "in_progress", in_progress)
    yield looks


def test_a_command_says_it_waits_then_does_its_work(tmp_path: Path, converting: list[int]) -> None:
    path = tmp_path / "r.db"
    with Store.open(path) as store:
        store.add_person("Sam")
    converting.clear()
    done = run("people", "list", db=path)
    assert done.code == 0
    assert "Sam" in done.out
    assert done.err.count(WAITING) == 1  # said once, not at every look
    assert str(path) in done.err


def test_opening_without_a_wait_says_nothing(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    told: list[str] = []
    with Store.open(path, waiting=lambda: told.append("waiting")):
        pass
    assert told == []


def test_the_app_says_it_waits_before_it_starts(
    tmp_path: Path, converting: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    from redflags.config import Config
    from redflags.tui.app import Launch, open_services

    path = tmp_path / "r.db"
    Store.open(path).close()
    converting.clear()
    launch = Launch(db_path=path, config=Config(), load_checklists=lambda: None)  # type: ignore[arg-type,return-value]
    services = open_services(launch, waiting=True)
    services.store.close()
    assert capsys.readouterr().err.count(WAITING) == 1
