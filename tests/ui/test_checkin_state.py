"""The in-progress answers (no terminal needed): drafts, words, and the check-in they become."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from redflags.checklist import Checklist, load_catalog
from redflags.drafts import (
    Answer,
    CheckInState,
    DraftError,
    describe,
    name_problem,
    not_checked_line,
    status_mark,
    when_words,
)
from redflags.entry import EntryError, complete
from redflags.model import CheckIn, Observation, Status, TreatmentDay

NOW = datetime(2026, 10, 3, 18, 30, 12, 345, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture(scope="module")
def ketamine() -> Checklist:
    return load_catalog().get("ketamine")


def _filled() -> CheckInState:
    state = CheckInState.fresh(person=" Sam ", checklist="ketamine", observer="Mum", now=NOW)
    state.treatment_day = TreatmentDay.YES
    state.setting = "kitchen\tlight"
    state.note = "line one\nline two [bold]"
    state.positives = "laughed \x1b[31m"
    state.answer("nosebleeds").status = Status.NOTED
    state.answer("nosebleeds").explained = True
    state.answer("nosebleeds").note = "twice [/]"
    state.answer("stuffy-nose").status = Status.NOT_SEEN
    state.answer("stuffy-nose").explained = True  # left over from when it was noted
    state.answer("skin-wounds").status = Status.NOT_CHECKED
    state.answer("dilated-pupils").note = "could not see in the dark"
    state.answer("chronic-cough")  # looked at, never answered
    state.page = 4
    return state


def test_a_draft_reads_back_exactly() -> None:
    state = _filled()
    body = state.to_json()
    assert json.loads(body)["format"] == "redflags.draft/1"
    again = CheckInState.from_json(body)
    assert again == state
    assert again.started == NOW.replace(microsecond=0)
    assert again.answers["chronic-cough"] == Answer()


@pytest.mark.parametrize(
    "body",
    [
        "",
        "{",
        "[]",
        '{"key": "new:x"}',
        '{"format": "other/9", "key": "k", "started": "2026-10-03T18:30:00+01:00"}',
    ],
)
def test_a_draft_that_cannot_be_read_says_so(body: str) -> None:
    with pytest.raises(DraftError):
        CheckInState.from_json(body)


def test_the_check_in_holds_every_answer_and_labels(ketamine: Checklist) -> None:
    checkin = _filled().to_checkin(ketamine, now=NOW)
    assert checkin.id == ""
    assert checkin.person == "Sam"
    assert checkin.checklist == "ketamine" and checkin.checklist_version == ketamine.version
    assert checkin.observed_at == NOW.replace(microsecond=0)
    assert (checkin.observer, checkin.treatment_day) == ("Mum", TreatmentDay.YES)
    assert checkin.setting == "kitchen\tlight"
    assert checkin.note == "line one\nline two [bold]"
    assert checkin.positives == "laughed \x1b[31m"
    assert checkin.observations == {
        "stuffy-nose": Observation(status=Status.NOT_SEEN),
        "nosebleeds": Observation(status=Status.NOTED, explained=True, note="twice [/]"),
        "skin-wounds": Observation(status=Status.NOT_CHECKED),
        "dilated-pupils": Observation(status=Status.NOT_CHECKED, note="could not see in the dark"),
    }
    assert list(checkin.observations) == [
        s.id for s in ketamine.signs if s.id in checkin.observations
    ]
    assert checkin.labels == {
        "stuffy-nose": "Stuffy or blocked nose",
        "nosebleeds": "Nosebleeds",
        "skin-wounds": "Skin wounds or sores",
        "dilated-pupils": "Large (dilated) pupils",
    }
    assert checkin.status_of("chronic-cough") is Status.NOT_CHECKED


def test_a_changed_time_is_read_as_local_time_and_checked(ketamine: Checklist) -> None:
    state = _filled()
    state.when_text = "2026-10-02 07:05"
    assert state.observed_at(NOW) == datetime(2026, 10, 2, 7, 5).astimezone()
    state.when_text = "2026-10-02T07:05+05:30"
    assert state.to_checkin(ketamine, now=NOW).observed_at.utcoffset() == timedelta(hours=5.5)
    state.when_text = "yesterday"
    with pytest.raises(EntryError):
        state.to_checkin(ketamine, now=NOW)
    assert state.when_problem(NOW) is not None
    state.when_text = "  "
    assert state.when_problem(NOW) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("soon", "could not be read"),
        ("2026-10-02", "add the time of day"),
        ("2026-12-25 10:00", "still to come"),
        ("28/9 10:00", "not guessed"),
        ("2026-10-03 12:00", None),
        ("", None),
        ("now", None),
    ],
)
def test_when_problems_are_calm_and_plain(text: str, words: str | None) -> None:
    state = CheckInState.fresh(person="Sam", checklist="ketamine", observer="", now=NOW)
    state.when_text = text
    problem = state.when_problem(NOW)
    if words is None:
        assert problem is None
    else:
        assert problem is not None and words in problem


def test_a_new_check_in_starts_with_an_empty_when_meaning_now() -> None:
    state = CheckInState.fresh(person="Sam", checklist="ketamine", observer="", now=NOW)
    assert state.when_text == ""
    assert state.observed_at(NOW + timedelta(hours=3)) == NOW.replace(microsecond=0)


def test_today_and_yesterday_count_from_the_day_the_check_in_began() -> None:
    state = CheckInState.fresh(person="Sam", checklist="ketamine", observer="", now=NOW)
    state.when_text = "yesterday 20:00"
    two_days_later = NOW + timedelta(days=2)
    assert state.observed_at(two_days_later) == datetime(2026, 10, 2, 20, 0).astimezone()
    state.when_text = "today 23:00"
    assert state.when_problem(NOW) is not None and "still to come" in (
        state.when_problem(NOW) or ""
    )
    assert state.when_problem(two_days_later) is None


def test_a_correction_starts_from_the_stored_check_in_and_keeps_its_id(ketamine: Checklist) -> None:
    stored = complete(
        CheckIn(
            id="abc",
            person="Sam",
            checklist="ketamine",
            checklist_version=1,
            observed_at=datetime(2026, 9, 1, 8, 0, tzinfo=timezone(timedelta(hours=-4))),
            observer="Dad",
            treatment_day=TreatmentDay.NO,
            setting="car",
            note="n",
            positives="p",
            observations={"nosebleeds": Observation(status=Status.NOTED, note="x")},
        ),
        ketamine,
    )
    state = CheckInState.from_checkin(stored)
    assert state.key == "edit:abc" and state.editing == "abc"
    assert state.when_text == "2026-09-01 08:00"
    again = CheckInState.from_json(state.to_json()).to_checkin(ketamine, now=NOW)
    # Untouched, the correction is the same check-in, its own UTC offset included.
    assert again == stored.model_copy(update={"recorded_at": None})


def test_counts_and_words(ketamine: Checklist) -> None:
    counts = _filled().counts(ketamine)
    total = len(ketamine.signs)
    assert (counts.total, counts.answered, counts.noted, counts.not_seen) == (total, 3, 1, 1)
    assert counts.not_checked == total - 2
    assert not_checked_line(counts) == (
        f"{total - 2} signs not checked — that is fine; only record what you actually looked for."
    )
    assert status_mark(Status.NOTED) == "● noted"
    assert status_mark(Status.NOT_SEEN) == "○ looked for, not seen"
    assert status_mark(None) == "· no answer yet"
    assert when_words(NOW) == "Saturday 3 October 2026 at 18:30"


def test_names() -> None:
    assert name_problem("  ") is not None
    assert name_problem("x" * 201) is not None
    assert name_problem("S.") is None


def test_answers_only_lock_the_checklist_once_given() -> None:
    state = CheckInState.fresh(person="", checklist="ketamine", observer="", now=NOW)
    state.answer("nosebleeds")
    assert not state.has_answers()
    state.answer("nosebleeds").note = "x"
    assert state.has_answers()


def test_a_draft_is_described_by_what_it_holds(ketamine: Checklist) -> None:
    state = _filled()
    state.note = "he seemed very tired and quiet at dinner tonight"
    words = describe(state, ketamine, now=NOW)
    assert words == (
        f"Sam, seen Saturday 3 October 2026 at 18:30: 3 of {len(ketamine.signs)} signs answered; "
        "note “he seemed very tired and quiet…”"
    )
    state.when_text = "yesterday 8pm"
    assert "seen Friday 2 October 2026 at 20:00" in describe(state, ketamine, now=NOW)


def test_a_blank_check_in_is_not_worth_keeping() -> None:
    state = CheckInState.fresh(person="Sam", checklist="ketamine", observer="Mum", now=NOW)
    state.answer("nosebleeds")  # looked at, nothing answered
    assert state.is_blank()
    state.setting = "x"
    assert not state.is_blank()
    state.setting = ""
    assert state.is_blank()
    state.answer("nosebleeds").status = Status.NOT_SEEN
    assert not state.is_blank()
