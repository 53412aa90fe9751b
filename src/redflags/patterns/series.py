"""Each sign over time: in equal runs of days ("buckets"), how many check-ins noted it out of how
many looked for it. Pure and fast: one pass over the compact ``Marks`` of a period. No I/O.

A bucket where a sign was never looked for has ``checked == 0``: unknown, which is not the same as
looked for and not seen (``noted == 0 < checked``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from redflags.checklist import Checklist
from redflags.patterns.types import Count
from redflags.terms import Marks, TreatmentDay


@dataclass(frozen=True, slots=True)
class Buckets:
    """The days ``since`` to ``until`` (both included) cut into ``count`` runs of ``size`` days.

    The runs are aligned to end on ``until``, so the latest one is always whole; only the first
    may be shorter (it starts at ``since``).
    """

    since: date
    until: date
    size: int
    count: int

    @classmethod
    def over(cls, since: date, until: date, most: int) -> Buckets:
        """At most ``most`` buckets of whole days covering the period, as few days each as that allows."""
        if since > until:
            raise ValueError(f"the start date {since} is after the end date {until}")
        if most < 1:
            raise ValueError("at least one bucket is needed")
        days = (until - since).days + 1
        size = -(-days // most)  # ceiling division: never more than ``most`` buckets
        return cls(since, until, size, -(-days // size))

    def index(self, day: date) -> int:
        """Which bucket a day of the period falls in (0 is the earliest)."""
        return self.count - 1 - (self.until - day).days // self.size

    def first_day(self, index: int) -> date:
        """The first day of a bucket."""
        start = self.until - timedelta(days=(self.count - index) * self.size - 1)
        return max(start, self.since)

    def last_day(self, index: int) -> date:
        """The last day of a bucket."""
        return self.until - timedelta(days=(self.count - 1 - index) * self.size)


def sign_series(
    checklist: Checklist, marks: Sequence[Marks], buckets: Buckets
) -> dict[str, list[Count]]:
    """For each sign of the checklist, bucket by bucket: check-ins where it was noted, out of the
    check-ins where it was looked for (noted or not seen). Marks outside the period are ignored,
    and so are signs the checklist does not have."""
    order = [s.id for s in checklist.signs]
    known = frozenset(order)
    # Years of daily check-ins repeat the same few sets of signs: count each distinct
    # (bucket, noted, not seen) once, then add the sets up, instead of touching every sign of
    # every check-in.
    kinds: Counter[tuple[int, frozenset[str], frozenset[str]]] = Counter()
    since, until = buckets.since, buckets.until
    for mark in marks:
        day = mark.observed_at.date()
        if since <= day <= until:
            kinds[buckets.index(day), mark.noted, mark.not_seen] += 1
    noted = {sid: [0] * buckets.count for sid in order}
    checked = {sid: [0] * buckets.count for sid in order}
    for (index, noted_ids, seen_ids), times in kinds.items():
        # A sign both noted and not seen is bad data; noted wins, as in the summary.
        for sid in noted_ids & known:
            noted[sid][index] += times
            checked[sid][index] += times
        for sid in (seen_ids - noted_ids) & known:
            checked[sid][index] += times
    return {
        sid: [Count(n, c) for n, c in zip(noted[sid], checked[sid], strict=True)] for sid in order
    }


@dataclass(frozen=True, slots=True)
class NotedHow:
    """In one stretch of days, of the check-ins where a sign was noted: how many were marked as
    treatment days, and how many were marked "another explanation is likely"."""

    treatment: int = 0
    explained: int = 0


def noted_how_series(
    checklist: Checklist, marks: Sequence[Marks], buckets: Buckets
) -> dict[str, list[NotedHow]]:
    """For each sign, bucket by bucket: of its noted check-ins, those on treatment days and those
    marked explained (only check-ins that note something are visited)."""

    known = frozenset(s.id for s in checklist.signs)
    treatment: dict[str, list[int]] = {}
    explained: dict[str, list[int]] = {}
    since, until = buckets.since, buckets.until
    for mark in marks:
        day = mark.observed_at.date()
        if not mark.noted or not since <= day <= until:
            continue
        index = buckets.index(day)
        for sid in mark.noted & known:
            if mark.treatment_day is TreatmentDay.YES:
                treatment.setdefault(sid, [0] * buckets.count)[index] += 1
            if sid in mark.explained:
                explained.setdefault(sid, [0] * buckets.count)[index] += 1
    empty = [0] * buckets.count
    return {
        sid: [
            NotedHow(t, e)
            for t, e in zip(treatment.get(sid, empty), explained.get(sid, empty), strict=True)
        ]
        for sid in (s.id for s in checklist.signs)
    }
