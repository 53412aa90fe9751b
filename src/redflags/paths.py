"""Where redflags keeps its data and reads its configuration, with environment overrides."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "redflags"
DB_ENV = "REDFLAGS_DB"
CONFIG_ENV = "REDFLAGS_CONFIG"


def default_db_path() -> Path:
    """The database: REDFLAGS_DB if set, else redflags.db in the platform's user data folder."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "redflags.db"


def config_path() -> Path:
    """The config file: REDFLAGS_CONFIG if set, else config.toml in the user config folder."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "config.toml"


def ensure_private_dir(folder: Path) -> None:
    """Create a missing folder, and each missing parent, readable by its owner alone (0700),
    whatever the umask.

    An existing folder is left as it is: the user may have pointed the database at a shared place.
    """
    if folder.is_dir():
        return
    missing: list[Path] = []
    for level in (folder, *folder.parents):
        if level.is_dir():
            break
        missing.append(level)
    for level in reversed(missing):
        try:
            level.mkdir(mode=0o700)
        except FileExistsError:
            if not level.is_dir():
                raise
            continue  # made by another copy meanwhile: theirs
        if os.name == "posix":
            os.chmod(level, 0o700)
