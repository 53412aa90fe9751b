"""SQLite persistence: one Store facade over modules by concern.

- ``connection``: opening with retries, the checks of what a file is, settings, transactions;
- ``schema``: the tables and their migrations; ``people``, ``checkins`` (and revisions),
  ``drafts`` (and meta), ``backup``: what the Store does, by concern;
- ``cipher``: a locked (SQLCipher) database's connection; ``convert``: lock and unlock;
  ``forget``: removing a person for good; ``leftovers``: what a killed conversion left.

Nothing outside this package opens a connection or touches a private name; callers use what is
exported here (``redflags.store.cipher`` also serves a few light names to the app's first screen).
"""

from typing import TYPE_CHECKING, Any

from redflags.store.checkins import ImportConflict, ImportCount, Prepared
from redflags.store.cipher import (
    INSTALL_HINT,
    PASSPHRASE_ENV,
    available,
    check_new_passphrase,
    is_locked,
    require,
)
from redflags.store.connection import (
    check_file,
    conversion_in_progress,
    now,
    wait_for_conversion,
    waiting_words,
)
from redflags.store.database import Store
from redflags.store.dbapi import SQLITE_MAGIC
from redflags.store.errors import (
    DatabaseInUse,
    LockUnavailable,
    PassphraseNeeded,
    RequestError,
    StoreError,
    WrongPassphrase,
)
from redflags.store.leftovers import remove_leftovers
from redflags.terms import name_problem

if TYPE_CHECKING:
    from redflags.store.convert import Conversion, lock_database, unlock_database
    from redflags.store.forget import Forgotten, compact, forget_person, forget_preview

# Locking, unlocking and forgetting are loaded when first asked for: the app's first screen and
# most commands never use them (they bring hashlib, json and more with them).
_LATER = {
    "Conversion": "redflags.store.convert",
    "lock_database": "redflags.store.convert",
    "unlock_database": "redflags.store.convert",
    "Forgotten": "redflags.store.forget",
    "compact": "redflags.store.forget",
    "forget_person": "redflags.store.forget",
    "forget_preview": "redflags.store.forget",
}


def __getattr__(name: str) -> Any:
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "INSTALL_HINT",
    "PASSPHRASE_ENV",
    "SQLITE_MAGIC",
    "Conversion",
    "DatabaseInUse",
    "Forgotten",
    "ImportConflict",
    "ImportCount",
    "LockUnavailable",
    "PassphraseNeeded",
    "Prepared",
    "RequestError",
    "Store",
    "StoreError",
    "WrongPassphrase",
    "available",
    "check_file",
    "check_new_passphrase",
    "compact",
    "conversion_in_progress",
    "forget_person",
    "forget_preview",
    "is_locked",
    "lock_database",
    "name_problem",
    "now",
    "remove_leftovers",
    "require",
    "unlock_database",
    "wait_for_conversion",
    "waiting_words",
]
