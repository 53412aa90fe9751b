"""The core never needs a terminal: neither its modules nor the plain commands import textual; the
app's first screen never waits for the validation library."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CORE = [
    "redflags.model",
    "redflags.checklist",
    "redflags.store",
    "redflags.store.schema",
    "redflags.entry",
    "redflags.config",
    "redflags.paths",
    "redflags.safe_text",
    "redflags.sample",
    "redflags.files",
    "redflags.cli",
]

PLAIN_COMMANDS = [
    ["--version"],
    ["people", "list"],
    ["people", "add", "Sam"],
    ["log", "--person", "Sam", "--noted", "nosebleeds"],
    ["history", "--person", "Sam", "--json"],
    ["checklists", "list"],
    ["checklists", "validate"],
]


def _loaded(code: str, module: str = "textual") -> bool:
    probe = f"{code}\nimport sys, json\nprint(json.dumps({module!r} in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return bool(json.loads(done.stdout.strip().splitlines()[-1]))


def test_core_modules_do_not_import_textual() -> None:
    imports = "\n".join(f"import {name}" for name in CORE)
    assert not _loaded(imports)


def test_the_probe_can_see_textual_when_it_is_imported() -> None:
    assert _loaded("import redflags.tui.app")


def test_the_first_screen_needs_no_validation_library() -> None:
    # The app's first screen (home or first run) is drawn before pydantic is loaded: it takes
    # longer to import than the rest of the app's own code.
    code = (
        "import redflags.tui.app, redflags.tui.screens.home, redflags.tui.screens.welcome\n"
        "import redflags.commands.context, redflags.commands.session\n"
        "from redflags.cli import build_parser\n"
        "build_parser().parse_args([])  # the command line that opens the app"
    )
    assert not _loaded(code, "pydantic")
    assert _loaded(code + "\nimport redflags.checklist", "pydantic")


def test_plain_commands_do_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import os, contextlib, io\n"
        f"os.environ['REDFLAGS_DB'] = {str(tmp_path / 'r.db')!r}\n"
        "from redflags.cli import main\n"
        f"for args in {PLAIN_COMMANDS!r}:\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        assert main(args) == 0, args\n"
    )
    assert not _loaded(code)
