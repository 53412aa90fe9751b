"""redflags import FILE: check-ins from a JSON Lines file, all or nothing.

The file is read twice, a line at a time, so that a file of any size needs little memory: first
every line is validated (nothing is written, nothing is locked, only each check-in's id and a hash
of its content are kept), then, if every line is usable, the check-ins are added in one transaction.
A check-in whose id is already stored is left as it is, counted "already there"; one whose content
differs from the stored one is named by line, and nothing is imported.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from redflags.commands.context import Context, UsageError, out
from redflags.errors import EntryError
from redflags.safe_text import one_line
from redflags.words import counted

if TYPE_CHECKING:
    from datetime import datetime

    from redflags.checklist import Catalog
    from redflags.model import CheckIn
    from redflags.store import Prepared, Store

# No check-in is this long (a 10 MB note fits): a longer line is refused without being kept whole.
LINE_MAX = 16 * 1024 * 1024
# Check-ins compared with the stored ones at a time.
BATCH = 500
# A problem is named in at most this many characters.
PROBLEM_MAX = 300
_BOM = b"\xef\xbb\xbf"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add import."""
    imp = sub.add_parser("import", help="add check-ins from a JSON Lines file (all or nothing)")
    imp.add_argument("file", type=Path)
    imp.set_defaults(func=import_file)


class _TooLong(Exception):
    pass


def _lines(handle: IO[bytes], digest: hashlib._Hash) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for every line that is not blank; None for a line over LINE_MAX."""
    number = 0
    while True:
        raw = handle.readline(LINE_MAX + 1)
        if not raw:
            return
        digest.update(raw)
        number += 1
        if len(raw) > LINE_MAX and not raw.endswith(b"\n"):
            while True:  # the rest of the long line, read in pieces and dropped
                more = handle.readline(1 << 20)
                digest.update(more)
                if not more or more.endswith(b"\n"):
                    break
            yield number, None
            continue
        if number == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM) :]
        if raw.strip():
            yield number, raw


def _open(path: Path) -> IO[bytes]:
    try:
        if not path.is_file() and path.exists():
            raise UsageError(f"{path}: is a folder or device, not an import file")
        return path.open("rb")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a folder, not an import file") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror})") from None


def _short(text: str) -> str:
    text = one_line(text)
    return text if len(text) <= PROBLEM_MAX else text[: PROBLEM_MAX - 1] + "…"


class _Plan:
    """What the first pass found: the line of each id to add, and the problems, by line."""

    def __init__(self) -> None:
        self.first_line: dict[str, tuple[int, int]] = {}  # id -> (line, hash of content)
        self.adding: set[int] = set()
        self.lines = 0
        self.problems: list[tuple[int, str]] = []
        self.digest = ""


def _validate(path: Path, store: Store, catalog: Catalog, now: datetime) -> _Plan:
    """The first pass: every line validated, compared with the stored check-ins; nothing kept
    but ids and hashes."""
    plan = _Plan()
    pending: list[tuple[int, CheckIn]] = []
    digest = hashlib.sha256()
    with _open(path) as handle:
        for number, raw in _lines(handle, digest):
            plan.lines += 1
            if raw is None:
                plan.problems.append((number, f"is longer than {LINE_MAX // 2**20} MB"))
                continue
            try:
                checkin = _parse(raw, catalog, now)
            except EntryError as exc:
                plan.problems.append((number, str(exc)))
                continue
            content = hash(checkin.content())
            earlier = plan.first_line.get(checkin.id)
            if earlier is not None:
                if earlier[1] != content:
                    plan.problems.append(
                        (
                            number,
                            f"check-in {checkin.id} is also on line {earlier[0]},"
                            " with different content",
                        )
                    )
                continue
            plan.first_line[checkin.id] = (number, content)
            pending.append((number, checkin))
            if len(pending) >= BATCH:
                _compare(store, pending, plan)
                pending = []
        _compare(store, pending, plan)
    plan.problems.sort()
    plan.digest = digest.hexdigest()
    return plan


def _parse(raw: bytes, catalog: Catalog, now: datetime) -> CheckIn:
    from redflags.entry import parse_import_line

    try:
        return parse_import_line(raw, catalog, now=now)
    except RecursionError:  # belt and braces: the parser limits nesting itself
        raise EntryError("is nested too deeply to be a check-in") from None


def _compare(store: Store, pending: list[tuple[int, CheckIn]], plan: _Plan) -> None:
    """Lines whose id is stored already add nothing; with different content they are problems."""
    from redflags.model import differences

    stored = store.stored_checkins([c.id for _, c in pending])
    for number, checkin in pending:
        found = stored.get(checkin.id)
        if found is None:
            plan.adding.add(number)
            continue
        changed = differences(checkin, found)
        if "deleted" in checkin.model_fields_set and checkin.deleted != found.deleted:
            changed.append("deleted")
        if changed:
            plan.problems.append(
                (
                    number,
                    f"check-in {checkin.id} is already stored with a different"
                    f" {', '.join(changed)}",
                )
            )


def import_file(ctx: Context) -> int:
    path: Path = ctx.args.file
    now = ctx.now()
    catalog = ctx.catalog
    store = ctx.store()
    plan = _validate(path, store, catalog, now)
    if plan.problems:
        for number, problem in plan.problems:
            print(f"redflags: error: {path}: line {number}: {_short(problem)}", file=sys.stderr)
        lines = {number for number, _ in plan.problems}
        word = "line is" if len(lines) == 1 else "lines are"
        raise UsageError(f"{path}: {len(lines)} {word} not usable; nothing was imported")
    added = 0
    if plan.adding:
        added = _insert(path, store, catalog, now, plan)
    out(f"Imported {counted(added, 'check-in')}; {plan.lines - added} already there.")
    return 0


def _insert(path: Path, store: Store, catalog: Catalog, now: datetime, plan: _Plan) -> int:
    """The second pass: the lines to add, read again and added in one transaction. If the file
    changed since the first pass, nothing is added."""
    from redflags.store import ImportConflict

    changed = UsageError(
        f"{path}: the file changed while it was being imported; nothing was imported"
    )

    def rows() -> Iterator[Prepared]:
        digest = hashlib.sha256()
        with _open(path) as handle:
            for number, raw in _lines(handle, digest):
                if number not in plan.adding:
                    continue
                if raw is None:
                    raise changed
                try:
                    checkin = _parse(raw, catalog, now)
                except EntryError:
                    raise changed from None
                if plan.first_line.get(checkin.id, (0, 0))[0] != number:
                    raise changed
                yield store.prepare(checkin, line=number)
        if digest.hexdigest() != plan.digest:
            raise changed

    try:
        added, _ = store.import_prepared(rows())
    except ImportConflict as exc:
        # Another copy stored some of these check-ins between the two passes, differently.
        for number, checkin_id, fields in exc.conflicts:
            print(
                f"redflags: error: {path}: line {number}: check-in {one_line(checkin_id)} is"
                f" already stored with a different {', '.join(fields)}",
                file=sys.stderr,
            )
        raise UsageError(f"{path}: nothing was imported") from None
    return added
