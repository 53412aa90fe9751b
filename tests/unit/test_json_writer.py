"""JSON on standard output: indented exactly as the standard writer indents it, every control
character escaped."""

from __future__ import annotations

import json
from typing import Any

import pytest

from redflags.commands.context import write_json
from redflags.safe_text import dumps

VALUES: list[Any] = [
    {},
    [],
    'text \x1b[31m\u2028 😀 "quoted" \\ back',
    0,
    None,
    True,
    {"a": [], "b": {}, "c": [1, [2, {}]], "d": {"e": [1, {"f": "g"}]}},
    {"k": None, "t": True, "f": False, "n": -5, "x": 1.5, "big": 12345678901234567890},
    [1, 0, True, False, None, 2.5, "s", -0.0, 1e300],
    {"many": [1, 2, 3, 4, 5], "few": [1, 2], "plain": {"a": 1, "b": "2", "c": None, "d": 4.0}},
    (1, (2, "x"), {"y": (3, 4, 5, 6)}),
    # Left to the standard writer: keys that are not text, numbers that are not finite.
    {1: [1, 2], "a": {2: "b"}},
    {"x": float("nan"), "y": [float("inf"), 1, 2, 3, 4]},
]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
@pytest.mark.parametrize("indent", [None, 1, 2, 4])
def test_json_is_written_as_the_standard_writer_writes_it(
    capsys: pytest.CaptureFixture[str], value: Any, indent: int | None
) -> None:
    write_json(value, indent=indent)
    assert capsys.readouterr().out == dumps(value, indent=indent) + "\n"
    if indent is not None:  # and that is json.dumps, every unsafe character escaped
        expected = json.dumps(value, ensure_ascii=False, indent=indent)
        assert json.loads(dumps(value, indent=indent)) == json.loads(expected)


def test_a_summary_of_years_is_written_as_the_standard_writer_writes_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    entry = {"at": "2026-11-01 19:04", "note": "seemed well", "signs": []}
    pair = {"signs": ["a", "b"], "together": 106, "both_checked": 3653}
    value = {
        "schema": "redflags.summary/2",
        "observers": ["Dad", "Mum"],
        "words": {"went_well": 174, "entries": [entry] * 60},
        "pairs": [pair] * 190,
        "treatment": {"yes": 1, "signs": [{"id": "x", "yes": {"noted": 1, "checked": 2}}] * 20},
    }
    write_json(value, indent=2)
    assert capsys.readouterr().out == json.dumps(value, ensure_ascii=False, indent=2) + "\n"
