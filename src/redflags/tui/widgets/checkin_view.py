"""Everything one check-in holds, in words: its context, then every sign of its checklist by group."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label

from redflags.checklist import Catalog
from redflags.model import CheckIn, Status
from redflags.tui.display import TREATMENT_WORDS, moment_words, plain_block
from redflags.tui.widgets.checkin_table import label_of, sign_ids
from redflags.tui.widgets.week_strip import CHECKED, NO_CHECKIN, NOTED

SYMBOLS = {Status.NOTED: NOTED, Status.NOT_SEEN: CHECKED, Status.NOT_CHECKED: NO_CHECKIN}
NOTHING_WRITTEN = Text("(nothing written)", style="dim italic", end="")


def field(name: str, value: Text | str) -> Horizontal:
    """A labelled line of the context; an empty value says so rather than showing a blank."""
    shown = plain_block(value) if isinstance(value, str) else value
    return Horizontal(
        Label(name, classes="field-name"),
        Label(shown if shown.plain else NOTHING_WRITTEN, classes="field-value", markup=False),
        classes="field",
    )


def sign_lines(checkin: CheckIn, sign_id: str, catalog: Catalog) -> list[Label]:
    """A sign's label and status in words, whether another explanation is likely, its note, and
    for a noted sign its other possible causes."""
    status = checkin.status_of(sign_id)
    observation = checkin.observations.get(sign_id)
    noted = status is Status.NOTED
    line = Text(f"{SYMBOLS[status]} ", style="bold" if noted else "", end="")
    line.append(plain_block(label_of(checkin, sign_id, catalog)))
    line.append(f": {status.words}", style="bold" if noted else "dim")
    if observation and observation.explained:
        line.append("; another explanation is likely", style="italic")
    lines = [Label(line, classes=f"sign sign-{status.value}", markup=False)]
    if observation and observation.note:
        note = Text.assemble("Note: ", plain_block(observation.note))
        lines.append(Label(note, classes="sign-more", markup=False))
    checklist = catalog.checklists.get(checkin.checklist)
    sign = checklist.sign(sign_id) if checklist else None
    if noted and sign is not None and checklist is not None:
        causes = plain_block(
            "Other possible causes: " + "; ".join(sign.other_explanations)
            if sign.other_explanations
            else checklist.no_other_explanation
        )
        lines.append(Label(causes, classes="sign-more sign-causes", markup=False))
    return lines


class CheckinView(Vertical):
    """A read-only view of one check-in."""

    def __init__(self, checkin: CheckIn, catalog: Catalog, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.checkin = checkin
        self.catalog = catalog

    def compose(self) -> ComposeResult:
        checkin = self.checkin
        checklist = self.catalog.checklists.get(checkin.checklist)
        yield Label("What was around it", classes="section-title")
        yield field("Person", checkin.person)
        yield field("Observer", checkin.observer)
        yield field("Treatment day", TREATMENT_WORDS[checkin.treatment_day])
        yield field("Setting", checkin.setting)
        yield field("Note", checkin.note)
        yield field("What went well", checkin.positives)
        title = checklist.title if checklist else checkin.checklist
        yield field("Checklist", f"{title} (version {checkin.checklist_version})")
        if checkin.recorded_at is not None:
            yield field("Written down", moment_words(checkin.recorded_at))
        shown: set[str] = set()
        for group in checklist.groups if checklist else []:
            yield Label(plain_block(group.title), classes="section-title", markup=False)
            for sign in group.signs:
                shown.add(sign.id)
                yield from sign_lines(checkin, sign.id, self.catalog)
        others = [sid for sid in sign_ids(checkin, self.catalog) if sid not in shown]
        if others:
            yield Label("Other signs in this record", classes="section-title")
            for sid in others:
                yield from sign_lines(checkin, sid, self.catalog)
