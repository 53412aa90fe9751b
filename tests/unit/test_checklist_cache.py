"""Checklists checked once per content: later starts rebuild them from the user's cache without
checking them again, and without loading pydantic at all; a changed file, a changed schema or a
damaged entry is read and checked anew, and a broken file keeps its one-line error."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import redflags
from redflags import checklist_cache, checklist_schema
from redflags.checklist import (
    URGENT_FILE,
    Checklist,
    ChecklistError,
    Urgent,
    as_json,
    from_json,
    load_catalog,
    load_checklist,
    load_urgent,
    shipped_dir,
    validate,
)
from redflags.checklist_cache import Entry, cache_dir
from redflags.terms import Route
from tests.cli.runner import run

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib

# A real checklist (the shipped one, whatever its schema today) with its first sign renamed "One".
VALID = re.sub(
    r'label = "[^"]*"',
    'label = "One"',
    (shipped_dir() / "ketamine.toml").read_text(encoding="utf-8"),
    count=1,
)


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The kinds of file checked against the schema from now on."""
    seen: list[str] = []
    real = checklist_schema.validated

    def spy(kind: str, data: Any) -> dict[str, Any]:
        seen.append(kind)
        return real(kind, data)

    monkeypatch.setattr(checklist_schema, "validated", spy)
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
    assert second.sign(first.signs[0].id) == first.signs[0]
    assert dataclasses.is_dataclass(second) and type(second.signs[0]) is type(first.signs[0])


def test_the_shipped_files_rebuild_exactly_as_validated(validations: list[str]) -> None:
    fresh = load_catalog()
    assert validations.count("Checklist") == len(fresh.checklists)
    assert validations.count("Urgent") == 1
    validations.clear()
    cached = load_catalog()
    assert validations == []
    assert cached.checklists == fresh.checklists
    assert cached.urgent == fresh.urgent
    assert cached.urgent.resources_for("GB") == fresh.urgent.resources_for("GB")


def test_a_cache_entry_rebuilds_what_a_fresh_check_gives(validations: list[str]) -> None:
    load_catalog()  # the entries written
    validations.clear()
    cached = load_catalog()
    assert validations == []
    for path in sorted(shipped_dir().glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if path.name == URGENT_FILE:
            assert cached.urgent == validate(Urgent, data)
            assert as_json(cached.urgent) == data  # the file's own data, "schema" and all
        else:
            fresh = validate(Checklist, data)
            assert cached.checklists[fresh.id] == fresh
            assert as_json(fresh) == data
            assert from_json(Checklist, as_json(fresh)) == fresh


def test_show_json_gives_the_file_s_own_data() -> None:
    path = shipped_dir() / "ketamine.toml"
    for _ in range(2):  # checked, then from the cache
        shown = json.loads(run("checklists", "show", "ketamine", "--json").out)
        assert shown == tomllib.loads(path.read_text(encoding="utf-8"))
        assert next(iter(shown)) == "schema"
        assert shown["groups"][0]["route"] == "smoked"


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


def test_the_key_covers_every_module_of_the_schema() -> None:
    assert set(checklist_cache.SCHEMA_MODULES) >= {
        "redflags.checklist",  # the types and how checked data becomes them
        "redflags.checklist_schema",  # the rules
        "redflags.terms",  # routes and the form of an id
    }


_PROBE = """
import json, sys
from redflags.checklist import load_checklist, shipped_dir
load_checklist(shipped_dir() / "ketamine.toml")
print(json.dumps(["redflags.checklist_schema" in sys.modules, "pydantic" in sys.modules]))
"""


@pytest.mark.parametrize("module", ["checklist_schema.py", "checklist.py"])
def test_a_changed_schema_misses_the_cache(tmp_path: Path, module: str) -> None:
    # A copy of the package whose source can change, each load in a new process (as a new
    # version's first start): the schema's fingerprint is read once per process.
    copy = tmp_path / "src"
    shutil.copytree(
        Path(redflags.__file__).parent,
        copy / "redflags",
        ignore=shutil.ignore_patterns("__pycache__", "tui"),
    )
    shutil.copytree(shipped_dir(), copy / "redflags" / "checklists")
    env = {**os.environ, "PYTHONPATH": str(copy), "XDG_CACHE_HOME": str(tmp_path / "cache")}

    def checked() -> bool:
        done = subprocess.run(
            [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        schema, pydantic = json.loads(done.stdout)
        assert schema == pydantic
        return bool(schema)

    assert checked()  # first start: checked
    assert not checked()  # then from the cache, without pydantic
    with (copy / "redflags" / module).open("a", encoding="utf-8") as source:
        source.write("\n# changed\n")
    assert checked()  # the changed schema's key is new
    assert not checked()


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


def test_data_that_would_not_rebuild_as_checked_is_never_cached(tmp_path: Path) -> None:
    path = tmp_path / "demo.toml"
    path.write_text(VALID, encoding="utf-8")
    checked = validate(Checklist, tomllib.loads(VALID))
    entry = Entry(path, "Checklist", lambda data: from_json(Checklist, data))
    data = as_json(checked)
    data["groups"][0]["signs"][0]["label"] = "Not what was checked"
    entry.save(data, checked)
    assert _entries() == []
    entry.save(as_json(checked), checked)
    assert Entry(path, "Checklist", lambda data: from_json(Checklist, data)).found == checked


def test_a_cached_summary_loads_no_pydantic(tmp_path: Path) -> None:
    """The one-check-in summary (the start every command pays) never waits for pydantic once its
    checklists are cached: checked in a new process, where what is imported shows."""
    db = tmp_path / "r.db"
    assert run("people", "add", "Sam", db=db).code == 0
    assert run("log", "--person", "Sam", "--noted", "nosebleeds", db=db).code == 0
    probe = (
        "import contextlib, io, json, sys\n"
        "from redflags.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    assert main(['summary', '--person', 'Sam', '--all', '--json']) == 0\n"
        "print(json.dumps([json.loads(out.getvalue())['person'], 'pydantic' in sys.modules]))\n"
    )
    env = {**os.environ, "REDFLAGS_DB": str(db)}
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["Sam", False]
    # The probe sees pydantic where it is loaded: a summary from a changed checklist file.
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "demo.toml").write_text(VALID.replace('id = "ketamine"', 'id = "mine"', 1))
    done = subprocess.run(
        [sys.executable, "-c", probe.replace("'--json'", f"'--json', '--checklists', {str(folder)!r}")],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["Sam", True]
