"""A check-in in few keys: the focus moves on, a says "the rest looked for, not seen", e only where
it means something, ? lists the keys, the time in words, the note boxes in view."""

from __future__ import annotations

from datetime import datetime

from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from redflags.checklist import load_catalog
from redflags.model import Status
from redflags.tui.screens.checkin.keys import CheckInKeys
from redflags.tui.screens.checkin.walk import CheckInFlow
from redflags.tui.services import Services
from redflags.tui.widgets.sign_row import SignRow
from tests.ui.flow_host import NOW, SIZE, FlowHost, type_text
from tests.ui.shell_support import screen_text

SIGNS = len(load_catalog().get("ketamine").signs)  # every sign of the shipped checklist


def _flow(app: FlowHost) -> CheckInFlow:
    screen = app.screen
    assert isinstance(screen, CheckInFlow)
    return screen


def _said(app: FlowHost) -> str:
    return str(_flow(app).query_one("#flow-message").render())


def _keys_working(app: FlowHost) -> dict[str, str]:
    """The keys that do something now: key -> action."""
    return {
        binding.key: binding.action
        for (_, binding, enabled, _) in app.screen.active_bindings.values()
        if enabled
    }


class Keys:
    """Presses keys and counts them, as a person would count what they pressed."""

    def __init__(self, pilot: Pilot[object]) -> None:
        self.pilot = pilot
        self.count = 0

    async def press(self, *keys: str) -> None:
        self.count += len(keys)
        await self.pilot.press(*keys)


async def test_a_full_check_in_with_two_signs_noted_takes_at_most_20_keys(
    services: Services,
) -> None:
    services.store.add_person("Sam")
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        keys = Keys(pilot)
        keys.count = 1  # c on Home opened it for the person chosen there
        await keys.press("enter")  # the person is chosen: Next
        await keys.press("pagedown")  # when: empty means now
        await keys.press("right")  # smoked: nothing seen, the rest is done at the end
        await keys.press("n", "y")  # snorted: stuffy nose not seen, then nosebleeds noted
        await keys.press("right", "right")  # injected; however it is taken:
        await keys.press("down", "down", "y")  # changes in sleep noted
        await keys.press("right", "right")  # other signs; the review page
        flow = _flow(app)
        assert flow.on_review
        offer = str(flow.query_one("#review-rest").render())
        assert f"{SIGNS - 3} signs without an answer will be saved as not checked" in offer
        assert "Press a" in offer
        await keys.press("a")  # every other sign was looked for and not seen
        summary = str(flow.query_one(".review-summary").render())
        assert f"2 noted · {SIGNS - 2} looked for, not seen · 0 not checked" in summary
        await keys.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, CheckInFlow)
    saved = app.results[-1]
    assert saved is not None
    assert keys.count <= 20, keys.count
    assert saved.signs_with(Status.NOTED) == ["nosebleeds", "sleep-changes"]
    assert len(saved.signs_with(Status.NOT_SEEN)) == SIGNS - 2
    assert saved.observed_at == NOW


async def test_the_focus_moves_on_and_a_marks_the_rest_of_the_page(services: Services) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "pagedown", "pagedown", "pagedown", "pagedown")
        flow = _flow(app)
        rows = list(flow.query(SignRow))
        assert [r.sign.id for r in rows][:3] == [
            "eating-changes",
            "hygiene-changes",
            "sleep-changes",
        ]
        assert app.focused is rows[0]
        await pilot.press("y")
        assert app.focused is rows[1]
        await pilot.press("u")
        assert app.focused is rows[2]
        await pilot.press("a")
        statuses = [r.answer.status for r in rows]
        assert statuses[:2] == [Status.NOTED, Status.NOT_CHECKED]
        assert set(statuses[2:]) == {Status.NOT_SEEN}
        assert "9 signs on this page marked looked for, not seen." in _said(app)
        # Each row says so in words, not in colour alone.
        assert "looked for, not seen" in str(rows[5].query_one(".sign-status").render())
        # Every sign has an answer: the next page is one enter away.
        assert app.focused is flow.query_one("#flow-next")
        await pilot.press("a")
        assert "already has an answer" in _said(app)
        await pilot.press("enter")
        assert "Page 7 of 8" in str(flow.query_one("#flow-progress").render())
        await pilot.press("s")  # the rest of this page not checked
        assert {r.answer.status for r in flow.query(SignRow)} == {Status.NOT_CHECKED}


async def test_e_is_offered_on_a_noted_sign_only_and_its_message_goes(services: Services) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "pagedown")  # smoked: one sign
        flow = _flow(app)
        row = flow.query_one(SignRow)
        assert _keys_working(app)["e"] == "explained_first"
        assert "e other cause" not in str(row.query_one(".sign-actions").render())
        await pilot.press("e")
        assert not row.answer.explained
        assert "press y first" in _said(app)
        await pilot.press("y")
        assert _said(app) == ""  # answered: the line about e is gone
        assert _keys_working(app)["e"] == "explained"
        assert "e other cause" in str(row.query_one(".sign-actions").render())
        await pilot.press("e")
        assert row.answer.explained
        await pilot.press("n")
        assert "e other cause" not in str(row.query_one(".sign-actions").render())


