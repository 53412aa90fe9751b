"""What the counsellor's summary says, section by section (DESIGN section 7), as blocks.

A first page that stands alone (what changed, how much was observed, the family's words), then the
details. Plain calm words; every figure with its denominator; "not checked" is unknown, never
absent. The figures are worded in ``patterns.wording``, the same words the app shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from redflags.checklist import Checklist, Resource, Urgent
from redflags.patterns import wording
from redflags.patterns.types import Quoted, SignSummary, Summary, WordsEntry
from redflags.report import text as report_text
from redflags.report.blocks import (
    Block,
    Bullets,
    Entry,
    Fields,
    Heading,
    Para,
    Table,
    Title,
)
from redflags.report.strip import coverage_strip
from redflags.safe_text import one_line, printable
from redflags.terms import Status, TreatmentDay
from redflags.words import counted

# The title, the audience, the notice and the word for the groups are the checklist's own
# ([summary] table): the treatment-effects checklist never speaks of substance use.
NOTICE_HEADING = "Please note: not a diagnosis"
SAMPLE_TITLE = "SAMPLE DATA"
TREATMENT_MARK = "*"
KEEP = wording.KEEP
FIRST_PAGE_LINES = 60
WORDS_ON_FIRST_PAGE = 2  # the fewest entries in the family's words the first page makes room for
PAGES_ON = "Pages 2 on: every sign, all notes, how to read this, where to get urgent help."


@dataclass(frozen=True, slots=True)
class Frame:
    """How a checklist frames its summary: title, who reads it, the notice (DESIGN section 7)."""

    title: str
    audience: str
    notice_line: str
    notice: str
    grouped_by: str


def frame_of(checklist: Checklist) -> Frame:
    """The checklist's own frame for its summary, made safe to show."""
    own = checklist.summary
    return Frame(
        one_line(own.title),
        one_line(own.audience),
        one_line(own.notice_line),
        printable(own.notice),
        one_line(own.grouped_by),
    )


@dataclass(frozen=True, slots=True)
class Extras:
    """What the person making a summary adds: questions for the appointment, and whether the data
    is the demo's made-up sample."""

    made: date
    ask: str = ""
    sample: bool = False


def labels_of(checklist: Checklist) -> dict[str, str]:
    """Each sign's label, safe to show on one line."""
    return {s.id: one_line(s.label) for s in checklist.signs}


def build(
    summary: Summary,
    checkins: Sequence[Quoted],
    checklist: Checklist,
    urgent: Urgent,
    *,
    made: date,
    country: str | None,
    ask: str = "",
    sample: bool = False,
) -> list[Block]:
    """Every block of the summary: the first page, then the details; ``checkins`` are the
    period's, in time order."""
    frame = frame_of(checklist)
    extras = Extras(made, ask, sample)
    blocks, rest = first_page(summary, checklist, frame, extras)
    blocks += details(summary, list(checkins), checklist, urgent, frame, country, rest)
    return blocks


def first_page(
    summary: Summary, checklist: Checklist, frame: Frame, extras: Extras
) -> tuple[list[Block], list[str]]:
    """The first page (at most 60 lines of text), which stands alone: the header, the family's
    questions, what changed, how much was observed, and as many of the latest entries in the
    family's words as fit. When the signs that changed do not all fit, the last of them (those
    not noted lately first) go to the top of the details; they are returned."""
    said = _changed(summary, checklist)
    changes = said.lines
    # The latest of the family's words matter as much as the last of the changes: keep room for
    # a few of them.
    wanted = min(len(summary.words.entries), WORDS_ON_FIRST_PAGE)
    # What is the same whatever fits is made once, and each block laid out once.
    top = _top(summary, checklist, frame, extras)
    seen = observed(summary, checklist)
    # Each entry takes a line at least: no more than a page of them can fit.
    entries: list[Block] = [
        _words_entry(e, len(summary.observers) > 1)
        for e in summary.words.entries[:FIRST_PAGE_LINES]
    ]
    laid_out: dict[Block, list[str]] = {}
    for keep in range(len(changes), -1, -1):
        blocks, shown = _first_page(summary, checklist, keep, top, seen, entries, laid_out, said)
        lines = report_text.render(blocks, laid_out).count("\n")
        if lines <= FIRST_PAGE_LINES and shown >= wanted:
            break
    return blocks, changes[keep:]


