"""redflags import FILE: check-ins from a JSON Lines file, all or nothing.

Every line is validated before anything is written (nothing is locked meanwhile); only if every
line is usable are the new check-ins added, in one transaction. A file of any size needs little
memory: a small file's check-ins are kept, in the compact form they are stored in, between the
two steps; a larger file is read a second time, a line at a time, and nothing is added if it
changed in between. A check-in whose id is already stored is left as it is, counted "already
there"; one whose content differs from the stored one is named by line, and nothing is imported,
unless ``--replace`` says the file's version wins (saved as a correction: the stored version is
kept as an earlier one, with the reason).

A line written as files almost always are is read straight into the form it is stored in
(import_reader.ImportReader, byte for byte what the check-in model would store); any other line
is read by the check-in model, which names its problem if it has one.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from redflags.commands.context import Context, UsageError, error, out
from redflags.errors import EntryError
from redflags.safe_text import one_line
from redflags.words import counted

if TYPE_CHECKING:
    from datetime import datetime

    from redflags.checklist import Catalog
    from redflags.import_reader import ImportReader
    from redflags.model import CheckIn
    from redflags.store import Prepared, Store

# No check-in is this long (a 10 MB note fits): a longer line is refused without being kept whole.
LINE_MAX = 16 * 1024 * 1024
# A file up to this size is read once; its check-ins are kept, compactly, until they are added.
KEEP_MAX = 32 * 1024 * 1024
# Check-ins compared with the stored ones at a time.
BATCH = 500
# A problem is named in at most this many characters.
PROBLEM_MAX = 300
_BOM = b"\xef\xbb\xbf"
_PIECE = 64 * 1024


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add import."""
    imp = sub.add_parser("import", help="add check-ins from a JSON Lines file (all or nothing)")
    imp.add_argument("file", type=Path)
    imp.add_argument(
        "--replace",
        action="store_true",
        help="where a line has the id of a stored check-in but says something else, keep the"
        " line's version (the stored one is kept as an earlier version)",
    )
    imp.set_defaults(func=import_file)


def _lines(handle: IO[bytes], digest: Any) -> Iterator[tuple[int, int, bytes | None]]:
    """(line number, offset, bytes) for every line that is not blank; None for a line over
    LINE_MAX (which is read in pieces and dropped, never kept whole). ``digest`` (None: no
    hash wanted) is given every byte read."""
    number = offset = 0
    while True:
        raw = _line(handle, digest)
        if raw is None:
            return
        number += 1
        start = offset
        offset += len(raw) if isinstance(raw, bytes) else raw
        if isinstance(raw, int):
            yield number, start, None
            continue
        if number == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM) :]
        if not raw.isspace():  # (the blank bytes strip() removes)
            yield number, start, raw


def _line(handle: IO[bytes], digest: Any) -> bytes | int | None:
    """The next line; its length only if it is over LINE_MAX; None at the end. Read in pieces: a
    read with a limit as large as LINE_MAX would set that much memory aside for every line."""
    raw = handle.readline(_PIECE)
    if not raw:
        return None
    if digest is not None:
        digest.update(raw)
    if len(raw) < _PIECE or raw.endswith(b"\n"):
        return raw if len(raw) <= LINE_MAX else len(raw)
    pieces, size = [raw], len(raw)
    while True:
        more = handle.readline(_PIECE)
        if digest is not None:
            digest.update(more)
        size += len(more)
        if size <= LINE_MAX:
            pieces.append(more)
        if not more or more.endswith(b"\n"):
            break
    return b"".join(pieces) if size <= LINE_MAX else size


def _line_at(path: Path, offset: int) -> bytes:
    with _open(path) as handle:
        handle.seek(offset)
        found = _line(handle, None)
        return found.removeprefix(_BOM) if isinstance(found, bytes) else b""


