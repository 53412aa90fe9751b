"""The Patterns screen: a hand-built log whose every number is known, shown with its denominators,
for each period; the notice always in view; names shown exactly as typed."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from textual.widgets import Input, Tabs

from redflags.checklist import load_catalog
from redflags.model import TreatmentDay
from redflags.safe_text import one_line
from redflags.tui.dialogs.export import ExportDialog
from redflags.tui.screens.patterns import PatternsScreen
from redflags.tui.services import Services
from redflags.tui.widgets.period_picker import LAST_30
from tests.ui.shell_support import SIZE, TODAY, at, flat_text, make_app, make_checkin, welcomed

TRICKY_NAMES = ["[/]", "[link=x]text", "[bold]B", "[on red]R"]
# Days before TODAY. Nosebleeds is looked for on these, noted on the four marked: in the 60 days
# before the last 30, 0 of 5; in the last 30 days, 4 of 5. The stuffy nose is new on day 16.
LOOKED_FOR = (60, 55, 50, 45, 40, 20, 16, 12, 8, 4)
NOTED = (20, 16, 12, 8)
NOT_CHECKED = (35, 25, 2)  # check-ins where nosebleeds was not checked
LONG_AGO = 200  # before the last 90 days: nosebleeds noted
# The shipped ketamine checklist's own one-line notice.
NOTICE_LINE = load_catalog().get("ketamine").summary.notice_line
TREATMENT = (45, 16)  # marked as treatment days


def add_scenario(services: Services, person: str = "Sam") -> None:
    """The hand-built log: 13 check-ins in the last 90 days, one long before."""
    welcomed(services.store)
    made = []
    for back in (*LOOKED_FOR, *NOT_CHECKED, LONG_AGO):
        noted = ["nosebleeds"] if back in (*NOTED, LONG_AGO) else []
        noted += ["stuffy-nose"] if back in (16, 12, 8) else []
        not_seen = ["chronic-cough"]
        if back in LOOKED_FOR and back not in NOTED:
            not_seen += ["nosebleeds", "stuffy-nose"]
        checkin = make_checkin(
            services,
            person,
            at(TODAY - timedelta(days=back)),
            noted=noted,
            not_seen=not_seen,
            id=f"00000000-0000-4000-8000-{back:012d}",
        )
        if back in TREATMENT:
            checkin = checkin.model_copy(update={"treatment_day": TreatmentDay.YES})
        made.append(checkin)
    services.store.import_checkins(made)


@pytest.fixture
def sam(services: Services) -> Services:
    add_scenario(services)
    return services


def words_on(app: Any) -> str:
    """The screen's words (flat_text) without the scroll bar's thumb, which can fall in the middle
    of a sentence."""
    return " ".join(re.sub("[\u2581-\u2588]{2}(?= |$)", " ", flat_text(app)).split())


async def open_patterns(app: Any, pilot: Any, person: str = "Sam") -> None:
    await pilot.pause()
    await app.push_screen(PatternsScreen(app.services, person))
    await pilot.pause()


async def show_part(app: Any, pilot: Any, selector: str) -> str:
    """Scroll a part of the screen to the top of the view and return the screen's words."""
    part = app.screen.query_one(selector)
    app.screen.query_one("#pt-body").scroll_to_widget(part, animate=False, top=True)
    await pilot.pause()
    return words_on(app)


async def show_sign(app: Any, pilot: Any, sign_id: str) -> str:
    """Scroll the sign's row to the top of the view and return the screen's words."""
    return await show_part(app, pilot, f"#pt-sign-{sign_id}")


