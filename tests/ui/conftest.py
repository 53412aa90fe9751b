"""Fixtures for driving the app: a fresh database, the shipped checklists, default settings."""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest

from redflags.checklist import load_catalog
from redflags.config import Config
from redflags.store import Store
from redflags.tui.app import FAULT_LISTENERS
from redflags.tui.services import Services


@pytest.fixture(autouse=True)
def fault_watch(request: pytest.FixtureRequest) -> Iterator[list[BaseException]]:
    """Every fault the app turned into a message during the test. The app survives them, so a
    test would not notice one: any fault fails the test, unless it asks for ``faults`` to look at
    them itself."""
    seen: list[BaseException] = []
    FAULT_LISTENERS.append(seen.append)
    yield seen
    FAULT_LISTENERS.remove(seen.append)
    if seen and "faults" not in request.fixturenames:
        first = "".join(traceback.format_exception(seen[0]))
        pytest.fail(f"the app met {len(seen)} fault(s); the first:\n{first}")


@pytest.fixture
def faults(fault_watch: list[BaseException]) -> list[BaseException]:
    """The faults the app met, for a test that provokes them on purpose."""
    return fault_watch


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty database in a temporary folder."""
    with Store.open(tmp_path / "ui.db") as opened:
        yield opened


@pytest.fixture
def services(store: Store) -> Services:
    """The app's services on the empty database, with the shipped checklists."""
    return Services(
        store=store, catalog=load_catalog(), config=Config(observer="Mum", country="GB")
    )


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text fields keep a steady cursor: a snapshot never depends on how long the screen took to
    draw (a blinking cursor is hidden half of the time)."""
    from textual.widgets import Input, TextArea

    for widget in (Input, TextArea):
        monkeypatch.setattr(vars(widget)["cursor_blink"], "_default", False)
