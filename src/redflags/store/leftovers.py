"""What a lock or unlock killed half-way leaves beside a database: a private temporary copy, in
plain text after an unfinished unlock. Any run that opens the database removes them, overwritten
first."""

from __future__ import annotations

import contextlib
import os
import re
import time
from pathlib import Path

TEMP_SUFFIX = ".converting"
# A conversion writes its temporary file all along; one untouched for longer is not running.
_RECENT_S = 120.0


def temp_prefix(path: Path) -> str:
    """The start of the name of a conversion's temporary file beside ``path`` (it holds the
    process id, so that a later run knows whether its maker is still running)."""
    return f".{path.name}.{os.getpid()}."


def _pattern(path: Path) -> re.Pattern[str]:
    return re.compile(re.escape(f".{path.name}.") + r"(\d+)\..*" + re.escape(TEMP_SUFFIX) + "$")


def in_progress(path: Path) -> bool:
    """Whether a lock or unlock of ``path`` is running now in another process: its temporary
    file is there, its process alive, and the file recently written (a process id reused by
    another program since a crash does not keep anyone waiting)."""
    if os.name != "posix":
        return False
    path = path.resolve()
    pattern = _pattern(path)
    try:
        names = os.listdir(path.parent)
    except OSError:
        return False
    for name in names:
        match = pattern.match(name)
        if match is None or int(match.group(1)) == os.getpid() or not _alive(int(match.group(1))):
            continue
        try:
            age = time.time() - (path.parent / name).stat().st_mtime
        except OSError:
            continue
        if age < _RECENT_S:
            return True
    return False


def sweep(path: Path) -> list[Path]:
    """Remove, overwritten first, the temporary files of conversions of ``path`` whose process is
    gone; the files removed."""
    if os.name != "posix":
        return []
    path = path.resolve()
    pattern = _pattern(path)
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    removed: list[Path] = []
    for name in sorted(names):
        match = pattern.match(name)
        if match is None or _alive(int(match.group(1))):
            continue
        leftover = path.parent / name
        with contextlib.suppress(OSError):
            fd = os.open(leftover, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
            try:
                zero(fd)
            finally:
                os.close(fd)
        discard(leftover)
        if not leftover.exists():
            removed.append(leftover)
    return removed


def remove_leftovers(path: Path) -> list[str]:
    """Sweep ``path`` (see sweep): a one-line notice for each file removed."""
    return [
        f"removed {name.name}, an unfinished copy left by an interrupted lock or unlock"
        " (overwritten first)"
        for name in sweep(path)
    ]


def zero(fd: int) -> None:
    """Overwrite the whole of an open file with zeros, durably."""
    size = os.fstat(fd).st_size
    chunk = b"\x00" * (1 << 20)
    os.lseek(fd, 0, os.SEEK_SET)
    written = 0
    while written < size:
        written += os.write(fd, chunk[: min(len(chunk), size - written)])
    os.fsync(fd)


def discard(tmp: Path) -> None:
    """Remove a temporary database and its journal files, if there."""
    for leftover in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
