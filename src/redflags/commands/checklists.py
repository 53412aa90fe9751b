"""redflags checklists list | show ID [--json] | validate [PATH...]"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from redflags.commands.context import Context, UsageError, error, out, write_json
from redflags.errors import ChecklistError
from redflags.safe_text import first_unsafe

if TYPE_CHECKING:
    from redflags.checklist import Checklist


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the checklists commands."""
    cmd = sub.add_parser("checklists", help="the lists of signs: list, show, validate")
    actions = cmd.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("list", help="every checklist available").set_defaults(func=list_all)
    show = actions.add_parser("show", help="one checklist's signs, grouped by route")
    show.add_argument("id")
    show.add_argument("--json", action="store_true", help="as JSON")
    show.set_defaults(func=show_one)
    validate = actions.add_parser("validate", help="check checklist files (default: the shipped)")
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    validate.set_defaults(func=validate_files)


def list_all(ctx: Context) -> int:
    for checklist in ctx.catalog.checklists.values():
        count = len(checklist.signs)
        out(f"{checklist.id}  (version {checklist.version}, {count} signs)  {checklist.title}")
    return 0


def show_one(ctx: Context) -> int:
    try:
        checklist = ctx.catalog.get(ctx.args.id)
    except ChecklistError as exc:
        raise UsageError(str(exc)) from None
    if ctx.args.json:
        from redflags.checklist import as_json

        write_json(as_json(checklist), indent=2)
        return 0
    out(render_checklist(checklist))
    return 0


def render_checklist(checklist: Checklist) -> str:
    """A checklist as readable text, 80 columns wide."""
    wrap = textwrap.TextWrapper(width=80)
    indent = textwrap.TextWrapper(width=80, initial_indent="    ", subsequent_indent="    ")
    lines = [*wrap.wrap(f"{checklist.title}  ({checklist.id}, version {checklist.version})"), ""]
    lines += [*wrap.wrap(checklist.about), "", *wrap.wrap(f"Source: {checklist.source}")]
    for group in checklist.groups:
        lines += ["", f"{group.title}  [{group.id}]", *wrap.wrap(group.why)]
        for sign in group.signs:
            lines += ["", f"  {sign.label}  [{sign.id}]"]
            lines += indent.wrap(f"Look for: {sign.look_for}")
            if sign.other_explanations:
                lines += indent.wrap("Other explanations: " + "; ".join(sign.other_explanations))
            else:
                lines += indent.wrap(checklist.no_other_explanation)
            lines += indent.wrap(f"Source: {sign.source}")
    return "\n".join(lines)


def validate_files(ctx: Context) -> int:
    from redflags.checklist import URGENT_FILE, as_json, load_checklist, load_urgent, shipped_dir

    paths: list[Path] = ctx.args.paths or sorted(shipped_dir().glob("*.toml"))
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(path.glob("*.toml"))
        else:
            files.append(path)
    if not files:
        raise UsageError("no checklist files found to validate")
    failed = 0
    for path in files:
        try:
            if path.name == URGENT_FILE:
                urgent = load_urgent(path)
                _refuse_controls(path, as_json(urgent))
                out(
                    f"ok  {path}  (urgent help: {len(urgent.signs)} signs, "
                    f"{len(urgent.resources)} contacts)"
                )
            else:
                checklist = load_checklist(path)
                _refuse_controls(path, as_json(checklist))
                out(f"ok  {path}  ({checklist.id}, {len(checklist.signs)} signs)")
        except ChecklistError as exc:
            failed += 1
            error(str(exc))
    if failed:
        raise UsageError(f"{failed} of {len(files)} files have problems")
    return 0


def _refuse_controls(path: Path, value: object, where: str = "") -> None:
    """A ChecklistError naming the first text of a checklist file that holds a control character
    (or a bidirectional mark): shown, it would be cleaned; in a checklist it is a mistake."""
    if isinstance(value, dict):
        for key, item in value.items():
            _refuse_controls(path, item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_controls(path, item, f"{where}[{index}]")
    elif isinstance(value, str) and (found := first_unsafe(value)) is not None:
        raise ChecklistError(f"{path}: {where}: holds a control character ({found})")
