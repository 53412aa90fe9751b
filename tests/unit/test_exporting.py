"""Exports read only what they quote, and say exactly what a full read would."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from redflags.checklist import load_catalog
from redflags.model import TreatmentDay
from redflags.report.exporting import export_for, summary_for
from redflags.report.render import render_markdown, render_text
from redflags.store import Store
from tests.unit.builders import checkin

ZONE = timezone(timedelta(hours=1))


def _fill(store: Store) -> None:
    for day in range(1, 21):
        nose = ["nosebleeds"]
        store.add_checkin(
            checkin(
                datetime(2026, 10, day, 19, tzinfo=ZONE),
                noted=nose if day % 3 == 0 else [],
                not_seen=["chronic-cough"] if day % 3 == 0 else [*nose, "chronic-cough"],
                explained=nose if day == 12 else [],
                treatment=TreatmentDay.YES if day % 7 == 0 else TreatmentDay.NO,
                notes={"nosebleeds": "on the pillow"} if day % 6 == 0 else None,
                id=None,
                person="Sam",
                observer="Mum" if day % 2 else "Dad",
                note="tired" if day % 5 == 0 else "",
                positives="cooked" if day == 4 else "",
                labels={"nosebleeds": "Nosebleeds", "chronic-cough": "A cough"},
            )
        )


def test_written_holds_only_what_was_written(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.db") as store:
        _fill(store)
        written = store.written("Sam", "ketamine")
    days = [c.day.day for c in written]
    assert days == [4, 5, 6, 10, 12, 15, 18, 20]
    six = written[days.index(6)]
    assert list(six.observations) == ["nosebleeds"]
    assert six.observations["nosebleeds"].note == "on the pillow"
    assert six.labels == {"nosebleeds": "Nosebleeds"}


@pytest.mark.parametrize(("fmt", "render"), [("text", render_text), ("markdown", render_markdown)])
def test_export_reads_less_and_says_the_same(tmp_path: Path, fmt: str, render: object) -> None:
    catalog = load_catalog()
    checklist = catalog.get("ketamine")
    with Store.open(tmp_path / "r.db") as store:
        _fill(store)
        summary = summary_for(
            store,
            checklist,
            "Sam",
            since=None,
            until=None,
            everything=True,
            today=date(2026, 11, 1),
        )
        made = date(2026, 11, 1)
        quick = export_for(
            store, catalog, checklist, summary, fmt=fmt, initials=False, made=made, country="GB"
        )
        full = render(  # type: ignore[operator]
            summary, store.checkins("Sam"), checklist, catalog.urgent, made=made, country="GB"
        )
    assert quick == full
    assert "on the pillow" in quick and "Mum, Dad" in quick
