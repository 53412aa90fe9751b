"""Running the ``redflags`` command line as a script or a person would.

``run`` calls ``redflags.cli.main`` in this process, with its own stdin, stdout and stderr (encoded
as UTF-8 the way a real pipe is) and its own environment; ``run_process`` starts a real process,
for the few tests where the process boundary is the point (the installed script, signals, a
terminal, a resource limit, another process holding the database).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from redflags.cli import main


@dataclass
class Result:
    code: int
    out: str
    err: str


def _environ(db: Path | None, env: Mapping[str, str]) -> dict[str, str]:
    changes = {"TZ": os.environ.get("TZ", "Europe/London")}
    if db is not None:
        changes["REDFLAGS_DB"] = str(db)
    changes.update(env)
    return changes


@contextlib.contextmanager
def _environment(changes: Mapping[str, str]) -> Iterator[None]:
    """os.environ with ``changes``, put back exactly as it was afterwards (the time zone too)."""
    saved = dict(os.environ)
    os.environ.update(changes)
    zone_changed = os.environ.get("TZ") != saved.get("TZ")
    if zone_changed:
        time.tzset()
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
        if zone_changed:
            time.tzset()


def _pipe(errors: str) -> io.TextIOWrapper:
    # What a process writing to a pipe has: UTF-8, no terminal, newlines written as they are.
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors=errors, newline="\n")


def _read(stream: io.TextIOWrapper) -> str:
    stream.flush()
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue().decode("utf-8", errors="surrogateescape")


def run(*args: str, db: Path | None = None, stdin: str | None = None, **env: str) -> Result:
    """``redflags ARGS`` in this process, with the test's isolated environment (plus ``env``)."""
    saved = sys.stdin, sys.stdout, sys.stderr
    # A real process's stdout is strict about what it can encode; its stderr writes escapes.
    out, err = _pipe("strict"), _pipe("backslashreplace")
    sys.stdin = io.StringIO(stdin or "")
    sys.stdout, sys.stderr = out, err
    try:
        with _environment(_environ(db, env)):
            try:
                code = main(list(args))
            except SystemExit as exc:  # main returns its status; this is only a safety net
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return Result(code, _read(out), _read(err))


def run_process(*args: str, db: Path | None = None, stdin: str | None = None, **env: str) -> Result:
    """``python -m redflags ARGS`` in a new process, with the test's isolated environment."""
    done = subprocess.run(
        [sys.executable, "-m", "redflags", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        input=stdin,
        env={**os.environ, **_environ(db, env)},
        timeout=120,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


_FORKER = """
import json, os, sys
from redflags.cli import main
# What the commands load, loaded once: each command below starts as a fork of this process.
import redflags.checklist, redflags.commands.checkins, redflags.commands.people, redflags.entry
import redflags.model, redflags.store
for line in sys.stdin:
    request = json.loads(line)
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        os.environ.update(request["env"])
        for fd, path in ((1, request["out"]), (2, request["err"])):
            os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
        code = main(request["args"])
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    print(pid, flush=True)
    # Not reaped before asked: until then its id stays its own, ended or not, to be killed.
    sys.stdin.readline()
    print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), flush=True)
"""


def _written(path: Path) -> str:
    return path.read_text() if path.exists() else ""


class Forker:
    """A process that has imported redflags and runs each command in a fork of itself: a real
    process that can be killed at any moment, without the start of a new interpreter each time.
    One command at a time: ``start``, then (perhaps after killing it) ``wait``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _FORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, **_environ(None, {})},
        )

    def start(self, *args: str, db: Path, **env: str) -> int:
        """Start ``redflags ARGS``; returns its process id."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.count += 1
        self.out = self.folder / f"out-{self.count}.txt"
        self.err = self.folder / f"err-{self.count}.txt"
        request = {
            "args": list(args),
            "env": {**_environ(db, env)},
            "out": str(self.out),
            "err": str(self.err),
        }
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        return int(self.proc.stdout.readline())

    def wait(self) -> Result:
        """The command's status (negative: the signal that ended it) and what it wrote."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("reap\n")
        self.proc.stdin.flush()
        code = int(self.proc.stdout.readline())
        # A command killed before it opened its output files wrote nothing.
        return Result(code, _written(self.out), _written(self.err))

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=60)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
