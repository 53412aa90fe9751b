"""Every word a shipped checklist can show is calm and free of stigma (DESIGN section 2), and the
treatment-effects checklist, with its summary, never speaks of substance use or routes of use."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from redflags.checklist import shipped_dir
from tests.cli.runner import run

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib

# Labels that mark a person, and test-result words: observation, not diagnosis.
FORBIDDEN = re.compile(
    r"\b(addicts?|abusers?|abuse[sd]?|abusing|junkies?|junky|druggies?|druggy|dirty|clean"
    r"|relapse[sd]?|relapsing|detected|detects?|detection|positive|negative)\b",
    re.IGNORECASE,
)
# The treatment-effects checklist is about prescribed treatment, for the prescriber.
NOT_FOR_TREATMENT = re.compile(r"substance|\broutes?\b", re.IGNORECASE)
TREATMENT = "ketamine-treatment-effects"
SHIPPED = sorted(shipped_dir().glob("*.toml"))


def strings(value: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every string value in a parsed TOML document, with its field path."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{where}.{key}" if where else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, f"{where}[{index}]")


def words_of(path: Path) -> list[tuple[str, str]]:
    return list(strings(tomllib.loads(path.read_text(encoding="utf-8"))))


def test_the_word_checks_catch_what_they_are_for() -> None:
    for bad in (
        "an addict",
        "Substance ABUSER",
        "junkie",
        "a druggie",
        "dirty",
        "stayed clean",
        "relapsed",
        "ketamine detected",
        "tested positive",
        "negative result",
    ):
        assert FORBIDDEN.search(bad), bad
    for fine in ("misuse", "addiction potential", "a recurrence of use", "cleaning", "detach"):
        assert not FORBIDDEN.search(fine), fine
    assert NOT_FOR_TREATMENT.search("Signs, by route of use")
    assert NOT_FOR_TREATMENT.search("cannot show substance use")
    assert not NOT_FOR_TREATMENT.search("a routine check-up")
    found = dict(strings({"a": ["x", {"b": "y"}], "c": 1}))
    assert found == {"a[0]": "x", "a[1].b": "y"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_no_shipped_checklist_says_a_stigmatizing_or_test_result_word(path: Path) -> None:
    texts = words_of(path)
    assert len(texts) > 10  # the file was read, field by field
    found = [(where, m.group()) for where, text in texts for m in FORBIDDEN.finditer(text)]
    assert found == []


def test_the_treatment_checklist_never_speaks_of_substance_use_or_routes() -> None:
    texts = words_of(shipped_dir() / f"{TREATMENT}.toml")
    assert ("summary.audience", "the prescriber") in texts
    found = [(where, text) for where, text in texts if NOT_FOR_TREATMENT.search(text)]
    assert found == []


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's people, with check-ins on the treatment-effects checklist for Sam."""
    db = tmp_path_factory.mktemp("words") / "demo.db"
    assert run("demo", "--save-to", str(db)).code == 0
    for when, noted in (
        ("2026-11-20T18:00", "feels-detached,drowsiness,nausea"),
        ("2026-11-21T19:00", "drowsiness,mood-worse"),
        ("2026-11-24T18:30", "dizziness,bladder-problems"),
    ):
        logged = run(
            "log",
            "--person",
            "Sam",
            "--checklist",
            TREATMENT,
            "--at",
            when,
            "--noted",
            noted,
            "--rest-not-seen",
            "--treatment-day",
            "yes",
            "--note",
            "after the clinic",
            "--observer",
            "Mum",
            db=db,
        )
        assert logged.code == 0, logged.err
    return db


@pytest.mark.parametrize("fmt", ["text", "markdown"])
@pytest.mark.parametrize("country", ["", "GB", "US", "CA"])
def test_the_treatment_summary_speaks_to_the_prescriber_of_effects(
    demo_db: Path, tmp_path: Path, fmt: str, country: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'country = "{country}"\n', encoding="utf-8")
    out = run(
        "export",
        "--person",
        "Sam",
        "--all",
        "--checklist",
        TREATMENT,
        "--format",
        fmt,
        db=demo_db,
        REDFLAGS_CONFIG=str(config),
    )
    assert out.code == 0, out.err
    flat = " ".join(out.out.split())
    assert "Effects during prescribed treatment: a summary for the prescriber" in flat
    assert "Signs, by kind of effect" in flat
    assert "Feeling detached or unreal" in flat  # the effects themselves are there
    assert NOT_FOR_TREATMENT.findall(flat) == []
    assert FORBIDDEN.findall(flat) == []


def test_the_ketamine_summary_speaks_to_a_counsellor_by_route(demo_db: Path) -> None:
    out = run("export", "--person", "Sam", "--all", "--checklist", "ketamine", db=demo_db)
    assert out.code == 0, out.err
    flat = " ".join(out.out.split())
    # (The demo's data: the title says SAMPLE DATA first.)
    assert flat.startswith("SAMPLE DATA: Observed warning signs: a summary for a counsellor")
    assert "Signs, by route of use" in flat
    assert "only a qualified professional can assess substance use" in flat
    assert FORBIDDEN.findall(flat) == []
