"""redflags log and history: recording check-ins and reading them back."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from redflags.commands.context import Context, UsageError, out, write_json
from redflags.errors import ChecklistError
from redflags.safe_text import one_line, printable
from redflags.terms import Status
from redflags.words import counted

if TYPE_CHECKING:
    from redflags.checklist import Checklist
    from redflags.model import CheckIn

# The checklist and check-in models are imported by the commands that use them: building the
# command line (also done to open the app) stays light.


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add log and history."""
    log = sub.add_parser("log", help="record a check-in: what you looked for and what you saw")
    log.add_argument("--person", required=True, help="who was observed")
    log.add_argument("--checklist", help="checklist id (default: ketamine, or the config's)")
    log.add_argument("--at", help="when, e.g. 2026-10-03T18:30 (default: now)")
    log.add_argument("--noted", help="signs you noticed, comma-separated ids")
    log.add_argument("--not-seen", help="signs you looked for and did not see")
    log.add_argument("--explained", help="noted signs that another explanation likely accounts for")
    log.add_argument("--treatment-day", default="unknown", help="yes, no or unknown")
    log.add_argument("--observer", help="who observed (default: from the config)")
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
    from redflags.entry import (
        complete,
        observations_from_lists,
        parse_moment,
        split_signs,
        treatment_day,
    )
    from redflags.model import CheckIn

    args = ctx.args
    checklist = _checklist(ctx, args.checklist)
    moment = parse_moment(args.at, now=ctx.now()) if args.at else ctx.now()
    observations = observations_from_lists(
        checklist,
        noted=split_signs(args.noted),
        not_seen=split_signs(args.not_seen),
        explained=split_signs(args.explained),
    )
    if not args.person.strip():
        raise UsageError("--person: a name is needed")
    checkin = CheckIn(
        person=args.person,
        checklist=checklist.id,
        checklist_version=checklist.version,
        observed_at=moment,
        observer=args.observer if args.observer is not None else ctx.settings.config.observer,
        treatment_day=treatment_day(args.treatment_day),
        setting=args.setting,
        note=args.note,
        positives=args.positives,
        observations=observations,
    )
    saved = ctx.store().add_checkin(complete(checkin, checklist))
    noted = len(saved.signs_with(Status.NOTED))
    not_seen = len(saved.signs_with(Status.NOT_SEEN))
    unchecked = len(checklist.signs) - noted - not_seen
    out(
        f"Saved a check-in for {one_line(saved.person)} at {saved.observed_at:%Y-%m-%d %H:%M}:"
        f" {noted} noted, {not_seen} looked for and not seen, {unchecked} not checked."
    )
    out(f"id {saved.id}")
    return 0


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
