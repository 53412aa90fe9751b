"""The Export dialog: the file it writes is exactly what ``redflags export`` gives for the same
choices, private (0600), named after the person and the day in the documents folder; a path that
cannot be written gives a calm message and no file; the work runs away from the screen, so urgent
help answers meanwhile."""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Checkbox, Input, Label

from redflags.report.exporting import checklist_for, export_for, summary_for
from redflags.report.files import SENSITIVE
from redflags.tui.dialogs.confirm import ConfirmDialog
from redflags.tui.dialogs.export import ExportDialog
from redflags.tui.services import Services
from tests.ui.shell_support import SIZE, TODAY, flat_text, make_app
from tests.ui.test_patterns import add_scenario

DEFAULT_NAME = "summary-Sam-2026-03-01"


@pytest.fixture
def sam(services: Services) -> Services:
    add_scenario(services)
    return services


def expected(
    services: Services,
    *,
    fmt: str = "text",
    initials: bool = False,
    since: date | None = None,
    until: date | None = None,
    everything: bool = False,
    since_last: bool = False,
    ask: str = "",
) -> str:
    """What ``redflags export`` writes for these choices (before this export is remembered)."""
    store, catalog = services.store, services.catalog
    checklist = checklist_for(store, catalog, "Sam", None, services.config.default_checklist)
    summary = summary_for(
        store,
        checklist,
        "Sam",
        since=since,
        until=until,
        everything=everything,
        today=TODAY,
        since_last=since_last,
    )
    return export_for(
        store,
        catalog,
        checklist,
        summary,
        fmt=fmt,
        initials=initials,
        made=TODAY,
        country=services.config.country or None,
        ask=ask,
    )


async def done(pilot: Any) -> None:
    """Wait for the export worker to finish and its message to be handled."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_dialog(pilot: Any, results: list[Path | None], **choices: Any) -> ExportDialog:
    app = pilot.app
    await pilot.pause()
    dialog = ExportDialog(app.services, "Sam", **choices)
    app.push_screen(dialog, results.append)
    await pilot.pause()
    return dialog


def path_field(app: Any) -> Input:
    field: Input = app.screen.query_one("#ex-path", Input)
    return field


def outcome(app: Any) -> str:
    """The dialog's message line, as plain words."""
    return " ".join(str(app.screen.query_one("#ex-result", Label).content).split())


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for exported files (the database lives in tmp_path itself)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_export_writes_the_same_text_as_the_command_line(sam: Services) -> None:
    results: list[Path | None] = []
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, results)
        # No documents folder here: the home folder.
        assert path_field(app).value == str(Path.home() / f"{DEFAULT_NAME}.txt")
        want = expected(sam)
        await pilot.press("ctrl+s")
        await done(pilot)
        target = Path.home() / f"{DEFAULT_NAME}.txt"
        assert target.read_text(encoding="utf-8") == want
        if os.name == "posix":
            assert private(target)
        assert outcome(app) == f"Saved to {target} {SENSITIVE}"
        assert SENSITIVE in flat_text(app)
        await pilot.press("escape")
        await pilot.pause()
    assert results == [target]


@pytest.mark.parametrize(
    ("fmt", "suffix"), [("markdown", ".md"), ("json", ".json"), ("csv", ".csv")]
)
async def test_each_format_with_initials(sam: Services, fmt: str, suffix: str) -> None:
    results: list[Path | None] = []
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, results)
        await pilot.click(f"#ex-fmt-{fmt}")
        await pilot.click("#ex-initials")
        await pilot.pause()
        target = Path.home() / f"summary-S-2026-03-01{suffix}"
        # The suggested name follows the format and the initials.
        assert path_field(app).value == str(target)
        want = expected(sam, fmt=fmt, initials=True)
        await pilot.click("#ex-export")
        await done(pilot)
        content = target.read_text(encoding="utf-8")
        assert content == want
        # Word by word: "Samaritans", a helpline, is not the name.
        assert "Sam" not in re.findall(r"\w+", content) and "S." in content
        await pilot.click("#ex-close")
        await pilot.pause()
    assert results == [target]


async def test_the_period_given_is_the_period_exported(sam: Services, tmp_path: Path) -> None:
    results: list[Path | None] = []
    app = make_app(sam)
    target = tmp_path / "feb.txt"
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, results, since=date(2026, 2, 1), until=date(2026, 2, 28))
        assert "2026-02-01" in {i.value for i in app.screen.query(Input)}
        path_field(app).value = str(target)
        feb = expected(sam, since=date(2026, 2, 1), until=date(2026, 2, 28))
        await pilot.press("ctrl+s")
        await done(pilot)
        await pilot.click("#period-all")  # another period, and a second file
        path_field(app).value = str(tmp_path / "all.txt")
        everything = expected(sam, everything=True)
        await pilot.press("ctrl+s")
        await done(pilot)
    assert target.read_text(encoding="utf-8") == feb
    assert (tmp_path / "all.txt").read_text(encoding="utf-8") == everything
    assert "last summary: none before" in feb
    assert "last summary: 2026-03-01" in everything  # the first export was remembered


async def test_a_typed_path_is_kept_when_the_format_changes(sam: Services, tmp_path: Path) -> None:
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, [])
        path_field(app).value = str(tmp_path / "for-the-counsellor.txt")
        await pilot.click("#ex-fmt-csv")
        await pilot.pause()
        assert path_field(app).value == str(tmp_path / "for-the-counsellor.txt")


async def test_a_missing_folder_writes_nothing(sam: Services, out: Path) -> None:
    results: list[Path | None] = []
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, results)
        path_field(app).value = str(out / "no such folder" / "s.txt")
        await pilot.press("ctrl+s")
        await done(pilot)
        assert outcome(app) == f"There is no folder {out / 'no such folder'}. Nothing was saved."
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("escape")
        await pilot.pause()
    assert list(out.iterdir()) == []
    assert results == [None]


