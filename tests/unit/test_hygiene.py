"""The core never needs a terminal: neither its modules nor the plain commands import textual."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CORE = [
    "redflags.model",
    "redflags.checklist",
    "redflags.store",
    "redflags.schema",
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
    ["log", "--person", "Sam", "--noted", "nosebleeds"],
    ["history", "--person", "Sam", "--json"],
    ["checklists", "list"],
    ["checklists", "validate"],
]


def _textual_loaded(code: str) -> bool:
    probe = f"{code}\nimport sys, json\nprint(json.dumps('textual' in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return bool(json.loads(done.stdout.strip().splitlines()[-1]))


def test_core_modules_do_not_import_textual() -> None:
    imports = "\n".join(f"import {name}" for name in CORE)
    assert not _textual_loaded(imports)


def test_the_probe_can_see_textual_when_it_is_imported() -> None:
    assert _textual_loaded("import redflags.tui.app")


def test_plain_commands_do_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import os, contextlib, io\n"
        f"os.environ['REDFLAGS_DB'] = {str(tmp_path / 'r.db')!r}\n"
        "from redflags.cli import main\n"
        f"for args in {PLAIN_COMMANDS!r}:\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        assert main(args) == 0, args\n"
    )
    assert not _textual_loaded(code)