async def test_question_mark_lists_the_keys_of_a_check_in(services: Services) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=(100, 60)) as pilot:  # tall enough to show it all at once
        await pilot.press("pagedown", "pagedown", "question_mark")
        assert isinstance(app.screen, CheckInKeys)
        lines = [" ".join(line.replace("│", " ").split()) for line in screen_text(app).splitlines()]
        for key, words in (
            ("y", "noted: you saw it"),
            ("n", "looked for, not seen"),
            ("u", "not checked"),
            ("e", "another explanation is likely (on a noted sign"),
            ("a", "I looked at the rest of this page and saw none of them"),
            ("s", "the signs without an answer stay “not checked”"),
            ("enter", "a note about this sign"),
            ("ctrl+s", "save"),
        ):
            assert any(line.startswith(f"{key} {words}") for line in lines), key
        text = " ".join(lines)
        assert "“Another explanation is likely” means: you saw the sign" in text
        await pilot.press("escape")
        assert isinstance(app.screen, CheckInFlow)


async def test_when_starts_empty_meaning_now_and_says_the_time_in_words(
    services: Services,
) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown")
        flow = _flow(app)
        when = flow.query_one("#when", Input)
        assert when.value == "" and when.placeholder.startswith("now")
        words = flow.query_one("#when-words")
        assert "Now: Saturday 3 October 2026 at 18:30" in str(words.render())
        await type_text(pilot, "28/9 20:00")
        assert "not guessed" in str(words.render())
        await pilot.press("ctrl+u")
        await type_text(pilot, "yesterday 20:00")
        assert str(words.render()) == "That is Friday 2 October 2026 at 20:00."
        await pilot.press("ctrl+s")
        assert "When: Friday 2 October 2026 at 20:00" in str(
            flow.query_one(".review-summary").render()
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = app.results[-1]
    assert saved is not None
    assert saved.observed_at == datetime(2026, 10, 2, 20, 0).astimezone()


async def test_the_note_boxes_are_in_view_on_the_review_page_at_80x24(
    services: Services,
) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("pagedown", "pagedown")
        for _ in range(5):
            await pilot.press("a", "pagedown")  # a long review: every sign looked for
        flow = _flow(app)
        assert flow.on_review
        await pilot.press("end")
        for box in ("#note", "#positives"):
            region = flow.query_one(box).region
            assert region.height >= 3 and region.bottom <= 24 - 4, (box, region)
        await pilot.press("tab")
        assert app.focused is flow.query_one("#note")
        await type_text(pilot, "calm")
        assert flow.state.note == "calm"


async def test_the_observer_given_is_remembered_for_the_next_check_in(
    services: Services,
) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "tab", "ctrl+u")
        await type_text(pilot, "Dad")
        await pilot.press("pagedown", "y", "ctrl+s", "ctrl+s")
        await pilot.pause()
        assert app.results[-1] is not None
        await pilot.press("c")
        flow = _flow(app)
        assert flow.state.observer == "Dad"
        await pilot.press("pagedown")
        assert flow.query_one("#observer", Input).value == "Dad"


async def test_a_letter_typed_then_deleted_keeps_no_draft(services: Services) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "tab", "tab", "tab")  # the setting
        await pilot.press("x")
        assert len(services.store.drafts()) == 1
        await pilot.press("backspace")
        assert services.store.drafts() == []
        await pilot.press("escape")
        await pilot.pause()
        said = [n.message for n in app._notifications]
    assert not any("Your answers are kept" in line for line in said)


async def test_a_new_check_in_offers_the_kept_one_for_that_person_first(
    services: Services,
) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "pagedown", "pagedown", "y", "escape")
        await pilot.press("c")  # a new check-in for Sam
        await pilot.pause()
        offer = app.screen
        assert type(offer).__name__ == "KeptDraftOffer"
        text = " ".join(str(label.render()) for label in offer.query(Label))
        assert f"Sam, seen Saturday 3 October 2026 at 18:30: 1 of {SIGNS} signs answered" in text
        await pilot.press("enter")  # carry on with it
        await pilot.pause()
        flow = _flow(app)
        assert flow.state.answers["stuffy-nose"].status is Status.NOTED
        assert "Page 4 of 8" in str(flow.query_one("#flow-progress").render())
        await pilot.press("escape", "c")
        await pilot.pause()
        await pilot.press("tab", "enter")  # start a new one: the kept one stays
        await pilot.pause()
        assert not _flow(app).state.has_answers()
    assert len(services.store.drafts()) == 1


async def test_the_markup_in_a_draft_note_is_described_as_typed(services: Services) -> None:
    app = FlowHost(services, person="[b]Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s", "tab")
        await type_text(pilot, "[red]seemed[/] tired and quiet at dinner tonight again")
        await pilot.press("escape", "c")
        await pilot.pause()
        text = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "[b]Sam, seen" in text
        assert "note “[red]seemed[/] tired and quiet at dinner…”" in text


async def test_a_year_far_away_typed_in_when_is_one_calm_line(services: Services) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown")
        words = _flow(app).query_one("#when-words")
        for text, said in (
            ("0001-01-01 00", "the year 1 is too long ago"),
            ("0000-01-01 00:00", "could not be read"),
            ("9999-12-31 23:59", "still to come"),
            ("28/11 20:00", "not guessed"),
        ):
            await pilot.press("ctrl+u")
            await type_text(pilot, text)
            assert said in str(words.render()), text
        await pilot.press("pagedown")
        assert "Page 2 of 8" in str(_flow(app).query_one("#flow-progress").render())
