"""What the counsellor's summary says, section by section (DESIGN section 7), as blocks.

Plain calm words; every figure with its denominator; "not checked" is unknown, never absent.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from redflags.checklist import Checklist, Urgent
from redflags.model import CheckIn, Status, TreatmentDay
from redflags.patterns import PAIR_MIN, TREND_MIN
from redflags.report_blocks import (
    Block,
    Bullets,
    Fields,
    Heading,
    Item,
    Note,
    Para,
    Pre,
    Subheading,
    Table,
    Title,
)
from redflags.report_strip import coverage_strip
from redflags.safe_text import one_line, printable
from redflags.summary import SignSummary, Summary
from redflags.summary_words import sign_figures
from redflags.words import counted

NOTICE = (
    "These are observations recorded by a family member or someone else close to the person. "
    "They are not a diagnosis. Physical signs alone cannot show substance use, and every sign "
    "here has other possible causes: only a qualified professional can assess substance use."
)
NOTICE_HEADING = "Please note: not a diagnosis"
TITLE = "Observed warning signs: a summary to discuss with a counsellor"
WEEKDAY_MIN = 14  # fewer check-ins than this: a weekday pattern would mean nothing

TREATMENT_WORDS = {
    TreatmentDay.YES: "a treatment day",
    TreatmentDay.NO: "not a treatment day",
    TreatmentDay.UNKNOWN: "treatment day not known",
}


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
    blocks: list[Block] = [Title(TITLE)]
    blocks += _front(summary, shown, checklist, made)
    blocks += [Heading(NOTICE_HEADING), Para(NOTICE)]
    blocks += _how_to_read()
    blocks += _coverage(summary)
    blocks += _signs(summary, checklist)
    blocks += _treatment(summary, checklist)
    blocks += _together(summary, checklist)
    blocks += _weekdays(summary)
    blocks += _notes(shown, checklist)
    blocks += _urgent(urgent, country)
    blocks += [Heading(NOTICE_HEADING), Para(NOTICE)]
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
        Para(NOTICE),
    ]
    blocks += _coverage(summary)
    blocks += _signs(summary, checklist)
    blocks += _treatment(summary, checklist)
    blocks += _together(summary, checklist)
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
    words = [s.words for s in Status]
    width = max(len(w) for w in words) + 2
    return [
        Heading("How to read this summary"),
        Para(
            "Each check-in is one time the observer looked for the signs on the checklist. "
            "For each sign they recorded one of three things:"
        ),
        Pre(
            (
                f"  {Status.NOTED.words:<{width}}they saw the sign",
                f"  {Status.NOT_SEEN.words:<{width}}they looked for it and did not see it",
                f"  {Status.NOT_CHECKED.words:<{width}}they did not look for it: unknown, not absent",
            )
        ),
        Para(
            'Counts are of check-ins, and each says what it is out of. "Noted in 4 of 9 '
            'check-ins where it was looked for" leaves out the check-ins where the sign was '
            "not checked."
        ),
        Para(
            "Where the observer thought another cause was likely (a cold, say), they could mark "
            'a noted sign "another explanation is likely". It still counts as noted, and how '
            "often it was marked is shown beside it."
        ),
        Para(
            "A trend compares the earlier half of the check-ins where a sign was looked for "
            'with the later half: "rising" or "falling" when the share noted changed by a '
            f'quarter or more, "steady" otherwise. It needs at least {TREND_MIN} such '
            "check-ins. A trend describes what was recorded, not its cause."
        ),
    ]


def _coverage(summary: Summary) -> list[Block]:
    span = summary.period
    blocks: list[Block] = [Heading("Coverage")]
    blocks.append(
        Para(
            f"Check-ins on {span.days_checked} of the {span.days} days in the period "
            f"({counted(summary.checkins, 'check-in')} in all)."
        )
    )
    if summary.checkins:
        blocks.append(
            Para(
                f"Treatment day: yes for {summary.treatment_checkins}, no for "
                f"{summary.other_day_checkins}, not known for {summary.treatment_unknown} "
                f"of the {counted(summary.checkins, 'check-in')}."
            )
        )
    blocks += coverage_strip(summary)
    if summary.caveats:
        caveats = tuple(one_line(c) for c in summary.caveats)  # they may hold sign labels
        blocks += [Subheading("Keep in mind"), Bullets(caveats)]
    return blocks


def _sign_lines(sign: SignSummary, explanations: list[str]) -> list[str]:
    lines = sign_figures(sign)
    if sign.noted:
        lines.append("Other possible causes: " + "; ".join(explanations) + ".")
    return lines


def _signs(summary: Summary, checklist: Checklist) -> list[Block]:
    blocks: list[Block] = [Heading("Signs, by route of use")]
    if not summary.checkins:
        return [*blocks, Para("No check-ins in this period.")]
    by_id = {s.id: s for s in summary.signs}
    for group, counts in zip(checklist.groups, summary.groups, strict=True):
        blocks.append(Subheading(one_line(group.title)))
        if counts.checked_checkins:
            blocks.append(
                Para(
                    f"Something from this group was noted in {counts.noted_checkins} of the "
                    f"{counted(counts.checked_checkins, 'check-in')} where any of it was "
                    "looked for.",
                    2,
                )
            )
        quiet: list[str] = []
        for sign in group.signs:
            figures = by_id[sign.id]
            if figures.noted == 0:
                # A sign never noted needs one line, not a trend of nothing against nothing.
                quiet.append(_quiet_line(one_line(sign.label), figures))
                continue
            explanations = [one_line(e) for e in sign.other_explanations]
            lines = _sign_lines(figures, explanations)
            blocks.append(Item(one_line(sign.label), tuple(lines), 2))
        if quiet:
            blocks += [Para("Never noted in this period:", 2), Bullets(tuple(quiet), 2)]
    return blocks


def _quiet_line(label: str, sign: SignSummary) -> str:
    if sign.checked == 0:
        return f"{label}: not checked in any of the {counted(sign.not_checked, 'check-in')}."
    return (
        f"{label}: looked for in {counted(sign.checked, 'check-in')}, not seen in any; "
        f"not checked in {sign.not_checked}."
    )


def _labels(checklist: Checklist) -> dict[str, str]:
    return {s.id: one_line(s.label) for s in checklist.signs}


def _treatment(summary: Summary, checklist: Checklist) -> list[Block]:
    blocks: list[Block] = [
        Heading("Treatment days and other days"),
        Para(
            "Some signs are expected for a few hours after a dose of prescribed ketamine or "
            "esketamine, so check-ins on treatment days are compared with check-ins on other "
            "days."
        ),
    ]
    if not summary.treatment:
        if summary.checkins:
            blocks.append(
                Para(
                    "No comparison: it needs check-ins marked as treatment days and check-ins "
                    f"marked as other days. Of the {counted(summary.checkins, 'check-in')}, "
                    f"treatment day was yes for {summary.treatment_checkins}, no for "
                    f"{summary.other_day_checkins} and not known for "
                    f"{summary.treatment_unknown}."
                )
            )
        return blocks
    unknown = summary.treatment_unknown
    blocks.append(
        Para(
            f"Treatment days: {counted(summary.treatment_checkins, 'check-in')}; other days: "
            f"{counted(summary.other_day_checkins, 'check-in')}"
            + (
                f"; {counted(unknown, 'check-in')} where this was not known "
                f"{'is' if unknown == 1 else 'are'} in neither column. "
                if unknown
                else ". "
            )
            + "Each cell: noted in how many of the check-ins where the sign was looked for. "
            "Signs never noted are left out."
        )
    )
    labels = _labels(checklist)
    rows = [
        (labels[t.id], _of(t.yes.noted, t.yes.checked), _of(t.no.noted, t.no.checked))
        for t in summary.treatment
        if t.yes.noted or t.no.noted
    ]
    if rows:
        blocks.append(Table(("Sign", "Treatment days", "Other days"), tuple(rows), 2))
    else:
        blocks.append(Para("No sign was noted on either kind of day."))
    return blocks


def _of(noted: int, checked: int) -> str:
    return f"{noted} of {checked}" if checked else "not looked for"


def _together(summary: Summary, checklist: Checklist) -> list[Block]:
    blocks: list[Block] = [Heading("Signs noted together")]
    if not summary.pairs:
        return [
            *blocks,
            Para(f"No two signs were noted in the same check-in {PAIR_MIN} or more times."),
        ]
    labels = _labels(checklist)
    blocks.append(Para(f"Signs noted in the same check-in at least {PAIR_MIN} times:"))
    items = tuple(
        f"{labels[p.signs[0]]} and {labels[p.signs[1]]}: together in {p.together} of "
        f"{counted(summary.checkins, 'check-in')}"
        for p in summary.pairs
    )
    return [*blocks, Bullets(items, 2)]


def _weekdays(summary: Summary) -> list[Block]:
    blocks: list[Block] = [Heading("Days of the week")]
    if summary.checkins < WEEKDAY_MIN:
        return [
            *blocks,
            Para(
                f"Not shown: a weekday pattern needs at least {WEEKDAY_MIN} check-ins, and "
                f"there {'is' if summary.checkins == 1 else 'are'} "
                f"{summary.checkins}."
            ),
        ]
    rows = tuple(
        (w.day, f"{w.with_noted} of {counted(w.checkins, 'check-in')}") for w in summary.weekdays
    )
    return [
        *blocks,
        Para("Check-ins with anything noted, by day of the week:"),
        Table(("Day", "Anything noted"), rows, 2),
    ]


def _when(checkin: CheckIn) -> str:
    lead = checkin.observed_at.strftime("%Y-%m-%d %H:%M")
    if checkin.observer.strip():
        lead += f", {one_line(checkin.observer)}"
    return f"{lead}, {TREATMENT_WORDS[checkin.treatment_day]}"


def _notes(shown: list[CheckIn], checklist: Checklist) -> list[Block]:
    labels = _labels(checklist)
    notes: list[Block] = []
    for checkin in shown:
        entries: list[Block] = []
        if checkin.setting.strip():
            entries.append(Note("Setting:", printable(checkin.setting), 2))
        if checkin.note.strip():
            entries.append(Note("Note:", printable(checkin.note), 2))
        for sid, obs in checkin.observations.items():
            if obs.note.strip():
                # The label the check-in was recorded with, so an old record keeps its meaning.
                label = (
                    one_line(checkin.labels[sid])
                    if sid in checkin.labels
                    else labels.get(sid) or one_line(sid)
                )
                extra = ", another explanation likely" if obs.explained else ""
                lead = f"{label} ({obs.status.words}{extra}):"
                entries.append(Note(lead, printable(obs.note), 2))
        if entries:
            notes += [Para(_when(checkin)), *entries]
    positives: list[Block] = [
        Note(_when(c) + ":", printable(c.positives)) for c in shown if c.positives.strip()
    ]
    return [
        Heading("Notes from the check-ins"),
        *(notes or [Para("No notes were recorded in this period.")]),
        Heading("What went well"),
        *(positives or [Para("Nothing was recorded under what went well in this period.")]),
    ]


def _urgent(urgent: Urgent, country: str | None) -> list[Block]:
    resources = urgent.resources_near(country)
    items = tuple(
        f"{one_line(r.name)} ({'any country' if r.country == 'any' else r.country}): "
        f"{one_line(r.contact)}. {one_line(r.what)}"
        for r in resources
    )
    return [
        Heading("Where to get urgent help"),
        Para(one_line(urgent.intro)),
        Bullets(tuple(one_line(s.text) for s in urgent.signs), 2),
        Para("Numbers and services:"),
        Bullets(items, 2),
        *(
            [Para("Numbers for other countries are in the app: press ! on any screen.")]
            if country
            else []
        ),
    ]
