"""summary and export from the command line: a hand-counted scenario, the formats, safety, file
names, since the last summary, questions for the appointment, everyone at once.

Called in process (``redflags.cli.main``) with a fixed clock; the process boundary is not the
point here."""

from __future__ import annotations

import csv
import io
import json
import re
import stat
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from redflags.cli import main
from redflags.report.formats import FORMATS
from tests.cli.runner import Result

NOW = datetime(2026, 10, 20, 12, 0, tzinfo=timezone.utc)
run: Callable[..., Result]


@pytest.fixture(autouse=True)
def in_process(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """``run(ARGS, db=PATH)`` calls the command line in this process, with the clock at NOW."""
    monkeypatch.setattr("redflags.commands.context.now", lambda: NOW)
    monkeypatch.setenv("TZ", "Europe/London")

    def call(*args: str, db: Path | None = None, **env: str) -> Result:
        if db is not None:
            monkeypatch.setenv("REDFLAGS_DB", str(db))
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        capsys.readouterr()
        code = main(list(args))
        done = capsys.readouterr()
        return Result(code, done.out, done.err)

    global run
    run = call
    yield


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
    assert data["schema"] == "redflags.summary/2"
    assert data["period"] == {
        "since": "2026-10-01",
        "until": "2026-10-14",
        "days": 14,
        "days_checked": 10,
    }
    assert data["checkins"] == 10
    signs = {s["id"]: s for s in data["signs"]}  # type: ignore[attr-defined]
    nose = signs["nosebleeds"]
    assert (nose["noted"], nose["not_seen"], nose["not_checked"]) == (4, 6, 0)
    assert (nose["days_noted"], nose["first_noted"], nose["last_noted"]) == (
        4,
        "2026-10-07",
        "2026-10-10",
    )
    cough = signs["chronic-cough"]
    assert (cough["noted"], cough["not_seen"], cough["not_checked"]) == (0, 5, 5)
    pupils = signs["dilated-pupils"]
    assert (pupils["noted"], pupils["not_seen"], pupils["not_checked"]) == (0, 0, 10)
    # The log began on 1 October; 11 to 14 October had no check-in.
    coverage = data["coverage"]
    assert coverage["log_began"] == "2026-10-01"  # type: ignore[index]
    assert coverage["longest_gap"] == {"days": 4, "since": "2026-10-11", "until": "2026-10-14"}  # type: ignore[index]
    # The period is 14 days: all of it is the recent window; nosebleeds is new from 7 October.
    assert data["changes"] == [
        {
            "id": "nosebleeds",
            "recent": {"noted": 4, "checked": 10},
            "before": {"noted": 0, "checked": 0},
            "word": "new",
            "first_noted": "2026-10-07",
        }
    ]
    assert data["treatment"] == {
        "yes": 2,
        "no": 8,
        "unknown": 0,
        "last_treatment_day": "2026-10-08",
        "signs": [
            {
                "id": "nosebleeds",
                "yes": {"noted": 1, "checked": 2},
                "no": {"noted": 3, "checked": 8},
            }
        ],
    }
    assert data["pairs"] == [] and data["weekdays"] == []
    assert "groups" not in data and "trend" not in json.dumps(data)


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
    assert "not a diagnosis" in readable.out
    # One row a sign: its label, noted (of the check-ins where it was looked for), not checked.
    cells = [re.split(r"\s{2,}", row.strip()) for row in readable.out.splitlines()]
    rows = {row[0]: row[1:] for row in cells if len(row) == 3}
    assert rows["Nosebleeds"] == ["4 of 10", "0"]
    assert rows["A cough that does not go away"] == ["0 of 5", "5"]
    assert rows["Large (dilated) pupils"] == ["not looked for", "10"]
    assert not {"rising", "falling", "steady"} & set(re.findall(r"\w+", readable.out))


def test_text_export_has_the_notice_at_both_ends_and_fits_80_columns(db: Path) -> None:
    result = run("export", "--person", "Sam Jones", "--all", db=db)
    assert result.code == 0, result.err
    text = result.out
    head, tail = text[:1500], text[-1500:]
    assert "not a diagnosis" in head.replace("\n", " ")
    assert NOTICE_WORDS in " ".join(tail.split())
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "\x1b" not in text
    assert "\\x1b[31mred" in text
    assert "Sam Jones" in text


def test_markdown_json_and_csv_exports(db: Path) -> None:
    markdown = run("export", "--person", "Sam Jones", "--all", "--format", "markdown", db=db).out
    assert "not a diagnosis" in markdown[:1000] and NOTICE_WORDS in markdown[-1000:]
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
    assert len(rows) == 10 * 20  # every sign of the checklist, for each check-in
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


def test_export_o_refuses_an_existing_file_unless_forced(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "kept.txt"
    target.write_text("the first family's summary")
    refused = run("export", "--person", "Sam Jones", "-o", str(target), db=db)
    assert refused.code == 2
    assert "already exists" in refused.err and "--force" in refused.err
    assert target.read_text() == "the first family's summary"
    forced = run("export", "--person", "Sam Jones", "-o", str(target), "--force", db=db)
    assert forced.code == 0, forced.err
    assert "Sam Jones" in target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_export_never_writes_through_or_replaces_a_link(db: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not a summary")
    link = tmp_path / "link.txt"
    link.symlink_to(elsewhere)
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "missing.txt")
    for target in (link, dangling):
        for force in ([], ["--force"]):
            result = run("export", "--person", "Sam Jones", "-o", str(target), *force, db=db)
            assert result.code == 2 and "link" in result.err
            assert target.is_symlink()
    assert elsewhere.read_text() == "not a summary"
    assert not (tmp_path / "missing.txt").exists()


def test_to_dir_names_the_file_after_the_person_and_the_day(db: Path, tmp_path: Path) -> None:
    result = run("export", "--person", "Sam Jones", "--to-dir", str(tmp_path), db=db)
    assert result.code == 0, result.err
    assert (tmp_path / "summary-Sam-Jones-2026-10-20.txt").is_file()
    again = run("export", "--person", "Sam Jones", "--to-dir", str(tmp_path), db=db)
    assert again.code == 2 and "already exists" in again.err
    hidden = run(
        "export", "--person", "Sam Jones", "--to-dir", str(tmp_path), "--initials",
        "--format", "markdown", db=db,
    )  # fmt: skip
    assert hidden.code == 0, hidden.err
    assert (tmp_path / "summary-SJ-2026-10-20.md").is_file()


def test_everyone_writes_one_file_per_person(db: Path, tmp_path: Path) -> None:
    assert run("people", "add", "Alex", db=db).code == 0
    out = tmp_path / "out"
    out.mkdir()
    result = run("export", "--everyone", "--to-dir", str(out), "--initials", db=db)
    assert result.code == 0, result.err
    assert sorted(p.name for p in out.iterdir()) == [
        "summary-A-2026-10-20.txt",
        "summary-SJ-2026-10-20.txt",
    ]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in out.iterdir())
    assert "Sam" not in re.findall(r"\w+", (out / "summary-SJ-2026-10-20.txt").read_text())
    # Run again: every file is there already, so nothing is written.
    again = run("export", "--everyone", "--to-dir", str(out), "--initials", db=db)
    assert again.code == 2 and "already exists" in again.err
    assert run("export", "--everyone", "-o", str(tmp_path / "x.txt"), db=db).code == 2


def test_everyone_goes_to_the_documents_folder_by_default(db: Path, tmp_path: Path) -> None:
    docs = tmp_path / "Documents"
    docs.mkdir()
    result = run("export", "--everyone", db=db, XDG_DOCUMENTS_DIR=str(docs))
    assert result.code == 0, result.err
    assert (docs / "summary-Sam-Jones-2026-10-20.txt").is_file()


def test_ask_puts_the_familys_questions_at_the_top(db: Path) -> None:
    ask = "Is the nose bleeding something to check with the GP?\nHow do we raise it kindly?"
    text = run("export", "--person", "Sam Jones", "--all", "--ask", ask, db=db).out
    top = text[: text.index("What changed")]
    assert "Questions and goals for this appointment" in top
    assert "- Is the nose bleeding something to check with the GP?" in top
    assert "- How do we raise it kindly?" in top
    data = json.loads(
        run("export", "--person", "Sam Jones", "--format", "json", "--ask", ask, db=db).out
    )
    assert data["ask"] == ask
    # With initials, a name in the questions is hidden too.
    hidden = run(
        "export", "--person", "Sam Jones", "--initials", "--ask", "Has Sam Jones slept?", db=db
    ).out
    assert "- Has S.J. slept?" in hidden and "Jones" not in hidden


def test_since_last_starts_after_the_last_summary_and_the_header_names_it(db: Path) -> None:
    first = run("export", "--person", "Sam Jones", "--until", "2026-10-05", db=db)
    assert "last summary: none before" in first.out
    text = run("export", "--person", "Sam Jones", "--since-last", db=db).out
    # The last summary was made today (20 October): the period is that one day.
    assert "last summary: 2026-10-20" in text
    assert "Period:     2026-10-20 to 2026-10-20 (1 day), since the last summary" in text
    data = json.loads(run("summary", "--person", "Sam Jones", "--since-last", "--json", db=db).out)
    assert data["last_summary"] == "2026-10-20" and data["since_last"] is True
    clash = run("summary", "--person", "Sam Jones", "--since-last", "--all", db=db)
    assert clash.code == 2


def test_the_formats_offered_are_the_registry(db: Path) -> None:
    result = run("export", "--person", "Sam Jones", "--format", "pdf", db=db)
    assert result.code == 2
    for name in FORMATS:
        assert name in result.err


def test_export_of_an_unknown_person(db: Path) -> None:
    result = run("export", "--person", "Nobody", db=db)
    assert result.code == 2
    assert 'no person called "Nobody"' in result.err
