"""A Summary and its check-ins as the counsellor's export: text, markdown, json or csv.

Every export says that these are observations, not a diagnosis (json carries the notice too), and
no free text reaches the output with a terminal control character left raw.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from operator import le
from typing import TYPE_CHECKING, Any, TypeVar, cast

from redflags.checklist import Checklist, Urgent
from redflags.patterns.types import Quoted, Summary
from redflags.report import markdown as report_markdown
from redflags.report import text as report_text
from redflags.report.blocks import Block
from redflags.report.content import build, build_overview, frame_of
from redflags.report.files import initials
from redflags.safe_text import json_escaped, printable
from redflags.terms import Status

if TYPE_CHECKING:
    from redflags.model import CheckIn

__all__ = [
    "CSV_COLUMNS",
    "initials",
    "render_csv",
    "render_json",
    "render_markdown",
    "render_text",
]

CSV_COLUMNS = (
    "checkin_id",
    "observed_at",
    "day",
    "person",
    "observer",
    "treatment_day",
    "group",
    "sign",
    "label",
    "status",
    "explained",
    "sign_note",
)

# A spreadsheet treats a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _redactor(names: Iterable[str]) -> Callable[[str], str]:
    """Replace each name, and each word of a name of several words, with its initials.

    A name of several words matches in any case; a single word only as written, so that a name
    such as "Will" does not swallow the word "will".
    """
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    for name in {n.strip() for n in names if n.strip()}:
        words = name.split()
        if len(words) > 1:
            folded[" ".join(words).casefold()] = initials(name)
            for word in words:
                exact.setdefault(word, initials(word))
        else:
            exact[name] = initials(name)
    if not exact and not folded:
        return lambda text: text
    spaces = r"\s+"
    alternatives = [
        *(f"(?i:{spaces.join(re.escape(w) for w in key.split())})" for key in folded),
        *(re.escape(key) for key in exact),
    ]
    # Longest first, so that a full name wins over one of its words.
    alternatives.sort(key=len, reverse=True)
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)")

    def swap(match: re.Match[str]) -> str:
        found = match.group()
        return exact.get(found) or folded.get(" ".join(found.split()).casefold(), found)

    return lambda text: pattern.sub(swap, text)


def _with_initials(summary: Summary, checkins: Sequence[_Quoted]) -> tuple[Summary, list[_Quoted]]:
    hide = _redactor(
        [
            summary.person,
            *summary.observers,
            *(c.person for c in checkins),
            *(c.observer for c in checkins),
        ]
    )
    shown = [_hidden(c, hide) for c in checkins]
    observers = tuple(dict.fromkeys(initials(o) for o in summary.observers))
    entries = tuple(
        replace(
            e,
            observer=initials(e.observer),
            setting=hide(e.setting),
            note=hide(e.note),
            positives=hide(e.positives),
            signs=tuple(replace(s, note=hide(s.note)) for s in e.signs),
        )
        for e in summary.words.entries
    )
    words = replace(summary.words, entries=entries)
    hidden = replace(summary, person=initials(summary.person), observers=observers, words=words)
    return hidden, shown


_Quoted = TypeVar("_Quoted", bound=Quoted)


def _hidden(checkin: _Quoted, hide: Callable[[str], str]) -> _Quoted:
    """A check-in with initials for its person and observer and names hidden in its text: a
    whole one (pydantic's) or what the store read for quoting."""
    from redflags.store.checkins import Written, WrittenSign

    # Only observations with a note can hold a name; the rest are shared, not copied.
    observations: dict[str, Any] = {}
    for sid, o in checkin.observations.items():
        if not o.note:
            observations[sid] = o
        elif isinstance(o, WrittenSign):
            observations[sid] = o._replace(note=hide(o.note))
        else:
            observations[sid] = o.model_copy(update={"note": hide(o.note)})  # type: ignore[attr-defined]
    person, observer = initials(checkin.person), initials(checkin.observer)
    setting, note, positives = hide(checkin.setting), hide(checkin.note), hide(checkin.positives)
    if isinstance(checkin, Written):
        hidden: Any = checkin._replace(
            person=person,
            observer=observer,
            setting=setting,
            note=note,
            positives=positives,
            observations=observations,
        )
    else:
        hidden = checkin.model_copy(  # type: ignore[attr-defined]
            update={
                "person": person,
                "observer": observer,
                "setting": setting,
                "note": note,
                "positives": positives,
                "observations": observations,
            }
        )
    return cast(_Quoted, hidden)


def _prepare(
    summary: Summary, checkins: Sequence[_Quoted], use_initials: bool
) -> tuple[Summary, list[_Quoted]]:
    span = summary.period
    # The caller passes the period's check-ins; keep to them even if it passes more.
    since, until = span.since, span.until
    inside = [c for c in checkins if not c.deleted and since <= c.observed_at.date() <= until]
    moments = [c.observed_at for c in inside]
    if not all(map(le, moments, moments[1:])):  # the store hands them in time order
        inside.sort(key=lambda c: c.observed_at)
    return _with_initials(summary, inside) if use_initials else (summary, inside)


def _blocks(
    summary: Summary,
    checkins: Sequence[Quoted],
    checklist: Checklist,
    urgent: Urgent,
    made: date,
    country: str | None,
    use_initials: bool,
    ask: str,
    sample: bool,
) -> list[Block]:
    if use_initials:
        ask = _redactor([summary.person, *summary.observers])(ask)
    summary, shown = _prepare(summary, checkins, use_initials)
    return build(
        summary, shown, checklist, urgent, made=made, country=country, ask=ask, sample=sample
    )


def render_text(
    summary: Summary,
    checkins: Sequence[Quoted],
    checklist: Checklist,
    urgent: Urgent,
    *,
    made: date,
    country: str | None = None,
    initials: bool = False,
    ask: str = "",
    sample: bool = False,
) -> str:
    """The counsellor's summary as plain text of at most 80 columns a line (DESIGN section 7)."""
    blocks = _blocks(summary, checkins, checklist, urgent, made, country, initials, ask, sample)
    return report_text.render(blocks)


def render_overview(summary: Summary, checklist: Checklist) -> str:
    """A shorter plain-text summary for the terminal (``redflags summary``)."""
    return report_text.render(build_overview(summary, checklist))


def render_markdown(
    summary: Summary,
    checkins: Sequence[Quoted],
    checklist: Checklist,
    urgent: Urgent,
    *,
    made: date,
    country: str | None = None,
    initials: bool = False,
    ask: str = "",
    sample: bool = False,
) -> str:
    """The counsellor's summary as Markdown, with the same content as the text."""
    blocks = _blocks(summary, checkins, checklist, urgent, made, country, initials, ask, sample)
    return report_markdown.render(blocks)


def render_json(
    summary: Summary,
    checkins: Sequence[CheckIn],
    checklist: Checklist,
    urgent: Urgent,
    *,
    made: date,
    country: str | None = None,
    initials: bool = False,
    ask: str = "",
    sample: bool = False,
) -> str:
    """The notice, the summary and every check-in of the period, as one JSON document."""
    if initials:
        ask = _redactor([summary.person, *summary.observers])(ask)
    summary, shown = _prepare(summary, checkins, initials)
    top: dict[str, object] = {"notice": frame_of(checklist).notice}
    if sample:
        top["sample_data"] = True
    if ask.strip():
        top["ask"] = ask
    top["summary"] = summary.to_json()
    head = json.dumps(top, ensure_ascii=False, indent=2)
    # One check-in a line, as in history --json: readable, and written by json's fast encoder
    # (an indented dump of ten years of check-ins takes a second).
    rows = ",\n".join("    " + json.dumps(c.to_public(), ensure_ascii=False) for c in shown)
    text = head.removesuffix("\n}") + ',\n  "checkins": [' + (f"\n{rows}\n  " if rows else "")
    text += "]\n}\n"
    # Every control character json.dumps leaves raw (DEL, C1, bidirectional marks) escaped.
    return json_escaped(text)


def _cell(text: str) -> str:
    if not text:
        return text
    safe = printable(text)
    # A leading apostrophe keeps a spreadsheet from running the cell as a formula.
    return "'" + safe if safe.startswith(_FORMULA_START) else safe


def render_csv(
    summary: Summary,
    checkins: Sequence[CheckIn],
    checklist: Checklist,
    urgent: Urgent,
    *,
    made: date,
    country: str | None = None,
    initials: bool = False,
    ask: str = "",
    sample: bool = False,
) -> str:
    """A header row, then one row per check-in and sign; a sign absent from a check-in is not
    checked. Signs kept from another checklist version follow, with an empty group."""
    _summary, shown = _prepare(summary, checkins, initials)
    groups = {s.id: g.id for g in checklist.groups for s in g.signs}
    labels = {s.id: _cell(s.label) for s in checklist.signs}
    unchecked = (Status.NOT_CHECKED.value, "no", "")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in shown:
        # What is the same on every row of a check-in is made safe once.
        same = (
            _cell(c.id),
            c.observed_at.isoformat(),
            c.day.isoformat(),
            _cell(c.person),
            _cell(c.observer),
            c.treatment_day.value,
        )
        extra = [sid for sid in c.observations if sid not in groups]
        for sid in [*groups, *extra]:
            obs = c.observations.get(sid)
            label = _cell(c.labels[sid]) if sid in c.labels else labels.get(sid) or _cell(sid)
            state = (
                (obs.status.value, "yes" if obs.explained else "no", _cell(obs.note))
                if obs
                else unchecked
            )
            writer.writerow((*same, groups.get(sid, ""), sid, label, *state))
    return out.getvalue()
