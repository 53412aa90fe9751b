"""redflags backup FILE | restore FILE: everything, losslessly, revisions and deleted records too."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from redflags.commands.context import Context, UsageError, out
from redflags.files import write_private
from redflags.safe_text import dumps, one_line


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add backup and restore."""
    backup = sub.add_parser("backup", help="copy everything into one file you can keep safe")
    backup.add_argument("file", type=Path)
    backup.set_defaults(func=backup_to)
    restore = sub.add_parser("restore", help="bring a backup back (into an empty database only)")
    restore.add_argument("file", type=Path)
    restore.set_defaults(func=restore_from)


def backup_to(ctx: Context) -> int:
    data = ctx.store().dump()
    # Every character beyond ASCII written as an escape (and DEL too): a backup shown in a
    # terminal cannot drive it, and a restore reads back exactly what was stored.
    text = dumps(data, indent=1, sort_keys=True, ascii_only=True) + "\n"
    try:
        written = write_private(ctx.args.file, text)
    except OSError as exc:
        raise UsageError(
            f"{_name(ctx.args.file)}: cannot be written ({exc.strerror or exc})"
        ) from None
    out(
        f"Backed up {len(data['people'])} people and {len(data['checkins'])} check-ins"
        f" to {_name(written)}"
    )
    out("This file holds sensitive information about another person: keep it somewhere private.")
    return 0


def restore_from(ctx: Context) -> int:
    from redflags.store import RequestError
    from redflags.store.restoring import FORMAT, OLD_FORMAT

    path: Path = ctx.args.file
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{_name(path)}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{_name(path)}: is a folder, not a backup") from None
    except OSError as exc:
        raise UsageError(f"{_name(path)}: cannot be read ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        # ValueError: not JSON, or a number too long to read; RecursionError: nesting too deep.
        raise UsageError(f"{_name(path)}: is not a redflags backup (not readable JSON)") from None
    if not isinstance(data, dict) or data.get("format") not in (FORMAT, OLD_FORMAT):
        raise UsageError(f"{_name(path)}: is not a redflags backup")
    store = ctx.store()
    try:
        store.load(data)
    except RequestError as exc:
        raise UsageError(f"{_name(path)}: {exc}; nothing was restored") from None
    out(
        f"Restored {len(data.get('people', []))} people and {len(data.get('checkins', []))}"
        f" check-ins into {_name(store.path)}"
    )
    return 0


def _name(path: Path) -> str:
    """A file's name as it can be shown (a name may hold any character but / and NUL)."""
    return one_line(str(path))
