"""redflags lock | unlock | forget --person NAME: privacy at rest.

A locked database asks every command for its passphrase: REDFLAGS_PASSPHRASE for scripts, else a
hidden prompt when there is a terminal to ask on.
"""

from __future__ import annotations

import argparse
import os
import sys

from redflags.commands.context import Context, UsageError, note, out
from redflags.commands.passphrase import ask_passphrase
from redflags.commands.passphrase import hidden as _hidden
from redflags.commands.passphrase import interactive as _interactive
from redflags.safe_text import one_line, printable
from redflags.store import (
    PASSPHRASE_ENV,
    Conversion,
    Forgotten,
    RequestError,
    Store,
    check_new_passphrase,
    compact,
    forget_person,
    forget_preview,
    is_locked,
    lock_database,
    require,
    unlock_database,
)
from redflags.words import counted


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add lock, unlock and forget."""
    passphrase = (
        "The passphrase is read from REDFLAGS_PASSPHRASE if it is set, otherwise asked for"
        " without showing what you type."
    )
    locking = sub.add_parser(
        "lock",
        help="encrypt the database with a passphrase (needs redflags[lock])",
        description="Encrypt the whole database with a passphrase, asked twice. " + passphrase,
    )
    locking.set_defaults(func=lock_db)
    unlocking = sub.add_parser(
        "unlock",
        help="turn a locked database back into a plain one",
        description="Turn a locked database back into a plain one. " + passphrase,
    )
    unlocking.set_defaults(func=unlock_db)
    forget = sub.add_parser(
        "forget", help="remove a person and all their records for good (asks you to confirm)"
    )
    forget.add_argument("--person", metavar="NAME", help="the person to remove")
    forget.add_argument(
        "--confirm",
        metavar="NAME",
        help="for scripts: the person's name again, instead of typing it when asked",
    )
    forget.add_argument(
        "--compact",
        action="store_true",
        help="only rebuild the file so that nothing removed earlier can be read from it",
    )
    forget.set_defaults(func=forget_db)


# -- asking --------------------------------------------------------------------------------------


def _new_passphrase() -> str:
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        check_new_passphrase(given)
        return given
    if not _interactive():
        raise UsageError(
            f"set {PASSPHRASE_ENV} to the new passphrase (there is no terminal to ask on);"
            " nothing was changed"
        )
    note(
        "Choose a passphrase. Without it the data cannot be read by anyone, you included:"
        " keep it somewhere safe."
    )
    first = _hidden("New passphrase: ")
    for _ in range(2):  # a passphrase that is too short is asked for again
        try:
            check_new_passphrase(first)
            break
        except RequestError as exc:
            note(f"That passphrase cannot be used: {exc}. Please choose another.")
            first = _hidden("New passphrase: ")
    check_new_passphrase(first)
    if _hidden("The same passphrase again: ") != first:
        raise UsageError("the two passphrases differ; nothing was changed")
    return first


def _ask_line(prompt: str) -> str:
    sys.stderr.write(printable(prompt))
    sys.stderr.flush()
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not _interactive():
        sys.stderr.write("\n")
    return line.rstrip("\r\n")


# -- lock and unlock -----------------------------------------------------------------------------


def lock_db(ctx: Context) -> int:
    path = ctx.db_path
    require()
    if is_locked(path):
        raise UsageError(f"{path} is already locked (or is not a redflags database)")
    # Refuses a file that is not a plain redflags database; creates an empty one if missing.
    Store.open(path).close()
    passphrase = _new_passphrase()
    done = lock_database(path, passphrase)
    out(f"Locked {done.path} ({_rows(done)}).")
    out(
        "Every command now asks for the passphrase (scripts can set"
        f" {PASSPHRASE_ENV}). If it is lost, so is the data."
    )
    out("Backups and exports made earlier are not locked: delete them or keep them private.")
    return 0


def unlock_db(ctx: Context) -> int:
    path = ctx.db_path
    if not is_locked(path):
        if path.exists():
            Store.open(path, create=False).close()
            raise UsageError(f"{path} is not locked; nothing to do")
        raise UsageError(f"{path}: no database there")
    done = unlock_database(path, ask_passphrase(path))
    out(f"Unlocked {done.path} ({_rows(done)}); it no longer needs a passphrase.")
    return 0


def _rows(done: Conversion) -> str:
    people = counted(done.rows.get("people", 0), "person", "people")
    return f"{people}, {counted(done.rows.get('checkins', 0), 'check-in')}"


# -- forget --------------------------------------------------------------------------------------


def forget_db(ctx: Context) -> int:
    import shlex

    args = ctx.args
    if args.compact and args.person is None:
        compact(ctx.store(create=False))
        out("Done: nothing removed earlier can be read from the database file.")
        return 0
    if args.person is None:
        raise UsageError("--person NAME: say whom to remove (or use --compact)")
    store = ctx.store(create=False)
    plan = forget_preview(store, args.person)
    name = plan.name
    if args.confirm is not None:
        if args.confirm != name:
            raise UsageError(
                f"--confirm must repeat the name exactly ({_quoted(name)}); nothing was removed"
            )
    else:
        db = f" --db {shlex.quote(str(ctx.args.db))}" if ctx.args.db is not None else ""
        note(
            f"This removes {_quoted(name)} for good: {_what(plan)}. It cannot be undone.\n"
            f"To keep a copy first, stop here (press Enter) and run: redflags{db} backup FILE"
        )
        typed = _ask_line(f"Type the name {_quoted(name)} to remove them for good: ")
        if typed != name:
            said = "no name was typed" if not typed else "the name typed does not match"
            raise UsageError(f"{said}; nothing was removed")
    done = forget_person(store, name)
    out(f"Removed {_quoted(name)} for good: {_what(done)}.")
    out(
        "Their text is gone from the database file. Backups and exports made earlier still hold it."
    )
    if done.still_mentioned:
        verb = "mentions" if done.still_mentioned == 1 else "mention"
        out(
            f"{counted(done.still_mentioned, 'other record')} still {verb} {_quoted(name)} in"
            " free text (about someone else); kept as they are."
        )
    return 0


def _what(plan: Forgotten) -> str:
    return (
        f"{counted(plan.checkins, 'check-in')}, {counted(plan.revisions, 'earlier version')}"
        f" and {counted(plan.drafts, 'unfinished check-in')}"
    )


def _quoted(name: str) -> str:
    return f'"{one_line(name)}"'
