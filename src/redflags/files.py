"""Writing files that hold information about another person: owner-only, complete or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_private(path: Path, data: str) -> Path:
    """Write ``data`` to ``path`` readable by the owner alone (0600), atomically: a crash leaves the
    old file or the new one, never half of one. Returns the absolute path written."""
    target = path.expanduser().absolute()
    if target.is_dir():
        raise IsADirectoryError(f"{target} is a folder")
    fd, tmp_name = tempfile.mkstemp(prefix=".redflags-", dir=target.parent)
    try:
        if os.name == "posix":
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return target
