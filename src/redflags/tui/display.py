"""How the app shows dates and the text people typed.

Typed text is data, never markup: it becomes a ``rich.text.Text`` after every control character is
written out visibly, so a stored escape sequence can never reach the terminal.
"""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text

from redflags.safe_text import one_line, printable
from redflags.terms import TREATMENT_WORDS as TREATMENT_WORDS


def plain_line(text: str, *, style: str = "") -> Text:
    """Typed text on one line, shown exactly as typed (line breaks as ``↵``)."""
    return Text(one_line(text), style=style, no_wrap=True, overflow="ellipsis", end="")


def plain_block(text: str, *, style: str = "") -> Text:
    """Typed text that may wrap over several lines, shown exactly as typed."""
    return Text(printable(text), style=style, end="")


def day_words(day: date) -> str:
    """'3 Oct 2026' (no zero padding, and the same on every platform)."""
    return f"{day.day} {day:%b %Y}"


def moment_words(moment: datetime) -> str:
    """'Sat 3 Oct 2026, 18:30' in the observer's own local time."""
    return f"{moment:%a} {day_words(moment.date())}, {moment:%H:%M}"


def short_moment(moment: datetime) -> str:
    """'3 Oct 2026 18:30', for table cells."""
    return f"{day_words(moment.date())} {moment:%H:%M}"
