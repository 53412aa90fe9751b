"""Several copies writing at once: every write lands, none fails on a locked database."""

from __future__ import annotations

import multiprocessing
from datetime import datetime, timedelta, timezone
from pathlib import Path

from redflags.model import CheckIn, Observation, Status
from redflags.store import Store

WRITERS = 4
EACH = 30


def _write(path: str, name: str) -> None:
    start = datetime(2026, 1, 1, 12, tzinfo=timezone.utc)
    with Store.open(Path(path)) as store:
        for n in range(EACH):
            store.add_checkin(
                CheckIn(
                    person=name,
                    checklist="ketamine",
                    observed_at=start + timedelta(hours=n),
                    observations={"nosebleeds": Observation(status=Status.NOTED)},
                )
            )


def test_four_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    ctx = multiprocessing.get_context("spawn")
    # No database yet: the writers race to create it too.
    workers = [ctx.Process(target=_write, args=(str(path), f"W{n}")) for n in range(WRITERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0] * WRITERS
    with Store.open(path) as store:
        assert store.integrity_ok()
        assert [store.count_checkins(f"W{n}") for n in range(WRITERS)] == [EACH] * WRITERS
