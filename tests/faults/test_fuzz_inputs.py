"""Whatever a checklist file, a config file or an import line holds, the outcome is a result or a
one-line message naming the problem: never a traceback."""

from __future__ import annotations

import json
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redflags.checklist import ChecklistError, load_catalog, load_checklist, shipped_dir
from redflags.config import load_config
from redflags.entry import EntryError, parse_import_line

CATALOG = load_catalog()
NOW = datetime(2026, 11, 26, 12, tzinfo=timezone.utc)
SHIPPED = (shipped_dir() / "ketamine.toml").read_text(encoding="utf-8")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _one_line(message: str) -> None:
    assert message and "\n" not in message and "\r" not in message


def _mutations() -> st.SearchStrategy[str]:
    """The shipped checklist with a slice cut out, a line doubled or random text dropped in."""
    lines = SHIPPED.splitlines(keepends=True)
    cut = st.tuples(st.integers(0, len(lines)), st.integers(0, 12)).map(
        lambda t: "".join(lines[: t[0]] + lines[t[0] + t[1] :])
    )
    doubled = st.integers(0, len(lines) - 1).map(lambda i: "".join(lines[: i + 1] + lines[i:]))
    dropped = st.tuples(st.integers(0, len(SHIPPED)), st.text(max_size=40)).map(
        lambda t: SHIPPED[: t[0]] + t[1] + SHIPPED[t[0] :]
    )
    return st.one_of(cut, doubled, dropped, st.text(max_size=300))


@FUZZ
@given(text=_mutations())
def test_any_checklist_file_loads_or_gives_one_line(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzzed.toml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_checklist(path)
        except ChecklistError as exc:
            _one_line(str(exc))
            assert str(path) in str(exc)


@FUZZ
@given(raw=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_any_config_file_gives_settings_and_at_most_one_line_warnings(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.toml"
        path.write_bytes(raw)
        loaded = load_config(path)
        for warning in loaded.warnings:
            _one_line(warning)
        assert loaded.config is not None


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
STATUSES = st.sampled_from(["noted", "not_seen", "not_checked", "seen", "", 1])
OBSERVATION = st.fixed_dictionaries(
    {},
    optional={"status": STATUSES, "explained": JSON_VALUES, "note": JSON_VALUES},
)
LINE = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.uuids().map(str), JSON_VALUES),
        "person": st.one_of(st.text(max_size=30), JSON_VALUES),
        "checklist": st.sampled_from(["ketamine", "ketamine-treatment-effects", "nope", 3]),
        "observed_at": st.one_of(
            st.datetimes(timezones=st.just(timezone.utc)).map(datetime.isoformat),
            st.text(max_size=25),
            JSON_VALUES,
        ),
        "treatment_day": st.sampled_from(["yes", "no", "unknown", "maybe", None]),
        "note": JSON_VALUES,
        "observations": st.one_of(
            st.dictionaries(
                st.sampled_from(["nosebleeds", "chronic-cough", "bogus", ""]), OBSERVATION
            ),
            JSON_VALUES,
        ),
    },
)


@FUZZ
@given(record=st.one_of(LINE, JSON_VALUES))
def test_any_import_line_parses_or_gives_one_line(record: object) -> None:
    try:
        checkin = parse_import_line(json.dumps(record), CATALOG, now=NOW)
    except EntryError as exc:
        _one_line(str(exc))
    else:
        assert checkin.person.strip()
        assert checkin.observed_at.tzinfo is not None


@FUZZ
@given(line=st.text(max_size=80))
def test_any_text_as_an_import_line_parses_or_gives_one_line(line: str) -> None:
    try:
        parse_import_line(line, CATALOG, now=NOW)
    except EntryError as exc:
        _one_line(str(exc))
