"""The urgent screen: two separate parts (call an emergency number now; talk of suicide, a crisis
line or the clinician today), each with its own numbers, the configured country's first."""

from __future__ import annotations

import pytest
from textual.containers import Vertical

from redflags.config import Config
from redflags.store import Store
from redflags.tui.screens.urgent import UrgentScreen
from redflags.tui.services import Services
from tests.ui.shell_support import SIZE, flat_text, make_app, welcomed


def services_for(store: Store, services: Services, country: str) -> Services:
    return Services(
        store=store, catalog=services.catalog, config=Config(observer="Mum", country=country)
    )


def contacts(box: Vertical) -> list[str]:
    """The number each resource in a part starts with ("999 · Emergency services ...")."""
    return [str(label.content).split(" · ")[0] for label in box.query(".resource")]


CASES = [
    (
        "GB",
        "999 or 112",
        ["999", "112"],
        ["116 123", "111, then option 2"],
    ),
    ("CA", "911", ["911"], ["Call or text 9-8-8"]),
    ("US", "911", ["911"], ["Call or text 988"]),
    (
        "",
        "911 (US, Canada), 999 (UK), 112 (UK, EU) or your local emergency number",
        ["911", "911", "999", "112", "112", "The emergency number where you are"],
        ["Call or text 988", "Call or text 9-8-8", "116 123", "111, then option 2"],
    ),
]


@pytest.mark.parametrize(("country", "words", "first", "crisis"), CASES)
async def test_the_two_parts_each_list_their_own_numbers_the_country_first(
    store: Store,
    services: Services,
    country: str,
    words: str,
    first: list[str],
    crisis: list[str],
) -> None:
    welcomed(store)
    app = make_app(services_for(store, services, country))
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("!")
        await pilot.pause()
        assert isinstance(app.screen, UrgentScreen)
        now = app.screen.query_one("#urgent-tier-emergency", Vertical)
        today = app.screen.query_one("#urgent-tier-same-day", Vertical)
        assert str(now.border_title) == "1. Call an emergency number now"
        assert str(today.border_title) == "2. Talk or thoughts of suicide: get help today"
        # The country's own numbers in each part; with none set, every emergency number first
        # and the local one last. Other countries' numbers come after both parts.
        assert contacts(now) == first
        assert contacts(today) == crisis
        below = [str(label.content) for label in app.screen.query("#urgent > .resource")]
        assert all(c not in below for c in contacts(now) if country)
        # The attempt or plan with the means at hand is in the first part, other talk in the second.
        now_text = " ".join(str(label.content) for label in now.query(".urgent-sign"))
        today_text = " ".join(str(label.content) for label in today.query(".urgent-sign"))
        assert "A suicide attempt, a plan with the means at hand" in now_text
        assert "They talk about suicide" in today_text and "attempt" not in today_text
        text = flat_text(app)
        assert f"call emergency services now: {words}." in text


async def test_the_second_part_is_below_the_first_and_apart(
    store: Store, services: Services
) -> None:
    welcomed(store)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("!")
        await pilot.pause()
        now = app.screen.query_one("#urgent-tier-emergency", Vertical)
        today = app.screen.query_one("#urgent-tier-same-day", Vertical)
        assert today.region.y >= now.region.bottom or today.virtual_region.y >= (
            now.virtual_region.bottom
        )
        assert now.styles.border_top[0] != "" and today.styles.border_top[0] != ""
        # Below both parts: the GB help line, then other countries' numbers under their heading.
        below = [
            str(label.content).split(" · ")[0] for label in app.screen.query("#urgent > .resource")
        ]
        assert below[:3] == ["0300 123 6600", "911", "911"]
        titles = [str(label.content) for label in app.screen.query("#urgent > .section-title")]
        assert titles == ["Other help lines", "Numbers for other countries"]
