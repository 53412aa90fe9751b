"""Looking at files from the outside, as someone checking that nothing was touched or leaked would."""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    """The names in a folder, sorted."""
    return sorted(p.name for p in folder.iterdir())


def raw_bytes(path: Path) -> bytes:
    """The bytes of a database and of its -wal, -shm and -journal files, if any."""
    return b"".join(
        p.read_bytes()
        for p in (path, *(Path(f"{path}{s}") for s in ("-wal", "-shm", "-journal")))
        if p.exists()
    )
