"""redflags summary and export: the patterns of a period, and the counsellor's summary."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from redflags.commands.context import Context, UsageError, note, out, write, write_json
from redflags.errors import ChecklistError
from redflags.files import write_private
from redflags.report.files import FORMATS, SENSITIVE
from redflags.safe_text import printable

if TYPE_CHECKING:
    from redflags.checklist import Checklist
    from redflags.patterns.types import Summary


def _period_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--person", required=True)
    parser.add_argument("--checklist", help="checklist id (default: the one the person's log uses)")
    start = parser.add_mutually_exclusive_group()
    start.add_argument("--since", help="first day, YYYY-MM-DD (default: 90 days before --until)")
    start.add_argument("--all", action="store_true", help="from the first check-in")
    parser.add_argument("--until", help="last day, YYYY-MM-DD (default: today)")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add summary and export."""
    summary = sub.add_parser("summary", help="what the check-ins of a period show, with counts")
    _period_options(summary)
    summary.add_argument("--json", action="store_true", help="as JSON (redflags.patterns.types/1)")
    summary.set_defaults(func=show_summary)
    export = sub.add_parser("export", help="the summary to hand to a counsellor or prescriber")
    _period_options(export)
    export.add_argument("--format", choices=sorted(FORMATS), default="text")
    export.add_argument("--initials", action="store_true", help="initials instead of names")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="file (default: stdout)")
    export.set_defaults(func=export_summary)


def _summary(ctx: Context) -> tuple[Summary, Checklist]:
    from redflags.entry import parse_day
    from redflags.report.exporting import checklist_for, summary_for

    store = ctx.store()
    person = store.person(ctx.args.person).name
    try:
        checklist = checklist_for(
            store, ctx.catalog, person, ctx.args.checklist, ctx.settings.config.default_checklist
        )
    except ChecklistError as exc:
        raise UsageError(str(exc)) from None
    since = parse_day(ctx.args.since, "--since") if ctx.args.since else None
    until = parse_day(ctx.args.until, "--until") if ctx.args.until else None
    try:
        summary = summary_for(
            store,
            checklist,
            person,
            since=since,
            until=until,
            everything=ctx.args.all,
            today=ctx.now().date(),
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return summary, checklist


def show_summary(ctx: Context) -> int:
    from redflags.report.render import render_overview

    summary, checklist = _summary(ctx)
    if ctx.args.json:
        write_json(summary.to_json(), indent=2)
    else:
        out(render_overview(summary, checklist))
    return 0


def export_summary(ctx: Context) -> int:
    from redflags.report.exporting import export_for

    summary, checklist = _summary(ctx)
    config = ctx.settings.config
    text = export_for(
        ctx.store(),
        ctx.catalog,
        checklist,
        summary,
        fmt=ctx.args.format,
        initials=ctx.args.initials,
        made=ctx.now().date(),
        country=config.country or None,
    )
    target: Path | None = ctx.args.output
    if target is None:
        write(text)
        return 0
    try:
        written = write_private(target, printable(text))
    except OSError as exc:
        raise UsageError(f"{target}: cannot be written ({exc.strerror or exc})") from None
    note(f"Wrote {written}")
    note(SENSITIVE)
    return 0
