"""The export formats, one registry entry each: name, file suffix, label and hint for the app,
which check-ins the format reads, and where its renderer lives.

Light on purpose: the command line lists the formats without loading what makes them. A new
format is one module with a renderer plus one entry here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

Renderer = Callable[..., str]


class Reads(str, Enum):
    """Which check-ins of the period a format needs."""

    WRITTEN = "written"  # only those with something written (the notes quoted in the summary)
    ALL = "all"  # every check-in, whole


@dataclass(frozen=True, slots=True)
class Format:
    """One export format."""

    name: str
    suffix: str
    label: str
    hint: str
    reads: Reads
    renderer: str  # "module:function", imported when the format is used

    def render(self) -> Renderer:
        """The function that makes this format (imported on first use)."""
        module, _, function = self.renderer.partition(":")
        found: Any = getattr(importlib.import_module(module), function)
        return found  # type: ignore[no-any-return]


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "text",
            ".txt",
            "Text",
            "Plain text: easy to read, print or send.",
            Reads.WRITTEN,
            "redflags.report.render:render_text",
        ),
        Format(
            "markdown",
            ".md",
            "Markdown",
            "Text with headings, for notes apps and documents.",
            Reads.WRITTEN,
            "redflags.report.render:render_markdown",
        ),
        Format(
            "json",
            ".json",
            "JSON",
            "For other programs: the summary and every check-in.",
            Reads.ALL,
            "redflags.report.render:render_json",
        ),
        Format(
            "csv",
            ".csv",
            "CSV",
            "For spreadsheets: one row for each sign of each check-in.",
            Reads.ALL,
            "redflags.report.render:render_csv",
        ),
    )
}
