"""A whole check-in done with the documented keys only, then read back from the store."""

from __future__ import annotations

from datetime import datetime

from textual.widgets import Input, Label, Static

from redflags.model import Status, TreatmentDay
from redflags.tui.screens.checkin.walk import CheckInFlow
from redflags.tui.services import Services
from redflags.tui.widgets.sign_row import SignRow
from tests.ui.flow_host import NOW, SIZE, FlowHost, type_text


def _status(row: SignRow) -> Status | None:
    return row.answer.status


def _flow(app: FlowHost) -> CheckInFlow:
    screen = app.screen
    assert isinstance(screen, CheckInFlow)
    return screen


async def test_a_whole_check_in_with_the_keys_is_stored_field_by_field(services: Services) -> None:
    app = FlowHost(services, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        # Page 1: a new name, typed; enter moves on.
        await type_text(pilot, "Sam")
        await pilot.press("enter")
        flow = _flow(app)
        assert "Page 2 of 8" in str(flow.query_one("#flow-progress").render())
        # Page 2: the time (typed over), the observer (typed over), treatment day, the setting.
        await pilot.press("ctrl+u")
        await type_text(pilot, "2026-10-02 09:15")
        await pilot.press("enter", "ctrl+u")
        await type_text(pilot, "Dad")
        await pilot.press("enter", "up", "tab")  # treatment day: from "not sure" up to "no"
        await type_text(pilot, "kitchen, dim light, an hour")
        await pilot.press("enter")
        # Page 3, smoked: noted, another explanation likely, a note.
        await pilot.press("y", "e", "enter")
        await type_text(pilot, "at night")
        await pilot.press("enter", "right")
        # Page 4, snorted: stuffy nose not seen; the focus moves on by itself: nosebleeds noted.
        await pilot.press("n", "y", "pagedown")
        # Page 5, injected: the rest not checked; then back and forth once.
        await pilot.press("s", "left", "right", "right")
        # Page 6, however it is taken: not checked, not seen, noted (then back up to mark it
        # explained); the rest left.
        await pilot.press("u", "n", "y", "up", "e", "right")
        # Page 7, other sources: urinary problems noted; then the review page.
        await pilot.press("y", "right")
        assert "Page 8 of 8" in str(flow.query_one("#flow-progress").render())
        await pilot.press("tab")
        await type_text(pilot, "a calm evening")
        await pilot.press("tab")
        await type_text(pilot, "we cooked together")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, CheckInFlow)

    saved = app.results[-1]
    assert saved is not None
    stored = services.store.get_checkin(saved.id)
    assert stored == saved
    assert stored.person == "Sam"
    assert stored.checklist == "ketamine"
    assert stored.checklist_version == services.catalog.get("ketamine").version
    assert stored.observed_at == datetime(2026, 10, 2, 9, 15).astimezone()
    assert stored.observer == "Dad"
    assert stored.treatment_day is TreatmentDay.NO
    assert stored.setting == "kitchen, dim light, an hour"
    assert stored.note == "a calm evening"
    assert stored.positives == "we cooked together"
    expected = {
        "chronic-cough": (Status.NOTED, True, "at night"),
        "stuffy-nose": (Status.NOT_SEEN, False, ""),
        "nosebleeds": (Status.NOTED, False, ""),
        "skin-wounds": (Status.NOT_CHECKED, False, ""),
        "track-marks": (Status.NOT_CHECKED, False, ""),
        "eating-changes": (Status.NOT_CHECKED, False, ""),
        "hygiene-changes": (Status.NOT_SEEN, False, ""),
        "sleep-changes": (Status.NOTED, True, ""),
        "urinary-problems": (Status.NOTED, False, ""),
    }
    got = {sid: (o.status, o.explained, o.note) for sid, o in stored.observations.items()}
    assert got == expected
    # Signs never answered are not stored, so they read back as not checked.
    assert stored.status_of("slurred-speech") is Status.NOT_CHECKED
    checklist = services.catalog.get("ketamine")
    assert stored.labels == {sid: checklist.sign(sid).label for sid in expected}  # type: ignore[union-attr]
    # The draft is gone once the check-in is saved.
    assert services.store.drafts() == []


async def test_typing_in_a_field_never_answers_a_sign(services: Services) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown")  # page 2: the "when" field has the focus
        await pilot.press("tab", "ctrl+u")  # the observer
        observer = _flow(app).query_one("#observer", Input)
        await type_text(pilot, "yes, unsure")
        assert observer.value == "yes, unsure"
        await pilot.press("pagedown", "enter")  # a sign's note
        await type_text(pilot, "y n u e s")
        await pilot.press("enter")
        state = _flow(app).state
        answer = state.answers["chronic-cough"]
        assert answer.status is None
        assert answer.note == "y n u e s"
        assert not answer.explained
        assert "Page 3 of 8" in str(_flow(app).query_one("#flow-progress").render())


