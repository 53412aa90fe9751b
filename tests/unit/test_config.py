"""The settings file: good values are used; a bad one gives the defaults and one line naming the
problem, and the file is left as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from redflags.config import Config, load_config


def _load(tmp_path: Path, text: str) -> tuple[Config, list[str]]:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    loaded = load_config(path)
    assert path.read_text(encoding="utf-8") == text
    return loaded.config, loaded.warnings


def test_every_setting_is_read(tmp_path: Path) -> None:
    config, warnings = _load(
        tmp_path,
        'observer = "Mum"\ncountry = "gb"\ntheme = "light"\ndefault_checklist = "mine"\n'
        'checklists = ["~/lists"]\n',
    )
    assert warnings == []
    assert config == Config("Mum", "gb", "light", "mine", ["~/lists"])
    assert config.checklist_dirs == [Path("~/lists").expanduser()]


def test_a_missing_file_gives_the_defaults_quietly(tmp_path: Path) -> None:
    loaded = load_config(tmp_path / "none.toml")
    assert loaded.config == Config() and loaded.warnings == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('colour = "red"\n', "colour: is not a known field"),
        ("observer = 3\n", "observer: must be text in quotes"),
        ('country = "Britain"\n', 'country: must be a two-letter country code, such as "GB"'),
        ('theme = "blue"\n', 'theme: must be "dark" or "light"'),
        ('checklists = "~/lists"\n', "checklists: must be a list of folders in quotes"),
        ("checklists = [1]\n", "checklists: must be a list of folders in quotes"),
        (
            'theme = "blue"\ncountry = "x"\n',
            'theme: must be "dark" or "light" (and 1 more problem)',
        ),
        ("theme = \n", "TOML syntax error"),
    ],
)
def test_a_bad_setting_names_itself_and_gives_the_defaults(
    tmp_path: Path, text: str, problem: str
) -> None:
    config, warnings = _load(tmp_path, text)
    assert config == Config()
    assert len(warnings) == 1 and "\n" not in warnings[0]
    assert problem in warnings[0] and warnings[0].endswith("; using defaults")
