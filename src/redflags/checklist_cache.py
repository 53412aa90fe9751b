"""Validated checklist files kept in the user's cache folder, so that a start does not parse and
validate the same TOML again.

An entry is keyed by a hash of the file's bytes, the versions of redflags and pydantic, and the source
of the modules that define the schema: a changed file, a new version or a changed schema misses the
cache and is read and validated again. An entry holds the validated data as plain JSON, with a digest of
that JSON, and is rebuilt into the models without validation. An entry that is missing, corrupt,
written for other content, or not the user's own is ignored and written again; the cache never makes
loading fail, and a broken file is never cached (it keeps its one-line error).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable
from enum import Enum
from functools import cache
from pathlib import Path
from types import NoneType, UnionType
from typing import Annotated, Any, Generic, Literal, TypeVar, Union, get_args, get_origin

import pydantic
from pydantic import BaseModel

from redflags import __version__

# Bump when the layout of an entry changes.
FORMAT = "redflags-checklist-cache/1"
FOLDER = "checklists"

M = TypeVar("M", bound=BaseModel)


def cache_dir() -> Path:
    """The folder holding the entries, in the platform's user cache folder."""
    import platformdirs

    return platformdirs.user_cache_path("redflags", appauthor=False) / FOLDER


class Entry(Generic[M]):
    """One file's place in the cache: the bytes read (``raw``, None if they could not be), the key
    they give, and the model rebuilt from a matching entry (``found``), if there was one."""

    def __init__(self, path: Path, model: type[M]) -> None:
        self.path = path
        self.model = model
        self.raw: bytes | None = None
        self.key: str | None = None
        self.found: M | None = None
        try:
            self.raw = path.read_bytes()
        except OSError:
            return  # the loader reads it again and names the problem
        schema = _schema_fingerprint(model)
        if schema is None:
            return
        digest = hashlib.sha256()
        for part in (FORMAT, __version__, pydantic.VERSION, model.__qualname__, schema):
            digest.update(part.encode() + b"\0")
        digest.update(self.raw)
        self.key = digest.hexdigest()
        try:
            self.found = self._read()
        except Exception:  # a broken entry is only a miss
            self.found = None

    @property
    def file(self) -> Path:
        """Where this file's entry lives: one entry per file and model, replaced when it changes."""
        name = f"{self.model.__qualname__}\0{os.path.abspath(self.path)}"
        return cache_dir() / (hashlib.sha256(name.encode()).hexdigest()[:32] + ".json")

    def _read(self) -> M | None:
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
        return _construct(self.model, json.loads(payload))

    def save(self, value: M) -> None:
        """Keep the validated ``value`` for the bytes read. Only data that rebuilds into an equal
        value is kept (a kind of field this module cannot rebuild is simply never cached); any
        problem writing is ignored."""
        if self.key is None:
            return
        try:
            data = value.model_dump(mode="json", exclude_unset=True)
            payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
            if _construct(self.model, json.loads(payload)) != value:
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
def _schema_fingerprint(model: type[BaseModel]) -> str | None:
    """A hash of the source of every module defining the model, its parts and its enums: a change
    to the schema is a change of key. None (no caching) when a source cannot be read."""
    digest = hashlib.sha256()
    for name in sorted(_schema_modules(model)):
        source = getattr(sys.modules.get(name), "__file__", None)
        if not source:
            return None
        try:
            digest.update(name.encode() + b"\0" + Path(source).read_bytes())
        except OSError:
            return None
    return digest.hexdigest()


def _schema_modules(model: type[BaseModel]) -> set[str]:
    found: set[str] = set()
    todo: list[Any] = [model]
    seen: set[int] = set()
    while todo:
        kind = todo.pop()
        if id(kind) in seen:
            continue
        seen.add(id(kind))
        if get_origin(kind) is not None:
            todo.extend(get_args(kind))
        elif isinstance(kind, type) and issubclass(kind, BaseModel):
            found.update(
                k.__module__
                for k in kind.__mro__
                if issubclass(k, BaseModel) and k is not BaseModel
            )
            todo.extend(f.annotation for f in kind.model_fields.values())
        elif isinstance(kind, type) and issubclass(kind, Enum):
            found.add(kind.__module__)
    return found


def _construct(model: type[M], data: dict[str, Any]) -> M:
    """The model from its validated data, without validating it again."""
    rebuild: Callable[[Any], M] = _rebuilder(model)
    return rebuild(data)


Rebuild = Callable[[Any], Any]


def _same(raw: Any) -> Any:
    return raw


@cache
def _rebuilder(kind: Any) -> Rebuild:
    """How to turn the JSON form of a value of type ``kind`` back into that value: worked out once
    per type, so that rebuilding a checklist is a few dict and list walks."""
    origin = get_origin(kind)
    args = get_args(kind)
    if origin is Annotated:
        return _rebuilder(args[0])
    if origin is list:
        item = _rebuilder(args[0])
        return list if item is _same else lambda raw: [item(r) for r in raw]
    if origin is dict:
        value = _rebuilder(args[1])
        return dict if value is _same else lambda raw: {k: value(v) for k, v in raw.items()}
    if origin is Literal:
        return _same
    if origin in (Union, UnionType):
        rest = [a for a in args if a is not NoneType]
        if len(rest) == 1:
            inner = _rebuilder(rest[0])
            return lambda raw: None if raw is None else inner(raw)
    if origin is not None:
        raise TypeError(f"cannot rebuild {kind!r}")  # a new kind of field: it is validated instead
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        model = kind
        kinds: dict[str, Any] = {name: f.annotation for name, f in model.model_fields.items()}
        fields = {name: _rebuilder(kind) for name, kind in kinds.items()}
        return lambda raw: model.model_construct(
            **{name: fields[name](value) for name, value in raw.items()}
        )
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind
    return _same
