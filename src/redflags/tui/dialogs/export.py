"""Export: save the counsellor's summary of one person and period to a private file.

The file is the one ``redflags export`` writes for the same choices (``exporting.export_for``), made
readable by its owner alone and written whole or not at all (``report.files.save``). The data is
read here; the summary is laid out and written in a worker thread, so that the screen, and the
urgent-help key, answer at once even while years of long notes are being laid out.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Tabs

from redflags.checklist import ChecklistError
from redflags.report.exporting import (
    ExportJob,
    checklist_for,
    is_sample,
    prepare_export,
    remember,
    summary_and_written,
)
from redflags.report.files import (
    SENSITIVE,
    FileProblem,
    default_file_name,
    documents_folder,
    initials,
    save,
)
from redflags.report.formats import FORMATS, Reads
from redflags.safe_text import one_line
from redflags.store import StoreError
from redflags.tui.clock import today_of
from redflags.tui.services import Services
from redflags.tui.widgets.period_picker import DATES, PeriodChoice, PeriodPicker


class ClearCheckbox(Checkbox):
    """A checkbox with an empty box when off: Textual's shows an X either way, told apart by colour."""

    def render(self) -> Content:
        self.BUTTON_INNER = "X" if self.value else " "
        return super().render()


class ClearRadioButton(RadioButton):
    """A choice whose dot shows only when chosen, so the choice never rests on colour alone."""

    def render(self) -> Content:
        self.BUTTON_INNER = "●" if self.value else " "
        return super().render()


