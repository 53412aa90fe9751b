"""Made-up sample data for ``redflags demo``: two people over a few months, generated from a seed.

Sam: quiet weeks, treatment days with the expected sleepiness, then a growing cluster of
snorted-route signs. Alex: occasional check-ins with little noted. Some signs are never checked.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta

from redflags.checklist import Checklist
from redflags.entry import complete
from redflags.model import CheckIn, Observation, Status, TreatmentDay
from redflags.store import Store
from redflags.terms import SAMPLE_KEY

SAMPLE_DAYS = 120
NOTES = (
    "Seemed tired after work.",
    "Quiet at dinner, went to bed early.",
    "Talked about the new job; seemed hopeful.",
    "Had a cold this week.",
    "Stayed in their room most of the evening.",
)
POSITIVES = (
    "Cooked dinner with us.",
    "Went for a walk together.",
    "Called their grandmother.",
    "Laughed at the film.",
    "Kept the appointment with the counsellor.",
)
SETTINGS = (
    "Dinner, kitchen light",
    "Evening, living room, about an hour",
    "Drive to the clinic, daylight",
    "Breakfast, short chat",
)


def _id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _moment(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute)).astimezone()


def _sam_checkin(checklist: Checklist, day: date, index: int, rng: random.Random) -> CheckIn:
    progress = index / SAMPLE_DAYS
    treatment = day.weekday() in (1, 4) and progress < 0.6
    observations: dict[str, Observation] = {}
    # Each sign draws from its own stream (one draw of the main one per check-in), so a sign
    # added to the checklist leaves what the others show unchanged.
    base = rng.getrandbits(64)
    for sign in checklist.signs:
        draw = random.Random(f"{base}:{sign.id}")
        group = checklist.group_of(sign.id)
        # The injected-route signs are rarely looked at: a caregiver seldom sees arms and legs.
        if (group and group.id == "injected" and draw.random() < 0.8) or draw.random() < 0.12:
            continue
        chance = 0.006  # most weeks: nothing noted
        if group and group.id == "snorted" and progress > 0.55:
            chance = 0.15 + 0.8 * (progress - 0.55)
        if sign.id == "extreme-sleepiness" and treatment:
            chance = 0.85
        if sign.id in ("sleep-changes", "eating-changes") and progress > 0.7:
            chance = 0.35
        noted = draw.random() < chance
        explained = noted and sign.id == "extreme-sleepiness" and treatment
        observations[sign.id] = Observation(
            status=Status.NOTED if noted else Status.NOT_SEEN,
            explained=explained,
            note="after the clinic visit" if explained and draw.random() < 0.15 else "",
        )
    return CheckIn(
        id=_id(rng),
        person="Sam",
        checklist=checklist.id,
        checklist_version=checklist.version,
        observed_at=_moment(day, 18 + rng.randrange(3), rng.randrange(60)),
        observer="Mum",
        treatment_day=TreatmentDay.YES if treatment else TreatmentDay.NO,
        setting=rng.choice(SETTINGS) if rng.random() < 0.1 else "",
        note=rng.choice(NOTES) if rng.random() < 0.1 else "",
        positives=rng.choice(POSITIVES) if rng.random() < 0.12 else "",
        observations=observations,
    )


def _alex_checkin(checklist: Checklist, day: date, rng: random.Random) -> CheckIn:
    observations = {
        sign.id: Observation(
            status=Status.NOTED if rng.random() < 0.04 else Status.NOT_SEEN,
        )
        for sign in checklist.signs
        if rng.random() < 0.7
    }
    return CheckIn(
        id=_id(rng),
        person="Alex",
        checklist=checklist.id,
        checklist_version=checklist.version,
        observed_at=_moment(day, 12 + rng.randrange(6), rng.randrange(60)),
        observer="Dad",
        treatment_day=TreatmentDay.UNKNOWN if rng.random() < 0.3 else TreatmentDay.NO,
        positives=rng.choice(POSITIVES) if rng.random() < 0.3 else "",
        observations=observations,
    )


def sample_checkins(checklist: Checklist, *, today: date, seed: int = 7) -> list[CheckIn]:
    """The sample check-ins, ending today."""
    rng = random.Random(seed)
    start = today - timedelta(days=SAMPLE_DAYS - 1)
    result: list[CheckIn] = []
    for index in range(SAMPLE_DAYS):
        day = start + timedelta(days=index)
        quiet_week = 20 <= index < 34  # a fortnight away: no check-ins
        if not quiet_week and rng.random() < 0.75:
            result.append(complete(_sam_checkin(checklist, day, index, rng), checklist))
        if rng.random() < 0.25:
            result.append(complete(_alex_checkin(checklist, day, rng), checklist))
    return result


def fill_sample(store: Store, checklist: Checklist, *, today: date, seed: int = 7) -> int:
    """Add the two sample people and their check-ins to an empty database, marked as made-up
    sample data (its summaries say so); returns the count."""
    store.set_meta(SAMPLE_KEY, "yes")
    store.ensure_person("Sam")
    store.ensure_person("Alex")
    added, _ = store.import_checkins(sample_checkins(checklist, today=today, seed=seed))
    return added