async def test_a_time_that_cannot_be_read_blocks_the_way_calmly(services: Services) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "ctrl+u")
        await type_text(pilot, "soonish")
        await pilot.press("pagedown")
        flow = _flow(app)
        assert "Page 2 of 8" in str(flow.query_one("#flow-progress").render())
        said = str(flow.query_one("#flow-message").render())
        assert "could not be read" in said and "2 Oct 20:00 or 2026-10-02 20:00" in said
        assert "could not be read" in str(flow.query_one("#when-words").render())
        # ctrl+s from a later page leads back here too.
        await pilot.press("ctrl+u")
        await type_text(pilot, "2026-10-09 10:00")
        assert "still to come" in str(flow.query_one("#when-words").render())
        await pilot.press("ctrl+u")
        await type_text(pilot, "2026-10-03 07:05")
        await pilot.press("pagedown")
        assert "Page 3 of 8" in str(flow.query_one("#flow-progress").render())
        # The typed text is kept exactly, even while it could not be read.
        assert flow.state.when_text == "2026-10-03 07:05"


async def test_a_name_is_needed_before_moving_on(services: Services) -> None:
    app = FlowHost(services, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        flow = _flow(app)
        assert "Page 1 of 8" in str(flow.query_one("#flow-progress").render())
        assert "a name cannot be empty" in str(flow.query_one("#flow-message").render())


async def test_people_already_added_can_be_picked(services: Services) -> None:
    services.store.add_person("Alex")
    services.store.add_person("Sam")
    app = FlowHost(services, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "down", "down", "enter")  # the list: highlight Sam, choose
        flow = _flow(app)
        assert flow.state.person == "Sam"
        assert app.focused is flow.query_one("#flow-next")
        await pilot.press("right")
        assert "New check-in for Sam" in str(flow.query_one("#flow-title").render())


async def test_ctrl_s_before_the_review_page_shows_the_review_first(services: Services) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "pagedown", "y", "ctrl+s")
        flow = _flow(app)
        assert flow.on_review
        assert services.store.checkins("Sam") == []
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = app.results[-1]
    assert saved is not None
    assert saved.observed_at == NOW
    assert saved.signs_with(Status.NOTED) == ["chronic-cough"]


async def test_the_review_page_counts_what_was_not_checked(services: Services) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "pagedown", "y", "pagedown", "n", "ctrl+s")
        summary = str(_flow(app).query_one(".review-summary").render())
    assert "1 noted · 1 looked for, not seen · 18 not checked" in summary
    assert (
        "18 signs not checked — that is fine; only record what you actually looked for." in summary
    )


async def test_the_mouse_alone_can_answer_a_sign(services: Services) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        flow = _flow(app)
        # To the snorted page (page 4), each page shown before the next click: a click that lands
        # while a page is still being put up is clicked again.
        for page in (2, 3, 4):
            for _ in range(20):
                if f"Page {page} of" in str(flow.query_one("#flow-progress").render()):
                    break
                await pilot.click("#flow-next")
                await pilot.pause()
                await app.workers.wait_for_complete()
        await pilot.pause()  # the page has put the focus on its first sign
        row = flow.query_one("#sign-nosebleeds", SignRow)
        await pilot.click(row)
        assert app.focused is row
        choices = row.query_one(".sign-actions")
        # The clickable words: " y noted ", " n not seen ", " u not checked ", " e other cause "
        await pilot.click(choices, offset=(13, 0))
        assert _status(row) is Status.NOT_SEEN
        await pilot.click(choices, offset=(2, 0))
        assert _status(row) is Status.NOTED
        await pilot.click(choices, offset=(44, 0))
        assert row.answer.explained
        assert "Other possible explanations" in str(row.query_one(".sign-body", Static).render())


async def test_the_checklist_can_be_changed_only_before_any_answer(services: Services) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        flow = _flow(app)
        await pilot.press("tab", "tab", "up")  # the other checklist
        assert flow.state.checklist == "ketamine-treatment-effects"
        assert "signs answered" in str(flow.query_one("#flow-progress").render())
        await pilot.press("down")
        assert flow.state.checklist == "ketamine"
        await pilot.press("pagedown", "pagedown", "y", "pageup", "pageup")
        assert flow.query_one("#checklist").disabled
        assert "stays as it is" in str(flow.page.query(Label).last().render())


FORBIDDEN = ("addict", "abuser", "abuse", "clean", "dirty", "relapse", "detected", "positive")


def _words_on(flow: CheckInFlow) -> str:
    return " ".join(str(w.render()) for w in flow.query(Static)).lower()


async def test_every_page_speaks_calmly(services: Services) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        flow = _flow(app)
        await pilot.press("right", "right")
        for _ in range(7):
            await pilot.press("y", "e")
            text = _words_on(flow)
            assert not [word for word in FORBIDDEN if word in text], text
            await pilot.press("pagedown")
        assert flow.on_review
        text = _words_on(flow)
        assert "not a diagnosis" in text
        assert not [word for word in FORBIDDEN if word in text]


async def test_another_explanation_is_only_for_a_noted_sign(services: Services) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "right", "e")
        flow = _flow(app)
        assert "press y first" in str(flow.query_one("#flow-message").render())
        assert not flow.state.answers["chronic-cough"].explained
        await pilot.press("y", "e", "n", "y")
        # Marked noted again, the earlier "another explanation is likely" comes back with it.
        assert flow.state.answers["chronic-cough"].explained
