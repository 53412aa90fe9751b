"""redflags log and history: recording check-ins and reading them back."""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING

from redflags.commands.context import Context, UsageError, out, write_json
from redflags.errors import ChecklistError, EntryError
from redflags.safe_text import one_line, printable
from redflags.terms import Status
from redflags.words import counted

if TYPE_CHECKING:
    from redflags.checklist import Checklist
    from redflags.model import CheckIn
    from redflags.store import Store

# The checklist and check-in models are imported by the commands that use them: building the
# command line (also done to open the app) stays light.


# Stands in for the sign ids in ``log --help``: the checklist is read only when help is shown.
SIGN_IDS = "\x00sign ids\x00"


class _LogHelp(argparse.RawDescriptionHelpFormatter):
    """Help for ``log`` that ends with the sign ids of the default checklist, by group."""

    def add_text(self, text: str | None) -> None:
        if text == SIGN_IDS:
            text = _sign_ids_text()
        super().add_text(text)


def _sign_ids_text() -> str:
    from redflags.checklist import load_catalog
    from redflags.config import load_config
    from redflags.paths import config_path

    try:
        wanted = load_config(config_path()).config.default_checklist
        catalog = load_catalog()
        checklist = catalog.checklists.get(wanted) or catalog.get("ketamine")
    except (ChecklistError, OSError):
        return "Sign ids: see redflags checklists show ketamine"
    lines = [f"Sign ids of the checklist {checklist.id}:"]
    for group in checklist.groups:
        ids = ", ".join(s.id for s in group.signs)
        lines += textwrap.wrap(
            f"{group.id}: {ids}",
            78,
            initial_indent="  ",
            subsequent_indent="    ",
            break_on_hyphens=False,
        )
    lines.append("Other checklists: redflags checklists list, then redflags checklists show ID")
    return "\n".join(lines)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add log and history."""
    log = sub.add_parser(
        "log",
        help="record a check-in: what you looked for and what you saw",
        description="Record one check-in. Signs not named are saved as not checked\n"
        "(with --rest-not-seen: as looked for, not seen). The person must have been\n"
        "added first: redflags people add NAME",
        epilog=SIGN_IDS,
        formatter_class=_LogHelp,
    )
    log.add_argument("--person", required=True, help="who was observed (added before)")
    log.add_argument("--checklist", help="checklist id (default: ketamine, or the config's)")
    log.add_argument(
        "--at",
        metavar="WHEN",
        help='when you saw them (default: now), like "yesterday 20:00", "last night", '
        '"28 Nov 20:00", "Sat 8pm" or 2026-11-28T20:00',
    )
    log.add_argument("--noted", help="signs you noticed, comma-separated ids (listed below)")
    signs = log.add_mutually_exclusive_group()
    signs.add_argument("--not-seen", help="signs you looked for and did not see")
    signs.add_argument(
        "--rest-not-seen",
        action="store_true",
        help="every sign not named in --noted was looked for and not seen",
    )
    log.add_argument("--explained", help="noted signs that another explanation likely accounts for")
    log.add_argument("--treatment-day", default="unknown", help="yes, no or unknown")
    log.add_argument("--observer", help="who observed (default: the last observer given)")
    log.add_argument("--setting", default="", help="where, lighting, how long")
    log.add_argument("--note", default="", help="anything else worth remembering")
    log.add_argument("--positives", default="", help="what went well")
    log.set_defaults(func=log_checkin)

    history = sub.add_parser("history", help="a person's check-ins, oldest first")
    history.add_argument("--person", required=True)
    history.add_argument("--json", action="store_true", help="JSON Lines, one check-in a line")
    history.add_argument("--deleted", action="store_true", help="include deleted check-ins")
    history.set_defaults(func=show_history)


def _checklist(ctx: Context, checklist_id: str | None) -> Checklist:
    wanted = checklist_id or ctx.settings.config.default_checklist
    try:
        return ctx.catalog.get(wanted)
    except ChecklistError as exc:
        raise UsageError(str(exc)) from None


def log_checkin(ctx: Context) -> int:
    from redflags.drafts import OBSERVER_KEY
    from redflags.entry import (
        complete,
        observations_from_lists,
        parse_moment,
        split_signs,
        treatment_day,
    )
    from redflags.model import CheckIn

    args = ctx.args
    if not args.person.strip():
        raise UsageError("--person: a name is needed")
    checklist = _checklist(ctx, args.checklist)
    now = ctx.now()
    try:
        moment = parse_moment(args.at, now=now) if args.at is not None else now
    except EntryError as exc:
        raise UsageError(f"--at: {exc}") from None
    noted = split_signs(args.noted)
    not_seen = split_signs(args.not_seen)
    if args.rest_not_seen:
        named = set(noted)
        not_seen = [s.id for s in checklist.signs if s.id not in named]
    observations = observations_from_lists(
        checklist,
        noted=noted,
        not_seen=not_seen,
        explained=split_signs(args.explained),
    )
    treatment = treatment_day(args.treatment_day)
    store = ctx.store()
    person = _known_person(store, args.person)
    remembered = store.get_meta(OBSERVER_KEY)
    if args.observer is not None:
        observer = args.observer
    elif remembered is not None:
        observer = remembered
    else:
        observer = ctx.settings.config.observer
    checkin = CheckIn(
        person=person,
        checklist=checklist.id,
        checklist_version=checklist.version,
        observed_at=moment,
        observer=observer,
        treatment_day=treatment,
        setting=args.setting,
        note=args.note,
        positives=args.positives,
        observations=observations,
    )
    saved = store.add_checkin(complete(checkin, checklist))
    if args.observer is not None and args.observer != remembered:
        store.set_meta(OBSERVER_KEY, args.observer)
    from redflags.dates import when_words

    noted_count = len(saved.signs_with(Status.NOTED))
    not_seen_count = len(saved.signs_with(Status.NOT_SEEN))
    unchecked = len(checklist.signs) - noted_count - not_seen_count
    out(
        f"Saved a check-in for {one_line(saved.person)} on {when_words(saved.observed_at)}:"
        f" {noted_count} noted, {not_seen_count} looked for and not seen,"
        f" {unchecked} not checked."
    )
    out(f"id {one_line(saved.id)}")
    return 0


def _known_person(store: Store, name: str) -> str:
    """The stored name of the person called ``name`` (regardless of case, outer spaces and how
    accents are typed: DESIGN section 5 makes those one person); UsageError naming who was
    meant, if anyone, and the command that adds a new person."""
    import difflib
    import shlex
    import unicodedata

    found = store.find_person(name)
    if found is not None:
        return found.name
    people = [p.name for p in store.people(include_archived=True)]
    wanted = name.strip()

    def same_name(text: str) -> str:
        return unicodedata.normalize("NFC", text.strip()).casefold()

    same = [p for p in people if same_name(p) == same_name(wanted)]
    if len(same) == 1:
        return same[0]
    close = same or difflib.get_close_matches(wanted, people, n=3, cutoff=0.6)
    if not close:
        lowered = {p.casefold(): p for p in people}
        close = [lowered[m] for m in difflib.get_close_matches(wanted.casefold(), lowered, n=3)]
    names = " or ".join(f'"{one_line(p)}"' for p in close)
    meant = f"; did you mean {names}?" if close else "."
    raise UsageError(
        f'no person called "{one_line(name)}"{meant} To add a new person: '
        f"redflags people add {one_line(shlex.quote(wanted))}"
    )


def show_history(ctx: Context) -> int:
    store = ctx.store()
    person = store.person(ctx.args.person)
    checkins = store.checkins(person.name, include_deleted=ctx.args.deleted)
    if ctx.args.json:
        for checkin in checkins:
            public = checkin.to_public()
            if ctx.args.deleted:
                # With deleted check-ins in the list, each line says whether it is one, and
                # import keeps it so.
                public["deleted"] = checkin.deleted
            write_json(public)
        return 0
    if not checkins:
        out(f"No check-ins for {one_line(person.name)} yet.")
        return 0
    for checkin in checkins:
        _print_checkin(ctx, checkin)
    out(f"{counted(len(checkins), 'check-in')}. Observations only: none of this is a diagnosis.")
    return 0


def _print_checkin(ctx: Context, checkin: CheckIn) -> None:
    checklist = ctx.catalog.checklists.get(checkin.checklist)
    total = len(checklist.signs) if checklist else len(checkin.observations)

    def label(sign_id: str) -> str:
        return one_line(checkin.labels.get(sign_id, sign_id))

    gone = "  [deleted]" if checkin.deleted else ""
    out(f"{checkin.observed_at:%Y-%m-%d %H:%M}  {one_line(checkin.checklist)}{gone}")
    out(f"  treatment day: {checkin.treatment_day.value}")
    if checkin.observer:
        out(f"  observer: {one_line(checkin.observer)}")
    noted = [
        label(s) + (" (another explanation likely)" if checkin.observations[s].explained else "")
        for s in checkin.signs_with(Status.NOTED)
    ]
    not_seen = [label(s) for s in checkin.signs_with(Status.NOT_SEEN)]
    out(f"  noted: {', '.join(noted) or 'nothing'}")
    out(f"  looked for, not seen: {', '.join(not_seen) or 'nothing'}")
    out(f"  not checked: {total - len(noted) - len(not_seen)} signs")
    for sign_id, obs in checkin.observations.items():
        if obs.note:
            out(f"  {label(sign_id)}: {one_line(obs.note)}")
    for name, text in (
        ("setting", checkin.setting),
        ("note", checkin.note),
        ("went well", checkin.positives),
    ):
        if text:
            out(f"  {name}: " + printable(text).replace("\n", "\n    "))
    out(f"  id {checkin.id}")
    out()
