"""Fixtures for driving the app: a fresh database, the shipped checklists, default settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from redflags.checklist import load_catalog
from redflags.config import Config
from redflags.store import Store
from redflags.tui.services import Services


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