def _top(summary: Summary, checklist: Checklist, frame: Frame, extras: Extras) -> list[Block]:
    """The title, the header, the notice line and the family's questions."""
    title = f"{SAMPLE_TITLE}: {frame.title}" if extras.sample else frame.title
    blocks: list[Block] = [Title(title), header(summary, checklist, frame, extras.made)]
    blocks.append(Para(frame.notice_line))
    if extras.ask.strip():
        lines = [one_line(line) for line in extras.ask.splitlines() if line.strip()]
        blocks += [Heading("Questions and goals for this appointment"), Bullets(tuple(lines))]
    return blocks


def _first_page(
    summary: Summary,
    checklist: Checklist,
    keep: int,
    top: list[Block],
    seen: list[Block],
    entries: list[Block],
    laid_out: dict[Block, list[str]],
    said: _Changed,
) -> tuple[list[Block], int]:
    blocks: list[Block] = [*top, *what_changed(summary, checklist, keep, said)]
    blocks += seen
    words_head: list[Block] = [
        Heading("In the family's words"),
        Para(wording.went_well_line(summary.words)),
    ]
    tail: list[Block] = [Para(PAGES_ON)]
    total = len(summary.words.entries)
    shown = _fit(blocks + words_head, entries, tail, laid_out)
    if entries and not shown:
        words_head.append(Para("The entries are on the pages that follow."))
    elif len(shown) < total:
        words_head[-1] = Para(
            wording.went_well_line(summary.words)
            + f" The latest {len(shown)} of {total} entries, newest first:"
        )
    elif entries:
        words_head[-1] = Para(wording.went_well_line(summary.words) + " Newest first:")
    return blocks + words_head + shown + tail, len(shown)


def _fit(
    head: list[Block],
    entries: list[Block],
    tail: list[Block],
    laid_out: dict[Block, list[str]],
) -> list[Block]:
    """As many entries as fit on the first page, the latest first."""
    room = FIRST_PAGE_LINES

    def lines(extra: list[Block]) -> int:
        return report_text.render([*head, *extra, *tail], laid_out).count("\n")

    if lines([]) + 1 > room:
        return []
    lo, hi = 0, len(entries)
    while lo < hi:  # the most entries that keep the page within its lines
        mid = (lo + hi + 1) // 2
        if lines(entries[:mid]) <= room:
            lo = mid
        else:
            hi = mid - 1
    return entries[:lo]


def header(summary: Summary, checklist: Checklist, frame: Frame, made: date) -> Fields:
    """Person, who it is for, the checklist, period, observers, made on, the last summary."""
    span = summary.period
    observers = [one_line(o) for o in summary.observers]
    period = f"{span.since} to {span.until} ({counted(span.days, 'day')})"
    if summary.since_last and summary.last_summary:
        period += ", since the last summary"
    return Fields(
        (
            ("Person", one_line(summary.person)),
            ("For", frame.audience),
            ("Checklist", f"{one_line(checklist.title)}, version {checklist.version}"),
            ("Period", period),
            (
                "Observers" if len(observers) > 1 else "Observer",
                ", ".join(observers) or "not recorded",
            ),
            (
                "Made on",
                f"{made.isoformat()} (last summary: "
                + (summary.last_summary.isoformat() if summary.last_summary else "none before")
                + ")",
            ),
        )
    )


@dataclass(frozen=True, slots=True)
class _Changed:
    """What what_changed says whatever number of signs it keeps."""

    lines: list[str]
    once: str | None
    treatment: list[str]
    said: str


def _changed(summary: Summary, checklist: Checklist) -> _Changed:
    labels = labels_of(checklist)
    lines, once = wording.changes_lines(summary, labels, summary.since_last)
    treatment = wording.treatment_lines(summary.treatment, labels, only_on_treatment_days=True)
    return _Changed(lines, once, treatment, wording.treatment_summary(summary.treatment))


