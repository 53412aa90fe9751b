"""What the counsellor's summary says, section by section (DESIGN section 7), as blocks.

Plain calm words; every figure with its denominator; "not checked" is unknown, never absent.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from redflags.checklist import Checklist, Resource, Urgent
from redflags.model import CheckIn, Status, TreatmentDay
from redflags.patterns.summarize import PAIR_MIN, TREND_MIN, days_caveat
from redflags.patterns.types import Direction, SignSummary, Summary
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
from redflags.words import counted

# The title, the notice and the word for the groups are the checklist's own ([summary] table).
NOTICE_HEADING = "Please note: not a diagnosis"
TREATMENT_MARK = "*"
KEEP = "\u00a0"  # a space that wrapping never breaks at (a plain space in the text file)
WEEKDAY_MIN = 14  # fewer check-ins than this: a weekday pattern would mean nothing


def build(
    summary: Summary,
    checkins: Sequence[CheckIn],
    checklist: Checklist,
    urgent: Urgent,
    *,
    made: date,
    country: str | None,
) -> list[Block]:
    """Every block of the summary, in the order of DESIGN section 7; ``checkins`` are the
    period's, in time order."""
    shown = list(checkins)
    frame = checklist.summary
    blocks: list[Block] = [Title(one_line(frame.title))]
    blocks += _front(summary, shown, checklist, made)
    blocks += [Heading(NOTICE_HEADING), Para(one_line(frame.notice))]
    blocks += _how_to_read()
    blocks += _coverage(summary)
    blocks += _signs(summary, checklist)
    blocks += _treatment(summary, checklist)
    blocks += [Heading("Signs noted together, and days of the week")]
    blocks += _together(summary, checklist)
    blocks += _weekdays(summary)
    blocks += _notes(shown, checklist, len(summary.observers) > 1)
    blocks += _urgent(urgent, country)
    blocks += [Heading(NOTICE_HEADING), Para(one_line(frame.notice))]
    return blocks


def build_overview(summary: Summary, checklist: Checklist) -> list[Block]:
    """A shorter summary for the terminal: the notice, coverage, signs, treatment days, pairs."""
    span = summary.period
    blocks: list[Block] = [
        Title(f"Observed signs: {one_line(summary.person)}"),
        Fields(
            (
                ("Checklist", f"{one_line(checklist.title)}, version {checklist.version}"),
                ("Period", f"{span.since} to {span.until} ({counted(span.days, 'day')})"),
            )
        ),
        Para(one_line(checklist.summary.notice)),
    ]
    blocks += _coverage(summary)
    blocks += _signs(summary, checklist)
    blocks += _treatment(summary, checklist)
    blocks += [Heading("Signs noted together"), *_together(summary, checklist)]
    return blocks


def _front(summary: Summary, shown: list[CheckIn], checklist: Checklist, made: date) -> list[Block]:
    span = summary.period
    # Observers come from the summary: the caller may pass only the check-ins with notes.
    observers = [one_line(o) for o in summary.observers]
    return [
        Fields(
            (
                ("Person", one_line(summary.person)),
                ("Checklist", f"{one_line(checklist.title)}, version {checklist.version}"),
                ("Period", f"{span.since} to {span.until} ({counted(span.days, 'day')})"),
                (
                    "Observers" if len(observers) > 1 else "Observer",
                    ", ".join(observers) or "not recorded",
                ),
                ("Made on", made.isoformat()),
            )
        )
    ]


def _how_to_read() -> list[Block]:
    return [
        Heading("How to read this summary"),
        Para(
            "Each check-in is one time the observer looked for the checklist's signs, recording "
            f"each as {Status.NOTED.words} (seen), {Status.NOT_SEEN.words}, or "
            f"{Status.NOT_CHECKED.words} (not looked for: unknown, not absent). Every count says "
            'what it is out of: "noted in 4 of 9" means seen in 4 of the 9 check-ins where the '
            "sign (for a group, any of its signs) was looked for. A noted sign could be marked "
            '"another explanation is likely" (a cold, say) and still counts as noted. A trend '
            "compares the earlier and later halves of the check-ins where a sign was looked for: "
            "rising or falling if the share noted moved by a quarter or more, else steady (too "
            f"few: under {TREND_MIN}). It describes what was recorded, not why."
        ),
    ]


