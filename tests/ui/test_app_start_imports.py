"""The app's first screen imports only what it shows: not the check-in model and its validation
library, the drafts, the checklists (read once the first screen is drawn) or the report code.

Each start runs in a process of its own, as a person starts the app (the command line, settings
and database), headless; the process says what was imported by the time its first screen was
drawn and, for anything that should not have been, which of the app's modules brought it in.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from redflags.tui.services import Services
from tests.ui.shell_support import TODAY, at, make_checkin, welcomed

# Never imported before the first screen is drawn.
NOT_FOR_THE_FIRST_SCREEN = (
    "pydantic",
    "redflags.model",
    "redflags.drafts",
    "redflags.entry",
    "redflags.checklist",
    "redflags.patterns.summary",
    "redflags.report",
    "redflags.tui.screens.checkin",
    "redflags.tui.screens.history",
    "redflags.tui.screens.patterns",
    "redflags.tui.dialogs",
    # The command line that only opens the app is read without argparse.
    "argparse",
)

START = """
import json, sys
from pathlib import Path

WATCHED = set(sys.argv[2].split(","))
brought = {}  # watched module -> the app's modules that were importing it, outermost first


class Watch:
    \"\"\"Notes who imports a watched module first (it then takes no part in the import).\"\"\"

    def find_spec(self, name, path=None, target=None):
        if name in WATCHED and name not in brought:
            chain, frame = [], sys._getframe(1)
            while frame is not None:
                module = frame.f_globals.get("__name__", "")
                if module.startswith("redflags") and module not in chain:
                    chain.append(module)
                frame = frame.f_back
            brought[name] = chain[::-1]
        return None


sys.meta_path.insert(0, Watch())

import redflags.tui.app as app_module
from redflags.cli import main

here = Path(app_module.__file__).parent


class FirstScreen(app_module.RedflagsApp):
    # Textual reads CSS_PATH beside the file that defines the class: the app's own.
    CSS_PATH = str(here / "redflags.tcss")

    def on_mount(self):
        self.call_after_refresh(self.report)  # once the first screen is drawn
        super().on_mount()

    def report(self):
        loaded = sorted(m for m in WATCHED if m in sys.modules)
        shown = type(self.screen).__name__
        print(json.dumps({"screen": shown, "loaded": loaded, "brought": brought}), flush=True)
        self.exit()

    def run(self, *args, **kwargs):
        return super().run(headless=True, size=(100, 32))


app_module.RedflagsApp = FirstScreen
sys.exit(main(["--db", sys.argv[1]]))
"""


def first_screen(db: Path, tmp_path: Path, **environment: str) -> dict[str, Any]:
    """Start the app on ``db`` in a process of its own; what it had imported once its first
    screen was drawn."""
    env = dict(os.environ, **environment)
    env.pop("REDFLAGS_PASSPHRASE", None)
    env.pop("REDFLAGS_DB", None)
    env["REDFLAGS_CONFIG"] = str(tmp_path / "config.toml")  # no settings file: the defaults
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    done = subprocess.run(
        [sys.executable, "-c", START, str(db), ",".join(NOT_FOR_THE_FIRST_SCREEN)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, done.stdout[-3000:] + done.stderr[-3000:]
    report: dict[str, Any] = json.loads(lines[-1])
    return report


def brought_in(report: dict[str, Any]) -> list[str]:
    """Each module that should not have been imported, with the app's modules that imported it
    (the first of them imports the second, and so on)."""
    return [
        f"{module} <- {' -> '.join(report['brought'].get(module, ['?']))}"
        for module in report["loaded"]
    ]


def test_the_home_screen_imports_only_what_it_shows(services: Services, tmp_path: Path) -> None:
    welcomed(services.store)
    services.store.add_person("Sam")
    services.store.add_checkin(make_checkin(services, "Sam", at(TODAY), noted=["nosebleeds"]))
    report = first_screen(services.store.path, tmp_path)
    assert report["screen"] == "HomeScreen"
    assert brought_in(report) == []


def test_the_first_run_screen_imports_only_what_it_shows(tmp_path: Path) -> None:
    report = first_screen(tmp_path / "new.db", tmp_path)
    assert report["screen"] == "WelcomeScreen"
    assert brought_in(report) == []


def test_the_check_names_the_module_that_brought_one_in(services: Services, tmp_path: Path) -> None:
    """The same start, with Home importing the check-in model as it once did: the report names
    the model and its validation library, and the app's modules that imported each."""
    welcomed(services.store)
    site = tmp_path / "site"
    site.mkdir()
    # Run by Python before the app starts: Home's compose imports the model first.
    (site / "sitecustomize.py").write_text(
        "import redflags.tui.screens.home as home\n"
        "home._compose = home.HomeScreen.compose\n"
        "exec('def compose(self):\\n    import redflags.model\\n    return _compose(self)',"
        " vars(home))\n"
        "home.HomeScreen.compose = home.compose\n"
    )
    path = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH", "")) if p)
    report = first_screen(services.store.path, tmp_path, PYTHONPATH=path)
    lines = brought_in(report)
    assert report["screen"] == "HomeScreen"
    assert [line.split(" <- ")[0] for line in lines] == ["pydantic", "redflags.model"]
    assert lines[0].endswith("redflags.tui.app -> redflags.tui.screens.home -> redflags.model")
    assert lines[1].endswith("redflags.tui.app -> redflags.tui.screens.home")


def test_importing_the_app_leaves_the_cycle_collector_as_it_found_it() -> None:
    """Paused while Textual and the app are imported, collecting again afterwards (a long session
    never runs without it), with what the imports made left out of later collections; and still
    paused afterwards when it was paused before."""
    code = (
        "import gc, sys\n"
        "if sys.argv[1] == 'paused':\n"
        "    gc.disable()\n"
        "import redflags.tui.app\n"
        "print(gc.isenabled(), gc.get_freeze_count() > 10000)\n"
    )
    found = {}
    for state in ("collecting", "paused"):
        done = subprocess.run(
            [sys.executable, "-c", code, state],
            capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
        found[state] = done.stdout.split()
    assert found == {"collecting": ["True", "True"], "paused": ["False", "True"]}
