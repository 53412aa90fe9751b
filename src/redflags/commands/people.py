"""redflags people list | add NAME | rename OLD NEW | archive NAME [--undo]"""

from __future__ import annotations

import argparse

from redflags.commands.context import Context, out
from redflags.safe_text import one_line
from redflags.words import counted


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the people commands."""
    people = sub.add_parser("people", help="list, add, rename or archive the people you observe")
    actions = people.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="everyone, with their latest check-in")
    listing.add_argument("--all", action="store_true", help="include archived people")
    listing.set_defaults(func=list_people)
    add = actions.add_parser("add", help="add a person (an alias or initials works well)")
    add.add_argument("name")
    add.set_defaults(func=add_person)
    rename = actions.add_parser("rename", help="change a person's display name")
    rename.add_argument("old")
    rename.add_argument("new")
    rename.set_defaults(func=rename_person)
    archive = actions.add_parser("archive", help="hide a person from the list; nothing is deleted")
    archive.add_argument("name")
    archive.add_argument("--undo", action="store_true", help="bring an archived person back")
    archive.set_defaults(func=archive_person)


def list_people(ctx: Context) -> int:
    store = ctx.store()
    people = store.people(include_archived=ctx.args.all)
    if not people:
        out("No people yet. Add one with: redflags people add NAME")
        return 0
    for person in people:
        last = store.last_day(person.name)
        when = f"last check-in {last.isoformat()}" if last else "no check-ins yet"
        count = store.count_checkins(person.name)
        flag = "  (archived)" if person.archived else ""
        out(f"{one_line(person.name)}  {counted(count, 'check-in')}, {when}{flag}")
    return 0


def add_person(ctx: Context) -> int:
    person = ctx.store().add_person(ctx.args.name)
    name = one_line(person.name)
    out(f"Added {name}" + ("" if name.endswith(".") else "."))
    return 0


def rename_person(ctx: Context) -> int:
    person = ctx.store().rename_person(ctx.args.old, ctx.args.new)
    out(f"Renamed {one_line(ctx.args.old)} to {one_line(person.name)}.")
    return 0


def archive_person(ctx: Context) -> int:
    person = ctx.store().archive_person(ctx.args.name, archived=not ctx.args.undo)
    state = "archived; their check-ins are kept" if person.archived else "back in the list"
    out(f"{one_line(person.name)} is {state}.")
    return 0