def _coverage(summary: Summary) -> list[Block]:
    span = summary.period
    missing = span.days - span.days_checked
    if not summary.checkins:
        text = f"No check-ins in the {counted(span.days, 'day')} of the period."
    else:
        text = (
            f"{counted(summary.checkins, 'check-in')} on {span.days_checked} of the "
            f"{span.days} days"
        )
        if missing:
            text += f"; nothing is known about the other {counted(missing, 'day')}"
        text += (
            f". Treatment day: yes for {summary.treatment_checkins}, no for "
            f"{summary.other_day_checkins}, not known for {summary.treatment_unknown}."
        )
    blocks: list[Block] = [Heading("Coverage"), Para(text), *coverage_strip(summary)]
    # The days without a check-in are said above; the other caveats follow the strip.
    said = days_caveat(span) if summary.checkins else None
    caveats = tuple(one_line(c) for c in summary.caveats if c != said)  # may hold sign labels
    if len(caveats) == 1:
        blocks.append(Para(caveats[0], lead="Keep in mind:"))
    elif caveats:
        blocks += [Para("Keep in mind:"), Bullets(caveats)]
    return blocks


TREND_WORDS = {
    Direction.RISING: "rising",
    Direction.FALLING: "falling",
    Direction.STEADY: "steady",
    Direction.TOO_FEW: "too few",
}


def _row(label: str, sign: SignSummary) -> tuple[str, str, str, str]:
    noted = _of(sign.noted, sign.checked)
    return ("  " + label, noted, str(sign.not_checked), TREND_WORDS[sign.trend.direction])


def _noted_detail(sign: SignSummary, explanations: list[str]) -> str:
    """Days noted, the trend's halves, how often marked explained, and the other possible
    causes, for a sign noted at least once."""
    first, last = sign.first_noted, sign.last_noted
    when = f", {first}" if sign.days_noted == 1 or first == last else f" from {first} to {last}"
    parts = [f"on {counted(sign.days_noted, 'day')}{when}"]
    trend = sign.trend
    if trend.direction in (Direction.RISING, Direction.FALLING):
        parts.append(
            f"{trend.direction.value}: {_of(trend.earlier.noted, trend.earlier.checked)} in the "
            f"earlier half, {_of(trend.later.noted, trend.later.checked)} in the later"
        )
    if sign.explained:  # never marked: the list's lead says so once for all the signs
        parts.append(
            f'marked "another explanation is likely" {sign.explained} of '
            f"{counted(sign.noted, 'time')}"
        )
    return "; ".join(parts) + ". Other possible causes: " + "; ".join(explanations) + "."


def _signs(summary: Summary, checklist: Checklist) -> list[Block]:
    blocks: list[Block] = [Heading(f"Signs, by {one_line(checklist.summary.grouped_by)}")]
    if not summary.checkins:
        return [*blocks, Para("No check-ins in this period.")]
    by_id = {s.id: s for s in summary.signs}
    rows: list[tuple[str, str, str, str]] = []
    details: list[str] = []
    for group, counts in zip(checklist.groups, summary.groups, strict=True):
        noted = _of(counts.noted_checkins, counts.checked_checkins)
        rows.append((one_line(group.title), noted, "", ""))
        for sign in group.signs:
            figures = by_id[sign.id]
            label = one_line(sign.label)
            rows.append(_row(label, figures))
            if figures.noted:
                explanations = [one_line(e) for e in sign.other_explanations]
                details.append(f"{label}: {_noted_detail(figures, explanations)}")
    blocks.append(Table(("Sign", "Noted", "Not checked", "Trend"), tuple(rows), 2))
    if details:
        blocks += [
            Para('Signs noted (none marked "another explanation is likely" unless it says so):'),
            Bullets(tuple(details)),
        ]
    return blocks


def _labels(checklist: Checklist) -> dict[str, str]:
    return {s.id: one_line(s.label) for s in checklist.signs}


