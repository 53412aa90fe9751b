"""The terminal app (no subcommand) and ``redflags demo``. Only these import textual, and only
when they run."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from redflags.commands.context import Context, UsageError, out
from redflags.store import Store, now


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add demo."""
    demo = sub.add_parser(
        "demo", help="try the app on made-up sample data (your own data is not touched)"
    )
    demo.add_argument(
        "--save-to",
        type=Path,
        metavar="FILE",
        help="write the sample database to FILE (which must not exist) instead of opening the app",
    )
    demo.set_defaults(func=run_demo)


def open_app(ctx: Context) -> int:
    """Open the terminal app on the chosen database."""
    from redflags.tui.app import run_app

    return run_app(ctx)


def run_demo(ctx: Context) -> int:
    from redflags.sample import fill_sample

    checklist = ctx.catalog.get(ctx.settings.config.default_checklist)
    target: Path | None = ctx.args.save_to
    if target is not None:
        if target.exists():
            raise UsageError(f"{target}: already exists; choose a new file for the sample data")
        with Store.open(target) as store:
            count = fill_sample(store, checklist, today=now().date())
        out(f"Wrote {count} sample check-ins for two made-up people to {target}")
        return 0
    with tempfile.TemporaryDirectory(prefix="redflags-demo-") as folder:
        ctx.args.db = Path(folder) / "sample.db"
        with Store.open(ctx.args.db) as store:
            fill_sample(store, checklist, today=now().date())
        ctx.args.demo = True
        return open_app(ctx)
