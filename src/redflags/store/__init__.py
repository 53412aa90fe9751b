"""SQLite persistence: one Store facade over modules by concern.

Nothing outside this package opens a connection or touches a private name; callers use what is
exported here.
"""

from redflags.store.database import (
    SQLITE_MAGIC,
    ImportConflict,
    Prepared,
    RequestError,
    Store,
    StoreError,
    check_file,
    name_problem,
    now,
)

__all__ = [
    "SQLITE_MAGIC",
    "ImportConflict",
    "Prepared",
    "RequestError",
    "Store",
    "StoreError",
    "check_file",
    "name_problem",
    "now",
]
