"""One page of a person's check-ins as a table: when, treatment day, and what was recorded."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size, Spacing
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from redflags.checklist import Catalog
from redflags.model import CheckIn, Status
from redflags.safe_text import one_line
from redflags.tui.display import TREATMENT_WORDS, short_moment


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


class Cell(Text):
    """A cell's text. Never measured: every column of the table has a fixed width, and the table
    measures each cell of each new row only to size columns that have none."""

    __rich_measure__: ClassVar[None] = None  # type: ignore[assignment]


def _drawn_simply(cell: object, inner: int) -> bool:
    """Whether a cell is drawn by ``CheckinTable._render_cell``'s own path: one line of plain
    printable ASCII in one style, justified left or right, in at least two columns of room."""
    return (
        isinstance(cell, Text)
        and not cell.spans
        and cell.justify in (None, "default", "right")
        and cell.overflow in (None, "fold", "crop", "ellipsis")
        and inner >= 2
        and cell.plain.isascii()
        and cell.plain.isprintable()
    )


def row_cells(checkin: CheckIn, labels: dict[str, str]) -> list[Text]:
    """A check-in's row, given its installed checklist's sign labels by id (none if it is not
    installed): as ``counts`` and ``label_of`` tell, in one pass over what was recorded."""
    style = "dim" if checkin.deleted else ""
    noted: list[str] = []
    not_seen = others = 0
    for sid, obs in checkin.observations.items():
        if obs.status is Status.NOTED:
            noted.append(sid)
        elif obs.status is Status.NOT_SEEN:
            not_seen += 1
        if sid not in labels:
            others += 1  # recorded, but not in the checklist as installed: counted too
    not_checked = len(labels) + others - len(noted) - not_seen
    recorded = checkin.labels
    words = "; ".join(recorded[sid] if sid in recorded else labels.get(sid, sid) for sid in noted)
    return [
        Cell(short_moment(checkin.observed_at), style=style),
        Cell(TREATMENT_WORDS[checkin.treatment_day], style=style),
        Cell(
            one_line(f"{len(noted)}: {words}" if noted else "none"),
            style=style,
            no_wrap=True,
            overflow="ellipsis",
            end="",
        ),
        Cell(str(not_seen), style=style, justify="right"),
        Cell(str(not_checked), style=style, justify="right"),
        Cell("deleted" if checkin.deleted else "", style="italic"),
    ]


class CheckinTable(DataTable[Text]):
    """Check-ins, one a row, keyed by check-in id; deleted ones stay, marked and dimmed."""

    def __init__(self, catalog: Catalog, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", id=id)
        self.catalog = catalog
        self._sizes: tuple[Size, Size, Size, Spacing] | None = None

    def on_mount(self) -> None:
        self.add_column("When", width=17, key="when")
        self.add_column("Treatment", width=9, key="treatment")
        self.add_column("Noted", width=32, key="noted")
        self.add_column("Not seen", width=8, key="not_seen")
        self.add_column("Not checked", width=11, key="not_checked")
        self.add_column("", width=7, key="deleted")

    def _fixed_size(self) -> Size:
        """The table's whole size: every column has a fixed width, every row is one line."""
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        return Size(width, header + self.row_count)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        # DataTable measures every cell of every new row to size the columns without a width
        # and the rows of no fixed height; this table has neither (as long as that holds).
        rows = [self.rows.get(key) for key in new_rows]
        if any(column.auto_width for column in self.columns.values()) or any(
            row is not None and (row.auto_height or row.height != 1 or row.label is not None)
            for row in rows
        ):
            super()._update_dimensions(new_rows)
        else:
            self.virtual_size = self._fixed_size()

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # A scroll view takes each layout of the screen for a change of its size (it compares
        # the layout's virtual size with its own), and redraws its scroll bars every time:
        # here only when the sizes, or whether a scroll bar is shown, did change.
        sizes = (size, self.virtual_size, container_size, self.styles.gutter)
        if sizes == self._sizes:
            return self._container_size != container_size
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        self._sizes = (size, self.virtual_size, container_size, self.styles.gutter)
        return changed

    def _on_resize(self, event: events.Resize) -> None:
        # DataTable forgets every rendered cell on a resize. Here every column has a fixed width
        # and its caches of lines and cells are keyed by width already, so nothing drawn goes
        # stale: keeping them spares drawing the page twice when it first appears (it is drawn,
        # then sized).
        event.prevent_default()

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        """A cell drawn as one line of segments, exactly as DataTable draws it through Rich (the
        tests compare the two), without Rich's general machinery for the plain one-line cells
        this table holds; anything else is DataTable's to draw."""
        pad = self.cell_padding
        inner = width - 2 * pad
        if row_index < self.fixed_rows or column_index < self.fixed_columns or row_index < 0:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row = self.rows.get(self._row_locations.get_key(row_index))  # type: ignore[arg-type]
        cell = self._get_row_renderables(row_index).cells[column_index]
        if row is None or row.height != 1 or not _drawn_simply(cell, inner):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        assert isinstance(cell, Text)
        component, post = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pre = base_style + Style.from_meta({"row": row_index, "column": column_index})
        pre += component

        def styled(style: Style | None) -> Style | None:
            # As rich's Segment.apply_style(pre_style, post_style) does.
            if pre:
                style = pre + style
            if post:
                style = style + post if style else post
            return style

        plain = cell.plain
        right = cell.justify == "right"
        if right:
            plain = plain.rstrip()
        if len(plain) > inner:
            plain = plain[: inner - 1] + "…" if cell.overflow == "ellipsis" else plain[:inner]
        own = styled(self.app.console.get_style(cell.style) if cell.style else None)
        around = styled(Style.null())
        fill = " " * (inner - len(plain))
        line = [Segment(" " * pad, around)] if pad else []
        if right:
            line.append(Segment(fill + plain, own))
        else:
            line += [Segment(plain, own), Segment(fill, around)]
        if pad:
            line.append(Segment(" " * pad, around))
        return [line]

    def show(self, checkins: list[CheckIn], *, keep: str | None = None) -> None:
        """Replace the rows; the cursor returns to the check-in ``keep`` if it is on this page."""
        self.clear()
        signs: dict[str, dict[str, str]] = {}  # each checklist's sign ids and labels, once a page
        for checkin in checkins:
            if checkin.checklist not in signs:
                checklist = self.catalog.checklists.get(checkin.checklist)
                signs[checkin.checklist] = (
                    {s.id: s.label for s in checklist.signs} if checklist else {}
                )
            self.add_row(*row_cells(checkin, signs[checkin.checklist]), key=checkin.id)
        # The size DataTable works out once idle, known now: the page is laid out and drawn
        # once, with its scroll bar, not drawn once without and again with.
        self.virtual_size = self._fixed_size()
        if keep is not None and any(c.id == keep for c in checkins):
            self.move_cursor(row=self.get_row_index(keep))

    @property
    def highlighted_id(self) -> str | None:
        """The id of the check-in under the cursor, if the page has any."""
        if self.row_count == 0:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
