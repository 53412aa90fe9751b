"""What every screen of the app works with: the open database, the checklists, the settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from redflags.checklist import Catalog
from redflags.config import Config
from redflags.store import Store


@dataclass
class Services:
    """The app's data and settings, handed to each screen that needs them.

    ``warnings`` are shown once at start (a bad config file, a skipped user checklist).
    ``demo`` is true when the app runs on made-up sample data.
    """

    store: Store
    catalog: Catalog
    config: Config
    warnings: list[str] = field(default_factory=list)
    demo: bool = False
