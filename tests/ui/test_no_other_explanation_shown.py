"""A noted sign that lists no other explanation shows its checklist's calm line on each screen: the
check-in walk, a check-in's detail and the Patterns screen; never an empty heading."""

from __future__ import annotations

import dataclasses

from textual.widgets import Static

from redflags.checklist import load_catalog
from redflags.terms import NO_OTHER_EXPLANATION
from redflags.tui.screens.checkin_detail import CheckinDetailScreen
from redflags.tui.services import Services
from redflags.tui.widgets.sign_row import SignRow
from tests.ui.flow_host import NOW, FlowHost
from tests.ui.shell_support import SIZE, TODAY, at, flat_text, make_app, make_checkin, welcomed
from tests.ui.test_patterns import open_patterns, show_sign

TREATMENT = "ketamine-treatment-effects"
TREATMENT_LINE = load_catalog().get(TREATMENT).no_other_explanation
# Lists no other explanation in the shipped ketamine checklist; nosebleeds lists some.
UNLISTED = "stomach-pain"


def _words(text: str) -> str:
    return " ".join(text.split())


async def test_the_walk_shows_the_line_on_a_noted_breathing_problem(services: Services) -> None:
    config = dataclasses.replace(services.config, default_checklist=TREATMENT)
    treatment = Services(store=services.store, catalog=services.catalog, config=config)
    app = FlowHost(treatment, person="Sam", now=NOW, page="mood-and-safety")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        breathing = app.screen.query_one("#sign-breathing-problems", SignRow)
        awake = app.screen.query_one("#sign-hard-to-keep-awake", SignRow)
        for row in (breathing, awake):
            row.focus()
            await pilot.press("y")
            await pilot.pause()
        body = _words(str(breathing.query_one(".sign-body", Static).render()))
        assert "ask the clinic" in TREATMENT_LINE
        assert TREATMENT_LINE in body
        assert "Other possible explanations" not in body
        assert "If another explanation is likely, press e." in body
        other = _words(str(awake.query_one(".sign-body", Static).render()))
        assert "Other possible explanations: sedating medicines; too little sleep." in other
        assert TREATMENT_LINE not in other


async def test_a_check_in_detail_shows_the_line(services: Services) -> None:
    welcomed(services.store)
    services.store.add_checkin(
        make_checkin(services, "Sam", at(TODAY, 19, 5), noted=[UNLISTED, "nosebleeds"])
    )
    app = make_app(services)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("h", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckinDetailScreen)
        await pilot.press("end")
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        text = flat_text(app)
        assert f"● Stomach pain that keeps returning: noted {NO_OTHER_EXPLANATION}" in text
        assert "Other possible causes: dry air" in text  # nosebleeds
        assert text.count("Other possible causes") == 1


async def test_the_patterns_screen_shows_the_line(services: Services) -> None:
    welcomed(services.store)
    services.store.import_checkins(
        [make_checkin(services, "Sam", at(TODAY, 19, 5), noted=[UNLISTED, "nosebleeds"])]
    )
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await open_patterns(app, pilot)
        text = await show_sign(app, pilot, UNLISTED)
        stomach = text[text.index("Stomach pain that keeps returning") :]
        assert NO_OTHER_EXPLANATION in stomach
        assert "Other possible causes" not in stomach.split(NO_OTHER_EXPLANATION)[0]
        text = await show_sign(app, pilot, "nosebleeds")
        assert "Other possible causes: dry air" in text
