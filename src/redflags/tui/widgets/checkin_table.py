"""One page of a person's check-ins as a table: when, treatment day, and what was recorded."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widgets import DataTable

from redflags.checklist import Catalog
from redflags.model import CheckIn, Status
from redflags.tui.display import TREATMENT_WORDS, plain_line, short_moment


def sign_ids(checkin: CheckIn, catalog: Catalog) -> list[str]:
    """Every sign the check-in's checklist has (as installed now), then any it recorded that the
    installed version no longer has; absent signs count as not checked."""
    checklist = catalog.checklists.get(checkin.checklist)
    ids = [s.id for s in checklist.signs] if checklist else []
    return ids + [sid for sid in checkin.observations if sid not in ids]


def label_of(checkin: CheckIn, sign_id: str, catalog: Catalog) -> str:
    """The label the check-in was recorded with, else the installed checklist's, else the id."""
    if sign_id in checkin.labels:
        return checkin.labels[sign_id]
    checklist = catalog.checklists.get(checkin.checklist)
    sign = checklist.sign(sign_id) if checklist else None
    return sign.label if sign else sign_id


def counts(checkin: CheckIn, catalog: Catalog) -> dict[Status, int]:
    """How many signs of the check-in are in each state."""
    result = dict.fromkeys(Status, 0)
    for sid in sign_ids(checkin, catalog):
        result[checkin.status_of(sid)] += 1
    return result


class CheckinTable(DataTable[Text]):
    """Check-ins, one a row, keyed by check-in id; deleted ones stay, marked and dimmed."""

    def __init__(self, catalog: Catalog, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", id=id)
        self.catalog = catalog

    def on_mount(self) -> None:
        self.add_column("When", width=17, key="when")
        self.add_column("Treatment", width=9, key="treatment")
        self.add_column("Noted", width=32, key="noted")
        self.add_column("Not seen", width=8, key="not_seen")
        self.add_column("Not checked", width=11, key="not_checked")
        self.add_column("", width=7, key="deleted")

    def _on_resize(self, event: events.Resize) -> None:
        # DataTable forgets every rendered cell on a resize. Here every column has a fixed width
        # and its caches of lines and cells are keyed by width already, so nothing drawn goes
        # stale: keeping them spares drawing the page twice when it first appears (it is drawn,
        # then sized).
        event.prevent_default()

    def show(self, checkins: list[CheckIn], *, keep: str | None = None) -> None:
        """Replace the rows; the cursor returns to the check-in ``keep`` if it is on this page."""
        self.clear()
        for checkin in checkins:
            style = "dim" if checkin.deleted else ""
            tally = counts(checkin, self.catalog)
            noted = checkin.signs_with(Status.NOTED)
            labels = "; ".join(label_of(checkin, sid, self.catalog) for sid in noted)
            noted_cell = plain_line(f"{len(noted)}: {labels}" if noted else "none", style=style)
            self.add_row(
                Text(short_moment(checkin.observed_at), style=style),
                Text(TREATMENT_WORDS[checkin.treatment_day], style=style),
                noted_cell,
                Text(str(tally[Status.NOT_SEEN]), style=style, justify="right"),
                Text(str(tally[Status.NOT_CHECKED]), style=style, justify="right"),
                Text("deleted" if checkin.deleted else "", style="italic"),
                key=checkin.id,
            )
        if keep is not None and any(c.id == keep for c in checkins):
            self.move_cursor(row=self.get_row_index(keep))

    @property
    def highlighted_id(self) -> str | None:
        """The id of the check-in under the cursor, if the page has any."""
        if self.row_count == 0:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