def _open(path: Path) -> IO[bytes]:
    if path.is_dir():
        raise UsageError(f"{_name(path)}: is a folder, not an import file")
    if path.exists() and not path.is_file():
        # A pipe or a device cannot be read twice (and may never end).
        raise UsageError(
            f"{_name(path)}: is not a file (save what it holds to a file and import that)"
        )
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise UsageError(f"{_name(path)}: no such file") from None
    except OSError as exc:
        raise UsageError(f"{_name(path)}: cannot be read ({exc.strerror})") from None


def _short(text: str) -> str:
    text = one_line(text)
    return text if len(text) <= PROBLEM_MAX else text[: PROBLEM_MAX - 1] + "…"


class _Plan:
    """What the first reading found: the lines to add (their check-ins too, for a small file),
    the problems by line, and a hash of the whole file."""

    def __init__(self, keep: bool, replace: bool) -> None:
        self.replace = replace
        self.first_line: dict[str, tuple[int, int]] = {}  # id -> (line, offset in the file)
        self.adding: set[int] = set()
        self.kept: list[Prepared] | None = [] if keep else None
        self.lines = 0
        self.problems: list[tuple[int, str]] = []
        self.digest = ""

    def problem(self, number: int, text: str) -> None:
        self.problems.append((number, _short(text)))
        self.kept = None  # nothing will be added: keep nothing


def _validate(
    path: Path, store: Store, catalog: Catalog, now: datetime, *, replace: bool = False
) -> _Plan:
    """The first reading: every line validated and compared with the stored check-ins."""
    from redflags.import_reader import ImportReader

    reader = ImportReader(catalog, now)
    with _open(path) as handle:
        plan = _Plan(keep=os.fstat(handle.fileno()).st_size <= KEEP_MAX, replace=replace)
        # Only a file read a second time is checked against its hash.
        digest = None if plan.kept is not None else hashlib.sha256()
        # The stored form of each check-in: the check-in itself is let go at once.
        pending: list[Prepared] = []
        for number, offset, raw in _lines(handle, digest):
            plan.lines += 1
            if raw is None:
                plan.problem(number, f"is longer than {LINE_MAX // 2**20} MB")
                continue
            try:
                row = _prepare(raw, store, reader, catalog, now, number)
            except EntryError as exc:
                plan.problem(number, str(exc))
                continue
            checkin_id = row.values["id"]
            earlier = plan.first_line.get(checkin_id)
            if earlier is not None:
                _same_again(path, raw, catalog, now, plan, number, earlier)
                continue
            del raw  # a line may be megabytes long: keep one copy of it at a time
            plan.first_line[checkin_id] = (number, offset)
            pending.append(row)
            if len(pending) >= BATCH:
                _compare(store, pending, plan)
                pending = []
                # What is kept lives until the end: the collector need not look at it again
                # and again (that alone took a sixth of an import's time).
                gc.freeze()
        _compare(store, pending, plan)
    plan.problems.sort()
    plan.digest = digest.hexdigest() if digest is not None else ""
    return plan


def _same_again(
    path: Path,
    raw: bytes,
    catalog: Catalog,
    now: datetime,
    plan: _Plan,
    number: int,
    earlier: tuple[int, int],
) -> None:
    """A line with the id of an earlier line adds nothing; with other content it is a problem."""
    from redflags.model import differences

    first = _parse(_line_at(path, earlier[1]), catalog, now)
    checkin = _parse(raw, catalog, now)
    if differences(first, checkin):
        plan.problem(
            number,
            f"check-in {checkin.id} is also on line {earlier[0]}, with different content",
        )


def _prepare(
    raw: bytes, store: Store, reader: ImportReader, catalog: Catalog, now: datetime, number: int
) -> Prepared:
    """A line in its stored form: read straight into it when it is written as files almost
    always are, else through the check-in model (which names any problem: EntryError)."""
    found = reader.read(raw)
    if found is not None:
        return store.prepare_line(found, line=number)
    return store.prepare(_parse(raw, catalog, now), line=number)


