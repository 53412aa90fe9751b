"""The user's settings (config.toml): observer name, country, theme, default checklist, extra
checklist folders. A bad file never stops the app: it gives a warning and the defaults."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from redflags.checklist import DEFAULT_CHECKLIST, describe_validation

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


class Config(BaseModel):
    """Settings read from config.toml; every field has a default."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    observer: str = ""
    country: str = Field(default="", pattern=r"^([A-Za-z]{2})?$")
    theme: Literal["dark", "light"] = "dark"
    default_checklist: str = DEFAULT_CHECKLIST
    checklists: list[str] = Field(default_factory=list)

    @property
    def checklist_dirs(self) -> list[Path]:
        """Extra checklist folders named in the config."""
        return [Path(p).expanduser() for p in self.checklists]


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
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return LoadedConfig(Config(), [f"{path}: is not UTF-8 text; using defaults"])
    except tomllib.TOMLDecodeError as exc:
        detail = " ".join(str(exc).split())
        return LoadedConfig(Config(), [f"{path}: TOML syntax error: {detail}; using defaults"])
    try:
        return LoadedConfig(Config.model_validate(data))
    except ValidationError as exc:
        return LoadedConfig(Config(), [f"{path}: {describe_validation(exc)}; using defaults"])
