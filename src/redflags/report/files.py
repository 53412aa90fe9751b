"""Where an exported summary goes and what its file is called, and writing it without ever
replacing a file by surprise or following a link. Light, so that the command line can offer the
formats without loading what makes them."""

from __future__ import annotations

import os
import re
import tempfile
from datetime import date
from pathlib import Path

import platformdirs

from redflags.report.formats import FORMATS

SENSITIVE = "This file holds sensitive information about another person: keep it private."
SAMPLE = "SAMPLE-DATA"
_UNSAFE_IN_NAME = re.compile(r"[^\w-]+")


def initials(name: str) -> str:
    """The first letter of each word of a name, upper-cased with a full stop: "Sam Jones" -> "S.J."."""
    letters = (next((ch for ch in word if ch.isalnum()), "") for word in name.split())
    return "".join(f"{ch.upper()}." for ch in letters if ch)


def name_part(person: str, *, use_initials: bool = False) -> str:
    """A person's name (or initials) as it can stand in a file name on any system: letters,
    digits and hyphens, at most 40 characters."""
    text = initials(person).replace(".", "") if use_initials else person
    return _UNSAFE_IN_NAME.sub("-", text.strip()).strip("-_")[:40]


def default_file_name(
    fmt: str, made: date, person: str = "", *, use_initials: bool = False, sample: bool = False
) -> str:
    """``summary-Sam-2026-11-29.txt``: the person (or initials) and the day; SAMPLE-DATA first for
    a summary of the demo's made-up data."""
    parts = ["summary"]
    if sample:
        parts.append(SAMPLE)
    who = name_part(person, use_initials=use_initials)
    if who:
        parts.append(who)
    parts.append(made.isoformat())
    return "-".join(parts) + FORMATS[fmt].suffix


def documents_folder() -> Path:
    """The user's documents folder (platformdirs), where summaries go unless told otherwise; the
    home folder when there is no documents folder."""
    folder = platformdirs.user_documents_path()
    return folder if folder.is_dir() else Path.home()


class FileProblem(Exception):
    """The summary was not written: the message says why, in one line."""


def save(path: Path, text: str, *, replace: bool = False) -> Path:
    """Write the summary readable by its owner alone (0600), whole or not at all. An existing file
    is replaced only with ``replace``; a symbolic link is never written through nor replaced.
    Returns the absolute path written."""
    target = path.expanduser().absolute()
    if target.is_symlink():
        raise FileProblem(f"{target} is a link to another file; nothing was written")
    if target.is_dir():
        raise FileProblem(f"{target} is a folder; add a file name")
    if target.exists() and not replace:
        raise FileProblem(f"{target} already exists; nothing was written")
    if not target.parent.is_dir():
        raise FileProblem(f"there is no folder {target.parent}")
    tmp_name = ""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".redflags-", dir=target.parent)
        if os.name == "posix":
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            if target.is_symlink():
                raise FileProblem(f"{target} is a link to another file; nothing was written")
            os.replace(tmp_name, target)  # replaces the name itself: never follows a link
        else:
            try:
                # A hard link fails if anything (a file, a link) took the name meanwhile.
                os.link(tmp_name, target)
            except FileExistsError:
                raise FileProblem(f"{target} already exists; nothing was written") from None
            except OSError:
                if target.exists() or target.is_symlink():
                    raise FileProblem(f"{target} already exists; nothing was written") from None
                os.replace(tmp_name, target)  # a file system without hard links
    except PermissionError:
        raise FileProblem(f"this computer does not allow saving in {target.parent}") from None
    except FileProblem:
        raise
    except OSError as exc:
        raise FileProblem(f"{target} could not be written ({exc.strerror or exc})") from None
    finally:
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)
    return target
