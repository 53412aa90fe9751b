"""The core never needs a terminal: neither its modules nor the plain commands import textual; the
app's first screen never waits for the validation library; ``--version`` answers without loading the
commands. Each is checked in a fresh interpreter: what a module imports is only seen there."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import redflags

PACKAGE = Path(redflags.__file__).parent


def _core() -> list[str]:
    """Every module outside the app, found by walking the package's files (importing a package
    to walk it would load the app's)."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ["redflags", *path.relative_to(PACKAGE).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        if len(parts) > 1 and parts[1] in ("tui", "__main__"):
            continue
        names.append(".".join(parts))
    return names


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
    core = _core()
    assert {"redflags.store.database", "redflags.report.render", "redflags.cli"} <= set(core)
    assert not _loaded("\n".join(f"import {name}" for name in core))


def test_the_version_is_told_without_loading_the_commands() -> None:
    code = "import contextlib, io\nfrom redflags.cli import main\n"
    code += "with contextlib.redirect_stdout(io.StringIO()):\n    assert main(['--version']) == 0\n"
    assert not _loaded(code, "redflags.commands")
    assert _loaded(code + "import redflags.commands.people", "redflags.commands")


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
    assert _loaded(code + "\nimport redflags.checklist_schema", "pydantic")


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
