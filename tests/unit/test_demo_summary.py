"""The demo's first person, exported as text, is a summary a counsellor can read in a sitting:
at most three printed pages, with the parts a reader looks for first."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from redflags.checklist import load_catalog
from redflags.report.exporting import export_for, summary_for
from redflags.sample import fill_sample
from redflags.store import Store

# A printed page of plain text: 63 lines on US Letter and 66 or more on A4, as `enscript`
# prints a text file with its page header. Three Letter pages are the tighter bound.
LINES_A_PAGE = 63
PAGES = 3


def demo_text(tmp_path: Path, today: date, country: str | None = None) -> str:
    catalog = load_catalog()
    checklist = catalog.get("ketamine")
    with Store.open(tmp_path / f"demo-{today}-{country}.db") as store:
        fill_sample(store, checklist, today=today)
        summary = summary_for(
            store, checklist, "Sam", since=None, until=None, everything=False, today=today
        )
        return export_for(
            store,
            catalog,
            checklist,
            summary,
            fmt="text",
            initials=False,
            made=today,
            country=country,
        )


# Each day of one week: the weekday the period starts on moves the treatment days and the strip.
@pytest.mark.parametrize("offset", range(7))
def test_the_demo_summary_prints_on_at_most_three_pages(tmp_path: Path, offset: int) -> None:
    text = demo_text(tmp_path, date(2026, 11, 23) + timedelta(days=offset))
    lines = text.splitlines()
    assert len(lines) <= LINES_A_PAGE * PAGES, f"{len(lines)} lines"
    assert max(len(line) for line in lines) <= 80


def test_the_demo_summary_keeps_every_part_in_order(tmp_path: Path) -> None:
    text = demo_text(tmp_path, date(2026, 11, 26), country="GB")
    parts = [
        "Observed warning signs: a summary for a counsellor",
        "Person:     Sam",
        "Please note: not a diagnosis",
        "How to read this summary",
        "Coverage",
        "Weeks from",
        "Signs, by route of use",
        "Signs noted (none marked",
        "Treatment days and other days",
        "Signs noted together, and days of the week",
        "Check-ins with anything noted",
        "Notes and what went well",
        "Where to get urgent help",
        "Please note: not a diagnosis",
    ]
    cursor = 0
    for part in parts:
        found = text.find(part, cursor)
        assert found >= 0, f"{part!r} missing or out of order"
        cursor = found + len(part)
    # Sam's rising nose signs and the sleepiness expected on treatment days are both visible.
    cells = [re.split(r"\s{2,}", line.strip()) for line in text.splitlines()]
    signs = {row[0]: row[1:] for row in cells if len(row) == 4}
    assert signs["Nosebleeds"] == ["15 of 55", "8", "rising"]
    treatment = {row[0]: row[1:] for row in cells if len(row) == 3}
    assert treatment["Extreme sleepiness"] == ["6 of 7", "0 of 52"]
    help_section = text[text.index("Where to get urgent help") :]
    assert "999" in help_section and "911" not in help_section
