"""redflags log: people named as they were added, times as people type them, the rest not seen."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest

from redflags.checklist import load_catalog
from redflags.cli import main

SIGNS = len(load_catalog().get("ketamine").signs)  # every sign of the shipped checklist
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def redflags(capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        done = capsys.readouterr()
        return code, done.out, done.err

    yield run


def _history(run: Run) -> list[dict[str, object]]:
    code, out, _ = run("history", "--person", "Robin", "--json")
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


def test_a_name_not_added_is_refused_with_who_was_meant(redflags: Run) -> None:
    run = redflags
    assert run("people", "add", "Robin")[0] == 0
    code, out, err = run("log", "--person", "Robni", "--noted", "nosebleeds")
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert 'no person called "Robni"; did you mean "Robin"?' in err
    assert "redflags people add Robni" in err
    code, _, err = run("log", "--person", "Nobody at all")
    assert code == 2
    assert "did you mean" not in err
    assert "redflags people add 'Nobody at all'" in err
    # Nothing was written: no new person, no check-in.
    code, out, _ = run("people", "list")
    assert out.splitlines() == ["Robin  0 check-ins, no check-ins yet"]


def test_the_same_name_in_another_case_or_spacing_is_the_same_person(redflags: Run) -> None:
    run = redflags
    run("people", "add", "José")
    for name in ("josé", " José ", "Jose\u0301"):
        code, out, err = run("log", "--person", name, "--noted", "nosebleeds")
        assert code == 0, err
        assert "for José on" in out
    code, out, _ = run("people", "list")
    [line] = out.splitlines()  # one person, with all three check-ins
    assert line.startswith("José  3 check-ins")


def test_the_rest_not_seen_and_a_time_in_words(redflags: Run) -> None:
    run = redflags
    run("people", "add", "Robin")
    code, out, err = run(
        "log", "--person", "Robin", "--at", "yesterday 20:00",
        "--noted", "nosebleeds,dilated-pupils", "--rest-not-seen",
    )  # fmt: skip
    assert code == 0, err
    yesterday = (datetime.now() - timedelta(days=1)).date()
    assert f"2 noted, {SIGNS - 2} looked for and not seen, 0 not checked" in out
    assert f"{yesterday.day} " in out and "at 20:00" in out
    [record] = _history(run)
    assert str(record["observed_at"]).startswith(f"{yesterday:%Y-%m-%d}T20:00:00")
    observations = record["observations"]
    assert isinstance(observations, dict)
    statuses = {k: v["status"] for k, v in observations.items()}
    assert len(statuses) == SIGNS
    assert [k for k, v in statuses.items() if v == "noted"] == ["nosebleeds", "dilated-pupils"]


def test_rest_not_seen_and_not_seen_cannot_both_be_given(redflags: Run) -> None:
    run = redflags
    run("people", "add", "Robin")
    code, _, err = run("log", "--person", "Robin", "--not-seen", "nosebleeds", "--rest-not-seen")
    assert code == 2 and "not allowed with" in err


@pytest.mark.parametrize(
    ("when", "words"),
    [
        ("28/11 20:00", "could be day/month or month/day"),
        ("soon", "could not be read"),
        ("2026-10-01", "add the time of day"),
        ("2999-01-01T10:00", "still to come"),
        ("0001-01-01T00:00+01:00", "too long ago"),
        ("0001-01-01T00:00", "too long ago"),
        ("0000-01-01T00:00", "could not be read"),
    ],
)
def test_a_time_that_cannot_be_used_is_one_line_and_nothing_is_written(
    redflags: Run, when: str, words: str
) -> None:
    run = redflags
    run("people", "add", "Robin")
    code, out, err = run("log", "--person", "Robin", "--at", when)
    assert code == 2 and out == ""
    assert err.startswith("redflags: error: --at: ") and err.count("\n") == 1
    assert words in err
    assert _history(run) == []


@pytest.fixture
def london(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("london")
def test_a_time_the_clocks_skipped_is_refused_not_shifted(redflags: Run) -> None:
    run = redflags
    run("people", "add", "Robin")
    code, _, err = run("log", "--person", "Robin", "--at", "2026-03-29T01:30")
    assert code == 2 and "There was no 01:30 on 29 March 2026" in err
    assert _history(run) == []
    code, _, err = run("log", "--person", "Robin", "--at", "2026-03-29T02:30")
    assert code == 0, err
    [record] = _history(run)
    assert record["observed_at"] == "2026-03-29T02:30:00+01:00"


def test_the_observer_is_remembered_for_this_database(redflags: Run) -> None:
    run = redflags
    run("people", "add", "Robin")
    run("log", "--person", "Robin", "--observer", "Gran", "--at", "2026-01-01T10:00")
    run("log", "--person", "Robin", "--at", "2026-01-02T10:00")
    assert [r["observer"] for r in _history(run)] == ["Gran", "Gran"]


def test_help_lists_the_sign_ids(redflags: Run) -> None:
    run = redflags
    code, out, _ = run("log", "--help")
    assert code == 0
    assert "--rest-not-seen" in out
    assert "snorted: stuffy-nose, nosebleeds" in out
    assert "rapid-eye-movements" in out
    assert "yesterday" in out
    assert max(len(line) for line in out.splitlines()) <= 80
