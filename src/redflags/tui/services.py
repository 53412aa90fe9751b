"""What every screen of the app works with: the open database, the checklists, the settings, and
the one clock every "now" and "today" of the app is read from."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from redflags.config import Config
from redflags.store import Store, now

if TYPE_CHECKING:
    from redflags.checklist import Catalog


class Services:
    """The app's data and settings, handed to each screen that needs them.

    ``catalog`` may be given as a function that loads it: the checklists are then read when a
    screen first needs them, after the first screen is drawn (the home screen never does).
    ``warnings`` are shown once at start (a bad config file); the catalog's own (a skipped user
    checklist) once it is loaded.
    ``demo`` is true when the app runs on made-up sample data.
    ``now`` is the clock (local time with its UTC offset); tests fix it.
    """

    def __init__(
        self,
        store: Store,
        catalog: Catalog | Callable[[], Catalog],
        config: Config,
        warnings: list[str] | None = None,
        demo: bool = False,
        now: Callable[[], datetime] = now,
    ) -> None:
        self.store = store
        self.now = now
        self.config = config
        self.warnings = list(warnings or [])
        self.demo = demo
        self._load: Callable[[], Catalog] | None = catalog if callable(catalog) else None
        self._catalog: Catalog | None = None if callable(catalog) else catalog

    @property
    def catalog(self) -> Catalog:
        """The checklists; loaded on first use when the app was given a way to load them. A
        checklist that cannot be read raises ChecklistError here."""
        if self._catalog is None:
            if self._load is None:
                raise RuntimeError("no checklists and no way to load them")
            self._catalog = self._load()
        return self._catalog

    def today(self) -> date:
        """Today's date on the app's clock."""
        return self.now().date()


class Guide(Protocol):
    """What urgent help needs: the checklists (their help resources) and the settings (the
    country). The open notes' Services, or before the passphrase opens them, a Reading."""

    @property
    def catalog(self) -> Catalog: ...

    @property
    def config(self) -> Config: ...


class Reading:
    """The settings and checklists alone, with no database: for urgent help before the notes of
    a locked database are open."""

    def __init__(self, config: Config, load: Callable[[], Catalog]) -> None:
        self._config = config
        self._load = load
        self._catalog: Catalog | None = None

    @property
    def config(self) -> Config:
        return self._config

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = self._load()
        return self._catalog


WELCOMED = "welcomed"  # the meta key set once the first-run screen is read


def welcomed(services: Services) -> bool:
    """Whether the first-run screen was acknowledged on this database."""
    return services.store.get_meta(WELCOMED) is not None
