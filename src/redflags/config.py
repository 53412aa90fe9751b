"""The user's settings (config.toml): observer name, country, theme, default checklist, extra
checklist folders. A bad file never stops the app: it gives a warning and the defaults."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from redflags.safe_text import one_line

DEFAULT_CHECKLIST = "ketamine"
THEMES = ("dark", "light")
_COUNTRY = re.compile(r"[A-Za-z]{2}")


@dataclass(frozen=True)
class Config:
    """Settings read from config.toml; every field has a default.

    A plain record checked by hand (``from_toml``): the app reads it before its first screen,
    and that must not wait for a validation library to load."""

    observer: str = ""
    country: str = ""
    theme: Literal["dark", "light"] = "dark"
    default_checklist: str = DEFAULT_CHECKLIST
    checklists: list[str] = field(default_factory=list)

    @property
    def checklist_dirs(self) -> list[Path]:
        """Extra checklist folders named in the config."""
        return [Path(p).expanduser() for p in self.checklists]

    @classmethod
    def from_toml(cls, data: dict[str, Any]) -> Config:
        """The settings in a parsed config file, or ValueError naming the first problem (and
        how many others there are)."""
        problems = [f"{key}: is not a known field" for key in data if key not in _FIELDS]
        for key, value in data.items():
            check = _FIELDS.get(key)
            problem = check(value) if check else None
            if problem:
                problems.append(f"{key}: {problem}")
        if problems:
            others = len(problems) - 1
            more = f" (and {others} more {'problem' if others == 1 else 'problems'})"
            raise ValueError(problems[0] + (more if others else ""))
        return cls(**data)


def _text(value: object) -> str | None:
    return None if isinstance(value, str) else "must be text in quotes"


def _country(value: object) -> str | None:
    if not isinstance(value, str):
        return "must be text in quotes"
    if value and not _COUNTRY.fullmatch(value):
        return 'must be a two-letter country code, such as "GB" or "US"'
    return None


def _theme(value: object) -> str | None:
    return None if value in THEMES else 'must be "dark" or "light"'


def _folders(value: object) -> str | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return None
    return 'must be a list of folders in quotes, such as ["~/checklists"]'


_FIELDS = {
    "observer": _text,
    "country": _country,
    "theme": _theme,
    "default_checklist": _text,
    "checklists": _folders,
}


@dataclass
class LoadedConfig:
    """The settings in force and any warning about the file they came from."""

    config: Config
    warnings: list[str] = field(default_factory=list)


def load_config(path: Path) -> LoadedConfig:
    """Read the config file; a missing file gives the defaults, a bad one the defaults and a warning."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return LoadedConfig(Config())
    except OSError as exc:
        return LoadedConfig(Config(), [f"{path}: cannot be read ({exc.strerror}); using defaults"])
    if sys.version_info >= (3, 11):  # read only when there is a file: most people have none
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return LoadedConfig(Config(), [f"{path}: is not UTF-8 text; using defaults"])
    except tomllib.TOMLDecodeError as exc:
        detail = " ".join(str(exc).split())
        return LoadedConfig(Config(), [f"{path}: TOML syntax error: {detail}; using defaults"])
    try:
        return LoadedConfig(Config.from_toml(data))
    except ValueError as exc:
        return LoadedConfig(Config(), [f"{path}: {one_line(str(exc))}; using defaults"])
