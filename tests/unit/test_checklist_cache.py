"""Checklists validated once per content: later starts rebuild them from the user's cache without
validating again; a changed file, a changed schema or a damaged entry is read and validated anew,
and a broken file keeps its one-line error."""

from __future__ import annotations

import re
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from redflags import checklist_cache
from redflags.checklist import (
    URGENT_FILE,
    Checklist,
    ChecklistError,
    Urgent,
    load_catalog,
    load_checklist,
    load_urgent,
    shipped_dir,
)
from redflags.checklist_cache import Entry, cache_dir
from redflags.terms import Route

# A real checklist (the shipped one, whatever its schema today) with its first sign renamed "One".
VALID = re.sub(
    r'label = "[^"]*"',
    'label = "One"',
    (shipped_dir() / "ketamine.toml").read_text(encoding="utf-8"),
    count=1,
)


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the models validated from now on."""
    seen: list[str] = []
    for model in (Checklist, Urgent):
        original = model.model_validate

        def spy(
            data: Any, *args: Any, _model: Any = model, _real: Any = original, **kw: Any
        ) -> Any:
            seen.append(_model.__name__)
            return _real(data, *args, **kw)

        monkeypatch.setattr(model, "model_validate", spy)
    return seen


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.toml"
    path.write_text(VALID, encoding="utf-8")
    return path


def _entries() -> list[Path]:
    return sorted(cache_dir().glob("*.json")) if cache_dir().is_dir() else []


def test_second_load_comes_from_the_cache_without_validation(
    demo: Path, validations: list[str]
) -> None:
    first = load_checklist(demo)
    assert validations == ["Checklist"]
    second = load_checklist(demo)
    assert validations == ["Checklist"]  # not validated again
    assert second == first
    assert isinstance(second.groups[0].route, Route)
    assert second.signs[0].label == "One"
    assert second.signs[0].other_explanations == first.signs[0].other_explanations
    assert second.model_fields_set == first.model_fields_set
    assert second.sign(first.signs[0].id) == first.signs[0]


def test_the_shipped_files_rebuild_exactly_as_validated(validations: list[str]) -> None:
    fresh = load_catalog()
    assert validations.count("Checklist") == len(fresh.checklists)
    assert validations.count("Urgent") == 1
    validations.clear()
    cached = load_catalog()
    assert validations == []
    assert cached.checklists == fresh.checklists
    assert cached.urgent == fresh.urgent
    for checklist_id, checklist in fresh.checklists.items():
        again = cached.checklists[checklist_id]
        assert [s.model_fields_set for s in again.signs] == [
            s.model_fields_set for s in checklist.signs
        ]
    assert cached.urgent.resources_for("GB") == fresh.urgent.resources_for("GB")


def test_a_changed_file_is_validated_again(demo: Path, validations: list[str]) -> None:
    load_checklist(demo)
    demo.write_text(VALID.replace('label = "One"', 'label = "Changed"'), encoding="utf-8")
    assert load_checklist(demo).signs[0].label == "Changed"
    assert validations == ["Checklist", "Checklist"]


def test_a_file_broken_after_it_was_cached_gives_its_line(demo: Path) -> None:
    load_checklist(demo)
    demo.write_text(VALID.replace('label = "One"', "label = One"), encoding="utf-8")
    line = VALID[: VALID.index('label = "One"')].count("\n") + 1
    with pytest.raises(ChecklistError) as info:
        load_checklist(demo)
    assert str(info.value).startswith(f"{demo}: TOML syntax error: Invalid value (at line {line},")


def test_a_broken_file_is_never_cached(demo: Path) -> None:
    demo.write_text(VALID.replace('label = "One"', 'label = "  "'), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ChecklistError) as info:
            load_checklist(demo)
        assert str(info.value) == f"{demo}: groups[0].signs[0].label: must not be empty"
    assert _entries() == []


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda text: b"", id="empty"),
        pytest.param(lambda text: text[: len(text) // 2], id="cut-short"),
        pytest.param(lambda text: b"\xff\xfe not a cache entry", id="garbage"),
        pytest.param(lambda text: text.replace(b'"One"', b'"Two"'), id="edited-data"),
        pytest.param(lambda text: b"0" * 64 + text[64:], id="other-key"),
    ],
)
def test_a_damaged_entry_is_ignored_and_written_again(
    demo: Path, validations: list[str], damage: Any
) -> None:
    load_checklist(demo)
    (entry,) = _entries()
    entry.write_bytes(damage(entry.read_bytes()))
    assert load_checklist(demo).signs[0].label == "One"
    assert validations == ["Checklist", "Checklist"]
    assert load_checklist(demo).signs[0].label == "One"  # the entry was written again
    assert validations == ["Checklist", "Checklist"]


def test_an_entry_others_may_write_is_not_trusted(demo: Path, validations: list[str]) -> None:
    load_checklist(demo)
    (entry,) = _entries()
    entry.chmod(0o666)
    load_checklist(demo)
    assert validations == ["Checklist", "Checklist"]


def test_a_changed_schema_misses_the_cache(
    demo: Path, validations: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_checklist(demo)
    assert {"redflags.checklist", "redflags.terms"} <= checklist_cache._schema_modules(Checklist)
    monkeypatch.setattr(checklist_cache, "_schema_fingerprint", lambda model: "another schema")
    load_checklist(demo)
    assert validations == ["Checklist", "Checklist"]


def test_entries_are_private(demo: Path) -> None:
    load_checklist(demo)
    (entry,) = _entries()
    assert stat.S_IMODE(cache_dir().stat().st_mode) == 0o700
    assert stat.S_IMODE(cache_dir().parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert "demo" not in entry.name and "ketamine" not in entry.name  # a hash, not the name


def test_a_cache_folder_that_cannot_be_written_changes_nothing(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, validations: list[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    for _ in range(2):
        assert load_checklist(demo).id == "ketamine"
        assert load_urgent(shipped_dir() / URGENT_FILE).signs
    assert validations == ["Checklist", "Urgent", "Checklist", "Urgent"]


def test_a_file_removed_after_it_was_cached_keeps_its_message(demo: Path) -> None:
    load_checklist(demo)
    demo.unlink()
    with pytest.raises(ChecklistError) as info:
        load_checklist(demo)
    assert str(info.value) == f"{demo}: cannot be read (No such file or directory)"


class _Dated(BaseModel):
    """A schema with kinds of field the cache cannot rebuild as validated (a date from its text,
    a set from a list): such files are simply validated on every load."""

    day: date
    tags: set[str] = set()


@pytest.mark.parametrize("data", [{"day": "2026-11-01"}, {"day": "2026-11-01", "tags": ["a"]}])
def test_what_would_not_rebuild_as_validated_is_never_cached(
    tmp_path: Path, data: dict[str, Any]
) -> None:
    path = tmp_path / "dated.toml"
    path.write_text("anything", encoding="utf-8")
    entry = Entry(path, _Dated)
    entry.save(_Dated.model_validate(data))
    assert Entry(path, _Dated).found is None
    assert _entries() == []
