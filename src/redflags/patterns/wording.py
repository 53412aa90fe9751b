"""A sign's figures in plain words, the same on screen and in the exported summary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from redflags.patterns.summarize import TREND_MIN
from redflags.patterns.types import Direction, SignSummary
from redflags.words import counted


def sign_figures(sign: SignSummary, day: Callable[[date], str] = date.isoformat) -> list[str]:
    """Counts with their denominators, the trend with its counts, the days noted, how often a
    noted sign was marked explained; ``day`` writes a date."""
    if sign.checked == 0:
        return [f"Not checked in any of the {counted(sign.not_checked, 'check-in')}."]
    lines = [
        f"Noted in {sign.noted} of {counted(sign.checked, 'check-in')} where it was looked "
        f"for; not checked in {sign.not_checked}."
    ]
    trend = sign.trend
    if trend.direction is Direction.TOO_FEW:
        lines.append(
            f"Trend: too few check-ins to tell (looked for in {sign.checked}; "
            f"{TREND_MIN} are needed)."
        )
    else:
        lines.append(
            f"Trend: {trend.direction.value} (earlier half: noted in {trend.earlier.noted} of "
            f"{trend.earlier.checked}; later half: {trend.later.noted} of {trend.later.checked})."
        )
    if sign.noted and sign.first_noted and sign.last_noted:
        when = (
            f"on {day(sign.first_noted)}"
            if sign.days_noted == 1
            else f"first on {day(sign.first_noted)}, last on {day(sign.last_noted)}"
        )
        lines.append(f"Noted on {counted(sign.days_noted, 'day')}, {when}.")
        lines.append(
            f'Marked "another explanation is likely" in {sign.explained} of the '
            f"{counted(sign.noted, 'check-in')} where it was noted."
        )
    return lines