def _treatment(summary: Summary, checklist: Checklist) -> list[Block]:
    blocks: list[Block] = [Heading("Treatment days and other days")]
    intro = (
        "Some signs are expected for a few hours after a prescribed ketamine or esketamine dose."
    )
    if not summary.treatment:
        if summary.checkins:
            intro += (
                " Treatment days are not compared with other days here: that needs check-ins "
                "marked as treatment days and check-ins "
                f"marked as other days. Of the {counted(summary.checkins, 'check-in')}, "
                f"treatment day was yes for {summary.treatment_checkins}, no for "
                f"{summary.other_day_checkins} and not known for {summary.treatment_unknown}."
            )
        return [*blocks, Para(intro)]
    unknown = summary.treatment_unknown
    if unknown:
        intro += (
            f" {counted(unknown, 'check-in').capitalize()} where this was not known "
            f"{'is' if unknown == 1 else 'are'} in neither column."
        )
    intro += " Signs ever noted, of the check-ins where each was looked for:"
    blocks.append(Para(intro))
    labels = _labels(checklist)
    rows = [
        (labels[t.id], _of(t.yes.noted, t.yes.checked), _of(t.no.noted, t.no.checked))
        for t in summary.treatment
        if t.yes.noted or t.no.noted
    ]
    if rows:
        header = (
            "Sign",
            f"Treatment days ({summary.treatment_checkins})",
            f"Other days ({summary.other_day_checkins})",
        )
        blocks.append(Table(header, tuple(rows), 2))
    else:
        blocks.append(Para("No sign was noted on either kind of day."))
    return blocks


def _of(noted: int, checked: int) -> str:
    """ "3 of 10", kept on one line when wrapped; "not looked for" when nothing was checked."""
    return f"{noted}{KEEP}of{KEEP}{checked}" if checked else "not looked for"


def _together(summary: Summary, checklist: Checklist) -> list[Block]:
    if not summary.pairs:
        return [Para(f"No two signs were noted in the same check-in {PAIR_MIN} or more times.")]
    labels = _labels(checklist)
    blocks: list[Block] = [
        Para(
            f"Signs noted in the same check-in at least {PAIR_MIN} times, out of all "
            f"{counted(summary.checkins, 'check-in')}:"
        )
    ]
    items = tuple(
        f"{labels[p.signs[0]]} and {labels[p.signs[1]]}: together in {p.together}"
        for p in summary.pairs
    )
    return [*blocks, Bullets(items, 2)]


def _weekdays(summary: Summary) -> list[Block]:
    if summary.checkins < WEEKDAY_MIN:
        return [
            Para(
                f"Not shown: a weekday pattern needs at least {WEEKDAY_MIN} check-ins, and "
                f"there {'is' if summary.checkins == 1 else 'are'} "
                f"{summary.checkins}."
            ),
        ]
    header = tuple(w.day[:3] for w in summary.weekdays)
    row = tuple(f"{w.with_noted} of {w.checkins}" for w in summary.weekdays)
    return [
        Para("Check-ins with anything noted, out of the check-ins on that day of the week:"),
        Table(header, (row,), 2),
    ]


def _when(checkin: CheckIn, observers: bool) -> tuple[str, ...]:
    when = [checkin.observed_at.strftime("%Y-%m-%d %H:%M")]
    if checkin.treatment_day is TreatmentDay.YES:
        when[0] += TREATMENT_MARK
    if observers and checkin.observer.strip():
        when.append(f"by {one_line(checkin.observer)}")
    return tuple(when)


def _notes(shown: list[CheckIn], checklist: Checklist, observers: bool) -> list[Block]:
    """Each check-in's typed text beside its date: setting, note, sign notes, what went well."""
    labels = _labels(checklist)
    entries: list[Block] = []
    for checkin in shown:
        items: list[tuple[str, str]] = []
        if checkin.setting.strip():
            items.append(("Setting", printable(checkin.setting)))
        if checkin.note.strip():
            items.append(("Note", printable(checkin.note)))
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
        if checkin.positives.strip():
            items.append(("Went well", printable(checkin.positives)))
        if items:
            entries.append(Entry(_when(checkin, observers), tuple(items)))
    intro = (
        f"In the observer's own words ({TREATMENT_MARK} after the time marks a treatment day):"
        if entries
        else "No notes, and nothing under what went well, were recorded in this period."
    )
    return [Heading("Notes and what went well"), Para(intro), *entries]


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
    blocks.append(Para("More help lines, and what each service offers: press ! in the app."))
    return blocks
