"""Hand-counted scenarios: every figure of the summary (DESIGN section 6) worked out by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from redflags.model import CheckIn, Marks, TreatmentDay
from redflags.patterns.caseload import new_signs
from redflags.patterns.summarize import period, summarize
from redflags.patterns.types import SCHEMA, Count, SignSummary, Summary, Word
from tests.unit.builders import SIGN_IDS, at, checkin, checklist, marks, wide_checklist

YES, NO, UNKNOWN = TreatmentDay.YES, TreatmentDay.NO, TreatmentDay.UNKNOWN
LONDON = ZoneInfo("Europe/London")
UNTIL = date(2026, 11, 29)
SINCE = UNTIL - timedelta(days=89)  # 2026-09-01: the default 90 days
RECENT = date(2026, 10, 31)  # the first of the last 30 days


def d(month: int, day: int) -> date:
    return date(2026, month, day)


def others(*noted: str) -> list[str]:
    return [s for s in SIGN_IDS if s not in noted]


def sign_of(got: Summary, sid: str) -> SignSummary:
    return next(s for s in got.signs if s.id == sid)


def run(data: list[Marks], written: list[CheckIn] | None = None) -> Summary:
    return summarize(
        checklist(), data, person="Sam", since=SINCE, until=UNTIL, written=written or []
    )


# A log that begins mid-period: four check-ins from 2 November, one with a sign noted, one with a
# note only (nothing looked for), one with a single sign looked for, one with every sign.
MID = [
    marks(at(d(11, 2)), ["nosebleeds"], others("nosebleeds")),
    marks(at(d(11, 3))),  # a note only
    marks(at(d(11, 5)), [], ["chronic-cough"]),  # one sign looked for
    marks(at(d(11, 20)), [], SIGN_IDS),
]


def test_a_log_that_begins_mid_period_counts_days_from_its_first_checkin() -> None:
    got = run(MID)
    cov = got.coverage
    assert cov.log_began == d(11, 2) and cov.counted_from == d(11, 2)
    assert cov.days_counted == 28  # 2 to 29 November; the 62 days before are not "unknown"
    assert (cov.days_with_checkin, cov.checkins) == (4, 4)
    # Without a check-in: 4 Nov (1 day), 6 to 19 Nov (14 days), 21 to 29 Nov (9 days).
    assert (cov.longest_gap.days, cov.longest_gap.since, cov.longest_gap.until) == (
        14,
        d(11, 6),
        d(11, 19),
    )
    # Signs looked for per check-in: 6, 0, 1, 6; the median (the lower middle) is 1 of 6.
    assert (cov.usual_looked_for, cov.signs) == (1, 6)
    # chronic-cough was looked for 3 times, the others twice: each in half of 4 or more.
    assert cov.rarely == () and cov.never == ()


def test_the_day_strip_tells_a_note_only_and_a_thin_checkin_from_a_full_one() -> None:
    got = run(MID)
    assert got.noted_days == {d(11, 2)}
    assert got.checked_days == {d(11, 2), d(11, 3), d(11, 5), d(11, 20)}
    # At least half of the six signs looked for: the first check-in (6) and the last (6) only.
    assert got.well_looked_days == {d(11, 2), d(11, 20)}


def test_rarely_and_never_looked_for_with_their_counts() -> None:
    # Eight check-ins: the cough looked for in one (fewer than a quarter: 1 * 4 < 8), slurred speech
    # in two (2 * 4 = 8: not fewer than a quarter), extreme sleepiness never.
    data = [
        marks(
            at(d(11, 1 + i)),
            [],
            ["stuffy-nose", "nosebleeds", "sleep-changes"]
            + (["chronic-cough"] if i == 0 else [])
            + (["slurred-speech"] if i < 2 else []),
        )
        for i in range(8)
    ]
    cov = run(data).coverage
    assert cov.rarely == (("chronic-cough", 1),)
    assert cov.never == ("extreme-sleepiness",)
    assert cov.usual_looked_for == 3  # looked for: 5, 4, then 3 in the other six


# What changed: ten check-ins from 5 September (before) and six from 1 November (the last 30 days),
# and one long before the period with nosebleeds noted.
BEFORE_DAYS = [d(9, 5 + i) for i in range(10)]
RECENT_DAYS = [d(11, 1 + i) for i in range(6)]


def changes_log() -> list[Marks]:
    data = [marks(at(d(6, 1)), ["nosebleeds"], [])]
    for i, day in enumerate(BEFORE_DAYS):
        noted = ["stuffy-nose"] if i < 3 else []
        noted += ["extreme-sleepiness"] if i == 0 else []
        seen = ["nosebleeds", "sleep-changes", "chronic-cough"]
        seen += ["stuffy-nose"] if i >= 3 else []
        seen += ["extreme-sleepiness"] if i in (1, 2) else []
        data.append(marks(at(day), noted, seen))
    for i, day in enumerate(RECENT_DAYS):
        noted = ["nosebleeds"] if i < 2 else []
        noted += ["sleep-changes"] if i in (2, 3) else []
        seen = ["stuffy-nose", "chronic-cough"]
        seen += ["nosebleeds"] if i >= 2 else []
        seen += ["sleep-changes"] if i not in (2, 3) else []
        seen += ["extreme-sleepiness"] if i < 3 else []
        data.append(marks(at(day), noted, seen))
    return data


def test_what_changed_uses_only_new_and_not_noted_lately() -> None:
    got = run(changes_log())
    ch = got.changes
    assert (ch.recent.since, ch.recent.until, ch.recent.checkins) == (RECENT, UNTIL, 6)
    assert (ch.before.since, ch.before.until, ch.before.checkins) == (SINCE, d(10, 30), 10)
    by_id = {c.id: c for c in ch.signs}
    # The cough, slurred speech: never noted, so nothing is said of them here.
    assert list(by_id) == ["stuffy-nose", "nosebleeds", "sleep-changes", "extreme-sleepiness"]
    stuffy = by_id["stuffy-nose"]  # 3 of 10 before, then looked for 6 times and never noted
    assert (stuffy.recent, stuffy.before, stuffy.word) == (
        Count(0, 6),
        Count(3, 10),
        Word.NOT_NOTED_LATELY,
    )
    bleeds = by_id["nosebleeds"]  # noted in June, before the period: not new
    assert (bleeds.recent, bleeds.before, bleeds.word) == (Count(2, 6), Count(0, 10), None)
    sleep = by_id["sleep-changes"]  # never noted before 3 November
    assert (sleep.recent, sleep.before, sleep.word, sleep.first_noted) == (
        Count(2, 6),
        Count(0, 10),
        Word.NEW,
        d(11, 3),
    )
    thin = by_id["extreme-sleepiness"]  # looked for 3 times in each window: too few to compare
    assert (thin.recent, thin.before, thin.word) == (Count(0, 3), Count(1, 3), None)


def test_new_signs_for_the_home_screen() -> None:
    data = changes_log()
    assert new_signs(data, UNTIL) == {"sleep-changes"}
    # On 31 October the last 30 days hold only the before window's check-ins: the stuffy nose was
    # first noted on 5 September, 56 days earlier; nothing is new.
    assert new_signs(data, d(10, 31)) == frozenset()
    assert new_signs(data, d(9, 5)) == {"stuffy-nose", "extreme-sleepiness"}
    # A check-in after "today" is not counted.
    assert new_signs(data, d(11, 2)) == frozenset()


def test_since_last_compares_the_days_since_with_the_sixty_before() -> None:
    data = changes_log()
    got = summarize(
        checklist(),
        data,
        person="Sam",
        since=d(11, 1),
        until=UNTIL,
        since_last=True,
        last_summary=d(10, 31),
    )
    ch = got.changes
    assert (ch.recent.since, ch.before.since, ch.before.until) == (d(11, 1), d(9, 2), d(10, 31))
    assert (ch.recent.checkins, ch.before.checkins) == (6, 10)
    assert got.checkins == 6  # only the period counts in its figures
    assert {c.id: c.word for c in ch.signs}["sleep-changes"] is Word.NEW
    assert got.last_summary == d(10, 31) and got.since_last
    assert got.to_json()["last_summary"] == "2026-10-31"


def test_treatment_days_against_other_days_and_the_last_treatment_day() -> None:
    # Extreme sleepiness noted on each of 3 treatment days, never on 4 other days; one day not
    # known (noted) is in neither count. A treatment day long before the period is not the last.
    data = [marks(at(d(3, 1)), [], SIGN_IDS, treatment=YES)]
    for i in range(3):
        data.append(
            marks(
                at(d(10, 1 + i)),
                ["extreme-sleepiness"],
                others("extreme-sleepiness"),
                treatment=YES,
            )
        )
    for i in range(4):
        data.append(marks(at(d(10, 10 + i)), [], SIGN_IDS, treatment=NO))
    data.append(
        marks(
            at(d(10, 20)), ["extreme-sleepiness"], others("extreme-sleepiness"), treatment=UNKNOWN
        )
    )
    t = run(data).treatment
    assert (t.yes, t.no, t.unknown, t.last_day) == (3, 4, 1, d(10, 3))
    # Only a sign noted in the period is compared.
    assert [(c.id, c.yes, c.no) for c in t.signs] == [
        ("extreme-sleepiness", Count(3, 3), Count(0, 4))
    ]


def test_no_treatment_comparison_without_both_kinds_of_day() -> None:
    data = [marks(at(d(10, 1)), ["nosebleeds"], [], treatment=NO)]
    t = run(data).treatment
    assert (t.yes, t.no, t.signs, t.last_day) == (0, 1, (), None)


def test_pairs_count_only_checkins_where_both_were_looked_for() -> None:
    # Stuffy nose and nosebleeds noted together 3 times; both looked for in 5 check-ins; in 2 more
    # only the stuffy nose was looked for (and noted).
    both = [["stuffy-nose", "nosebleeds"]] * 3 + [[]] * 2
    data = [
        marks(at(d(10, 1 + i)), noted, [s for s in ("stuffy-nose", "nosebleeds") if s not in noted])
        for i, noted in enumerate(both)
    ]
    data += [marks(at(d(10, 10 + i)), ["stuffy-nose"], []) for i in range(2)]
    got = run(data)
    assert [(p.signs, p.together, p.both_checked) for p in got.pairs] == [
        (("stuffy-nose", "nosebleeds"), 3, 5)
    ]
    assert got.to_json()["pairs"] == [
        {"signs": ["stuffy-nose", "nosebleeds"], "together": 3, "both_checked": 5}
    ]


def test_weekdays_only_when_every_weekday_has_four_checkins() -> None:
    # 28 days from Monday 2 November: four of each weekday.
    four_weeks = [marks(at(d(11, 2) + timedelta(days=i)), [], SIGN_IDS) for i in range(28)]
    got = run(four_weeks)
    assert [(w.day, w.checkins) for w in got.weekdays][:2] == [("Monday", 4), ("Tuesday", 4)]
    assert len(got.weekdays) == 7
    assert run(four_weeks[1:]).weekdays == ()  # three Mondays


def test_the_family_words_newest_first_with_the_went_well_count() -> None:
    written = [
        checkin(at(d(11, 1)), positives="Cooked dinner with us."),
        checkin(at(d(11, 3)), note="Quiet.", notes={"nosebleeds": "twice"}, noted=["nosebleeds"]),
        checkin(at(d(11, 5)), positives="Went for a walk.", setting="Kitchen"),
        checkin(at(d(8, 1)), positives="Before the period: not counted."),
    ]
    data = [marks(at(d(11, 1 + i)), [], SIGN_IDS) for i in range(6)]
    words = run(data, written=written).words
    assert (words.went_well, words.checkins, words.last_went_well) == (2, 6, d(11, 5))
    assert [e.day for e in words.entries] == [d(11, 5), d(11, 3), d(11, 1)]
    assert [(s.id, s.note) for s in words.entries[1].signs] == [("nosebleeds", "twice")]


def test_the_json_is_summary_2_with_every_new_field() -> None:
    got = run(MID).to_json()
    assert got["schema"] == SCHEMA == "redflags.summary/2"
    assert got["coverage"] == {
        "log_began": "2026-11-02",
        "counted_from": "2026-11-02",
        "days_counted": 28,
        "days_with_checkin": 4,
        "checkins": 4,
        "longest_gap": {"days": 14, "since": "2026-11-06", "until": "2026-11-19"},
        "usual_looked_for": 1,
        "signs": 6,
        "rarely_looked_for": [],
        "never_looked_for": [],
    }
    assert got["changes"] == [
        {
            "id": "nosebleeds",
            "recent": {"noted": 1, "checked": 2},
            "before": {"noted": 0, "checked": 0},
            "word": "new",
            "first_noted": "2026-11-02",
        }
    ]
    assert got["windows"] == {
        "recent": {"since": "2026-10-31", "until": "2026-11-29", "checkins": 4},
        "before": {"since": "2026-09-01", "until": "2026-10-30", "checkins": 0},
    }
    assert got["treatment"] == {
        "yes": 0,
        "no": 4,
        "unknown": 0,
        "last_treatment_day": None,
        "signs": [],
    }
    assert got["words"] == {"went_well": 0, "checkins": 4, "last_went_well": None, "entries": []}
    assert got["weekdays"] == [] and got["pairs"] == []
    assert got["caveats"] == [
        "Only 4 check-ins: too few to compare one part of the period with another.",
        "Many signs were not checked: 11 of 24 times a sign could have been looked for "
        "(4 check-ins, 6 signs each). Not checked means unknown, not absent.",
    ]
    assert "trend" not in str(got) and "groups" not in got


def test_no_checkins_at_all() -> None:
    got = summarize(checklist(), [], person="Sam", since=date(2026, 1, 1), until=date(2026, 1, 1))
    assert got.checkins == 0
    assert got.period.days == 1 and got.period.days_checked == 0
    assert got.caveats == ("No check-ins in this period, so there is nothing to summarize.",)
    assert got.coverage.log_began is None and got.coverage.days_counted == 0
    assert got.changes.signs == ()
    assert all(s.not_checked == 0 and s.first_noted is None for s in got.signs)


def test_checkins_in_london_on_both_sides_of_the_clock_change_land_on_one_day() -> None:
    # 2026-03-29: the clocks go forward at 01:00 GMT. 00:30 is GMT, 23:30 is BST: same local day.
    early = datetime(2026, 3, 29, 0, 30, tzinfo=LONDON)
    late = datetime(2026, 3, 29, 23, 30, tzinfo=LONDON)
    data = [marks(late, ["nosebleeds"]), marks(early, [], ["nosebleeds"])]
    got = summarize(checklist(), data, person="S", since=date(2026, 3, 29), until=date(2026, 3, 29))
    bleeds = sign_of(got, "nosebleeds")
    assert got.checkins == 2 and got.period.days_checked == 1
    assert (bleeds.noted, bleeds.checked, bleeds.first_noted) == (1, 2, date(2026, 3, 29))


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

    def test_since_last_starts_the_day_after_the_last_summary(self) -> None:
        got = period(
            None,
            None,
            everything=False,
            first_day=None,
            today=self.today,
            since_last=True,
            last_summary=date(2026, 9, 20),
        )
        assert got == (date(2026, 9, 21), self.today)

    def test_since_last_without_a_summary_made_is_ninety_days(self) -> None:
        got = period(
            None, None, everything=False, first_day=None, today=self.today, since_last=True
        )
        assert got == (date(2026, 7, 6), self.today)

    def test_since_last_on_the_day_of_the_last_summary_is_that_day(self) -> None:
        got = period(
            None,
            None,
            everything=False,
            first_day=None,
            today=self.today,
            since_last=True,
            last_summary=self.today,
        )
        assert got == (self.today, self.today)

    def test_since_and_everything_together_is_an_error(self) -> None:
        with pytest.raises(ValueError, match="only one of"):
            period(date(2026, 5, 2), None, everything=True, first_day=None, today=self.today)


def test_summarize_refuses_a_period_that_ends_before_it_starts() -> None:
    with pytest.raises(ValueError, match="start date 2026-01-02 is after the end date 2026-01-01"):
        summarize(checklist(), [], person="S", since=date(2026, 1, 2), until=date(2026, 1, 1))


def test_a_sign_both_noted_and_not_seen_counts_once_as_noted() -> None:
    data = [marks(at(date(2026, 1, 1)), ["nosebleeds"], ["nosebleeds"])]
    got = summarize(checklist(), data, person="S", since=date(2026, 1, 1), until=date(2026, 1, 1))
    bleeds = sign_of(got, "nosebleeds")
    assert (bleeds.noted, bleeds.not_seen, bleeds.not_checked) == (1, 0, 0)


def test_coverage_names_a_few_signs_never_looked_for_and_counts_many() -> None:
    from redflags.patterns.wording import coverage_lines

    labels = {sid: sid.replace("-", " ").capitalize() for sid in SIGN_IDS}
    # Only the cough looked for: five of the six signs never looked for (named, six at most).
    few = run([marks(at(d(11, 1)), [], ["chronic-cough"])])
    assert coverage_lines(few, labels)[-1] == (
        "Never looked for, so nothing is known of them: 5 of the 6 signs: Stuffy nose, "
        "Nosebleeds, Sleep changes, Extreme sleepiness and Slurred speech."
    )
    wide = wide_checklist(12)
    many = summarize(
        wide, [marks(at(d(11, 1)), [], ["s0"])], person="Sam", since=SINCE, until=UNTIL
    )
    wide_labels = {s.id: s.label for s in wide.signs}
    assert coverage_lines(many, wide_labels)[-1] == (
        "Never looked for, so nothing is known of them: 11 of the 12 signs (each is in the "
        "details)."
    )
