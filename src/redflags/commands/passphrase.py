"""Asking for the passphrase of a locked database: REDFLAGS_PASSPHRASE for scripts, else a hidden
prompt when there is a terminal to ask on. Kept apart from the lock commands, so that every
command's Context can ask without importing them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from redflags.safe_text import printable
from redflags.store import PASSPHRASE_ENV, PassphraseNeeded, require


class UsageError(Exception):
    """Bad input from the command line (exit status 2); the message is one line."""


def interactive() -> bool:
    """Whether there is a person at a terminal to ask."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def hidden(prompt: str) -> str:
    """A line typed without being shown; empty at the end of input."""
    import getpass

    try:
        return getpass.getpass(printable(prompt))
    except EOFError:
        return ""


def ask_passphrase(path: Path) -> str:
    """The passphrase of the locked database at ``path``: REDFLAGS_PASSPHRASE, or asked for."""
    require()
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not interactive():
        raise PassphraseNeeded(
            f"{path} is locked: set {PASSPHRASE_ENV} to its passphrase"
            " (there is no terminal to ask on)"
        )
    typed = hidden(f"Passphrase for {path}: ")
    if not typed:
        raise UsageError("no passphrase was given; nothing was changed")
    return typed