def what_changed(
    summary: Summary, checklist: Checklist, keep: int | None = None, said: _Changed | None = None
) -> list[Block]:
    """The two windows compared sign by sign (the first ``keep`` signs, and how many more are in
    the details), the signs noted once, then treatment days (``said``: what _changed gives, when
    already made)."""
    blocks: list[Block] = [Heading("What changed")]
    if not summary.checkins:
        return [*blocks, Para("No check-ins in this period: there is nothing to compare.")]
    parts = said or _changed(summary, checklist)
    lines, once = parts.lines, parts.once
    if not summary.changes.signs:
        blocks.append(Para("No sign was noted in this period."))
    else:
        blocks.append(Para(wording.changes_intro(summary.changes, summary.since_last)))
        shown = lines if keep is None else lines[:keep]
        if shown:
            blocks.append(Bullets(tuple(shown)))
        if len(shown) < len(lines):
            blocks.append(
                Para(f"{counted(len(lines) - len(shown), 'more sign')} compared in the details.")
            )
        if once:
            blocks.append(Para(once))
    if parts.treatment:
        blocks += [
            Para(f"{parts.said} Signs noted on treatment days:"),
            Bullets(tuple(parts.treatment)),
        ]
    else:
        blocks.append(Para(parts.said))
    return blocks


def observed(summary: Summary, checklist: Checklist) -> list[Block]:
    """How much was observed: coverage in words, the day strip, then anything to keep in mind."""
    lines = wording.coverage_lines(summary, labels_of(checklist))
    blocks: list[Block] = [Heading("How much was observed"), Bullets(tuple(lines))]
    if summary.coverage.log_began is not None:
        blocks += coverage_strip(summary)
    caveats = tuple(one_line(c) for c in summary.caveats)  # may hold sign labels
    if len(caveats) == 1:
        blocks.append(Para(caveats[0], lead="Keep in mind:"))
    elif caveats:
        blocks += [Para("Keep in mind:"), Bullets(caveats)]
    return blocks


def _words_entry(entry: WordsEntry, observers: bool) -> Entry:
    when = [entry.at + (TREATMENT_MARK if entry.treatment_day == TreatmentDay.YES.value else "")]
    if observers and entry.observer.strip():
        when.append(f"by {one_line(entry.observer)}")
    items: list[tuple[str, str]] = []
    if entry.setting.strip():
        items.append(("Setting", printable(entry.setting)))
    if entry.note.strip():
        items.append(("Note", printable(entry.note)))
    for sign in entry.signs:
        said = "another explanation likely" if sign.explained else Status(sign.status).words
        items.append((f"{one_line(sign.label)} ({said})", printable(sign.note)))
    if entry.positives.strip():
        items.append(("Went well", printable(entry.positives)))
    return Entry(tuple(when), tuple(items))


def details(
    summary: Summary,
    shown: list[Quoted],
    checklist: Checklist,
    urgent: Urgent,
    frame: Frame,
    country: str | None,
    more_changes: Sequence[str] = (),
) -> list[Block]:
    """Pages 2 on: the signs that changed but did not fit on the first page, every sign,
    treatment days, pairs and weekdays when there is enough data, all notes, how to read it,
    urgent help, the full notice."""
    blocks: list[Block] = [Title("Details")]
    if more_changes:
        intro = wording.changes_intro(summary.changes, summary.since_last)
        blocks += [
            Heading("What changed, continued"),
            Para(intro),
            Bullets(tuple(more_changes)),
        ]
    blocks += _signs(summary, checklist, frame)
    blocks += _treatment(summary, checklist)
    blocks += _together(summary, checklist)
    blocks += _weekdays(summary)
    blocks += _notes(shown, checklist, len(summary.observers) > 1)
    blocks += _how_to_read(frame)
    blocks += _urgent(urgent, country)
    blocks += [Heading(NOTICE_HEADING), Para(frame.notice)]
    return blocks


def build_overview(summary: Summary, checklist: Checklist) -> list[Block]:
    """A shorter summary for the terminal: the header, what changed, how much was observed, and
    every sign."""
    frame = frame_of(checklist)
    span = summary.period
    blocks: list[Block] = [
        Title(f"Observed signs: {one_line(summary.person)}"),
        Fields(
            (
                ("Checklist", f"{one_line(checklist.title)}, version {checklist.version}"),
                ("Period", f"{span.since} to {span.until} ({counted(span.days, 'day')})"),
            )
        ),
        Para(frame.notice_line),
    ]
    blocks += what_changed(summary, checklist)
    blocks += observed(summary, checklist)
    blocks += _signs(summary, checklist, frame)
    blocks += _together(summary, checklist)
    return blocks


