"""The problems with input that commands and the app report in one line, kept apart from the
modules that raise them so that catching them loads nothing heavy."""

from __future__ import annotations


class ChecklistError(Exception):
    """A checklist or urgent file that cannot be used; the message is one line."""


class EntryError(ValueError):
    """Input that cannot become a check-in; the message is one line."""
