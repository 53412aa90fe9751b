"""Start an app headless, print a line once its first screen is drawn, and exit: the benchmark
times a process from its start to that line.

python benchmarks/app_probe.py minimal
python benchmarks/app_probe.py redflags DB
"""

from __future__ import annotations

import sys
import time


def painted() -> None:
    """Tell the benchmark the first screen is drawn, and the processor time used to draw it."""
    print(f"first screen {time.process_time():.4f}", flush=True)


def minimal() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Label

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Label("hello")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(painted)
            self.call_after_refresh(self.exit)

    Minimal().run(headless=True, size=(100, 32))


def redflags(db: str) -> int:
    """The app as ``redflags --db DB`` starts it (command line, settings, database), headless."""
    from pathlib import Path

    import redflags.tui.app as app_module
    from redflags.cli import main

    here = Path(app_module.__file__ or ".").parent
    css = app_module.RedflagsApp.CSS_PATH
    paths = css if isinstance(css, list) else [css]

    class Probe(app_module.RedflagsApp):
        # Textual reads CSS_PATH beside the file that defines the class: point it back at the app's.
        CSS_PATH = [str(here / str(p)) for p in paths]  # type: ignore[assignment]  # noqa: RUF012

        def on_mount(self) -> None:
            self.call_after_refresh(painted)
            super().on_mount()  # what the app does once its first screen is drawn, then exit
            self.call_after_refresh(self.exit)

        def run(self, *args: object, **kwargs: object) -> object:
            return super().run(headless=True, size=(100, 32))

    app_module.RedflagsApp = Probe  # type: ignore[misc]
    return main(["--db", db])


if __name__ == "__main__":
    if sys.argv[1] == "minimal":
        minimal()
    else:
        sys.exit(redflags(sys.argv[2]))
