"""Start an app headless, print a line once its first screen is drawn, and exit: the benchmark
times a process from its start to that line.

python benchmarks/app_probe.py minimal
python benchmarks/app_probe.py redflags DB
"""

from __future__ import annotations

import sys


def painted() -> None:
    """Tell the benchmark the first screen is drawn."""
    print("first screen", flush=True)


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


def redflags(db: str) -> None:
    from pathlib import Path

    from redflags.config import Config
    from redflags.store import Store
    from redflags.tui.app import RedflagsApp
    from redflags.tui.services import Services

    here = Path(sys.modules[RedflagsApp.__module__].__file__ or ".").parent
    paths = (
        RedflagsApp.CSS_PATH if isinstance(RedflagsApp.CSS_PATH, list) else [RedflagsApp.CSS_PATH]
    )

    def checklists() -> object:
        # As the app is started for real (run_app): the checklists are read after the first
        # screen is drawn.
        from redflags.checklist import load_catalog

        return load_catalog()

    class Probe(RedflagsApp):
        # Textual reads CSS_PATH beside the file that defines the class: point it back at the app's.
        CSS_PATH = [str(here / str(p)) for p in paths]  # noqa: RUF012

        def on_mount(self) -> None:
            self.call_after_refresh(painted)
            super().on_mount()  # what the app does once its first screen is drawn, then exit
            self.call_after_refresh(self.exit)

    with Store.open(Path(db)) as store:
        services = Services(store=store, catalog=checklists, config=Config())  # type: ignore[arg-type]
        Probe(services).run(headless=True, size=(100, 32))


if __name__ == "__main__":
    if sys.argv[1] == "minimal":
        minimal()
    else:
        redflags(sys.argv[2])