def _how_to_read(frame: Frame) -> list[Block]:
    return [
        Heading("How to read this summary"),
        Para(
            "Each check-in is one time the observer looked for the checklist's signs, recording "
            f"each as {Status.NOTED.words} (seen), {Status.NOT_SEEN.words}, or "
            f"{Status.NOT_CHECKED.words} (not looked for: unknown, not absent). Every count says "
            'what it is out of: "noted in 4 of 9" means seen in 4 of the 9 check-ins where the '
            'sign was looked for. A noted sign could be marked "another explanation is likely" '
            "(a cold, say) and still counts as noted. What changed compares the last 30 days "
            "of the period (or the days since the last summary) with the days before: a sign "
            '"new" was never noted before in the whole log; "not noted lately" was noted before '
            "and looked for at least 5 times lately without being noted. With fewer than 5 "
            'check-ins where a sign was looked for, a stretch is "too few to compare". Signs '
            f"are grouped by {frame.grouped_by}, as the checklist's source groups them; no "
            "figure is totalled per group, and a sign listed under a group does not show what "
            "the group names. This describes what was recorded, not why."
        ),
    ]


def _row(label: str, sign: SignSummary) -> tuple[str, str, str]:
    return ("  " + label, _of(sign.noted, sign.checked), str(sign.not_checked))


def _noted_detail(sign: SignSummary, explanations: list[str], none_listed: str) -> str:
    """Days noted, how often marked explained, and the other possible causes (``none_listed``
    if the sign lists none), for a sign noted at least once."""
    first, last = sign.first_noted, sign.last_noted
    when = f", {first}" if sign.days_noted == 1 or first == last else f" from {first} to {last}"
    parts = [f"on {counted(sign.days_noted, 'day')}{when}"]
    if sign.explained:  # never marked: the list's lead says so once for all the signs
        parts.append(
            f'marked "another explanation is likely" {sign.explained} of '
            f"{counted(sign.noted, 'time')}"
        )
    causes = "Other possible causes: " + "; ".join(explanations) + "." if explanations else ""
    return "; ".join(parts) + ". " + (causes or none_listed)


def _signs(summary: Summary, checklist: Checklist, frame: Frame) -> list[Block]:
    blocks: list[Block] = [Heading(f"Signs, by {frame.grouped_by}")]
    if not summary.checkins:
        return [*blocks, Para("No check-ins in this period.")]
    by_id = {s.id: s for s in summary.signs}
    rows: list[tuple[str, str, str]] = []
    details: list[str] = []
    none_listed = one_line(checklist.no_other_explanation)
    for group in checklist.groups:
        rows.append((one_line(group.title), "", ""))
        for sign in group.signs:
            figures = by_id[sign.id]
            label = one_line(sign.label)
            rows.append(_row(label, figures))
            if figures.noted:
                explanations = [one_line(e) for e in sign.other_explanations]
                details.append(f"{label}: {_noted_detail(figures, explanations, none_listed)}")
    blocks += [
        Para(
            "Noted, out of the check-ins where the sign was looked for. Nothing is totalled "
            "per group: a sign listed under a group does not show what the group names."
        ),
        Table(("Sign", "Noted", "Not checked"), tuple(rows), 2),
    ]
    if details:
        blocks += [
            Para('Signs noted (none marked "another explanation is likely" unless it says so):'),
            Bullets(tuple(details)),
        ]
    return blocks


def _treatment(summary: Summary, checklist: Checklist) -> list[Block]:
    treatment = summary.treatment
    blocks: list[Block] = [
        Heading("Treatment days and other days"),
        Para(wording.treatment_summary(treatment)),
        Para(wording.treatment_intro(treatment)),
    ]
    if not treatment.signs:
        return blocks
    labels = labels_of(checklist)
    rows = tuple(
        (labels[t.id], _of(t.yes.noted, t.yes.checked), _of(t.no.noted, t.no.checked))
        for t in treatment.signs
    )
    header = (
        "Sign",
        f"Treatment days ({treatment.yes})",
        f"Other days ({treatment.no})",
    )
    return [*blocks, Table(header, rows, 2)]


def _of(noted: int, checked: int) -> str:
    return wording.of(noted, checked)


def _together(summary: Summary, checklist: Checklist) -> list[Block]:
    if not summary.pairs:
        return []
    labels = labels_of(checklist)
    items = tuple(wording.pair_line(p, labels) for p in summary.pairs)
    return [
        Heading("Signs noted together"),
        Para(wording.pairs_intro(summary.pairs)),
        Bullets(items, 2),
    ]


