"""Dates and times as people type them: one parser for the app and the command line."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from redflags.dates import parse_day, parse_moment, when_words
from redflags.errors import EntryError

LONDON = ZoneInfo("Europe/London")
# Sunday 29 November 2026, 10:50 in London (UTC+0 in winter).
NOW = datetime(2026, 11, 29, 10, 50, tzinfo=LONDON)


def _at(text: str, now: datetime = NOW) -> datetime:
    return parse_moment(text, now=now, zone=LONDON)


def _local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("2026-11-28 20:00", _local(2026, 11, 28, 20, 0)),
        ("2026-11-28T20:00", _local(2026, 11, 28, 20, 0)),
        ("today 8am", _local(2026, 11, 29, 8, 0)),
        ("Today 10:15", _local(2026, 11, 29, 10, 15)),
        ("yesterday 20:00", _local(2026, 11, 28, 20, 0)),
        ("yesterday 8pm", _local(2026, 11, 28, 20, 0)),
        ("yesterday at 8:30pm", _local(2026, 11, 28, 20, 30)),
        ("yesterday 7.05 am", _local(2026, 11, 28, 7, 5)),
        ("12am", _local(2026, 11, 29, 0, 0)),
        ("09:15", _local(2026, 11, 29, 9, 15)),
        ("last night", _local(2026, 11, 28, 21, 0)),
        ("28 Nov 20:00", _local(2026, 11, 28, 20, 0)),
        ("28 November 8pm", _local(2026, 11, 28, 20, 0)),
        ("Nov 28 20:00", _local(2026, 11, 28, 20, 0)),
        ("28 Nov 2025 20:00", _local(2025, 11, 28, 20, 0)),
        # A day of the month still to come this year is last year's.
        ("28 Dec 20:00", _local(2025, 12, 28, 20, 0)),
        # The latest Saturday that has passed; a weekday that is today counts once its time passed.
        ("Sat 20:00", _local(2026, 11, 28, 20, 0)),
        ("saturday 8pm", _local(2026, 11, 28, 20, 0)),
        ("Sun 09:00", _local(2026, 11, 29, 9, 0)),
        ("Sun 20:00", _local(2026, 11, 22, 20, 0)),
        ("Mon 20:00", _local(2026, 11, 23, 20, 0)),
    ],
)
def test_the_forms_people_type(text: str, meant: datetime) -> None:
    moment = _at(text)
    assert moment == meant
    assert moment.utcoffset() == meant.utcoffset()


def test_now_and_an_offset_given_are_kept() -> None:
    assert _at("now") == NOW
    moment = _at("2026-11-28T20:00+05:30")
    assert moment.utcoffset() == timedelta(hours=5, minutes=30)
    assert _at("2026-11-28T20:00Z") == datetime(2026, 11, 28, 20, 0, tzinfo=timezone.utc)


def test_today_counts_from_the_day_given() -> None:
    moment = parse_moment("yesterday 20:00", now=NOW, today=date(2026, 11, 20), zone=LONDON)
    assert moment == _local(2026, 11, 19, 20, 0)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "Please give the date and time"),
        ("soon", "could not be read"),
        ("8", "could not be read"),
        ("13pm", "could not be read"),
        ("today 24:00", "could not be read"),
        ("2026-11-28", "add the time of day as well, like 2026-11-28 20:00"),
        ("yesterday", "add the time of day as well, like yesterday 20:00"),
        ("Sat", "add the time of day"),
        ("2026-12-25 10:00", "still to come"),
        ("today 20:00", "still to come"),
        ("31 Feb 10:00", "There is no 31 February"),
        ("2026-02-31 10:00", "could not be read"),
    ],
)
def test_anything_else_is_refused_calmly_with_examples(text: str, words: str) -> None:
    with pytest.raises(EntryError) as caught:
        _at(text)
    message = str(caught.value)
    assert words in message
    assert "\n" not in message


@pytest.mark.parametrize("text", ["28/11 20:00", "11/28 8pm", "28/11/2026 20:00", "3/4"])
def test_day_and_month_with_slashes_are_never_guessed(text: str) -> None:
    with pytest.raises(EntryError) as caught:
        _at(text)
    message = str(caught.value)
    assert "day/month or month/day" in message
    # The examples are forms that cannot be misread.
    assert "28 Nov 20:00" in message and "2026-11-28 20:00" in message


@pytest.mark.parametrize(
    "text",
    [
        "0001-01-01 00",
        "0001-01-01T00:00",
        "0001-01-01T00:00+01:00",
        "0000-01-01 00:00",
        "9999-12-31T23:59",
        "9999-12-31T23:59-12:00",
        "1 Jan 0001 10:00",
        "99999-01-01 10:00",
    ],
)
def test_years_far_away_are_one_line_never_a_crash(text: str) -> None:
    for zone in (LONDON, None):
        with pytest.raises(EntryError) as caught:
            parse_moment(text, now=NOW, zone=zone)
        assert "\n" not in str(caught.value)


def test_a_time_the_clocks_skipped_is_refused_never_shifted() -> None:
    spring = datetime(2026, 4, 1, 12, 0, tzinfo=LONDON)
    for text in ("2026-03-29 01:30", "2026-03-29T01:30", "29 Mar 01:30", "29 March 2026 1:30am"):
        with pytest.raises(EntryError) as caught:
            _at(text, spring)
        assert "There was no 01:30 on 29 March 2026" in str(caught.value)
        assert "clocks went forward" in str(caught.value)
    # Either side of the gap is fine, each with its own offset.
    assert _at("2026-03-29 00:30", spring).utcoffset() == timedelta(0)
    assert _at("2026-03-29 02:30", spring).utcoffset() == timedelta(hours=1)


@pytest.fixture
def london_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This computer's own local time set to London, as TZ does for the command line."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("london_clock")
def test_the_computers_own_time_refuses_the_skipped_hour_too() -> None:
    spring = datetime(2026, 4, 1, 12, 0, tzinfo=timezone.utc)
    with pytest.raises(EntryError, match="clocks went forward"):
        parse_moment("2026-03-29 01:30", now=spring)
    assert parse_moment("2026-03-29 02:30", now=spring).utcoffset() == timedelta(hours=1)


def test_words_for_a_moment() -> None:
    assert when_words(_local(2026, 10, 3, 18, 30)) == "Saturday 3 October 2026 at 18:30"
    assert when_words(_local(2026, 11, 28, 8, 5)) == "Saturday 28 November 2026 at 08:05"


def test_days() -> None:
    assert parse_day("2026-10-03") == date(2026, 10, 3)
    with pytest.raises(EntryError, match="not guessed"):
        parse_day("3/10/2026", "--since")
    with pytest.raises(EntryError, match="--since"):
        parse_day("soon", "--since")
    with pytest.raises(EntryError, match="too long ago"):
        parse_day("0001-01-01")
