"""Checked checklist files kept in the user's cache folder, so that a start neither parses the same
TOML again nor loads pydantic to check it.

An entry is keyed by a hash of the file's bytes, the versions of redflags and pydantic, and the source
of the modules that define the checklist types, their rules and this cache: a changed file, a new
version or a changed schema misses the cache and is read and checked again. An entry holds the checked
data as plain JSON, with a digest of that JSON, and is rebuilt into the checklist types without
checking it again (and without loading pydantic). An entry that is missing, corrupt, written for other
content, or not the user's own is ignored and written again; the cache never makes loading fail, and a
broken file is never cached (it keeps its one-line error).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from redflags import __version__

# Bump when the layout of an entry changes.
FORMAT = "redflags-checklist-cache/2"
FOLDER = "checklists"
# The modules whose source makes the schema: the rules a file is checked against, the types the
# checked data becomes (and how), the shared terms, and this cache. A change to any is a new key.
SCHEMA_MODULES = (
    "redflags.checklist",
    "redflags.checklist_schema",
    "redflags.checklist_cache",
    "redflags.terms",
)

T = TypeVar("T")


def cache_dir() -> Path:
    """The folder holding the entries, in the platform's user cache folder."""
    import platformdirs

    return platformdirs.user_cache_path("redflags", appauthor=False) / FOLDER


class Entry(Generic[T]):
    """One file's place in the cache: the bytes read (``raw``, None if they could not be), the key
    they give, and the value ``build`` made from a matching entry's data (``found``), if there was
    one. ``kind`` names what the file holds ("Checklist", "Urgent")."""

    def __init__(self, path: Path, kind: str, build: Callable[[Any], T]) -> None:
        self.path = path
        self.kind = kind
        self.build = build
        self.raw: bytes | None = None
        self.key: str | None = None
        self.found: T | None = None
        try:
            self.raw = path.read_bytes()
        except OSError:
            return  # the loader reads it again and names the problem
        schema = _schema_fingerprint()
        if schema is None:
            return
        digest = hashlib.sha256()
        for part in (FORMAT, __version__, kind, schema):
            digest.update(part.encode() + b"\0")
        digest.update(self.raw)
        self.key = digest.hexdigest()
        try:
            self.found = self._read()
        except Exception:  # a broken entry is only a miss
            self.found = None

    @property
    def file(self) -> Path:
        """Where this file's entry lives: one entry per file and kind, replaced when it changes."""
        name = f"{self.kind}\0{os.path.abspath(self.path)}"
        return cache_dir() / (hashlib.sha256(name.encode()).hexdigest()[:32] + ".json")

    def _read(self) -> T | None:
        try:
            fd = os.open(self.file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        with os.fdopen(fd, "rb") as handle:
            if not _own_private_file(handle.fileno()):
                return None
            text = handle.read()
        header, _, payload = text.partition(b"\n")
        key, _, digest = header.decode("ascii").partition(" ")
        if key != self.key or digest != hashlib.sha256(payload).hexdigest():
            return None
        return self.build(json.loads(payload))

    def save(self, data: Any, value: T) -> None:
        """Keep ``data``, the checked JSON data of the bytes read, which ``build`` made into
        ``value``. Only data that rebuilds into an equal value is kept; any problem writing is
        ignored."""
        if self.key is None:
            return
        try:
            payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
            if self.build(json.loads(payload)) != value:
                return
            header = f"{self.key} {hashlib.sha256(payload).hexdigest()}\n".encode()
            _write_private(self.file, header + payload)
        except Exception:  # never a reason to stop loading
            return


def _own_private_file(fd: int) -> bool:
    """An entry is trusted only if it belongs to this user and no one else may write it."""
    if os.name != "posix":
        return True
    info = os.fstat(fd)
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _write_private(target: Path, data: bytes) -> None:
    import tempfile

    folder = target.parent
    for made in (folder.parent, folder):  # redflags/ and redflags/checklists/, both private
        if not made.is_dir():
            made.mkdir(parents=True, exist_ok=True, mode=0o700)
            if os.name == "posix":
                os.chmod(made, 0o700)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".entry-", suffix=".tmp")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@cache
def _schema_fingerprint() -> str | None:
    """A hash of the installed pydantic's version and of the source of every schema module, read
    from their files without importing them. None (no caching) when one cannot be read."""
    from importlib.util import find_spec

    digest = hashlib.sha256()
    try:
        # pydantic's version is in its version module; finding the package does not import it.
        found = find_spec("pydantic")
        places = found.submodule_search_locations if found is not None else None
        if not places:
            return None
        sources = [("pydantic.version", Path(next(iter(places))) / "version.py")]
        for name in SCHEMA_MODULES:
            spec = find_spec(name)
            if spec is None or not spec.origin:
                return None
            sources.append((name, Path(spec.origin)))
        for name, source in sources:
            digest.update(name.encode() + b"\0" + source.read_bytes())
    except (ImportError, OSError, ValueError):
        return None
    return digest.hexdigest()