def _weekdays(summary: Summary) -> list[Block]:
    if not summary.weekdays:
        return []
    header = tuple(w.day[:3] for w in summary.weekdays)
    row = tuple(_of(w.with_noted, w.checkins) for w in summary.weekdays)
    return [
        Heading("Days of the week"),
        Para("Check-ins with anything noted, out of the check-ins on that day of the week:"),
        Table(header, (row,), 2),
    ]


def _shown(text: str) -> str:
    """``printable(text)``; most notes are plain ASCII with no control character in them, which
    it would give back as they are."""
    return text if text.isascii() and text.isprintable() else printable(text)


def _notes(shown: list[Quoted], checklist: Checklist, observers: bool) -> list[Block]:
    """Each check-in's typed text beside its date: setting, note, sign notes, what went well."""
    labels = labels_of(checklist)
    entries: list[Block] = []
    yes = TreatmentDay.YES
    # The line under the date naming the observer, made once for each observer (years of
    # check-ins have few).
    by: dict[str, tuple[str, ...]] = {}
    for checkin in shown:
        items: list[tuple[str, str]] = []
        # A text holds something when it is not empty and not only white space.
        setting, note, positives = checkin.setting, checkin.note, checkin.positives
        if setting and not setting.isspace():
            items.append(("Setting", _shown(setting)))
        if note and not note.isspace():
            items.append(("Note", _shown(note)))
        for sid, obs in checkin.observations.items():
            if obs.note.strip():
                # The label the check-in was recorded with, so an old record keeps its meaning.
                label = (
                    one_line(checkin.labels[sid])
                    if sid in checkin.labels
                    else labels.get(sid) or one_line(sid)
                )
                # Only a noted sign can be marked explained, so that says both.
                said = "another explanation likely" if obs.explained else obs.status.words
                items.append((f"{label} ({said})", printable(obs.note)))
        if positives and not positives.isspace():
            items.append(("Went well", _shown(positives)))
        if not items:
            continue
        # "YYYY-MM-DD HH:MM" in the observer's own time (no year before 1900 is stored), as the
        # store read it when it did.
        at = getattr(checkin, "minute", "") or checkin.observed_at.isoformat(" ", "minutes")[:16]
        if checkin.treatment_day is yes:
            at += TREATMENT_MARK
        observer = checkin.observer
        if observers and observer.strip():
            named = by.get(observer)
            if named is None:
                named = by[observer] = (f"by {one_line(observer)}",)
            when: tuple[str, ...] = (at, *named)
        else:
            when = (at,)
        entries.append(Entry(when, tuple(items)))
    intro = (
        f"In the observer's own words ({TREATMENT_MARK} after the time marks a treatment day):"
        if entries
        else "No notes, and nothing under what went well, were recorded in this period."
    )
    return [Heading("All notes and what went well"), Para(intro), *entries]


def _help_rows(resources: Sequence[Resource]) -> tuple[tuple[str, str, str], ...]:
    # One row for a service that several countries share (911 in the US and Canada).
    where: dict[tuple[str, str], list[str]] = {}
    for r in resources:
        place = "anywhere" if r.country == "any" else one_line(r.country)
        where.setdefault((one_line(r.name), one_line(r.contact)), []).append(place)
    return tuple((name, ", ".join(places), contact) for (name, contact), places in where.items())


# The first column's name in the tables of help lines, by kind.
HELP_COLUMN = {"emergency": "Emergency number", "crisis": "Crisis line"}


def _urgent(urgent: Urgent, country: str | None) -> list[Block]:
    """The urgent tiers, each apart with its signs and its numbers."""
    blocks: list[Block] = [Heading("Where to get urgent help")]
    for number, tier in enumerate(urgent.tiers, 1):
        lead = f"{number}. {one_line(tier.title)}"
        if tier.calls == "emergency":  # the numbers in a sentence: they fit in one
            blocks.append(
                Para(f"{urgent.emergency_words(country)}. {one_line(tier.intro)}", lead=lead + ":")
            )
        else:
            blocks.append(Para(one_line(tier.intro), lead=lead + "."))
        blocks.append(Bullets(tuple(one_line(s.text) for s in tier.signs), 2))
        if tier.calls != "emergency":
            rows = _help_rows(urgent.for_tier(tier, country))
            if rows:
                blocks.append(Table((HELP_COLUMN[tier.calls], "Where", "Number"), rows, 2))
    # Other help lines take room the two tiers need more: the app lists them.
    blocks.append(Para("More help lines, and what each service offers: press Ctrl+G in the app."))
    return blocks