class ExportDialog(ModalScreen[Path | None]):
    """Choose period, format, names and file; Export saves it. Closes with the path saved, if any."""

    CSS_PATH = "../patterns.tcss"
    # The defaults suit most people: Enter on Export saves at once.
    AUTO_FOCUS = "#ex-export"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+s", "export", "Export", priority=True),
    ]

    class Done(Message):
        """The worker finished: where the file went, or what went wrong."""

        def __init__(self, job: ExportJob, written: Path | None, problem: str) -> None:
            super().__init__()
            self.job = job
            self.written = written
            self.problem = problem

    class DoneAll(Message):
        """The worker finished the files for everyone: where they went, or what went wrong."""

        def __init__(self, jobs: list[ExportJob], written: list[Path], problem: str) -> None:
            super().__init__()
            self.jobs = jobs
            self.written = written
            self.problem = problem

    def __init__(
        self,
        services: Services,
        person: str,
        *,
        since: date | None = None,
        until: date | None = None,
        everything: bool = False,
        today: date | None = None,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.services = services
        self.person = person
        self.asked = (since, until, everything)
        self.fixed_today = today
        self.fmt = "text"
        self.suggested = ""
        self.written: Path | None = None
        self.busy = False

    @property
    def today(self) -> date:
        return self.fixed_today or today_of(self.app)

    def compose(self) -> ComposeResult:
        since, until, everything = self.asked
        choice = PeriodChoice.matching(since, until, everything, self.today)
        self.suggested = str(documents_folder() / self.file_name(initials=False))
        name = one_line(self.person)
        with Vertical(classes="dialog"):
            yield Label(
                f"Export a summary to share with {self.audience()}",
                classes="dialog-title",
                markup=False,
            )
            with Horizontal(classes="ex-row"):
                yield Label("Person", classes="ex-name ex-top")
                yield Label(Text(name, style="bold"), markup=False)
            people = len(self.services.store.people())
            if people > 1:
                with Horizontal(classes="ex-row"):
                    yield Label("", classes="ex-name ex-top")
                    yield ClearCheckbox(
                        f"Everyone on the list ({people} people), a file each in one folder",
                        value=False,
                        id="ex-everyone",
                        compact=True,
                    )
            with Horizontal(classes="ex-row"):
                yield Label("Period", classes="ex-name ex-top")
                yield PeriodPicker(choice, today=self.today, since_last=True, id="ex-period")
            with Horizontal(classes="ex-row"):
                yield Label("Format", classes="ex-name ex-top")
                with RadioSet(id="ex-format", compact=True):
                    for fmt, form in FORMATS.items():
                        yield ClearRadioButton(
                            form.label, value=fmt == self.fmt, name=fmt, id=f"ex-fmt-{fmt}"
                        )
            yield Label(FORMATS[self.fmt].hint, id="ex-format-hint", classes="dialog-text")
            with Horizontal(classes="ex-row"):
                yield Label("Names", classes="ex-name ex-top")
                yield ClearCheckbox(
                    Text(f"Use initials instead of names ({initials(name) or '?'} for {name})"),
                    value=False,
                    id="ex-initials",
                    compact=True,
                )
            with Horizontal(classes="ex-row"):
                yield Label("Questions", classes="ex-name ex-top")
                yield Input(
                    placeholder="The family's questions or goals for this appointment (optional)",
                    id="ex-ask",
                    compact=True,
                )
            with Horizontal(classes="ex-row"):
                yield Label("Save to", classes="ex-name")
                yield Input(self.suggested, id="ex-path")
            yield Label("", id="ex-result", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="ex-export")
                yield Button("Cancel", id="ex-close")
                yield Label("ctrl+s exports, Esc closes", id="ex-keys")

    def file_name(self, *, initials: bool) -> str:
        """The suggested file name: person (or initials), day, and SAMPLE-DATA for the demo."""
        return default_file_name(
            self.fmt,
            self.today,
            self.person,
            use_initials=initials,
            sample=is_sample(self.services.store),
        )

    def _follow(self) -> None:
        # Follow the choices only while the path is still the one suggested: never undo a typed one.
        field = self.query_one("#ex-path", Input)
        if field.value == self.suggested:
            hidden = self.query_one("#ex-initials", Checkbox).value
            field.value = self.suggested = str(
                Path(self.suggested).with_name(self.file_name(initials=hidden))
            )

    def audience(self) -> str:
        """Who the person's checklist writes its summary for ("a counsellor", "the prescriber")."""
        config = self.services.config
        try:
            checklist = checklist_for(
                self.services.store,
                self.services.catalog,
                self.person,
                None,
                config.default_checklist,
            )
        except (ChecklistError, StoreError):
            return "a counsellor"
        return one_line(checklist.summary.audience)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        fmt = event.pressed.name or "text"
        self.fmt = fmt
        self.query_one("#ex-format-hint", Label).update(FORMATS[fmt].hint)
        self._follow()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._follow()

    def on_period_picker_chosen(self, event: PeriodPicker.Chosen) -> None:
        event.stop()  # the period is read when exporting

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id in ("ex-path", "ex-ask"):
            event.stop()
            self.action_export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ex-export":
            event.stop()
            self.action_export()
        elif event.button.id == "ex-close":
            event.stop()
            self.action_close()

    def action_close(self) -> None:
        self.dismiss(self.written)

    def target(self) -> Path | None:
        """Where to write, from the path field (a bare name goes in the documents folder)."""
        raw = self.query_one("#ex-path", Input).value.strip()
        if not raw:
            example = documents_folder() / self.file_name(initials=False)
            self.say(f"Please type where to save the file, for example {example}.")
            return None
        path = Path(raw).expanduser()
        path = path if path.is_absolute() else documents_folder() / path
        if path.is_symlink():
            self.say(f"{path} is a link to another file: choose another name. Nothing was saved.")
            return None
        if path.is_dir():
            example = path / self.file_name(initials=False)
            self.say(f"{path} is a folder: add a file name, like {example}. Nothing was saved.")
            return None
        if not path.parent.is_dir():
            self.say(f"There is no folder {path.parent}. Nothing was saved.")
            return None
        return path

    def action_export(self) -> None:
        """Make the summary for the choices shown and save it; say where, or what went wrong."""
        if self.busy:
            return
        picker = self.query_one(PeriodPicker)
        if picker.query_one(Tabs).active == DATES and not picker.apply_dates():
            self.say("Please correct the dates first. Nothing was saved.")
            return
        if self._everyone():
            folder = self.folder()
            if folder is not None:
                self.export_everyone(folder)
            return
        path = self.target()
        if path is None:
            return
        job = self.job_for(self.person)
        if job is None:
            return
        if path.exists():
            self.confirm_replace(path, job)
        else:
            self.start(job, path, replace=False)

    def folder(self) -> Path | None:
        """For everyone: the folder in the path field (or the folder of the file named there)."""
        raw = self.query_one("#ex-path", Input).value.strip()
        path = Path(raw).expanduser() if raw else documents_folder()
        path = path if path.is_absolute() else documents_folder() / path
        folder = path if path.is_dir() else path.parent
        if not folder.is_dir():
            self.say(f"There is no folder {folder}. Nothing was saved.")
            return None
        return folder

    def _everyone(self) -> bool:
        found = self.query("#ex-everyone")
        return bool(found) and found.first(Checkbox).value

    def job_for(self, person: str) -> ExportJob | None:
        """Read what the summary of ``person`` needs, for the choices shown; None (and the reason
        said) if it cannot be made."""
        choice = self.query_one(PeriodPicker).choice
        store, catalog = self.services.store, self.services.catalog
        config = self.services.config
        try:
            checklist = checklist_for(store, catalog, person, None, config.default_checklist)
            summary, written = summary_and_written(
                store,
                checklist,
                person,
                since=choice.since,
                until=choice.until,
                everything=choice.everything,
                today=self.today,
                since_last=choice.since_last,
                all_written=FORMATS[self.fmt].reads is Reads.WRITTEN,
            )
            return prepare_export(
                store,
                catalog,
                checklist,
                summary,
                fmt=self.fmt,
                initials=self.query_one("#ex-initials", Checkbox).value,
                made=self.today,
                country=config.country or None,
                ask=self.query_one("#ex-ask", Input).value,
                written=written if FORMATS[self.fmt].reads is Reads.WRITTEN else None,
            )
        except (ChecklistError, StoreError, ValueError) as exc:
            self.say(
                f"The summary for {one_line(person)} could not be made: {one_line(str(exc))}. "
                "Nothing was saved."
            )
            return None

    def export_everyone(self, folder: Path) -> None:
        """One file for each person on the list, in ``folder``; every file is checked first."""
        hidden = self.query_one("#ex-initials", Checkbox).value
        sample = is_sample(self.services.store)
        people = [p.name for p in self.services.store.people()]
        paths = [
            folder / default_file_name(self.fmt, self.today, p, use_initials=hidden, sample=sample)
            for p in people
        ]
        if len(set(paths)) < len(paths):
            self.say("Two people would share a file name (their initials?). Nothing was saved.")
            return
        jobs: list[ExportJob] = []
        for person in people:
            job = self.job_for(person)
            if job is None:
                return
            jobs.append(job)
        there = [p for p in paths if p.exists()]
        if not there:
            self.start_all(jobs, paths, replace=False)
            return
        from redflags.tui.dialogs.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.start_all(jobs, paths, replace=True)
            else:
                self.say("Nothing was saved. Choose another folder to keep the files there.")

        dialog = ConfirmDialog(
            title="Replace the files?",
            explanation=Text(
                f"{len(there)} of the {len(paths)} files are already in {one_line(str(folder))}. "
                "Replace them?"
            ),
            confirm="Replace",
        )
        self.app.push_screen(dialog, answered)

    def start_all(self, jobs: list[ExportJob], paths: list[Path], *, replace: bool) -> None:
        """Lay out and write every person's summary in a worker."""
        self.busy = True
        self.query_one("#ex-export", Button).disabled = True
        self.say("Making the summaries...", done=True)
        self.make_and_save_all(jobs, paths, replace)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def make_and_save_all(self, jobs: list[ExportJob], paths: list[Path], replace: bool) -> None:
        """In a worker thread: render and write each file, then tell the dialog."""
        written: list[Path] = []
        problem = ""
        for job, path in zip(jobs, paths, strict=True):
            try:
                written.append(save(path, job.render(), replace=replace))
            except FileProblem as exc:
                problem = str(exc)
                break
            except Exception as exc:  # said calmly; the files already written stay
                problem = f"the summary could not be made ({exc})"
                break
        self.post_message(self.DoneAll(jobs[: len(written)], written, problem))

    def on_export_dialog_done_all(self, event: DoneAll) -> None:
        event.stop()
        self.busy = False
        self.query_one("#ex-export", Button).disabled = False
        for job in event.jobs:
            with suppress(StoreError):
                remember(self.services.store, job.summary, job.fmt, job.made)
        if event.problem:
            problem = one_line(event.problem)
            saved = f" {len(event.written)} saved before it." if event.written else ""
            self.say(f"{problem[:1].upper()}{problem[1:]}.{saved}")
            return
        self.written = event.written[0].parent if event.written else None
        folder = event.written[0].parent if event.written else ""
        self.say(f"Saved {len(event.written)} files in {folder}\n{SENSITIVE}", done=True)
        close = self.query_one("#ex-close", Button)
        close.label = "Close"
        close.focus()

    def confirm_replace(self, path: Path, job: ExportJob) -> None:
        """Ask before putting the summary in place of a file that is already there."""
        from redflags.tui.dialogs.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.start(job, path, replace=True)
            else:
                self.say("Nothing was saved. Change the file name to keep both.")

        dialog = ConfirmDialog(
            title="Replace the file?",
            explanation=Text(f"There is already a file at {one_line(str(path))}. Replace it?"),
            confirm="Replace",
        )
        self.app.push_screen(dialog, answered)

    def start(self, job: ExportJob, path: Path, *, replace: bool) -> None:
        """Lay the summary out and write it in a worker; the screen keeps answering meanwhile."""
        self.busy = True
        self.query_one("#ex-export", Button).disabled = True
        self.say("Making the summary...", done=True)
        self.make_and_save(job, path, replace)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def make_and_save(self, job: ExportJob, path: Path, replace: bool) -> None:
        """In a worker thread: render and write, then tell the dialog (no database used here)."""
        try:
            written = save(path, job.render(), replace=replace)
        except FileProblem as exc:
            self.post_message(self.Done(job, None, str(exc)))
        except Exception as exc:  # the dialog says so calmly; nothing half-written is left
            self.post_message(self.Done(job, None, f"the summary could not be made ({exc})"))
        else:
            self.post_message(self.Done(job, written, ""))

    def on_export_dialog_done(self, event: Done) -> None:
        event.stop()
        self.busy = False
        self.query_one("#ex-export", Button).disabled = False
        if event.written is None:
            problem = one_line(event.problem)
            self.say(f"{problem[:1].upper()}{problem[1:]}. Nothing was saved.")
            return
        # The file is saved; if the store is busy, only "since the last summary" misses it.
        with suppress(StoreError):
            remember(self.services.store, event.job.summary, event.job.fmt, event.job.made)
        self.written = event.written
        self.say(f"Saved to {event.written}\n{SENSITIVE}", done=True)
        close = self.query_one("#ex-close", Button)
        close.label = "Close"
        close.focus()

    def say(self, words: str, *, done: bool = False) -> None:
        """Show the outcome: where the file went, or what is wrong (one calm line)."""
        line = self.query_one("#ex-result", Label)
        line.update(one_line(words) if not done else "\n".join(map(one_line, words.split("\n"))))
        line.set_class(done, "-done")
        line.set_class(not done, "-problem")
