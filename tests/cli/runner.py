"""Running the real ``redflags`` command in a subprocess, as a script or a person would."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Result:
    code: int
    out: str
    err: str


def run(*args: str, db: Path | None = None, stdin: str | None = None, **env: str) -> Result:
    """Run ``python -m redflags ARGS`` with the test's isolated environment (plus ``env``)."""
    environ = dict(os.environ)
    if db is not None:
        environ["REDFLAGS_DB"] = str(db)
    environ.setdefault("TZ", "Europe/London")
    environ.update(env)
    done = subprocess.run(
        [sys.executable, "-m", "redflags", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        input=stdin,
        env=environ,
        timeout=120,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)