async def test_the_numbers_show_with_their_denominators(sam: Services) -> None:
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await open_patterns(app, pilot)
        text = words_on(app)
        assert "Patterns for Sam" in text
        assert "Last 90 days: 2 Dec 2025 to 1 Mar 2026 (90 days)." in text
        # What changed, counted by hand from the scenario above.
        assert (
            "The last 30 days (31 Jan 2026 to 1 Mar 2026, 7 check-ins) against the 60 days "
            "before (6 check-ins); noted, out of looked for:" in text
        )
        assert (
            "Stuffy or blocked nose: new, first noted on 13 Feb 2026 (last 30 days 3 of 4, too "
            "few to compare; before 0 of 5)." in text
        )
        # Noted long ago (200 days), so not new.
        assert "Nosebleeds: last 30 days 4 of 5; before 0 of 5." in text
        assert (
            "Treatment day yes on 2, no on 11, not known on 0 check-ins; last treatment day "
            "recorded: 13 Feb 2026. Signs noted on treatment days:" in text
        )
        assert "Nosebleeds: 1 of 2 on treatment days, 3 of 8 on other days." in text
        # How much was observed.
        assert (
            "The log began on 13 Aug 2025, before this period: 13 check-ins on 13 of the 90 "
            "days counted." in text
        )
        assert (
            "Longest run of days without a check-in: 29 days (2 Dec 2025 to 30 Dec 2025)." in text
        )
        assert "Signs looked for in a check-in: usually 3 of 20." in text
        assert (
            "Never looked for, so nothing is known of them: 17 of the 20 signs (each is in the "
            "details)." in text
        )
        text = await show_part(app, pilot, "#pt-words")
        assert '"What went well" was written on 0 of the 13 check-ins.' in text
        assert "Something from this group" not in text  # nothing is totalled per route
        text = await show_sign(app, pilot, "nosebleeds")
        assert "Noted in 4 of 10 check-ins where it was looked for; not checked in 3." in text
        assert "Noted on 4 days, first on 9 Feb 2026, last on 21 Feb 2026." in text
        # Treatment days and explained marks told apart (day 16 was a treatment day).
        assert (
            "Of the 4 check-ins where it was noted: 1 on a treatment day; 0 marked "
            '"another explanation is likely".' in text
        )
        assert "Other possible causes: dry air" in text
        assert "Trend" not in text and "rising" not in text
        text = await show_sign(app, pilot, "skin-wounds")
        assert "Not checked in any of the 13 check-ins." in text
        app.screen.query_one("#pt-body").scroll_to_widget(
            app.screen.query_one("#pt-treatment"), animate=False, top=True
        )
        await pilot.pause()
        text = words_on(app)
        assert "on the 2 treatment day check-ins and the 11 other check-ins." in text
        assert "Nosebleeds 1 of 2 3 of 8" in text
        assert (
            "Stuffy or blocked nose and Nosebleeds: together in 3 of 9 check-ins where both "
            "were looked for" in text
        )


async def test_switching_the_period_changes_the_numbers(sam: Services) -> None:
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await open_patterns(app, pilot)
        await pilot.press("1")
        await pilot.pause()
        text = await show_sign(app, pilot, "nosebleeds")
        assert "Noted in 4 of 5 check-ins where it was looked for; not checked in 2." in text
        await pilot.press("3")
        await pilot.pause()
        assert "All check-ins: 13 Aug 2025 to 1 Mar 2026 (201 days)." in words_on(app)
        text = await show_sign(app, pilot, "nosebleeds")
        assert "Noted in 5 of 11 check-ins where it was looked for; not checked in 3." in text
        await pilot.press("2")
        await pilot.pause()
        text = await show_sign(app, pilot, "nosebleeds")
        assert "Noted in 4 of 10 check-ins where it was looked for; not checked in 3." in text


async def type_dates(pilot: Any, since: str, until: str) -> None:
    for field, text in (("#period-since", since), ("#period-until", until)):
        pilot.app.screen.query_one(field, Input).value = ""
        pilot.app.screen.query_one(field, Input).focus()
        await pilot.press(*text)
    await pilot.press("enter")
    await pilot.pause()


async def test_chosen_dates_are_checked_and_a_bad_one_changes_nothing(sam: Services) -> None:
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await open_patterns(app, pilot)
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await type_dates(pilot, "2026-02-30", "2026-02-28")
        text = words_on(app)
        assert (
            "The first day “2026-02-30” is not a date like 2026-10-03. "
            "The period was not changed." in text
        )
        assert "Last 90 days: 2 Dec 2025 to 1 Mar 2026" in text
        await type_dates(pilot, "2026-02-28", "2026-02-01")
        assert "The first day (28 Feb 2026) is after the last day (1 Feb 2026)." in words_on(app)
        await type_dates(pilot, "2026-02-01", "2026-02-28")
        text = words_on(app)
        assert "From 1 Feb 2026 to 28 Feb 2026 (28 days)." in text
        assert (
            "The log began on 13 Aug 2025, before this period: 7 check-ins on 7 of the 28 days "
            "counted." in text
        )
        assert app.focused is app.screen.query_one("#pt-body")  # the screen's keys work again


