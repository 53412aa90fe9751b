"""Small fixed checklists, urgent data, check-ins and marks for the patterns and report tests.

They are built in code so that the tests do not depend on the shipped checklist files.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any

from redflags.checklist import Checklist, Urgent, validate
from redflags.model import CheckIn, Marks, Observation, Route, Status, TreatmentDay

if TYPE_CHECKING:
    from redflags.patterns.types import Summary
    from redflags.store import Store

UTC = timezone.utc
ROUTES = {r.value for r in Route}

GROUPS: dict[str, tuple[str, list[tuple[str, str, list[str]]]]] = {
    "smoked": (
        "If it is smoked",
        [("chronic-cough", "Chronic cough", ["a cold or asthma", "smoking tobacco"])],
    ),
    "snorted": (
        "If it is snorted",
        [
            ("stuffy-nose", "Stuffy nose", ["a cold or hay fever", "esketamine nasal spray"]),
            ("nosebleeds", "Nosebleeds", ["dry air", "blowing the nose hard"]),
        ],
    ),
    "any": (
        "However it is taken",
        [
            ("sleep-changes", "Changes in sleep", ["depression itself", "shift work"]),
            ("extreme-sleepiness", "Extreme sleepiness", ["too little sleep", "a treatment dose"]),
            ("slurred-speech", "Slurred speech", ["tiredness", "alcohol"]),
        ],
    ),
}
SIGN_IDS = [sid for _title, signs in GROUPS.values() for sid, _label, _other in signs]


def checklist(
    groups: dict[str, tuple[str, list[tuple[str, str, list[str]]]]] = GROUPS,
) -> Checklist:
    """A small checklist with the shipped ids, one group per route (a group id that is not a
    route goes with "any")."""
    return validate(
        Checklist,
        {
            "schema": 1,
            "id": "ketamine",
            "version": 1,
            "title": "Physical warning signs (test list)",
            "about": "A short list for tests.",
            "source": "tests",
            "summary": {
                "title": "Observed warning signs: a summary to discuss with a counsellor",
                "audience": "a counsellor",
                "notice_line": "Observations only, not a diagnosis.",
                "notice": (
                    "These are observations by someone who knows the person, not a diagnosis. "
                    "Physical signs alone cannot show substance use, and every sign here has "
                    "other possible causes: only a qualified professional can assess substance "
                    "use."
                ),
                "grouped_by": "route of use",
            },
            "groups": [
                {
                    "id": gid,
                    "route": gid if gid in ROUTES else Route.ANY.value,
                    "title": title,
                    "why": "why it is in the list",
                    "signs": [
                        {
                            "id": sid,
                            "label": label,
                            "look_for": "what to look for",
                            "other_explanations": other,
                            "source": "article",
                        }
                        for sid, label, other in signs
                    ],
                }
                for gid, (title, signs) in groups.items()
            ],
        },
    )


def wide_checklist(count: int) -> Checklist:
    """A checklist of ``count`` signs s0, s1, ... in groups of four (for speed and properties)."""
    ids = [f"s{i}" for i in range(count)]
    groups = {
        f"g{g}": (
            f"Group {g}",
            [(sid, f"Sign {sid}", ["something else"]) for sid in ids[g : g + 4]],
        )
        for g in range(0, count, 4)
    }
    return checklist(groups)


def urgent() -> Urgent:
    """Urgent help in two tiers, with resources for the UK, the US and anywhere."""
    return validate(
        Urgent,
        {
            "schema": 1,
            "title": "Urgent: call for help now",
            "intro": "Get help first.",
            "tiers": [
                {
                    "id": "emergency",
                    "calls": "emergency",
                    "title": "Call an emergency number now",
                    "intro": "Stay with the person.",
                    "signs": [
                        {"id": "cannot-wake", "text": "Cannot be woken"},
                        {"id": "breathing", "text": "Breathing is slow, noisy or has stopped"},
                    ],
                },
                {
                    "id": "same-day",
                    "calls": "crisis",
                    "title": "Talk of suicide: get help today",
                    "intro": "Call a crisis line, or their clinician, the same day.",
                    "signs": [{"id": "suicide-talk", "text": "They talk about suicide"}],
                },
            ],
            "resources": [
                {
                    "country": "US",
                    "name": "Emergency services",
                    "contact": "911",
                    "what": "Police, fire, ambulance.",
                    "kind": "emergency",
                },
                {
                    "country": "GB",
                    "name": "Emergency services",
                    "contact": "999",
                    "what": "Ambulance; 112 works too.",
                    "kind": "emergency",
                },
                {
                    "country": "GB",
                    "name": "A crisis line",
                    "contact": "116 123",
                    "what": "Free, at any hour.",
                    "kind": "crisis",
                },
                {
                    "country": "any",
                    "name": "Your local emergency number",
                    "contact": "the number where you are",
                    "what": "Anywhere else.",
                    "kind": "emergency",
                },
            ],
        },
    )


def at(day: date, hour: int = 19, zone: tzinfo = UTC) -> datetime:
    """An aware datetime on a local day."""
    return datetime.combine(day, time(hour), tzinfo=zone)


def marks(
    when: datetime,
    noted: Iterable[str] = (),
    not_seen: Iterable[str] = (),
    explained: Iterable[str] = (),
    treatment: TreatmentDay = TreatmentDay.NO,
) -> Marks:
    """One check-in in its compact form."""
    return Marks(when, treatment, frozenset(noted), frozenset(not_seen), frozenset(explained))


def checkin(
    when: datetime,
    noted: Iterable[str] = (),
    not_seen: Iterable[str] = (),
    explained: Iterable[str] = (),
    treatment: TreatmentDay = TreatmentDay.NO,
    notes: dict[str, str] | None = None,
    **fields: Any,
) -> CheckIn:
    """A full check-in: the one check-in factory of the tests. ``notes`` gives sign notes by sign
    id; ``fields`` any other field (``person``, ``note``, ``labels``...). Its id is made from
    ``when`` unless given; ``id=None`` gives a fresh random one, as a new check-in gets."""
    notes = notes or {}
    explained = set(explained)
    observations = {
        sid: Observation(status=Status.NOTED, explained=sid in explained) for sid in noted
    }
    observations.update({sid: Observation(status=Status.NOT_SEEN) for sid in not_seen})
    for sid, note in notes.items():
        base = observations.get(sid, Observation())
        observations[sid] = base.model_copy(update={"note": note})
    values: dict[str, Any] = {
        "id": f"c-{when.isoformat()}",
        "person": "Sam Jones",
        "checklist": "ketamine",
        "observed_at": when,
        "observer": "Mum",
        "treatment_day": treatment,
        "observations": observations,
    }
    values.update(fields)
    if values["id"] is None:
        del values["id"]
    return CheckIn(**values)


def marks_of(c: CheckIn) -> Marks:
    """The compact form the store hands to summarize."""
    return c.to_marks()


def days_from(start: date, count: int) -> list[date]:
    """``count`` consecutive days from ``start``."""
    return [start + timedelta(days=i) for i in range(count)]


def whole_log_summary(
    store: Store, checklist: Checklist, today: date, person: str = "Sam"
) -> Summary:
    """The summary of a person's whole log with one checklist, as of ``today``."""
    from redflags.report.exporting import summary_for

    return summary_for(
        store, checklist, person, since=None, until=None, everything=True, today=today
    )
