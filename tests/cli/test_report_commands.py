"""summary and export from the command line: a hand-counted scenario, the four formats, safety."""

from __future__ import annotations

import csv
import io
import json
import re
import stat
from pathlib import Path

import pytest

from tests.cli.runner import run

NOTICE_WORDS = "only a qualified professional can assess substance use."

# Ten evenings, hand-built. Nosebleeds: looked for on all ten, noted on the last four (rising).
# Chronic cough: looked for on days 1-5 only, never noted. Everything else: never checked.
SCENARIO = [
    (day, "nosebleeds" if day >= 7 else "", "chronic-cough" if day <= 5 else "")
    for day in range(1, 11)
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "r.db"
    lines = []
    for day, noted, cough in SCENARIO:
        observations: dict[str, dict[str, object]] = {
            "nosebleeds": {"status": "noted" if noted else "not_seen"}
        }
        if cough:
            observations["chronic-cough"] = {"status": "not_seen"}
        lines.append(
            json.dumps(
                {
                    "person": "Sam Jones",
                    "checklist": "ketamine",
                    "observed_at": f"2026-10-{day:02d}T19:00:00+01:00",
                    "observer": "Mum",
                    "treatment_day": "yes" if day in (2, 8) else "no",
                    "note": "[/] \x1b[31mred\x1b[0m" if day == 9 else "",
                    "observations": observations,
                }
            )
        )
    file = path.parent / "in.jsonl"
    file.write_text("\n".join(lines) + "\n")
    assert run("import", str(file), db=path).code == 0
    return path


def _summary(db: Path) -> dict[str, object]:
    result = run(
        "summary", "--person", "Sam Jones", "--since", "2026-10-01", "--until", "2026-10-14",
        "--json", db=db,
    )  # fmt: skip
    assert result.code == 0, result.err
    data: dict[str, object] = json.loads(result.out)
    return data


def test_summary_json_matches_a_hand_count(db: Path) -> None:
    data = _summary(db)
    assert data["schema"] == "redflags.patterns.types/1"
    assert data["period"] == {
        "since": "2026-10-01",
        "until": "2026-10-14",
        "days": 14,
        "days_checked": 10,
    }
    assert data["checkins"] == 10
    assert data["treatment_checkins"] == 2
    signs = {s["id"]: s for s in data["signs"]}  # type: ignore[attr-defined]
    nose = signs["nosebleeds"]
    assert (nose["noted"], nose["not_seen"], nose["not_checked"]) == (4, 6, 0)
    assert (nose["days_noted"], nose["first_noted"], nose["last_noted"]) == (
        4,
        "2026-10-07",
        "2026-10-10",
    )
    # Ten checked: earlier = first 5 (0 noted), later = last 5 (4 noted): 0.8 - 0 >= 0.25.
    assert nose["trend"] == {
        "earlier": {"noted": 0, "checked": 5},
        "later": {"noted": 4, "checked": 5},
        "direction": "rising",
    }
    cough = signs["chronic-cough"]
    assert (cough["noted"], cough["not_seen"], cough["not_checked"]) == (0, 5, 5)
    assert cough["trend"]["direction"] == "too-few"
    pupils = signs["dilated-pupils"]
    assert (pupils["noted"], pupils["not_seen"], pupils["not_checked"]) == (0, 0, 10)
    groups = {g["id"]: g for g in data["groups"]}  # type: ignore[attr-defined]
    assert (groups["snorted"]["noted_checkins"], groups["snorted"]["checked_checkins"]) == (4, 10)
    assert (groups["smoked"]["noted_checkins"], groups["smoked"]["checked_checkins"]) == (0, 5)
    assert data["pairs"] == []


def test_summary_default_period_and_bad_dates(db: Path) -> None:
    bad = run("summary", "--person", "Sam Jones", "--since", "2026-02-30", db=db)
    assert bad.code == 2
    assert "--since" in bad.err and "2026-02-30" in bad.err
    backwards = run(
        "summary", "--person", "Sam Jones", "--since", "2026-10-05", "--until", "2026-10-01", db=db
    )
    assert backwards.code == 2
    both = run("summary", "--person", "Sam Jones", "--since", "2026-10-05", "--all", db=db)
    assert both.code == 2
    readable = run("summary", "--person", "Sam Jones", "--all", db=db)
    assert readable.code == 0
    assert NOTICE_WORDS in readable.out
    # One row a sign: its label, noted (of the check-ins where it was looked for), not checked,
    # and the trend.
    cells = [re.split(r"\s{2,}", row.strip()) for row in readable.out.splitlines()]
    rows = {row[0]: row[1:] for row in cells if len(row) == 4}
    assert rows["Nosebleeds"] == ["4 of 10", "0", "rising"]
    assert rows["A cough that does not go away"] == ["0 of 5", "5", "too few"]
    assert rows["Large (dilated) pupils"] == ["not looked for", "10", "too few"]


def test_text_export_has_the_notice_at_both_ends_and_fits_80_columns(db: Path) -> None:
    result = run("export", "--person", "Sam Jones", "--all", db=db)
    assert result.code == 0, result.err
    text = result.out
    head, tail = text[:1500], text[-1500:]
    assert NOTICE_WORDS in head.replace("\n", " ")
    assert NOTICE_WORDS in " ".join(tail.split())
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "\x1b" not in text
    assert "\\x1b[31mred" in text
    assert "Sam Jones" in text


def test_markdown_json_and_csv_exports(db: Path) -> None:
    markdown = run("export", "--person", "Sam Jones", "--all", "--format", "markdown", db=db).out
    assert markdown.count(NOTICE_WORDS) >= 2
    assert "\x1b" not in markdown
    data = json.loads(
        run("export", "--person", "Sam Jones", "--all", "--format", "json", db=db).out
    )
    assert NOTICE_WORDS in data["notice"]
    assert data["summary"]["checkins"] == 10
    assert len(data["checkins"]) == 10
    assert data["checkins"][8]["note"] == "[/] \x1b[31mred\x1b[0m"
    table = run("export", "--person", "Sam Jones", "--all", "--format", "csv", db=db).out
    rows = list(csv.DictReader(io.StringIO(table)))
    assert len(rows) == 10 * 20
    assert {r["status"] for r in rows} == {"noted", "not_seen", "not_checked"}
    assert "\x1b" not in table


def test_initials_hide_the_names_everywhere(db: Path) -> None:
    for fmt in ("text", "markdown", "json", "csv"):
        out = run(
            "export", "--person", "Sam Jones", "--all", "--format", fmt, "--initials", db=db
        ).out
        # As whole words: the UK's Samaritans keep their name.
        assert not re.search(r"\b(Sam|Jones|Mum)\b", out), fmt
        assert "S.J." in out, fmt


def test_export_to_a_file_is_private_and_says_so(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "summary.txt"
    result = run("export", "--person", "Sam Jones", "--all", "-o", str(target), db=db)
    assert result.code == 0
    assert result.out == ""
    assert str(target) in result.err and "sensitive information" in result.err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert NOTICE_WORDS in " ".join(target.read_text().split())


def test_export_of_an_unknown_person(db: Path) -> None:
    result = run("export", "--person", "Nobody", db=db)
    assert result.code == 2
    assert 'no person called "Nobody"' in result.err