async def test_escape_leaves_the_date_fields_before_the_screen(sam: Services) -> None:
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await open_patterns(app, pilot)
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PatternsScreen)
        assert isinstance(app.focused, Tabs)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PatternsScreen)


async def test_the_notice_stays_in_view_after_scrolling_to_the_end(sam: Services) -> None:
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await open_patterns(app, pilot)
        assert NOTICE_LINE in words_on(app)
        assert "Signs noted together" not in words_on(app)
        await pilot.press("end")
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        text = words_on(app)
        assert "Signs noted together" in text
        assert NOTICE_LINE in text


async def test_x_exports_the_period_on_show(sam: Services) -> None:
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await open_patterns(app, pilot)
        await pilot.press("1", "x")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert app.screen.query_one(Tabs).active == LAST_30
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PatternsScreen)


async def test_a_person_without_check_ins_is_told_so(services: Services) -> None:
    welcomed(services.store)
    services.store.add_person("Alex")
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await open_patterns(app, pilot, "Alex")
        text = words_on(app)
        assert "No check-ins in this period. Press 3 to include every check-in." in text
        assert "What changed" not in text and "Signs, by route of use" not in text
        assert NOTICE_LINE in text


async def test_nothing_noted_is_not_called_absent(services: Services) -> None:
    welcomed(services.store)
    for back in (3, 1):
        services.store.add_checkin(
            make_checkin(
                services, "Alex", at(TODAY - timedelta(days=back)), not_seen=["chronic-cough"]
            )
        )
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await open_patterns(app, pilot, "Alex")
        text = words_on(app)
        assert "No sign was noted in this period." in text
        assert (
            "Never looked for, so nothing is known of them: 19 of the 20 signs (each is in the "
            "details)." in text
        )
        text = await show_sign(app, pilot, "nosebleeds")
        assert "Not checked in any of the 2 check-ins." in text


@pytest.mark.parametrize("name", TRICKY_NAMES)
async def test_names_show_exactly_as_typed(services: Services, name: str) -> None:
    add_scenario(services, name)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await open_patterns(app, pilot, name)
        assert f"Patterns for {one_line(name)}" in words_on(app)
        await pilot.press("x")
        await pilot.pause()
        text = words_on(app)
        assert f"Person {one_line(name)}" in text
        assert "\x1b" not in text


def test_the_default_period_is_the_last_90_days() -> None:
    # The period the screen opens on is the command line's default (DESIGN section 6).
    from redflags.patterns.summarize import period
    from redflags.tui.widgets.period_picker import LAST_90, PeriodChoice

    choice = PeriodChoice.of(LAST_90, TODAY)
    assert (choice.since, choice.until) == period(
        None, None, everything=False, first_day=None, today=TODAY
    )
    assert PeriodChoice.matching(None, None, False, TODAY) == choice
    assert PeriodChoice.matching(date(2026, 2, 1), None, False, TODAY).kind == "period-dates"


FIGURE = re.compile(r"\b\d+ (?:of \d+|days?|check-ins?)\b")


def figures(text: str, start: str, end: str) -> list[str]:
    """The counts of one part of a text, in order ("4 of 5", "29 days", "13 check-ins")."""
    flat = " ".join(text.split())
    return FIGURE.findall(flat[flat.index(start) : flat.index(end, flat.index(start))])


async def test_the_screen_shows_the_same_figures_as_the_export(sam: Services) -> None:
    from redflags.report.exporting import checklist_for, export_for, summary_for

    store, catalog = sam.store, sam.catalog
    checklist = checklist_for(store, catalog, "Sam", None, sam.config.default_checklist)
    summary = summary_for(
        store, checklist, "Sam", since=None, until=None, everything=False, today=TODAY
    )
    export = export_for(
        store, catalog, checklist, summary, fmt="text", initials=False, made=TODAY, country=None
    )
    app = make_app(sam)
    async with app.run_test(size=(160, 120)) as pilot:
        await open_patterns(app, pilot)
        screen = words_on(app)
    for start, end in (
        ("What changed", "How much was observed"),
        ("How much was observed", "In the family's words"),
    ):
        on_screen, exported = figures(screen, start, end), figures(export, start, end)
        assert on_screen == exported and len(exported) >= 5, start
