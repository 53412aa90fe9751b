"""What opening the database tidied is told in the app too, not only on the command line."""

from __future__ import annotations

import os
from pathlib import Path

from redflags.checklist import load_catalog
from redflags.config import Config
from redflags.store import Store
from redflags.tui.services import Services
from tests.ui.shell_support import SIZE, make_app, welcomed

SQLITE_MAGIC = b"SQLite format 3\x00"


async def test_a_file_left_by_an_interrupted_lock_is_named_when_the_app_opens(
    tmp_path: Path,
) -> None:
    path = tmp_path / "r.db"
    with Store.open(path) as store:
        welcomed(store)
    # A process id above any real one: its conversion can no longer be running.
    stale = tmp_path / ".r.db.2147483646.x1y2.converting"
    stale.write_bytes(SQLITE_MAGIC + b"left behind " * 100)
    os.chmod(stale, 0o600)
    with Store.open(path) as store:
        assert store.notices  # what the command line prints
        services = Services(store=store, catalog=load_catalog(), config=Config())
        app = make_app(services)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            shown = [n.message for n in app._notifications]
            assert shown == [notice.replace("\n", " ") for notice in store.notices]
            assert any("interrupted lock or unlock" in message for message in shown)
    assert not stale.exists()
