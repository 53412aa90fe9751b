"""What every command needs: the parsed options, the database, the checklists, the settings."""

from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from redflags.commands.passphrase import UsageError, ask_passphrase
from redflags.config import LoadedConfig, load_config
from redflags.paths import config_path, default_db_path
from redflags.safe_text import dumps, json_escaped, one_line, printable
from redflags.store import PASSPHRASE_ENV, Store, is_locked, now, remove_leftovers

if TYPE_CHECKING:
    import argparse

    from redflags.checklist import Catalog

__all__ = ["Context", "UsageError"]


@dataclass
class Context:
    """The options of one command run, with the database and checklists opened on first use."""

    args: argparse.Namespace
    _store: Store | None = field(default=None, init=False)
    _catalog: Catalog | None = field(default=None, init=False)

    @property
    def db_path(self) -> Path:
        """The database this run uses."""
        given: Path | None = self.args.db
        return given if given is not None else default_db_path()

    @cached_property
    def settings(self) -> LoadedConfig:
        """The user's settings; a bad config file gives a warning on stderr once."""
        loaded = load_config(config_path())
        for warning in loaded.warnings:
            warn(warning)
        return loaded

    @cached_property
    def catalog(self) -> Catalog:
        """Shipped and user checklists; user files that fail to load are skipped with a warning
        on stderr."""
        catalog = self.load_checklists()
        for warning in catalog.warnings:
            warn(warning)
        return catalog

    def load_checklists(self) -> Catalog:
        """Shipped and user checklists, read once; skipped user files are in its warnings."""
        if self._catalog is None:
            from redflags.checklist import load_catalog

            dirs = [*self.settings.config.checklist_dirs]
            if self.args.checklists is not None:
                dirs.append(self.args.checklists)
            self._catalog = load_catalog(dirs)
        return self._catalog

    def store(self, *, create: bool = True, passphrase: str | None = None) -> Store:
        """The database, opened (and created if missing) on first use; a locked one with
        ``passphrase`` when given (the app asks for it on its own screen), else the passphrase
        from REDFLAGS_PASSPHRASE or asked for."""
        if self._store is None:
            # Before any passphrase is asked for: what a killed lock or unlock left goes first.
            for notice in remove_leftovers(self.db_path):
                warn(notice)
            if passphrase is None:
                # A script's passphrase goes along even to a plain file: a lock finishing in
                # another window meanwhile is then opened, not refused.
                passphrase = os.environ.get(PASSPHRASE_ENV) or None
            if passphrase is None and is_locked(self.db_path):
                passphrase = ask_passphrase(self.db_path)
            self._store = Store.open(
                self.db_path, create=create, passphrase=passphrase, waiting=self._waiting
            )
            for notice in self._store.notices:
                warn(notice)
        return self._store

    def _waiting(self) -> None:
        from redflags.store import waiting_words

        sys.stderr.write(f"redflags: {waiting_words(self.db_path)}\n")
        sys.stderr.flush()

    def close(self) -> None:
        """Close the database if it was opened."""
        if self._store is not None:
            self._store.close()
            self._store = None

    @staticmethod
    def now() -> datetime:
        """The current local time."""
        return now()


# Every line the commands write passes through one of these, and so through safe_text's one
# cleaning function: ids, names, checklist titles, file names and messages cannot drive the terminal.


def out(text: str = "") -> None:
    """A line on stdout."""
    sys.stdout.write(printable(text) + "\n")


def write(text: str) -> None:
    """Text as it is (an export, JSON lines) on stdout, made safe."""
    sys.stdout.write(printable(text))


def write_json(value: object, *, indent: int | None = None) -> None:
    """``value`` as JSON on one line (or indented) on stdout, every control character escaped."""
    if indent is None:
        sys.stdout.write(dumps(value) + "\n")
        return
    try:
        text = json_escaped(_indented(value, " " * indent))
    except _Unusual:  # a value of another kind: the standard writer says the same, slower
        text = dumps(value, indent=indent)
    sys.stdout.write(text + "\n")


class _Unusual(Exception):
    """A value _indented leaves to the standard writer."""


_WORDS = {True: (True, "true"), False: (False, "false"), None: (None, "null")}
_MANY = 4  # items of plain values written by the one-line writer: fewer are quicker here


def _indented(value: object, step: str) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=len(step))``, character for character, for
    values made of dicts with text keys, lists, tuples, text, numbers, true, false and null (a
    summary's JSON); _Unusual for anything else. The standard writer indents in a generator for
    each value, many times slower for the thousands of values of a summary of years: here a
    list or dict of plain values is written by the one-line writer (in C), told to put each
    item on a line of its own."""
    from json import JSONEncoder
    from json.encoder import encode_basestring as text

    plain = (str, int, bool, float, type(None))
    one_line: dict[str, JSONEncoder] = {}  # by the margin of the items
    parts: list[str] = []
    add = parts.append

    def write(value: Any, margin: str) -> None:
        kind = type(value)
        if kind is str:
            add(text(value))
            return
        if kind is int:
            add(int.__repr__(value))
            return
        if kind is float and math.isfinite(value):
            add(float.__repr__(value))
            return
        if kind is not dict and kind is not list and kind is not tuple:
            word = _WORDS.get(value)
            if word is None or type(value) is not type(word[0]):
                raise _Unusual
            add(word[1])
            return
        if not value:
            add("{}" if kind is dict else "[]")
            return
        inner = margin + step
        items = value.values() if kind is dict else value
        if len(items) >= _MANY and all(type(item) in plain for item in items):
            writer = one_line.get(inner)
            if writer is None:
                writer = one_line[inner] = JSONEncoder(
                    ensure_ascii=False, separators=("," + inner, ": ")
                )
            written = writer.encode(value)
            add(written[0] + inner + written[1:-1] + margin + written[-1])
            return
        first = True
        if kind is dict:
            add("{" + inner)
            for key, item in value.items():
                if type(key) is not str:
                    raise _Unusual
                if first:
                    first = False
                else:
                    add("," + inner)
                add(text(key) + ": ")
                write(item, inner)
            add(margin + "}")
            return
        add("[" + inner)
        for item in value:
            if first:
                first = False
            else:
                add("," + inner)
            write(item, inner)
        add(margin + "]")

    write(value, "\n")
    return "".join(parts)


def note(text: str) -> None:
    """A line on stderr that is not a problem: where a file went, a question's context."""
    sys.stderr.write(printable(text) + "\n")


def warn(message: str) -> None:
    """A one-line warning on stderr."""
    sys.stderr.write(f"redflags: warning: {one_line(message)}\n")


def error(message: str) -> None:
    """A one-line error on stderr (the first line of ``message``)."""
    first = message.partition("\n")[0]
    sys.stderr.write(f"redflags: error: {one_line(first)}\n")
