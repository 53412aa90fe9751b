"""Correcting a check-in: same id, a reason asked for, the earlier version kept."""

from __future__ import annotations

from textual.widgets import Label, Static

from redflags.drafts import edit_key
from redflags.entry import complete
from redflags.model import CheckIn, Status
from redflags.tui.dialogs.draft_offer import DraftOffer
from redflags.tui.screens.checkin.correct import CorrectWhich, correct
from redflags.tui.screens.checkin.review import ReasonDialog
from redflags.tui.screens.checkin.walk import CheckInFlow
from redflags.tui.services import Services
from tests.ui.flow_host import NOW, SIZE, FlowHost, type_text
from tests.ui.shell_support import screen_text
from tests.unit.builders import checkin


def _stored(services: Services) -> CheckIn:
    made = checkin(
        NOW,
        noted=["chronic-cough"],
        not_seen=["nosebleeds"],
        notes={"chronic-cough": "mornings"},
        id=None,
        person="Sam",
        setting="dinner",
        note="first note",
    )
    return services.store.add_checkin(complete(made, services.catalog.get("ketamine")))


async def test_a_correction_keeps_the_id_and_the_earlier_version_with_its_reason(
    services: Services,
) -> None:
    original = _stored(services)
    app = FlowHost(services, editing=original, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        flow = app.screen
        assert isinstance(flow, CheckInFlow)
        assert "Correcting the check-in of Saturday 3 October 2026 at 18:30 for Sam" in str(
            flow.query_one("#flow-title").render()
        )
        await pilot.press("pagedown", "pagedown", "n", "pagedown", "down", "y", "ctrl+s")
        assert flow.on_review
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ReasonDialog)
        await pilot.press("enter")  # no reason yet: asked again, calmly
        assert isinstance(app.screen, ReasonDialog)
        assert "short reason" in str(app.screen.query_one("#reason-message", Label).render())
        await type_text(pilot, "I mixed up the cough")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, (CheckInFlow, ReasonDialog))
    saved = app.results[-1]
    assert saved is not None and saved.id == original.id
    stored = services.store.get_checkin(original.id)
    assert stored.status_of("chronic-cough") is Status.NOT_SEEN
    assert stored.observations["chronic-cough"].note == "mornings"
    assert stored.status_of("nosebleeds") is Status.NOTED
    assert stored.recorded_at == original.recorded_at
    assert stored.observed_at == original.observed_at
    assert (stored.note, stored.setting, stored.observer) == ("first note", "dinner", "Mum")
    [revision] = services.store.revisions(original.id)
    assert revision.reason == "I mixed up the cough"
    assert revision.kind == "corrected"
    assert revision.prior == original
    assert len(services.store.checkins("Sam")) == 1
    assert services.store.drafts() == []


async def test_cancelling_the_reason_saves_nothing_and_keeps_the_changes(
    services: Services,
) -> None:
    original = _stored(services)
    app = FlowHost(services, editing=original, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "pagedown", "u", "ctrl+s", "ctrl+s", "escape")
        flow = app.screen
        assert isinstance(flow, CheckInFlow)
        assert "Not saved yet" in str(flow.query_one("#flow-message").render())
    assert services.store.get_checkin(original.id) == original
    assert services.store.revisions(original.id) == []
    assert [k for k, _, _ in services.store.drafts()] == [edit_key(original.id)]


async def test_a_draft_of_a_correction_resumes_as_a_correction(services: Services) -> None:
    original = _stored(services)
    app = FlowHost(services, editing=original, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "pagedown", "u", "escape")
    app = FlowHost(services, offer=True, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        offer = app.screen
        assert isinstance(offer, DraftOffer)
        text = " ".join(str(label.render()) for label in offer.query(Label))
        assert "an unfinished correction: Sam, the check-in of Saturday 3 October 2026" in text
        await pilot.press("enter")
        flow = app.screen
        assert isinstance(flow, CheckInFlow)
        assert str(flow.query_one("#flow-title").render()).startswith("Correcting")
        await pilot.press("ctrl+s", "ctrl+s")
        assert isinstance(app.screen, ReasonDialog)
        await type_text(pilot, "not checked after all")
        await pilot.press("enter")
        await pilot.pause()
    stored = services.store.get_checkin(original.id)
    assert stored.status_of("chronic-cough") is Status.NOT_CHECKED
    assert stored.observations["chronic-cough"].note == "mornings"
    [revision] = services.store.revisions(original.id)
    assert revision.reason == "not checked after all"
    assert len(services.store.checkins("Sam")) == 1


async def test_correcting_again_continues_the_unsaved_changes(services: Services) -> None:
    original = _stored(services)
    app = FlowHost(services, editing=original, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "pagedown", "u", "escape")
    app = FlowHost(services, editing=original, now=NOW)
    async with app.run_test(size=SIZE):
        flow = app.screen
        assert isinstance(flow, CheckInFlow)
        assert flow.state.answers["chronic-cough"].status is Status.NOT_CHECKED
        assert "Continuing the changes" in str(flow.query_one("#flow-message").render())


async def test_a_correction_opens_on_the_part_chosen_and_shows_old_and_new(
    services: Services,
) -> None:
    original = _stored(services)
    app = FlowHost(services, offer=True, now=NOW)  # no draft: nothing is pushed by itself
    async with app.run_test(size=SIZE) as pilot:
        correct(app, services, original, app._finished)
        await pilot.pause()
        assert isinstance(app.screen, CorrectWhich)
        await pilot.press("down", "down", "enter")  # when and where, smoked, snorted
        await pilot.pause()
        flow = app.screen
        assert isinstance(flow, CheckInFlow)
        assert "Page 4 of 8" in str(flow.query_one("#flow-progress").render())
        await pilot.press("down", "y", "ctrl+s")  # nosebleeds: noted now
        assert flow.on_review
        assert flow.query_one("#review-changes", Static).display
        lines = [" ".join(line.split()) for line in screen_text(app).splitlines()]
        start = lines.index("What changes")
        table = [line for line in lines[start : start + 5] if line.strip("─")]
        assert table[1] == "Saved before Now"
        assert table[2] == "Nosebleeds ○ looked for, not seen ● noted"
        # Only what changed is listed.
        assert table[3] == "Person: Sam"  # the summary follows
        await pilot.press("tab", "end")
        await type_text(pilot, "!")
        assert "Note first note first note!" in " ".join(screen_text(app).split())
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ReasonDialog)


async def test_a_correction_that_changes_nothing_keeps_no_draft(services: Services) -> None:
    original = _stored(services)
    app = FlowHost(services, editing=original, page="snorted", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "y")
        assert [k for k, _, _ in services.store.drafts()] == [edit_key(original.id)]
        await pilot.press("n")  # back as it was saved
        assert services.store.drafts() == []
        await pilot.press("ctrl+s")
        assert "Nothing changed yet" in screen_text(app)
