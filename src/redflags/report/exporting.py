"""Making a summary or an export for one person and period, from the store: shared by the command
line and the app, so both say exactly the same thing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from redflags.checklist import Catalog, Checklist
from redflags.model import CheckIn
from redflags.patterns.summarize import period, summarize
from redflags.patterns.types import Summary
from redflags.report.render import render_csv, render_json, render_markdown, render_text
from redflags.store import Store

Renderer = Callable[..., str]
RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "csv": render_csv,
}


def checklist_for(
    store: Store, catalog: Catalog, person: str, wanted: str | None, default: str
) -> Checklist:
    """The checklist asked for, else the one the person's check-ins use most, else the default."""
    if wanted is None:
        used = [c for c in store.checklists_used(person) if c in catalog.checklists]
        wanted = used[0] if used else default
    return catalog.get(wanted)


def summary_for(
    store: Store,
    checklist: Checklist,
    person: str,
    *,
    since: date | None,
    until: date | None,
    everything: bool,
    today: date,
) -> Summary:
    """The summary of a person's check-ins with one checklist over a period (DESIGN section 6)."""
    start, end = period(
        since,
        until,
        everything=everything,
        first_day=store.first_day(person) if everything else None,
        today=today,
    )
    marks = store.marks(person, checklist.id, since=start, until=end)
    return summarize(checklist, marks, person=person, since=start, until=end)


def export_for(
    store: Store,
    catalog: Catalog,
    checklist: Checklist,
    summary: Summary,
    *,
    fmt: str,
    initials: bool,
    made: date,
    country: str | None,
) -> str:
    """The export of a summary in one of the four formats."""
    # Text and markdown quote only what the observer wrote; everything else comes from the
    # summary, so years of check-ins need not all be read for them.
    span = summary.period
    checkins: Sequence[CheckIn] = (
        store.written(summary.person, checklist.id, since=span.since, until=span.until)
        if fmt in ("text", "markdown")
        else store.checkins(
            summary.person, since=span.since, until=span.until, checklist=checklist.id
        )
    )
    return RENDERERS[fmt](
        summary, checkins, checklist, catalog.urgent, made=made, country=country, initials=initials
    )
