"""The pieces a counsellor's summary is made of, shared by the text and markdown renderers.

Every string in a block is already safe to show (free text went through ``safe_text``); the
renderers only lay the blocks out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias


@dataclass(frozen=True, slots=True)
class Title:
    """The document's title."""

    text: str


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading."""

    text: str


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph, wrapped to the width; ``indent`` in columns (text only); ``lead`` (such as a
    sign's label) starts it and stands out in markdown."""

    text: str
    indent: int = 0
    lead: str = ""


@dataclass(frozen=True, slots=True)
class Fields:
    """Label and value rows, such as the title page details."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Bullets:
    """A list of items."""

    items: tuple[str, ...]
    indent: int = 0


@dataclass(frozen=True, slots=True)
class Pre:
    """Lines laid out by hand (the day-by-day strip): never wrapped or escaped."""

    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table with a header row; the first column may wrap in text."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    indent: int = 0


@dataclass(frozen=True, slots=True)
class Entry:
    """One check-in's free text: ``when`` (its date and time, then any short facts such as
    "treatment day") beside ``items``, each a label and the text a person wrote, whose own line
    breaks are kept. Entries follow each other without a blank line in text."""

    when: tuple[str, ...]
    items: tuple[tuple[str, str], ...]


Block: TypeAlias = Title | Heading | Para | Fields | Bullets | Pre | Table | Entry
