"""redflags import FILE: check-ins from a JSON Lines file, all or nothing."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from redflags.commands.context import Context, UsageError, error, out
from redflags.errors import EntryError
from redflags.words import counted

if TYPE_CHECKING:
    from redflags.store import Prepared


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add import."""
    imp = sub.add_parser("import", help="add check-ins from a JSON Lines file (all or nothing)")
    imp.add_argument("file", type=Path)
    imp.set_defaults(func=import_file)


def import_file(ctx: Context) -> int:
    from redflags.entry import parse_import_line

    path: Path = ctx.args.file
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a folder, not an import file") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror})") from None
    now = ctx.now()
    catalog = ctx.catalog
    store = ctx.store()
    prepared: list[Prepared] = []
    problems: list[str] = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            checkin = parse_import_line(line.decode("utf-8"), catalog, now=now)
            prepared.append(store.prepare(checkin, recorded=now))
        except UnicodeDecodeError:
            problems.append(f"line {number}: is not UTF-8 text")
        except EntryError as exc:
            problems.append(f"line {number}: {exc}")
    if problems:
        for problem in problems:
            error(f"{path}: {problem}")
        word = "line is" if len(problems) == 1 else "lines are"
        raise UsageError(f"{path}: {len(problems)} {word} not usable; nothing was imported")
    added, known = store.import_prepared(prepared)
    out(f"Imported {counted(added, 'check-in')}; {known} already there.")
    return 0
