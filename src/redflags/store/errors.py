"""The store's errors: each message is one line for people, saying what is wrong and what was left
as it was."""

from __future__ import annotations

import sqlite3


class StoreError(Exception):
    """A problem with the database or its file; the message is one line for people."""


class RequestError(StoreError):
    """A request the data cannot meet (an unknown person, a name in use, no reason given)."""


class PassphraseNeeded(RequestError):
    """The database is locked and no passphrase was given: ask for one."""


class WrongPassphrase(RequestError):
    """The passphrase does not open the file (or it is not a redflags database); nothing changed."""


class LockUnavailable(StoreError):
    """SQLCipher (the optional extra ``redflags[lock]``) is not installed."""


class DatabaseInUse(StoreError):
    """Another copy has the database open, so it cannot be converted now; nothing changed."""


def sqlite_words(exc: sqlite3.Error) -> str:
    """What an SQLite error means for the person using the app."""
    text = str(exc)
    if "full" in text:
        return "the disk is full"
    if "disk I/O error" in text:
        return "the disk could not be written (it may be full, read-only or removed)"
    if "readonly" in text or "read-only" in text:
        return "the database or its folder is read-only"
    if "unable to open" in text:
        return "the file or its folder cannot be opened (check it exists and is yours to write)"
    if "locked" in text or "busy" in text:
        return "the database is busy in another window; try again"
    return text


def first_line(text: str) -> str:
    """The first line of a (library's) message."""
    return text.splitlines()[0] if text else text
