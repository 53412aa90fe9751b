"""The demo's first person, exported as text: a first page that stands alone and tells Sam's story
(checked against a golden file a reader can check by eye), then the details, on few pages."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from redflags.checklist import load_catalog
from redflags.report.content import FIRST_PAGE_LINES, PAGES_ON
from redflags.report.exporting import export_for, summary_for
from redflags.sample import fill_sample
from redflags.store import Store

GOLDEN = Path(__file__).parent / "golden" / "sam-first-page.txt"
# A printed page of plain text: 63 lines on US Letter and 66 or more on A4, as `enscript`
# prints a text file with its page header.
LINES_A_PAGE = 63
PAGES = 5  # the first page quotes the latest words again: one page more than before


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


def first_page(text: str) -> str:
    return text[: text.index(PAGES_ON) + len(PAGES_ON)] + "\n"


# Each day of one week: the weekday the period starts on moves the treatment days and the strip.
@pytest.mark.parametrize("offset", range(7))
def test_the_first_page_stands_alone_within_sixty_lines(tmp_path: Path, offset: int) -> None:
    text = demo_text(tmp_path, date(2026, 11, 23) + timedelta(days=offset))
    page = first_page(text)
    assert len(page.splitlines()) <= FIRST_PAGE_LINES
    for part in ("What changed", "How much was observed", "In the family's words"):
        assert part in page
    # At least the two latest entries in the family's words, dated.
    words = page[page.index("In the family's words") :]
    assert len(re.findall(r"^\d{4}-\d\d-\d\d \d\d:\d\d", words, re.M)) >= 2
    lines = text.splitlines()
    assert len(lines) <= LINES_A_PAGE * PAGES, f"{len(lines)} lines"
    assert max(len(line) for line in lines) <= 80


def test_sams_first_page_tells_the_story(tmp_path: Path) -> None:
    # Sam's story, from the demo's own data: no treatment day since 6 October; nosebleeds in 11
    # of 21 check-ins lately against 4 of 34 before, eating changes 8 of 22 against 1 of 33;
    # slurred speech new on 25 November; the sleepiness of treatment days not noted lately; the
    # latest "went well" on 29 November. The golden file is that page, to read by eye.
    page = first_page(demo_text(tmp_path, date(2026, 11, 29)))
    if os.environ.get("REDFLAGS_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(page, encoding="utf-8")
    assert page == GOLDEN.read_text(encoding="utf-8")
    flat = " ".join(page.split())
    assert flat.startswith("SAMPLE DATA: ")
    assert "Nosebleeds: last 30 days 11 of 21; before 4 of 34." in flat
    assert "Changes in eating: last 30 days 8 of 22; before 1 of 33." in flat
    assert (
        "Slurred speech: new, first noted on 2026-11-25 (last 30 days 1 of 22; before 0 of 34)."
        in flat
    )
    assert "Extreme sleepiness: not noted lately" in flat
    assert "last treatment day recorded: 2026-10-06" in flat
    assert "most recently on 2026-11-29" in flat
    assert not {"rising", "falling", "steady"} & set(re.findall(r"\w+", flat))


def test_the_details_keep_every_part_in_order(tmp_path: Path) -> None:
    text = demo_text(tmp_path, date(2026, 11, 26), country="GB")
    parts = [
        "SAMPLE DATA: Observed warning signs: a summary for a counsellor",
        "Person:     Sam",
        "What changed",
        "How much was observed",
        "Weeks from",
        "In the family's words",
        PAGES_ON,
        "Details",
        "Signs, by route of use",
        "Signs noted (none marked",
        "Treatment days and other days",
        "All notes and what went well",
        "How to read this summary",
        "Where to get urgent help",
        "Please note: not a diagnosis",
    ]
    cursor = 0
    for part in parts:
        found = text.find(part, cursor)
        assert found >= 0, f"{part!r} missing or out of order"
        cursor = found + len(part)
    # No figure is totalled per route: the route rows carry no count.
    cells = [re.split(r"\s{2,}", line.strip()) for line in text.splitlines()]
    assert ["If it is snorted"] in cells
    # The sleepiness expected after a dose is plain in the treatment table.
    treatment = {row[0]: row[1:] for row in cells if len(row) == 3}
    assert treatment["Extreme sleepiness"] == ["6 of 7", "0 of 52"]
    help_section = text[text.index("Where to get urgent help") :]
    assert "999" in help_section and "911" not in help_section
