"""Making a summary or an export for one person and period, from the store: shared by the command
line and the app, so both say exactly the same thing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from redflags.checklist import Catalog, Checklist, Urgent
from redflags.patterns.summarize import WORDS_KEPT, period, summarize_stored, windows
from redflags.patterns.types import LogFacts, Quoted, StoredMarks, Summary, Words
from redflags.report.formats import FORMATS, Reads
from redflags.store import Store
from redflags.terms import SAMPLE_KEY

if TYPE_CHECKING:
    from redflags.store.checkins import Written


def checklist_for(
    store: Store, catalog: Catalog, person: str, wanted: str | None, default: str
) -> Checklist:
    """The checklist asked for, else the one the person's check-ins use most, else the default."""
    if wanted is None:
        used = [c for c in store.checklists_used(person) if c in catalog.checklists]
        wanted = used[0] if used else default
    return catalog.get(wanted)


def is_sample(store: Store) -> bool:
    """Whether the database holds the demo's made-up sample data."""
    return store.get_meta(SAMPLE_KEY) == "yes"


class _Collector:
    """Years of check-ins are read and laid out as many small objects, none of them in a cycle:
    meanwhile Python's cyclic garbage collector would pass over every object of the program (its
    modules, its checklists) again and again, for nothing. It waits until they are made, and
    runs as before after (inside an outer use too)."""

    def __enter__(self) -> None:
        import gc

        self.was_on = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        import gc

        if self.was_on:
            gc.enable()


def summary_for(
    store: Store,
    checklist: Checklist,
    person: str,
    *,
    since: date | None,
    until: date | None,
    everything: bool,
    today: date,
    since_last: bool = False,
) -> Summary:
    """The summary of a person's check-ins with one checklist over a period (DESIGN section 6)."""
    return summary_and_written(
        store,
        checklist,
        person,
        since=since,
        until=until,
        everything=everything,
        today=today,
        since_last=since_last,
        all_written=False,
    )[0]


def summary_and_written(
    store: Store,
    checklist: Checklist,
    person: str,
    *,
    since: date | None,
    until: date | None,
    everything: bool,
    today: date,
    since_last: bool = False,
    all_written: bool = True,
) -> tuple[Summary, list[Written]]:
    """The summary, and the period's check-ins with something written (read once, they serve
    the text and markdown exports too). Without ``all_written`` only the latest of them are read
    (enough for the summary's family's words) and the "went well" count is asked of the store."""
    with _Collector():
        return _summary_and_written(
            store,
            checklist,
            person,
            since=since,
            until=until,
            everything=everything,
            today=today,
            since_last=since_last,
            all_written=all_written,
        )


def _summary_and_written(
    store: Store,
    checklist: Checklist,
    person: str,
    *,
    since: date | None,
    until: date | None,
    everything: bool,
    today: date,
    since_last: bool,
    all_written: bool,
) -> tuple[Summary, list[Written]]:
    last = store.last_summary(person, checklist.id)
    first_day = store.first_day(person) if everything else None
    start, end = period(
        since,
        until,
        everything=everything,
        first_day=first_day,
        today=today,
        since_last=since_last,
        last_summary=last,
    )
    since_last = since_last and last is not None
    # The period and the window before it are read in full; of the years before them only what
    # the summary needs (when the log began, the signs ever noted, the last treatment day).
    first = min(start, windows(start, end, since_last=since_last)[1])
    facts: LogFacts | None = None
    if first_day is None or first_day < first:  # else nothing is before: the log says it all
        began, last_treatment, noted_before = store.log_facts(
            person, checklist.id, before=first, until=end
        )
        facts = LogFacts(began, last_treatment, noted_before, first)
    days, treatment, noted, checked, explained, observers, bits = store.summary_columns(
        person, checklist.id, since=first, until=end
    )
    stored = StoredMarks(days, treatment, noted, (), explained, observers, checked, bits)
    went: tuple[int, date | None] | None = None
    read_from = start
    if not all_written:
        cutoff, count, last_went_well = store.words_facts(
            person, checklist.id, since=start, until=end, most=WORDS_KEPT
        )
        went = (count, last_went_well)
        if cutoff is not None:  # a day early: local days and instants may disagree by one
            read_from = max(start, cutoff - timedelta(days=1))
    written = store.written(person, checklist.id, since=read_from, until=end)
    summary = summarize_stored(
        checklist,
        stored,
        person=person,
        since=start,
        until=end,
        since_last=since_last,
        written=written,
        last_summary=last,
        facts=facts,
    )
    if went is not None:
        count, last_went_well = went
        words = Words(count, summary.checkins, last_went_well, summary.words.entries)
        summary = replace(summary, words=words)
    return summary, written


@dataclass(frozen=True, slots=True)
class ExportJob:
    """Everything an export is made from, read from the store: rendering it needs no database,
    so the app can do it away from the screen (it can take a while for years of long notes)."""

    summary: Summary
    checkins: Sequence[Quoted]
    checklist: Checklist
    urgent: Urgent
    fmt: str
    initials: bool
    made: date
    country: str | None
    ask: str
    sample: bool

    def render(self) -> str:
        """The export, in its format."""
        make = FORMATS[self.fmt].render()
        with _Collector():
            return make(
                self.summary,
                self.checkins,
                self.checklist,
                self.urgent,
                made=self.made,
                country=self.country,
                initials=self.initials,
                ask=self.ask,
                sample=self.sample,
            )


def prepare_export(
    store: Store,
    catalog: Catalog,
    checklist: Checklist,
    summary: Summary,
    *,
    fmt: str,
    initials: bool,
    made: date,
    country: str | None,
    ask: str = "",
    written: Sequence[Quoted] | None = None,
) -> ExportJob:
    """Read what an export in one of the registered formats needs (``written``: the period's
    check-ins with something written, when already read)."""
    span = summary.period
    # Text and markdown quote only what the observer wrote; everything else comes from the
    # summary, so years of check-ins need not all be read for them.
    checkins: Sequence[Quoted] = (
        (
            written
            if written is not None
            else store.written(summary.person, checklist.id, since=span.since, until=span.until)
        )
        if FORMATS[fmt].reads is Reads.WRITTEN
        else store.checkins(
            summary.person, since=span.since, until=span.until, checklist=checklist.id
        )
    )
    return ExportJob(
        summary, checkins, checklist, catalog.urgent, fmt, initials, made, country, ask,
        is_sample(store),
    )  # fmt: skip


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
    ask: str = "",
    written: Sequence[Quoted] | None = None,
) -> str:
    """The export of a summary in one of the registered formats."""
    job = prepare_export(
        store, catalog, checklist, summary, fmt=fmt, initials=initials, made=made,
        country=country, ask=ask, written=written,
    )  # fmt: skip
    return job.render()


def remember(store: Store, summary: Summary, fmt: str, made: date) -> None:
    """Record that this summary was made (person, checklist, period, format, day: no content)."""
    span = summary.period
    store.record_summary(summary.person, summary.checklist, span.since, span.until, fmt, made)
