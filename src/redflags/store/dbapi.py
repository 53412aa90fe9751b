"""What the store needs of a database connection, written down as a Protocol: the standard
library's ``sqlite3.Connection`` has it, and so has the SQLCipher adapter in ``cipher.py``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000


class Cursor(Protocol):
    """A cursor: rows are read by column name or position."""

    row_factory: Any

    @property
    def lastrowid(self) -> int | None: ...

    @property
    def rowcount(self) -> int: ...

    def execute(self, sql: str, parameters: Any = (), /) -> Cursor: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """A connection in autocommit mode (``isolation_level=None``) whose errors are the standard
    library's ``sqlite3`` errors."""

    @property
    def total_changes(self) -> int: ...

    def execute(self, sql: str, parameters: Any = (), /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Any, /) -> Cursor: ...

    def cursor(self) -> Cursor: ...

    def close(self) -> None: ...
