"""redflags summary and export: the patterns of a period, and the counsellor's summary."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from redflags.commands.context import Context, UsageError, note, out, write, write_json
from redflags.errors import ChecklistError
from redflags.report.files import SENSITIVE, FileProblem, default_file_name, documents_folder, save
from redflags.report.formats import FORMATS, Reads
from redflags.safe_text import printable

if TYPE_CHECKING:
    from redflags.checklist import Checklist
    from redflags.patterns.types import Summary
    from redflags.store.checkins import Written


def _period_options(parser: argparse.ArgumentParser, *, person_required: bool = True) -> None:
    if person_required:
        parser.add_argument("--person", required=True)
    parser.add_argument("--checklist", help="checklist id (default: the one the person's log uses)")
    start = parser.add_mutually_exclusive_group()
    start.add_argument("--since", help="first day, YYYY-MM-DD (default: 90 days before --until)")
    start.add_argument("--all", action="store_true", help="from the first check-in")
    start.add_argument(
        "--since-last",
        action="store_true",
        help="from the day after the last summary made (90 days if none was made)",
    )
    parser.add_argument("--until", help="last day, YYYY-MM-DD (default: today)")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add summary and export."""
    summary = sub.add_parser("summary", help="what the check-ins of a period show, with counts")
    _period_options(summary)
    summary.add_argument("--json", action="store_true", help="as JSON (redflags.summary/2)")
    summary.set_defaults(func=show_summary)
    export = sub.add_parser("export", help="the summary to hand to a counsellor or prescriber")
    who = export.add_mutually_exclusive_group(required=True)
    who.add_argument("--person")
    who.add_argument("--everyone", action="store_true", help="one file per person (--to-dir)")
    _period_options(export, person_required=False)
    export.add_argument("--format", choices=list(FORMATS), default="text")
    export.add_argument("--initials", action="store_true", help="initials instead of names")
    export.add_argument(
        "--ask", default="", metavar="TEXT", help="questions or goals for this appointment"
    )
    where = export.add_mutually_exclusive_group()
    where.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="file (default: standard output)"
    )
    where.add_argument(
        "--to-dir",
        type=Path,
        metavar="DIR",
        help="folder for files named after the person and date (default for --everyone: "
        "your documents folder)",
    )
    export.add_argument("--force", action="store_true", help="replace a file that exists")
    export.set_defaults(func=export_summary)


def _checklist(ctx: Context, person: str) -> Checklist:
    from redflags.report.exporting import checklist_for

    try:
        return checklist_for(
            ctx.store(),
            ctx.catalog,
            person,
            ctx.args.checklist,
            ctx.settings.config.default_checklist,
        )
    except ChecklistError as exc:
        raise UsageError(str(exc)) from None


def _summary(
    ctx: Context, person: str, checklist: Checklist, *, all_written: bool = False
) -> tuple[Summary, list[Written]]:
    """The summary, and the period's check-ins with something written (all of them with
    ``all_written``, else the latest)."""
    from redflags.dates import parse_day
    from redflags.report.exporting import summary_and_written

    since = parse_day(ctx.args.since, "--since") if ctx.args.since else None
    until = parse_day(ctx.args.until, "--until") if ctx.args.until else None
    try:
        return summary_and_written(
            ctx.store(),
            checklist,
            person,
            since=since,
            until=until,
            everything=ctx.args.all,
            today=ctx.now().date(),
            since_last=ctx.args.since_last,
            all_written=all_written,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def show_summary(ctx: Context) -> int:
    person = ctx.store().person(ctx.args.person).name
    checklist = _checklist(ctx, person)
    summary, _written = _summary(ctx, person, checklist)
    if ctx.args.json:
        write_json(summary.to_json(), indent=2)
    else:
        from redflags.report.render import render_overview  # the renderers: text only

        out(render_overview(summary, checklist))
    return 0


def _made(ctx: Context, person: str, made: date) -> tuple[Summary, str]:
    from redflags.report.exporting import export_for

    checklist = _checklist(ctx, person)
    quotes = FORMATS[ctx.args.format].reads is Reads.WRITTEN
    summary, written = _summary(ctx, person, checklist, all_written=quotes)
    config = ctx.settings.config
    text = export_for(
        ctx.store(),
        ctx.catalog,
        checklist,
        summary,
        fmt=ctx.args.format,
        initials=ctx.args.initials,
        made=made,
        country=config.country or None,
        ask=ctx.args.ask,
        written=written if quotes else None,
    )
    return summary, text


def _file_for(ctx: Context, folder: Path, person: str, made: date) -> Path:
    from redflags.report.exporting import is_sample

    name = default_file_name(
        ctx.args.format,
        made,
        person,
        use_initials=ctx.args.initials,
        sample=is_sample(ctx.store()),
    )
    return folder / name


def _refuse_existing(target: Path, force: bool) -> None:
    if target.is_symlink():
        raise UsageError(f"{target} is a link to another file; nothing was written")
    if target.is_dir():
        raise UsageError(f"{target} is a folder; give a file name, or use --to-dir")
    if target.exists() and not force:
        raise UsageError(
            f"{target} already exists; add --force to replace it, or choose another name"
        )


def export_summary(ctx: Context) -> int:
    from redflags.report.exporting import remember

    made = ctx.now().date()
    store = ctx.store()
    if ctx.args.everyone:
        if ctx.args.output is not None:
            raise UsageError("--everyone writes one file per person: use --to-dir DIR, not -o")
        people = [p.name for p in store.people()]
    else:
        people = [store.person(ctx.args.person).name]
    folder: Path | None = ctx.args.to_dir
    if folder is None and ctx.args.everyone:
        folder = documents_folder()
    if folder is not None and not folder.is_dir():
        raise UsageError(f"{folder}: there is no such folder")
    if ctx.args.output is None and folder is None:
        summary, text = _made(ctx, people[0], made)
        write(text)
        remember(store, summary, ctx.args.format, made)
        return 0
    if folder is not None:
        targets = [_file_for(ctx, folder, p, made) for p in people]
    else:
        targets = [ctx.args.output]
    # Every file is checked before any is written: a refusal writes nothing.
    for target in targets:
        _refuse_existing(target, ctx.args.force)
    if len(set(targets)) < len(targets):
        raise UsageError(
            "two people would share a file name (their initials?); nothing was written"
        )
    for person, target in zip(people, targets, strict=True):
        summary, text = _made(ctx, person, made)
        try:
            written = save(target, printable(text), replace=ctx.args.force)
        except FileProblem as exc:
            raise UsageError(str(exc)) from None
        remember(store, summary, ctx.args.format, made)
        note(f"Wrote {written}")
    note(SENSITIVE)
    return 0
