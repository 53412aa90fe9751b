"""An import line read straight into its stored form is stored exactly as the check-in model would
store it: the same columns, the body byte for byte. A line it does not take goes to the model,
which names any problem."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redflags.checklist import load_catalog
from redflags.entry import EntryError, parse_import_line
from redflags.import_reader import ImportLine, ImportReader
from redflags.store.checkins import LINE_COLUMNS, Prepared, prepare, prepare_line

CATALOG = load_catalog()
NOW = datetime(2026, 11, 26, 12, 30, 5, 123456, tzinfo=timezone(timedelta(hours=1)))
SIGNS = list(CATALOG.get("ketamine").signs_by_id)

USUAL: dict[str, Any] = {
    "id": "c381e88f-38c0-48fd-8712-b8bc076f3787",
    "person": "Ten Years",
    "checklist": "ketamine",
    "checklist_version": 1,
    "observed_at": "2016-11-01T19:36:00+01:00",
    "recorded_at": "2016-11-01T19:41:00+01:00",
    "observer": "Dad",
    "treatment_day": "no",
    "setting": "",
    "note": "quiet at dinner",
    "positives": "",
    "observations": {
        sign: {"status": "noted" if n % 4 == 0 else "not_seen", "explained": n == 4, "note": ""}
        for n, sign in enumerate(SIGNS)
    },
}


def by_model(raw: bytes, now: datetime = NOW) -> Prepared | str:
    """What the check-in model makes of a line: its stored form, or the problem named."""
    try:
        return prepare(parse_import_line(raw, CATALOG, now=now), line=3)
    except EntryError as exc:
        return f"problem: {exc}"


def straight(
    raw: bytes, now: datetime = NOW, reader: ImportReader | None = None
) -> Prepared | None:
    found = (reader or ImportReader(CATALOG, now)).read(raw)
    return None if found is None else prepare_line(found, line=3)


# One reader for many lines, as an import has: what it keeps from line to line is used.
SHARED = ImportReader(CATALOG, NOW)


def encoded(record: object, **changes: object) -> bytes:
    if isinstance(record, dict):
        record = {**record, **changes}
    return json.dumps(record, ensure_ascii=False).encode()


def test_the_usual_line_is_read_straight_and_stored_as_the_model_stores_it() -> None:
    raw = encoded(USUAL)
    found = straight(raw)
    assert found is not None
    assert found == by_model(raw)
    assert found.values["noted"] == " ".join(sorted(SIGNS[::4]))
    assert found.values["explained"] == SIGNS[4]


VARIANTS: dict[str, dict[str, Any]] = {
    "no id: one made from the content": {"id": None},
    "no recorded time: now": {"recorded_at": None},
    "recorded time null": {"recorded_at": "null"},
    "UTC written Z": {"observed_at": "2016-11-01T18:36:00Z"},
    "UTC written +00:00": {"observed_at": "2016-11-01T18:36:00+00:00"},
    "UTC written -00:00": {"observed_at": "2016-11-01T18:36:00-00:00"},
    "an offset with minutes": {"observed_at": "2016-11-01T23:06:00+05:30"},
    "a negative offset": {"recorded_at": "2016-11-01T09:41:00-09:00"},
    "a fraction of a second": {"observed_at": "2016-11-01T19:36:00.25+01:00"},
    "microseconds, as the app records": {
        "observed_at": "2016-11-01T19:36:00.000001-00:00",
        "recorded_at": "2016-11-01T19:41:00.123456+05:45",
    },
    "a fraction of zero": {"observed_at": "2016-11-01T19:36:00.000Z"},
    "four digits of a second and Z": {"observed_at": "2016-11-01T18:36:00.1234Z"},
    "one digit of a second and an offset": {"recorded_at": "2016-11-01T19:41:00.5-01:00"},
    "a space for the T": {"observed_at": "2016-11-01 19:36:00+01:00"},
    "no checklist version": {"checklist_version": None},
    "checklist version 3": {"checklist_version": 3},
    "no treatment day": {"treatment_day": None},
    "deleted": {"deleted": True},
    "not deleted, said": {"deleted": False},
    "labels given": {"labels": {"nosebleeds": "something else"}},
    "a field not known": {"mood": "fine"},
    "text that needs escaping": {
        "note": 'caf\u00e9 "quoted" \\ back\nslash\ttab \x01 \x7f \u2028 \U0001f600 </b>',
        "setting": "\x00",
        "positives": "\u00ad\u200b",
        "observer": "Mum\r",
    },
    "a sign note": {"observations": {"nosebleeds": {"status": "noted", "note": "small\n"}}},
    "an observation with defaults": {"observations": {"nosebleeds": {}, "chronic-cough": {}}},
    "an observation's fields in another order": {
        "observations": {"nosebleeds": {"note": "", "explained": True, "status": "noted"}}
    },
    "no observations": {"observations": {}},
    "a sign twice": {},
    "a name with outer spaces": {"person": "  Ten Years "},
    "the other checklist": {"checklist": "ketamine-treatment-effects", "observations": {}},
}


@pytest.mark.parametrize("case", list(VARIANTS))
def test_every_variant_is_stored_as_the_model_stores_it(case: str) -> None:
    record = dict(USUAL)
    for key, value in VARIANTS[case].items():
        if value is None:
            record.pop(key, None)
        else:
            record[key] = None if value == "null" else value
    raw = encoded(record)
    if case == "a sign twice":
        raw = raw.replace(
            b'"observations": {',
            b'"observations": {"nosebleeds": {"status": "noted", "note": "first"}, ',
        )
    expected = by_model(raw)
    assert isinstance(expected, Prepared), expected
    found = straight(raw)
    assert found is None or found == expected


def test_usual_variants_are_read_straight() -> None:
    """The forms written by the json export and by most programs skip the model (its speed)."""
    for case in (
        "no id: one made from the content",
        "no recorded time: now",
        "UTC written Z",
        "UTC written +00:00",
        "an offset with minutes",
        "a fraction of a second",
        "microseconds, as the app records",
        "four digits of a second and Z",
        "text that needs escaping",
        "a sign note",
        "an observation with defaults",
        "deleted",
    ):
        record = {**USUAL, **VARIANTS[case]}
        record = {k: v for k, v in record.items() if v is not None}
        assert straight(encoded(record)) is not None, case


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 11, 26, 12, 30, 5, 123456, tzinfo=timezone.utc),
        datetime(2026, 11, 26, 12, 30, 5, tzinfo=timezone(timedelta(hours=-3, minutes=-30))),
        datetime(2026, 11, 26, 12, 30, 5, 7, tzinfo=timezone(timedelta(hours=13, minutes=45))),
        datetime(2026, 11, 26, 12, 30, tzinfo=timezone(timedelta(seconds=3601))),
    ],
)
def test_a_line_without_recorded_time_gets_now_as_the_model_writes_it(now: datetime) -> None:
    record = {k: v for k, v in USUAL.items() if k != "recorded_at"}
    raw = encoded(record)
    found = straight(raw, now)
    assert found is None or found == by_model(raw, now)


UNUSABLE: dict[str, bytes] = {
    "not UTF-8": encoded(USUAL, note="caf\xe9").replace("é".encode(), b"\xe9"),
    "a lone surrogate": encoded(USUAL, note="x").replace(b'"x"', b'"\\ud800"'),
    "a surrogate encoded as UTF-8": encoded(USUAL, note="x").replace(b'"x"', b'"\xed\xa0\x80"'),
    "NaN": encoded(USUAL).replace(b'"checklist_version": 1', b'"checklist_version": NaN'),
    "version 0": encoded(USUAL, checklist_version=0),
    "version true": encoded(USUAL, checklist_version=True),
    "a huge version": encoded(USUAL, checklist_version=10**40),
    "explained 1": encoded(USUAL, observations={"nosebleeds": {"status": "noted", "explained": 1}}),
    "explained, not seen": encoded(
        USUAL, observations={"nosebleeds": {"status": "not_seen", "explained": True}}
    ),
    "a status unknown": encoded(USUAL, observations={"nosebleeds": {"status": "seen"}}),
    "a status as a list": encoded(USUAL, observations={"nosebleeds": {"status": ["noted"]}}),
    "a sign unknown": encoded(USUAL, observations={"bogus": {}}),
    "an observation as text": encoded(USUAL, observations={"nosebleeds": "noted"}),
    "a note as a number": encoded(USUAL, observations={"nosebleeds": {"note": 3}}),
    "an unknown observation field": encoded(USUAL, observations={"nosebleeds": {"seen": 1}}),
    "in the future": encoded(USUAL, observed_at="2026-11-26T13:00:00+01:00"),
    "year 1899": encoded(USUAL, observed_at="1899-12-31T23:00:00+01:00"),
    "out of range in UTC": encoded(USUAL, observed_at="9999-12-31T23:00:00-05:00"),
    "no such day": encoded(USUAL, observed_at="2021-02-29T10:00:00+01:00"),
    "hour 24": encoded(USUAL, observed_at="2021-02-20T24:00:00+01:00"),
    "offset 24 hours": encoded(USUAL, observed_at="2021-02-20T10:00:00+24:00"),
    "no offset": encoded(USUAL, observed_at="2021-02-20T10:00:00"),
    "seven digits of a second": encoded(USUAL, observed_at="2021-02-20T10:00:00.1234567Z"),
    "no seconds": encoded(USUAL, observed_at="2021-02-20T10:00+01:00"),
    "digits not ASCII": encoded(USUAL, observed_at="٢٠٢١-02-20T10:00:00+01:00"),
    "a number for a time": encoded(USUAL, observed_at=1_791_000_000),
    "a blank id": encoded(USUAL, id=" "),
    "an id too long": encoded(USUAL, id="x" * 101),
    "an empty name": encoded(USUAL, person=" "),
    "a name with a line break": encoded(USUAL, person="Sam\nJones"),
    "an unknown checklist": encoded(USUAL, checklist="nope"),
    "treatment day maybe": encoded(USUAL, treatment_day="maybe"),
    "deleted as text": encoded(USUAL, deleted="yes"),
    "null note": encoded(USUAL, note=None),
    "no person": encoded({k: v for k, v in USUAL.items() if k != "person"}),
    "not an object": b"[1, 2]",
    "two objects": encoded(USUAL) + b" {}",
}


# The model takes these (a checklist version written true is 1; a field it does not know is left
# out; a time without seconds or with more digits than a microsecond is read), and names no problem.
TAKEN_BY_THE_MODEL = {
    "version true",
    "a huge version",
    "an unknown observation field",
    "seven digits of a second",
    "no seconds",
}


@pytest.mark.parametrize("case", list(UNUSABLE))
def test_a_line_out_of_the_usual_goes_to_the_model(case: str) -> None:
    raw = UNUSABLE[case]
    assert straight(raw) is None
    assert isinstance(by_model(raw), Prepared) == (case in TAKEN_BY_THE_MODEL)


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXT = st.text(st.characters(codec="utf-8"), max_size=12)
TIMES = st.one_of(
    st.datetimes(
        min_value=datetime(1880, 1, 1),
        max_value=datetime(2030, 1, 1),
        timezones=st.sampled_from(
            [timezone.utc, timezone(timedelta(hours=1)), timezone(timedelta(hours=-9, minutes=-30))]
        ),
    ).map(lambda moment: moment.isoformat()),
    st.sampled_from(["2020-01-01T10:00:00Z", "2020-01-01 10:00:00Z", "2020-13-01T10:00:00Z"]),
    st.tuples(
        st.sampled_from(["2020-01-01T10:00:00", "1900-01-01T00:00:00", "9999-12-31T23:59:59"]),
        st.text("0123456789", max_size=7),
        st.sampled_from(["Z", "+00:00", "-00:00", "+01:00", "-09:30", "+23:59"]),
    ).map(lambda t: f"{t[0]}.{t[1]}{t[2]}" if t[1] else f"{t[0]}{t[2]}"),
)
TIMES = st.one_of(TIMES, TIMES.filter(lambda text: text >= "1900"))
ANY_VALUE = st.one_of(st.none(), st.booleans(), st.integers(-2, 3), TEXT)
# Mostly what a line holds, now and then something else.
TEXTS = st.one_of(TEXT, TEXT, TEXT, ANY_VALUE)
OBSERVATION = st.fixed_dictionaries(
    {},
    optional={
        "status": st.sampled_from(["noted", "not_seen", "not_checked"] * 3 + ["seen", 1]),
        "explained": st.one_of(st.booleans(), st.booleans(), st.sampled_from([0, 1, None])),
        "note": st.one_of(st.just(""), st.just(""), TEXT, st.just(None)),
    },
)
SIGN_IDS = st.sampled_from([*SIGNS[:6] * 3, "bogus"])
RECORD = st.fixed_dictionaries(
    {
        "person": st.one_of(st.just("Sam"), st.just("Sam"), TEXT),
        "checklist": st.sampled_from(["ketamine"] * 4 + ["ketamine-treatment-effects", "nope"]),
        "observed_at": TIMES,
        "observations": st.dictionaries(SIGN_IDS, OBSERVATION, max_size=6),
    },
    optional={
        "id": st.one_of(st.uuids().map(str), st.uuids().map(str), TEXT, ANY_VALUE),
        "checklist_version": st.one_of(st.integers(1, 3), ANY_VALUE),
        "recorded_at": st.one_of(TIMES, st.none()),
        "observer": TEXTS,
        "treatment_day": st.sampled_from(["yes", "no", "unknown"] * 2 + ["maybe", None]),
        "setting": TEXTS,
        "note": TEXTS,
        "positives": TEXTS,
        "deleted": st.one_of(st.booleans(), ANY_VALUE),
    },
)


@FUZZ
@given(record=RECORD, ascii_only=st.booleans())
def test_any_line_read_straight_is_stored_as_the_model_stores_it(
    record: dict[str, Any], ascii_only: bool
) -> None:
    raw = json.dumps(record, ensure_ascii=ascii_only).encode()
    found = straight(raw, reader=SHARED)
    if found is not None:
        assert found == by_model(raw)


def test_the_stored_body_is_the_models_body() -> None:
    raw = encoded(USUAL, note="a\u2028b")
    found = ImportReader(CATALOG, NOW).read(raw)
    assert found is not None
    checkin = parse_import_line(raw, CATALOG, now=NOW)
    assert found.body == checkin.body_json()
    assert json.loads(found.body)["note"] == "a\u2028b"


def test_an_import_line_starts_with_the_stored_columns() -> None:
    assert ImportLine._fields[: len(LINE_COLUMNS)] == LINE_COLUMNS
    assert ImportLine._fields[len(LINE_COLUMNS) :] == ("person", "deleted_given")


def test_long_sign_notes_are_not_kept_from_line_to_line() -> None:
    """A file of many long sign notes is read in little memory (the 200 MB import's bound)."""
    import tracemalloc

    reader = ImportReader(CATALOG, NOW)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(200):
            note = f"{n} " + "a long note about the evening. " * 3000  # about 90 KB
            observations = {"nosebleeds": {"status": "noted", "explained": False, "note": note}}
            assert reader.read(encoded(USUAL, id=f"long-{n}", observations=observations))
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < 2_000_000


@pytest.mark.parametrize("said", [1, 0, "true", None])
def test_explained_as_a_number_is_not_taken_for_true_or_false(said: object) -> None:
    reader = ImportReader(CATALOG, NOW)
    for explained in (True, False):
        observations = {"nosebleeds": {"status": "noted", "explained": explained, "note": ""}}
        assert reader.read(encoded(USUAL, observations=observations)) is not None
    observations = {"nosebleeds": {"status": "noted", "explained": said, "note": ""}}
    assert reader.read(encoded(USUAL, observations=observations)) is None
