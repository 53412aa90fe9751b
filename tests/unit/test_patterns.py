"""Hand-computed scenarios: every number of the summary JSON is worked out by hand and asserted."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from redflags.model import TreatmentDay
from redflags.patterns.summarize import period, summarize
from redflags.patterns.types import SCHEMA, Direction
from tests.unit.builders import SIGN_IDS, at, checklist, marks

YES, NO, UNKNOWN = TreatmentDay.YES, TreatmentDay.NO, TreatmentDay.UNKNOWN
LONDON = ZoneInfo("Europe/London")
GROUP = {
    "chronic-cough": "smoked",
    "stuffy-nose": "snorted",
    "nosebleeds": "snorted",
    "sleep-changes": "any",
    "extreme-sleepiness": "any",
    "slurred-speech": "any",
}
LABEL = {
    "chronic-cough": "Chronic cough",
    "stuffy-nose": "Stuffy nose",
    "nosebleeds": "Nosebleeds",
    "sleep-changes": "Changes in sleep",
    "extreme-sleepiness": "Extreme sleepiness",
    "slurred-speech": "Slurred speech",
}


def sign(
    sid: str,
    counts: tuple[int, int, int, int],
    days: tuple[int, str | None, str | None],
    earlier: tuple[int, int],
    later: tuple[int, int],
    direction: str,
) -> dict[str, Any]:
    """The expected JSON of one sign: (noted, not_seen, not_checked, explained),
    (days_noted, first, last), the trend halves as (noted, checked), and the direction."""
    noted, not_seen, not_checked, explained = counts
    days_noted, first, last = days
    return {
        "id": sid,
        "group": GROUP[sid],
        "label": LABEL[sid],
        "noted": noted,
        "not_seen": not_seen,
        "not_checked": not_checked,
        "explained": explained,
        "days_noted": days_noted,
        "first_noted": first,
        "last_noted": last,
        "trend": {
            "earlier": {"noted": earlier[0], "checked": earlier[1]},
            "later": {"noted": later[0], "checked": later[1]},
            "direction": direction,
        },
    }


def weekdays(checkins: list[int], with_noted: list[int]) -> list[dict[str, Any]]:
    names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    return [
        {"day": d, "checkins": c, "with_noted": w}
        for d, c, w in zip(names, checkins, with_noted, strict=True)
    ]


def others(noted: set[str]) -> set[str]:
    return set(SIGN_IDS) - noted


def test_thin_data() -> None:
    # Three check-ins in ten days, most signs not checked; marks outside the period and a sign
    # from another checklist version are ignored.
    data = [
        marks(at(date(2026, 3, 2), 19), ["nosebleeds"], ["stuffy-nose", "chronic-cough"]),
        marks(
            at(date(2026, 3, 5), 19),
            ["nosebleeds", "stuffy-nose", "old-sign"],
            ["sleep-changes"],
            explained=["stuffy-nose"],
            treatment=UNKNOWN,
        ),
        marks(at(date(2026, 3, 5), 8), [], ["nosebleeds"]),
        marks(at(date(2026, 2, 28), 23), ["nosebleeds"]),
        marks(at(date(2026, 3, 11), 0), ["nosebleeds"]),
    ]
    got = summarize(
        checklist(), data, person="Sam", since=date(2026, 3, 1), until=date(2026, 3, 10)
    ).to_json()
    assert got == {
        "schema": SCHEMA,
        "person": "Sam",
        "checklist": "ketamine",
        "period": {"since": "2026-03-01", "until": "2026-03-10", "days": 10, "days_checked": 2},
        "checkins": 3,
        "treatment_checkins": 0,
        "treatment_unknown": 1,
        "signs": [
            sign("chronic-cough", (0, 1, 2, 0), (0, None, None), (0, 0), (0, 1), "too-few"),
            sign(
                "stuffy-nose",
                (1, 1, 1, 1),
                (1, "2026-03-05", "2026-03-05"),
                (0, 1),
                (1, 1),
                "too-few",
            ),
            sign(
                "nosebleeds",
                (2, 1, 0, 0),
                (2, "2026-03-02", "2026-03-05"),
                (1, 1),
                (1, 2),
                "too-few",
            ),
            sign("sleep-changes", (0, 1, 2, 0), (0, None, None), (0, 0), (0, 1), "too-few"),
            sign("extreme-sleepiness", (0, 0, 3, 0), (0, None, None), (0, 0), (0, 0), "too-few"),
            sign("slurred-speech", (0, 0, 3, 0), (0, None, None), (0, 0), (0, 0), "too-few"),
        ],
        "groups": [
            {"id": "smoked", "route": "smoked", "noted_checkins": 0, "checked_checkins": 1},
            {"id": "snorted", "route": "snorted", "noted_checkins": 2, "checked_checkins": 3},
            {"id": "any", "route": "any", "noted_checkins": 0, "checked_checkins": 1},
        ],
        "pairs": [],
        # 2026-03-02 is a Monday, 2026-03-05 a Thursday.
        "weekdays": weekdays([1, 0, 0, 2, 0, 0, 0], [1, 0, 0, 1, 0, 0, 0]),
        "treatment": [],
        "caveats": [
            "Only 3 check-ins: too few to tell a trend.",
            "Check-ins on 2 of 10 days: nothing is known about the other 8 days.",
            "Many signs were not checked: 11 of 18 times a sign could have been looked for "
            "(3 check-ins, 6 signs each). Not checked means unknown, not absent.",
            "Noted signs were often marked as likely to have another explanation: 1 of the 3 "
            "times a sign was noted.",
        ],
    }


def test_rising_cluster_of_snorted_signs() -> None:
    # Twelve evening check-ins from Monday 2026-04-06; the cough is never looked for.
    stuffy, bleeds = {2, 7, 8, 10, 11}, {8, 9, 10, 11}
    sleep, sleepy = {0, 1, 2, 4}, {5, 6}
    data = []
    for k in range(12):
        noted = {
            sid
            for sid, on in (
                ("stuffy-nose", stuffy),
                ("nosebleeds", bleeds),
                ("sleep-changes", sleep),
                ("extreme-sleepiness", sleepy),
            )
            if k in on
        }
        not_seen = others(noted) - {"chronic-cough"}
        when = at(date(2026, 4, 6 + k), 19)
        data.append(marks(when, noted, not_seen, explained={"sleep-changes"} if k == 0 else ()))
    got = summarize(
        checklist(), data, person="Sam", since=date(2026, 4, 6), until=date(2026, 4, 19)
    ).to_json()
    assert got == {
        "schema": SCHEMA,
        "person": "Sam",
        "checklist": "ketamine",
        "period": {"since": "2026-04-06", "until": "2026-04-19", "days": 14, "days_checked": 12},
        "checkins": 12,
        "treatment_checkins": 0,
        "treatment_unknown": 0,
        "signs": [
            sign("chronic-cough", (0, 0, 12, 0), (0, None, None), (0, 0), (0, 0), "too-few"),
            # earlier half k0-5: noted at k2; later half k6-11: k7, k8, k10, k11.
            sign(
                "stuffy-nose",
                (5, 7, 0, 0),
                (5, "2026-04-08", "2026-04-17"),
                (1, 6),
                (4, 6),
                "rising",
            ),
            sign(
                "nosebleeds",
                (4, 8, 0, 0),
                (4, "2026-04-14", "2026-04-17"),
                (0, 6),
                (4, 6),
                "rising",
            ),
            sign(
                "sleep-changes",
                (4, 8, 0, 1),
                (4, "2026-04-06", "2026-04-10"),
                (4, 6),
                (0, 6),
                "falling",
            ),
            sign(
                "extreme-sleepiness",
                (2, 10, 0, 0),
                (2, "2026-04-11", "2026-04-12"),
                (1, 6),
                (1, 6),
                "steady",
            ),
            sign("slurred-speech", (0, 12, 0, 0), (0, None, None), (0, 6), (0, 6), "steady"),
        ],
        "groups": [
            {"id": "smoked", "route": "smoked", "noted_checkins": 0, "checked_checkins": 0},
            {"id": "snorted", "route": "snorted", "noted_checkins": 6, "checked_checkins": 12},
            {"id": "any", "route": "any", "noted_checkins": 6, "checked_checkins": 12},
        ],
        "pairs": [{"signs": ["stuffy-nose", "nosebleeds"], "together": 3}],
        "weekdays": weekdays([2, 2, 2, 2, 2, 1, 1], [2, 2, 2, 1, 2, 1, 1]),
        "treatment": [],
        "caveats": [
            "Chronic cough was looked for in fewer than 8 check-ins: too few to tell a trend "
            "for it.",
            "Check-ins on 12 of 14 days: nothing is known about the other 2 days.",
        ],
    }


def test_treatment_days_with_expected_sleepiness() -> None:
    # Ten days from Monday 2026-05-04 in London: treatment on k0, k3, k6, k9 (clinic, 13:00),
    # not known on k5, other days at 20:00. Sleepiness on every treatment day (marked explained)
    # and on the unknown day; the nasal spray's stuffy nose on two treatment days.
    treatment = {0: YES, 3: YES, 6: YES, 9: YES, 5: UNKNOWN}
    data = []
    for k in range(10):
        kind = treatment.get(k, NO)
        noted = set()
        if kind is not NO:
            noted.add("extreme-sleepiness")
        if k in (0, 3):
            noted.add("stuffy-nose")
        if k == 3:
            noted.add("slurred-speech")
        not_seen = others(noted) - ({"slurred-speech"} if k == 7 else set())
        explained = {"extreme-sleepiness", "stuffy-nose"} & noted if kind is YES else set()
        when = datetime(2026, 5, 4 + k, 13 if kind is YES else 20, tzinfo=LONDON)
        data.append(marks(when, noted, not_seen, explained, treatment=kind))
    got = summarize(
        checklist(), data, person="Sam", since=date(2026, 5, 4), until=date(2026, 5, 13)
    ).to_json()

    def never(sid: str) -> dict[str, Any]:
        return sign(sid, (0, 10, 0, 0), (0, None, None), (0, 5), (0, 5), "steady")

    def compare(sid: str, yes: tuple[int, int], no: tuple[int, int]) -> dict[str, Any]:
        return {
            "id": sid,
            "yes": {"noted": yes[0], "checked": yes[1]},
            "no": {"noted": no[0], "checked": no[1]},
        }

    assert got == {
        "schema": SCHEMA,
        "person": "Sam",
        "checklist": "ketamine",
        "period": {"since": "2026-05-04", "until": "2026-05-13", "days": 10, "days_checked": 10},
        "checkins": 10,
        "treatment_checkins": 4,
        "treatment_unknown": 1,
        "signs": [
            never("chronic-cough"),
            sign(
                "stuffy-nose",
                (2, 8, 0, 2),
                (2, "2026-05-04", "2026-05-07"),
                (2, 5),
                (0, 5),
                "falling",
            ),
            never("nosebleeds"),
            never("sleep-changes"),
            # earlier k0-4: k0, k3; later k5-9: k5, k6, k9: 3/5 - 2/5 = 0.2, steady.
            sign(
                "extreme-sleepiness",
                (5, 5, 0, 4),
                (5, "2026-05-04", "2026-05-13"),
                (2, 5),
                (3, 5),
                "steady",
            ),
            # Not checked on k7, so 9 checked: earlier k0-3 holds the one noted (1/4), later
            # k4, k5, k6, k8, k9 none (0/5): exactly -0.25, which is falling.
            sign(
                "slurred-speech",
                (1, 8, 1, 0),
                (1, "2026-05-07", "2026-05-07"),
                (1, 4),
                (0, 5),
                "falling",
            ),
        ],
        "groups": [
            {"id": "smoked", "route": "smoked", "noted_checkins": 0, "checked_checkins": 10},
            {"id": "snorted", "route": "snorted", "noted_checkins": 2, "checked_checkins": 10},
            {"id": "any", "route": "any", "noted_checkins": 5, "checked_checkins": 10},
        ],
        "pairs": [],
        "weekdays": weekdays([2, 2, 2, 1, 1, 1, 1], [1, 0, 1, 1, 0, 1, 1]),
        "treatment": [
            compare("chronic-cough", (0, 4), (0, 5)),
            compare("stuffy-nose", (2, 4), (0, 5)),
            compare("nosebleeds", (0, 4), (0, 5)),
            compare("sleep-changes", (0, 4), (0, 5)),
            compare("extreme-sleepiness", (4, 4), (0, 5)),
            compare("slurred-speech", (1, 4), (0, 4)),
        ],
        "caveats": [
            "Noted signs were often marked as likely to have another explanation: 6 of the 8 "
            "times a sign was noted.",
        ],
    }


def test_no_checkins_at_all() -> None:
    got = summarize(checklist(), [], person="Sam", since=date(2026, 1, 1), until=date(2026, 1, 1))
    assert got.checkins == 0
    assert got.period.days == 1 and got.period.days_checked == 0
    assert got.caveats == ("No check-ins in this period, so there is nothing to summarize.",)
    assert all(s.trend.direction is Direction.TOO_FEW for s in got.signs)
    assert all(s.not_checked == 0 and s.first_noted is None for s in got.signs)


def test_one_checkin_reads_in_the_singular() -> None:
    got = summarize(
        checklist(),
        [marks(at(date(2026, 1, 2)), ["nosebleeds"], others({"nosebleeds"}))],
        person="Sam",
        since=date(2026, 1, 1),
        until=date(2026, 1, 3),
    )
    assert got.caveats[0] == "Only 1 check-in: too few to tell a trend."


def test_checkins_in_london_on_both_sides_of_the_clock_change_order_by_instant() -> None:
    # 2026-03-29: the clocks go forward at 01:00 GMT. 00:30 is GMT, 23:30 is BST: same local day.
    early = datetime(2026, 3, 29, 0, 30, tzinfo=LONDON)
    late = datetime(2026, 3, 29, 23, 30, tzinfo=LONDON)
    data = [marks(late, ["nosebleeds"]), marks(early, [], ["nosebleeds"])]
    got = summarize(checklist(), data, person="S", since=date(2026, 3, 29), until=date(2026, 3, 29))
    bleeds = got.sign("nosebleeds")
    assert bleeds is not None
    assert got.checkins == 2 and got.period.days_checked == 1
    assert got.weekdays[6].checkins == 2  # a Sunday
    assert (bleeds.trend.earlier.noted, bleeds.trend.later.noted) == (0, 1)


class TestPeriod:
    today = date(2026, 10, 3)

    def test_default_is_ninety_days_up_to_today(self) -> None:
        assert period(None, None, everything=False, first_day=None, today=self.today) == (
            date(2026, 7, 6),
            self.today,
        )

    def test_default_is_ninety_days_up_to_until(self) -> None:
        until = date(2026, 3, 31)
        start, end = period(None, until, everything=False, first_day=None, today=self.today)
        assert end == until and (end - start).days + 1 == 90

    def test_since_is_kept(self) -> None:
        got = period(date(2026, 9, 1), None, everything=False, first_day=None, today=self.today)
        assert got == (date(2026, 9, 1), self.today)

    def test_everything_starts_at_the_first_checkin(self) -> None:
        first = date(2016, 1, 1)
        assert period(None, None, everything=True, first_day=first, today=self.today) == (
            first,
            self.today,
        )

    def test_everything_without_checkins_is_the_last_day(self) -> None:
        got = period(None, date(2026, 5, 1), everything=True, first_day=None, today=self.today)
        assert got == (date(2026, 5, 1), date(2026, 5, 1))

    def test_everything_with_first_checkin_after_until_is_the_last_day(self) -> None:
        got = period(
            None, date(2026, 5, 1), everything=True, first_day=date(2026, 6, 1), today=self.today
        )
        assert got == (date(2026, 5, 1), date(2026, 5, 1))

    def test_since_after_until_is_a_plain_error(self) -> None:
        with pytest.raises(ValueError, match="start date 2026-05-02 is after the end date"):
            period(
                date(2026, 5, 2),
                date(2026, 5, 1),
                everything=False,
                first_day=None,
                today=self.today,
            )

    def test_since_and_everything_together_is_an_error(self) -> None:
        with pytest.raises(ValueError, match="not both"):
            period(date(2026, 5, 2), None, everything=True, first_day=None, today=self.today)


def test_summarize_refuses_a_period_that_ends_before_it_starts() -> None:
    with pytest.raises(ValueError, match="start date 2026-01-02 is after the end date 2026-01-01"):
        summarize(checklist(), [], person="S", since=date(2026, 1, 2), until=date(2026, 1, 1))


def test_a_sign_both_noted_and_not_seen_counts_once_as_noted() -> None:
    data = [marks(at(date(2026, 1, 1)), ["nosebleeds"], ["nosebleeds"])]
    got = summarize(checklist(), data, person="S", since=date(2026, 1, 1), until=date(2026, 1, 1))
    bleeds = got.sign("nosebleeds")
    assert bleeds is not None
    assert (bleeds.noted, bleeds.not_seen, bleeds.not_checked) == (1, 0, 0)