@pytest.fixture
def unwritable(tmp_path: Path) -> Iterator[Path]:
    """A folder this process may not write in."""
    if os.name != "posix":
        pytest.skip("folder permissions are POSIX")
    if os.geteuid() == 0:
        # Root may write anywhere on disk; sysfs refuses new files even to root.
        if not sys.platform.startswith("linux") or not Path("/sys").is_dir():
            pytest.skip("no folder refuses root here")
        yield Path("/sys")
        return
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    yield folder
    folder.chmod(0o700)


async def test_an_unwritable_folder_writes_nothing(sam: Services, unwritable: Path) -> None:
    before = sorted(p.name for p in unwritable.iterdir())
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, [])
        path_field(app).value = str(unwritable / "summary.txt")
        await pilot.press("ctrl+s")
        await done(pilot)
        assert outcome(app) == (
            f"This computer does not allow saving in {unwritable}. Nothing was saved."
        )
        assert SENSITIVE not in flat_text(app)
    assert sorted(p.name for p in unwritable.iterdir()) == before


async def test_an_existing_file_is_replaced_only_when_asked(sam: Services, tmp_path: Path) -> None:
    target = tmp_path / "summary.txt"
    target.write_text("keep me", encoding="utf-8")
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, [])
        path_field(app).value = str(target)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#cancel")
        await pilot.pause()
        assert outcome(app) == "Nothing was saved. Change the file name to keep both."
        assert target.read_text(encoding="utf-8") == "keep me"
        want = expected(sam)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.click("#confirm")
        await done(pilot)
        assert SENSITIVE in flat_text(app)
    assert target.read_text(encoding="utf-8") == want


async def test_bad_dates_stop_the_export(sam: Services, out: Path) -> None:
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, [])
        await pilot.click("#period-dates")
        await pilot.pause()
        since = app.screen.query_one("#period-since", Input)
        since.value = "1 February"
        path_field(app).value = str(out / "s.txt")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert outcome(app) == "Please correct the dates first. Nothing was saved."
        assert "The first day “1 February” is not a date" in flat_text(app)
        assert list(out.iterdir()) == []


async def test_a_link_is_never_written_through(sam: Services, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not a summary", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(elsewhere)
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, [])
        path_field(app).value = str(link)
        await pilot.press("ctrl+s")
        await done(pilot)
        assert outcome(app) == (
            f"{link} is a link to another file: choose another name. Nothing was saved."
        )
    assert link.is_symlink() and elsewhere.read_text(encoding="utf-8") == "not a summary"


async def test_since_the_last_summary_and_the_familys_questions(
    sam: Services, tmp_path: Path
) -> None:
    sam.store.record_summary(
        "Sam", "ketamine", date(2026, 1, 1), date(2026, 2, 9), "text", date(2026, 2, 9)
    )
    ask = "Should we mention the nosebleeds to the GP?"
    app = make_app(sam)
    target = tmp_path / "since.txt"
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, [])
        await pilot.click("#period-since-last")
        app.screen.query_one("#ex-ask", Input).value = ask
        path_field(app).value = str(target)
        want = expected(sam, since_last=True, ask=ask)
        await pilot.press("ctrl+s")
        await done(pilot)
    text = target.read_text(encoding="utf-8")
    assert text == want
    assert "Period:     2026-02-10 to 2026-03-01 (20 days), since the last summary" in text
    assert "last summary: 2026-02-09" in text
    assert f"- {ask}" in text[: text.index("What changed")]
    assert sam.store.last_summary("Sam", "ketamine") == TODAY


async def test_urgent_help_answers_while_the_summary_is_being_made(
    sam: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from redflags.report.exporting import ExportJob
    from redflags.tui.screens.urgent import UrgentScreen

    started, release = threading.Event(), threading.Event()
    render = ExportJob.render

    def slow(job: ExportJob) -> str:
        started.set()
        release.wait(timeout=30)  # held until the test has pressed the urgent-help key
        return render(job)

    monkeypatch.setattr(ExportJob, "render", slow)
    target = tmp_path / "slow.txt"
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, [])
        path_field(app).value = str(target)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert started.wait(timeout=30)
        assert "Making the summary" in outcome_text(app)
        # The screen answers while the worker is still held: urgent help opens at once.
        from redflags.tui.app import URGENT_KEY

        await pilot.press(URGENT_KEY)
        await pilot.pause()
        assert isinstance(app.screen, UrgentScreen)
        assert not target.exists()
        release.set()
        await done(pilot)
    assert target.is_file()


def outcome_text(app: Any) -> str:
    return " ".join(str(app.screen.query_one("#ex-result", Label).content).split())


async def test_everyone_gets_a_file_of_their_own(sam: Services, out: Path) -> None:
    sam.store.add_person("Alex")
    results: list[Path | None] = []
    app = make_app(sam)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, results)
        path_field(app).value = str(out)
        app.screen.query_one("#ex-everyone", Checkbox).value = True
        want = expected(sam)
        await pilot.press("ctrl+s")
        await done(pilot)
        sam_file, alex_file = out / f"{DEFAULT_NAME}.txt", out / "summary-Alex-2026-03-01.txt"
        assert sam_file.read_text(encoding="utf-8") == want
        assert "Alex" in alex_file.read_text(encoding="utf-8")
        assert outcome(app) == f"Saved 2 files in {out} {SENSITIVE}"
        if os.name == "posix":
            assert private(sam_file) and private(alex_file)
        # Again: the files are there, so it asks first; keeping them writes nothing.
        before = sam_file.read_bytes()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert "Nothing was saved" in outcome(app)
        assert sam_file.read_bytes() == before
