"""What people type is data: saved exactly as typed, shown as plain text, never a control sequence."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, Static

from redflags.tui.screens.checkin.walk import CheckInFlow
from redflags.tui.services import Services
from redflags.tui.widgets.plain_fields import NoteArea, PlainArea
from redflags.tui.widgets.sign_row import SignRow
from tests.ui.flow_host import NOW, SIZE, FlowHost, type_text

MARKUP = ["[/]", "[link=x]text", "[bold]"]
ESCAPE = "\x1b[31mred\x1b[0m and a bell\x07"
LONG = ("0123456789[b]" * 800)[:10_000]


def _flow(app: FlowHost) -> CheckInFlow:
    screen = app.screen
    assert isinstance(screen, CheckInFlow)
    return screen


async def _paste(app: FlowHost, text: str) -> None:
    """Paste into the focused field, as a terminal delivers a paste: to the app, which hands it on."""
    app.post_message(events.Paste(text))


async def test_markup_typed_into_notes_is_saved_exactly_and_shown_as_typed(
    services: Services,
) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "pagedown", "pagedown")  # snorted: two signs
        for step, note in enumerate(MARKUP[:2]):
            await pilot.press("enter")  # the note first: an answer moves on to the next sign
            await type_text(pilot, note)
            await pilot.press("enter", "y")
            if step == 0:
                assert app.focused is _flow(app).query_one("#sign-nosebleeds")
        rows = list(_flow(app).query(SignRow))
        shown = [str(r.query_one(".sign-body", Static).render()) for r in rows]
        assert shown[0].endswith(f"\nNote: {MARKUP[0]}")
        assert shown[1].endswith(f"\nNote: {MARKUP[1]}")
        await pilot.press("ctrl+s")  # the review page shows them too
        summary = str(_flow(app).query_one(".review-summary").render())
        assert "Note: [/]" in summary and "Note: [link=x]text" in summary
        await pilot.press("tab")
        await type_text(pilot, MARKUP[2])
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = app.results[-1]
    assert saved is not None
    assert saved.observations["stuffy-nose"].note == MARKUP[0]
    assert saved.observations["nosebleeds"].note == MARKUP[1]
    assert saved.note == MARKUP[2]


async def test_escape_sequences_are_saved_exactly_but_never_drawn(services: Services) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "tab")  # the observer field
        observer = _flow(app).query_one("#observer", Input)
        observer.value = ""
        await _paste(app, ESCAPE)
        await pilot.pause()
        assert observer.value == ESCAPE
        assert "\x1b" not in "".join(s.text for s in observer.render_line(0))
        await pilot.press("pagedown", "y", "enter")
        editor = _flow(app).query_one(NoteArea)
        await _paste(app, ESCAPE)
        await pilot.pause()
        assert editor.text == ESCAPE
        assert "\x1b" not in "".join(s.text for s in editor.render_line(0))
        await pilot.press("enter")
        shown = str(_flow(app).query_one(".sign-body", Static).render())
        assert "\\x1b[31mred" in shown and "\x1b" not in shown
        await pilot.press("ctrl+s")
        summary = str(_flow(app).query_one(".review-summary").render())
        assert "\\x1b[31mred" in summary and "\x1b" not in summary
        assert "\x1b" not in app.export_screenshot()
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = app.results[-1]
    assert saved is not None
    assert saved.observer == ESCAPE
    assert saved.observations["chronic-cough"].note == ESCAPE


async def test_ten_thousand_characters_are_saved_exactly(services: Services) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "tab", "tab", "tab")  # the setting field
        setting = _flow(app).query_one("#setting", Input)
        assert app.focused is setting
        await _paste(app, LONG)
        await pilot.press("pagedown", "y", "enter")
        await _paste(app, LONG)
        await pilot.press("enter")
        shown = str(_flow(app).query_one(".sign-body", Static).render())
        assert "10,000 characters in all" in shown
        await pilot.press("ctrl+s", "tab")
        assert isinstance(app.focused, PlainArea)
        await _paste(app, LONG + "\n" + LONG)
        await pilot.press("tab")
        await _paste(app, LONG)
        await pilot.pause()
        assert "10,000 characters in all" in str(_flow(app).query_one(".review-summary").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = app.results[-1]
    assert saved is not None
    assert saved.setting == LONG
    assert saved.observations["chronic-cough"].note == LONG
    assert saved.note == LONG + "\n" + LONG
    assert saved.positives == LONG
    assert services.store.get_checkin(saved.id) == saved


async def test_a_multi_line_paste_into_a_one_line_field_keeps_every_line(
    services: Services,
) -> None:
    app = FlowHost(services, person="Sam", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("pagedown", "tab", "tab", "tab")
        await _paste(app, "kitchen\nlamp light\nan hour")
        await pilot.pause()
        assert _flow(app).state.setting == "kitchen lamp light an hour"