def _parse(raw: bytes, catalog: Catalog, now: datetime) -> CheckIn:
    from redflags.entry import parse_import_line

    try:
        return parse_import_line(raw, catalog, now=now)
    except RecursionError:  # belt and braces: the parser limits nesting itself
        raise EntryError("is nested too deeply to be a check-in") from None


def _compare(store: Store, pending: list[Prepared], plan: _Plan) -> None:
    """Lines whose id is stored already add nothing; with different content they are problems
    (or, with --replace, replace the stored check-in)."""
    stored = store.stored_like(pending)
    for row in pending:
        checkin_id = row.values["id"]
        changed = stored.get(checkin_id, [])
        if checkin_id in stored and not changed:
            continue  # already there, the same
        if changed and not plan.replace:
            plan.problem(
                row.line,
                f"check-in {checkin_id} is already stored with a different {', '.join(changed)}"
                " (to keep the file's version, import it with --replace)",
            )
            continue
        plan.adding.add(row.line)
        if plan.kept is not None:
            plan.kept.append(row)


def import_file(ctx: Context) -> int:
    path: Path = ctx.args.file
    now = ctx.now()
    catalog = ctx.catalog
    store = ctx.store()
    try:
        plan = _validate(path, store, catalog, now, replace=ctx.args.replace)
    finally:
        gc.unfreeze()
    if plan.problems:
        for number, problem in plan.problems:
            error(f"{_name(path)}: line {number}: {problem}")
        lines = {number for number, _ in plan.problems}
        word = "line is" if len(lines) == 1 else "lines are"
        raise UsageError(f"{_name(path)}: {len(lines)} {word} not usable; nothing was imported")
    added = replaced = 0
    if plan.adding:
        added, replaced = _insert(path, store, catalog, now, plan)
    same = plan.lines - added - replaced
    if plan.replace:
        out(
            f"Imported {counted(added, 'check-in')}; {same} already there; {replaced} replaced by"
            " the file's version (the earlier versions are kept)."
        )
    else:
        out(f"Imported {counted(added, 'check-in')}; {same} already there.")
    return 0


def _insert(
    path: Path, store: Store, catalog: Catalog, now: datetime, plan: _Plan
) -> tuple[int, int]:
    """The new check-ins added in one transaction: those kept from a small file, or a larger
    file's lines read again (if it changed since the first reading, nothing is added)."""
    from redflags.store import ImportConflict

    changed = UsageError(
        f"{_name(path)}: the file changed while it was being imported; nothing was imported"
    )

    def rows() -> Iterator[Prepared]:
        from redflags.import_reader import ImportReader

        reader = ImportReader(catalog, now)
        digest = hashlib.sha256()
        with _open(path) as handle:
            for number, _, raw in _lines(handle, digest):
                if number not in plan.adding:
                    continue
                if raw is None:
                    raise changed
                try:
                    row = _prepare(raw, store, reader, catalog, now, number)
                except EntryError:
                    raise changed from None
                if plan.first_line.get(row.values["id"], (0, 0))[0] != number:
                    raise changed
                yield row
        if digest.hexdigest() != plan.digest:
            raise changed

    reason = f"replaced by the version in {_name(path)} (redflags import --replace)"
    try:
        done = store.import_counted(
            plan.kept if plan.kept is not None else rows(),
            replace=reason if plan.replace else None,
        )
    except ImportConflict as exc:
        # Another copy stored some of these check-ins between the two passes, differently.
        for number, checkin_id, fields in exc.conflicts:
            error(
                f"{_name(path)}: line {number}: check-in {one_line(checkin_id)} is"
                f" already stored with a different {', '.join(fields)}"
            )
        raise UsageError(f"{_name(path)}: nothing was imported") from None
    return done.added, done.replaced


def _name(path: Path) -> str:
    """A file's name as it can be shown (a name may hold any character but / and NUL)."""
    return one_line(str(path))
