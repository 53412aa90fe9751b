"""Nothing typed is lost: a walk-through left mid-way is kept as a draft and offered again."""

from __future__ import annotations

import json

from textual.widgets import Label

from redflags.checklist import load_catalog
from redflags.config import Config
from redflags.drafts import CheckInState
from redflags.model import Status, TreatmentDay
from redflags.store import Store
from redflags.tui.dialogs.draft_offer import DiscardDraft, DraftOffer
from redflags.tui.screens.checkin.walk import CheckInFlow
from redflags.tui.services import Services
from tests.ui.flow_host import NOW, SIZE, FlowHost, type_text


def _reopened(services: Services) -> Services:
    """The same database opened again, as a new run of the app would."""
    return Services(store=Store.open(services.store.path), catalog=load_catalog(), config=Config())


async def _leave_mid_way(services: Services) -> CheckInState:
    """Start a check-in, answer some of it, then close the app without leaving the flow."""
    app = FlowHost(services, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Robin")
        await pilot.press("enter", "tab", "ctrl+u")
        await type_text(pilot, "Gran")
        await pilot.press("enter", "up", "up", "tab")  # treatment day: yes
        await type_text(pilot, "garden")
        await pilot.press("enter", "y", "e", "enter")
        await type_text(pilot, "[bold]dry[/]")
        await pilot.press("enter", "right", "n", "down", "u", "right", "right", "y")
        screen = app.screen
        assert isinstance(screen, CheckInFlow)
        state = screen.state.model_copy(deep=True)
    return state


async def test_a_check_in_left_mid_way_is_offered_and_continues_with_every_answer(
    services: Services,
) -> None:
    before = await _leave_mid_way(services)
    [(key, _, body)] = services.store.drafts()
    assert key == before.key and key.startswith("new:")
    assert json.loads(body)["person"] == "Robin"

    again = _reopened(services)
    app = FlowHost(again, offer=True, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        offer = app.screen
        assert isinstance(offer, DraftOffer)
        text = " ".join(str(label.render()) for label in offer.query(Label))
        # Described by what it holds: who, when they were seen, how far it got, the note.
        assert (
            "You have an unfinished check-in: Robin, seen Saturday 3 October 2026 at 18:30: "
            f"4 of {len(load_catalog().get('ketamine').signs)} signs answered." in text
        )
        await pilot.press("enter")  # Continue
        flow = app.screen
        assert isinstance(flow, CheckInFlow)
        assert flow.state == before
        # It opens where it was left: the page of the last answer.
        assert "Page 6 of 8" in str(flow.query_one("#flow-progress").render())
        await pilot.press("ctrl+s", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, CheckInFlow)
    [saved] = again.store.checkins("Robin")
    assert saved.person == "Robin"
    assert saved.observer == "Gran"
    assert saved.treatment_day is TreatmentDay.YES
    assert saved.setting == "garden"
    assert saved.observed_at == NOW
    assert {sid: (o.status, o.explained, o.note) for sid, o in saved.observations.items()} == {
        "chronic-cough": (Status.NOTED, True, "[bold]dry[/]"),
        "stuffy-nose": (Status.NOT_SEEN, False, ""),
        "nosebleeds": (Status.NOT_CHECKED, False, ""),
        "eating-changes": (Status.NOTED, False, ""),
    }
    assert again.store.drafts() == []
    again.store.close()


async def test_leaving_keeps_the_draft_and_says_so(services: Services) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "pagedown", "y", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, CheckInFlow)
        said = [n.message for n in app._notifications]
    assert app.results == [None]
    assert any("Your answers are kept" in line for line in said)
    [(_, _, body)] = services.store.drafts()
    assert CheckInState.from_json(body).answers["chronic-cough"].status is Status.NOTED


async def test_leaving_before_any_change_keeps_nothing(services: Services) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "pagedown", "escape")
        await pilot.pause()
    assert app.results == [None]
    assert services.store.drafts() == []


async def test_discarding_asks_first_and_keeping_is_the_default(services: Services) -> None:
    await _leave_mid_way(services)
    app = FlowHost(services, offer=True, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab", "enter")  # Discard…
        assert isinstance(app.screen, DiscardDraft)
        await pilot.press("enter")  # "Keep it" has the focus
        await pilot.pause()
        assert isinstance(app.screen, DraftOffer)
        assert len(services.store.drafts()) == 1
        await pilot.press("tab", "enter", "tab", "enter")  # Discard…, then Discard
        await pilot.pause()
        assert not isinstance(app.screen, (DraftOffer, DiscardDraft))
    assert services.store.drafts() == []


async def test_later_keeps_the_draft(services: Services) -> None:
    await _leave_mid_way(services)
    app = FlowHost(services, offer=True, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DraftOffer)
    assert len(services.store.drafts()) == 1


async def test_several_drafts_are_offered_in_turn(services: Services) -> None:
    first = CheckInState.fresh(person="A", checklist="ketamine", observer="", now=NOW)
    second = CheckInState.fresh(person="B", checklist="ketamine", observer="", now=NOW)
    services.store.save_draft(first.key, first.to_json())
    services.store.save_draft(second.key, second.to_json())
    app = FlowHost(services, offer=True, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = " ".join(str(label.render()) for label in app.screen.query(Label))
        assert "check-in: B, seen" in text and "1 more unfinished check-in" in text
        await pilot.press("tab", "enter", "tab", "enter")  # discard B
        await pilot.pause()
        text = " ".join(str(label.render()) for label in app.screen.query(Label))
        assert "check-in: A, seen" in text


async def test_a_draft_that_cannot_be_read_is_kept_and_does_not_stop_the_app(
    services: Services,
) -> None:
    services.store.save_draft("new:broken", "{not json")
    app = FlowHost(services, offer=True, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, DraftOffer)
        said = [n.message for n in app._notifications]
    assert any("could not be read" in line for line in said)
    assert [k for k, _, _ in services.store.drafts()] == ["new:broken"]
