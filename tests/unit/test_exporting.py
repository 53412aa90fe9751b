"""Exports read only what they quote, and say exactly what a full read would."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from redflags.checklist import load_catalog
from redflags.model import CheckIn, Observation, Status, TreatmentDay
from redflags.report.exporting import export_for, summary_for
from redflags.report.render import render_markdown, render_text
from redflags.store import Store

ZONE = timezone(timedelta(hours=1))


def _fill(store: Store) -> None:
    for day in range(1, 21):
        observations = {
            "nosebleeds": Observation(
                status=Status.NOTED if day % 3 == 0 else Status.NOT_SEEN,
                note="on the pillow" if day % 6 == 0 else "",
                explained=day == 12,
            ),
            "chronic-cough": Observation(status=Status.NOT_SEEN),
        }
        store.add_checkin(
            CheckIn(
                person="Sam",
                checklist="ketamine",
                observed_at=datetime(2026, 10, day, 19, tzinfo=ZONE),
                observer="Mum" if day % 2 else "Dad",
                treatment_day=TreatmentDay.YES if day % 7 == 0 else TreatmentDay.NO,
                note="tired" if day % 5 == 0 else "",
                positives="cooked" if day == 4 else "",
                observations=observations,
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
