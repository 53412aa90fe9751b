"""What an exported summary's file is called, and the warning that goes with it: light, so that
the command line can offer the formats without loading what makes them."""

from __future__ import annotations

from datetime import date

SUFFIXES = {"text": ".txt", "markdown": ".md", "json": ".json", "csv": ".csv"}
FORMATS = tuple(SUFFIXES)
SENSITIVE = "This file holds sensitive information about another person: keep it private."


def default_file_name(fmt: str, made: date) -> str:
    """A neutral file name: no person's name, nothing about what it holds."""
    return f"summary-{made.isoformat()}{SUFFIXES[fmt]}"
