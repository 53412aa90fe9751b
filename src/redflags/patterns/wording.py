"""The figures of a summary in plain words, written once and used by the app and the export alike.

Every sentence carries its denominator; "not checked" is unknown, never absent. Sign labels are
passed in already made safe to show; ``day`` writes a date (ISO in the export, friendlier on
screen).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from redflags.patterns.summarize import COMPARE_MIN, PAIR_MIN, WEEKDAY_MIN
from redflags.patterns.types import (
    Change,
    Changes,
    Count,
    Coverage,
    Pair,
    SignSummary,
    Summary,
    Treatment,
    Word,
    Words,
)
from redflags.words import counted

NAMED_MOST = 6  # more signs than this in a coverage line are counted, not named
KEEP = "\u00a0"  # a space that wrapping never breaks at (a plain space once laid out)
DayWords = Callable[[date], str]


def of(noted: int, checked: int) -> str:
    """ "3 of 10", kept on one line when wrapped; "not looked for" when nothing was checked."""
    return f"{noted}{KEEP}of{KEEP}{checked}" if checked else "not looked for"


def _names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# What changed -----------------------------------------------------------------------------------


def window_names(changes: Changes, since_last: bool) -> tuple[str, str]:
    """What the two windows are called in a sign's line: ("last 30 days", "before"); the second is
    empty when the period has no days before the recent window."""
    recent = (
        "since the last summary" if since_last else f"last {counted(changes.recent.days, 'day')}"
    )
    # A "before" window without a check-in (a short period, or a log that began lately) is not
    # mentioned sign by sign: the intro says there is nothing to compare with.
    return recent, ("before" if changes.before.checkins > 0 else "")


def changes_intro(changes: Changes, since_last: bool, day: DayWords = date.isoformat) -> str:
    """Which two stretches of days are compared, and how many check-ins each holds."""
    r, b = changes.recent, changes.before
    recent = "Since the last summary" if since_last else f"The last {counted(r.days, 'day')}"
    text = f"{recent} ({day(r.since)} to {day(r.until)}, {counted(r.checkins, 'check-in')})"
    if b.days <= 0:
        return f"{text}, with no earlier days to compare; noted, out of looked for:"
    if b.checkins == 0:
        return (
            f"{text}; no check-ins in the {counted(b.days, 'day')} before, so nothing to compare "
            "with; noted, out of looked for:"
        )
    return (
        f"{text} against the {counted(b.days, 'day')} before ({counted(b.checkins, 'check-in')}); "
        "noted, out of looked for:"
    )


def _window(count: Count) -> str:
    if count.checked == 0:
        return "not looked for"
    if count.checked < COMPARE_MIN:
        return f"{of(count.noted, count.checked)}, too few to compare"
    return of(count.noted, count.checked)


def change_line(change: Change, label: str, names: tuple[str, str], day: DayWords) -> str:
    """One sign in both windows, with "new" or "not noted lately" when, and only when, they apply."""
    recent, before = names
    counts = f"{recent} {_window(change.recent)}"
    if before:  # an empty "before" window (a period of 30 days or less) is not mentioned
        counts += f"; {before} {_window(change.before)}"
    if change.word is Word.NEW and change.first_noted:
        return f"{label}: new, first noted on {day(change.first_noted)} ({counts})."
    if change.word is Word.NOT_NOTED_LATELY:
        return f"{label}: not noted lately ({counts})."
    return f"{label}: {counts}."


def changes_lines(
    summary: Summary,
    labels: Mapping[str, str],
    since_last: bool,
    day: DayWords = date.isoformat,
) -> tuple[list[str], str | None]:
    """The sign-by-sign lines of what changed (new signs first, then the others, then those not
    noted lately), and one line for the signs noted once in the period, with their dates."""
    names = window_names(summary.changes, since_last)
    once = {s.id: s for s in summary.signs if s.noted == 1}
    order = {Word.NEW: 0, None: 1, Word.NOT_NOTED_LATELY: 2}
    shown = sorted(
        (c for c in summary.changes.signs if c.word is Word.NEW or c.id not in once),
        key=lambda c: order[c.word],
    )
    lines = [change_line(c, labels[c.id], names, day) for c in shown]
    said = {c.id for c in shown}
    single = [s for sid, s in once.items() if sid not in said and s.first_noted]
    once_line = (
        "Noted once in the period: "
        + "; ".join(f"{labels[s.id]} ({day(s.first_noted)})" for s in single if s.first_noted)
        + "."
        if single
        else None
    )
    return lines, once_line


# Treatment days ---------------------------------------------------------------------------------


def treatment_summary(treatment: Treatment, day: DayWords = date.isoformat) -> str:
    """How the check-ins were marked, and the last treatment day recorded."""
    last = (
        f"last treatment day recorded: {day(treatment.last_day)}."
        if treatment.last_day
        else "no treatment day recorded."
    )
    return (
        f"Treatment day yes on {treatment.yes}, no on {treatment.no}, not known on "
        f"{counted(treatment.unknown, 'check-in')}; {last}"
    )


def treatment_lines(
    treatment: Treatment, labels: Mapping[str, str], *, only_on_treatment_days: bool = False
) -> list[str]:
    """Each sign noted in the period (or only those noted on a treatment day), on treatment days
    against other days."""
    return [
        f"{labels[t.id]}: {of(t.yes.noted, t.yes.checked)} on treatment days, "
        f"{of(t.no.noted, t.no.checked)} on other days."
        for t in treatment.signs
        if t.yes.noted or not only_on_treatment_days
    ]


def treatment_intro(treatment: Treatment) -> str:
    """What the treatment comparison counts, or why there is none."""
    if not treatment.signs:
        if treatment.yes and treatment.no:
            return "No sign was noted on either kind of day."
        return (
            "Treatment days are not compared with other days here: that needs check-ins marked "
            "as treatment days and check-ins marked as other days."
        )
    unknown = (
        f" {counted(treatment.unknown, 'check-in').capitalize()} where this was not known "
        f"{'is' if treatment.unknown == 1 else 'are'} in neither count."
        if treatment.unknown
        else ""
    )
    return (
        "Some signs are expected for a few hours after a prescribed ketamine or esketamine "
        "dose. Each sign noted, out of the check-ins where it was looked for, on the "
        f"{counted(treatment.yes, 'treatment day check-in')} and the "
        f"{counted(treatment.no, 'other check-in')}.{unknown}"
    )


# How much was observed --------------------------------------------------------------------------


def coverage_lines(
    summary: Summary, labels: Mapping[str, str], day: DayWords = date.isoformat
) -> list[str]:
    """When the log began, the days counted from it, the longest gap, how many signs were usually
    looked for, and which were rarely or never looked for."""
    cov: Coverage = summary.coverage
    span = summary.period
    if cov.log_began is None or cov.counted_from is None:
        return [f"No check-ins have been recorded up to {day(span.until)}."]
    days = (
        f"{counted(cov.checkins, 'check-in')} on {cov.days_with_checkin} of the "
        f"{counted(cov.days_counted, 'day')} counted"
    )
    if cov.log_began > span.since:
        before = (cov.log_began - span.since).days
        lines = [
            f"The log began on {day(cov.log_began)}: {days} (the first "
            f"{counted(before, 'day')} of the period came before it)."
        ]
    else:
        lines = [f"The log began on {day(cov.log_began)}, before this period: {days}."]
    gap = cov.longest_gap
    if gap.days and gap.since and gap.until:
        stretch = (
            f"{day(gap.since)}"
            if gap.since == gap.until
            else f"{day(gap.since)} to {day(gap.until)}"
        )
        lines.append(
            f"Longest run of days without a check-in: {counted(gap.days, 'day')} ({stretch})."
        )
    else:
        lines.append("There was a check-in on every day counted.")
    if cov.checkins:
        lines.append(
            f"Signs looked for in a check-in: usually {cov.usual_looked_for} of {cov.signs}."
        )
    if cov.rarely:
        rarely = (
            "; ".join(f"{labels[sid]} ({of(n, cov.checkins)})" for sid, n in cov.rarely)
            if len(cov.rarely) <= NAMED_MOST
            else f"{len(cov.rarely)} of the {cov.signs} signs (each is in the details)"
        )
        lines.append(f"Rarely looked for (in fewer than a quarter of the check-ins): {rarely}.")
    if cov.never:
        never = (
            ": " + _names([labels[sid] for sid in cov.never])
            if len(cov.never) <= NAMED_MOST
            else " (each is in the details)"
        )
        lines.append(
            f"Never looked for, so nothing is known of them: {len(cov.never)} of the "
            f"{cov.signs} signs{never}."
        )
    return lines


# The family's words -----------------------------------------------------------------------------


def went_well_line(words: Words, day: DayWords = date.isoformat) -> str:
    """On how many check-ins something was written under "what went well"."""
    if not words.checkins:
        return "No check-ins in this period."
    text = f'"What went well" was written on {words.went_well} of the {counted(words.checkins, "check-in")}'
    if words.last_went_well:
        text += f", most recently on {day(words.last_went_well)}"
    return text + "."


# Details ----------------------------------------------------------------------------------------


def sign_figures(sign: SignSummary, day: DayWords = date.isoformat) -> list[str]:
    """Counts with their denominators, the days noted, how often a noted sign was marked
    explained."""
    if sign.checked == 0:
        return [f"Not checked in any of the {counted(sign.not_checked, 'check-in')}."]
    lines = [
        f"Noted in {sign.noted} of {counted(sign.checked, 'check-in')} where it was looked "
        f"for; not checked in {sign.not_checked}."
    ]
    if sign.noted and sign.first_noted and sign.last_noted:
        when = (
            f"on {day(sign.first_noted)}"
            if sign.days_noted == 1
            else f"first on {day(sign.first_noted)}, last on {day(sign.last_noted)}"
        )
        lines.append(f"Noted on {counted(sign.days_noted, 'day')}, {when}.")
        lines.append(noted_how(sign))
    return lines


def noted_how(sign: SignSummary) -> str:
    """Of the times a sign was noted, how many were on treatment days and how many were marked
    "another explanation is likely": the two are told apart."""
    return (
        f"Of the {counted(sign.noted, 'check-in')} where it was noted: "
        f"{sign.on_treatment_days} on a treatment day; {sign.explained} marked "
        '"another explanation is likely".'
    )


def pairs_intro(pairs: tuple[Pair, ...]) -> str:
    """What the list of signs noted together counts."""
    if not pairs:
        return f"No two signs were noted in the same check-in {PAIR_MIN} or more times."
    return (
        f"Signs noted in the same check-in at least {PAIR_MIN} times, out of the check-ins "
        "where both were looked for:"
    )


def pair_line(pair: Pair, labels: Mapping[str, str]) -> str:
    """Two signs noted together, out of the check-ins where both were looked for."""
    a, b = pair.signs
    return (
        f"{labels[a]} and {labels[b]}: together in {of(pair.together, pair.both_checked)} "
        "check-ins where both were looked for"
    )


def weekdays_missing(summary: Summary) -> str:
    """Why no weekday pattern is shown."""
    return (
        f"Days of the week are not compared: that needs at least {WEEKDAY_MIN} check-ins on "
        "every day of the week."
    )
