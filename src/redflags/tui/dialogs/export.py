"""Export: save the counsellor's summary of one person and period to a private file.

The file is the one ``redflags export`` writes for the same choices (``exporting.export_for``), made
readable by its owner alone and written whole or not at all (``files.write_private``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Tabs

from redflags.checklist import ChecklistError
from redflags.report.exporting import checklist_for, export_for, summary_for
from redflags.report.files import SENSITIVE, default_file_name
from redflags.report.render import initials
from redflags.safe_text import one_line
from redflags.store import StoreError
from redflags.tui.clock import today_of
from redflags.tui.services import Services
from redflags.tui.widgets.period_picker import DATES, PeriodChoice, PeriodPicker

FORMATS = {
    "text": ("Text", "Plain text: easy to read, print or send."),
    "markdown": ("Markdown", "Text with headings, for notes apps and documents."),
    "json": ("JSON", "For other programs: the summary and every check-in."),
    "csv": ("CSV", "For spreadsheets: one row for each sign of each check-in."),
}


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

    @property
    def today(self) -> date:
        return self.fixed_today or today_of(self.app)

    def compose(self) -> ComposeResult:
        since, until, everything = self.asked
        choice = PeriodChoice.matching(since, until, everything, self.today)
        self.suggested = str(Path.home() / default_file_name(self.fmt, self.today))
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
            with Horizontal(classes="ex-row"):
                yield Label("Period", classes="ex-name ex-top")
                yield PeriodPicker(choice, today=self.today, id="ex-period")
            with Horizontal(classes="ex-row"):
                yield Label("Format", classes="ex-name")
                with RadioSet(id="ex-format"):
                    for fmt, (words, _) in FORMATS.items():
                        yield ClearRadioButton(
                            words, value=fmt == self.fmt, name=fmt, id=f"ex-fmt-{fmt}"
                        )
            yield Label(FORMATS[self.fmt][1], id="ex-format-hint", classes="dialog-text")
            with Horizontal(classes="ex-row"):
                yield Label("Names", classes="ex-name")
                yield ClearCheckbox(
                    Text(f"Use initials instead of names ({initials(name) or '?'} for {name})"),
                    value=False,
                    id="ex-initials",
                )
            with Horizontal(classes="ex-row"):
                yield Label("Save to", classes="ex-name")
                yield Input(self.suggested, id="ex-path")
            yield Label("", id="ex-result", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="ex-export")
                yield Button("Cancel", id="ex-close")
                yield Label("ctrl+s exports, Esc closes", id="ex-keys")

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
        self.query_one("#ex-format-hint", Label).update(FORMATS[fmt][1])
        field = self.query_one("#ex-path", Input)
        # Follow the format only while the path is still the one suggested: never undo a typed one.
        if field.value == self.suggested:
            field.value = self.suggested = str(
                Path(self.suggested).with_name(default_file_name(fmt, self.today))
            )

    def on_period_picker_chosen(self, event: PeriodPicker.Chosen) -> None:
        event.stop()  # the period is read when exporting

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "ex-path":
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
        """Where to write, from the path field (a bare name goes in the home folder)."""
        raw = self.query_one("#ex-path", Input).value.strip()
        if not raw:
            self.say("Please type where to save the file, for example ~/summary.txt.")
            return None
        path = Path(raw).expanduser()
        path = path if path.is_absolute() else Path.home() / path
        if path.is_dir():
            example = path / default_file_name(self.fmt, self.today)
            self.say(f"{path} is a folder: add a file name, like {example}. Nothing was saved.")
            return None
        if not path.parent.is_dir():
            self.say(f"There is no folder {path.parent}. Nothing was saved.")
            return None
        return path

    def action_export(self) -> None:
        """Make the summary for the choices shown and save it; say where, or what went wrong."""
        picker = self.query_one(PeriodPicker)
        if picker.query_one(Tabs).active == DATES and not picker.apply_dates():
            self.say("Please correct the dates first. Nothing was saved.")
            return
        path = self.target()
        if path is None:
            return
        choice = picker.choice
        store, catalog = self.services.store, self.services.catalog
        config = self.services.config
        try:
            checklist = checklist_for(store, catalog, self.person, None, config.default_checklist)
            summary = summary_for(
                store,
                checklist,
                self.person,
                since=choice.since,
                until=choice.until,
                everything=choice.everything,
                today=self.today,
            )
            text = export_for(
                store,
                catalog,
                checklist,
                summary,
                fmt=self.fmt,
                initials=self.query_one("#ex-initials", Checkbox).value,
                made=self.today,
                country=config.country or None,
            )
        except (ChecklistError, StoreError, ValueError) as exc:
            self.say(f"The summary could not be made: {one_line(str(exc))}. Nothing was saved.")
            return
        if path.exists():
            self.confirm_replace(path, text)
        else:
            self.write(path, text)

    def confirm_replace(self, path: Path, text: str) -> None:
        """Ask before putting the summary in place of a file that is already there."""
        from redflags.tui.dialogs.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(path, text)
            else:
                self.say("Nothing was saved. Change the file name to keep both.")

        dialog = ConfirmDialog(
            title="Replace the file?",
            explanation=Text(f"There is already a file at {one_line(str(path))}. Replace it?"),
            confirm="Replace",
        )
        self.app.push_screen(dialog, answered)

    def write(self, path: Path, text: str) -> None:
        from redflags.files import write_private

        try:
            written = write_private(path, text)
        except PermissionError:
            self.say(f"This computer does not allow saving in {path.parent}. Nothing was saved.")
            return
        except FileNotFoundError:
            self.say(f"There is no folder {path.parent}. Nothing was saved.")
            return
        except OSError as exc:
            self.say(f"{path} could not be saved ({exc.strerror or exc}). Nothing was saved.")
            return
        self.written = written
        self.say(f"Saved to {written}\n{SENSITIVE}", done=True)
        close = self.query_one("#ex-close", Button)
        close.label = "Close"
        close.focus()

    def say(self, words: str, *, done: bool = False) -> None:
        """Show the outcome: where the file went, or what is wrong (one calm line)."""
        line = self.query_one("#ex-result", Label)
        line.update(one_line(words) if not done else "\n".join(map(one_line, words.split("\n"))))
        line.set_class(done, "-done")
        line.set_class(not done, "-problem")
