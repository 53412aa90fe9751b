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
class Subheading:
    """A heading inside a section, such as a route group or a sign."""

    text: str


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph, wrapped to the width; ``indent`` in columns (text only)."""

    text: str
    indent: int = 0


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
class Item:
    """A short lead (such as a sign's label) with the lines that belong to it."""

    lead: str
    lines: tuple[str, ...]
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
class Note:
    """Free text a person wrote, with a lead such as its date; its own line breaks are kept.

    An indented note belongs to the block before it (no blank line between them in text).
    """

    lead: str
    text: str
    indent: int = 0


Block: TypeAlias = (
    Title | Heading | Subheading | Para | Fields | Bullets | Item | Pre | Table | Note
)
