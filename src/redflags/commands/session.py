"""The terminal app (no subcommand) and ``redflags demo``. Only these import textual, and only
when they run."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from redflags.commands.context import Context, UsageError, out
from redflags.paths import DB_ENV
from redflags.store import Store, now
from redflags.store import cipher as lock

if TYPE_CHECKING:
    import argparse


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


def open_app(ctx: Context, *, demo: bool = False) -> int:
    """Open the terminal app on the chosen database, with plain values from this run."""
    from redflags.tui.app import Launch, run_app

    given: Path | None = ctx.args.db
    named = str(given) if given is not None else os.environ.get(DB_ENV) or None
    loaded = ctx.settings
    launch = Launch(
        db_path=ctx.db_path,
        config=loaded.config,
        load_checklists=ctx.load_checklists,
        warnings=tuple(loaded.warnings),
        named=None if demo else named,
        passphrase=os.environ.get(lock.PASSPHRASE_ENV) or None,
        now=ctx.now,
        demo=demo,
    )
    return run_app(launch)


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
        return open_app(ctx, demo=True)
