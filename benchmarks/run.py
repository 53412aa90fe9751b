"""Measure every target of DESIGN section 10 on this machine and print a table of figure, target and
pass or fail. Ratios are measured side by side in the same run, each figure a median of several.

    python benchmarks/run.py [--runs 7] [--keep DIR]

Peak memory is the largest resident size the operating system reports for any command run here.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_data import LONG_PERSON, generate  # noqa: E402

ONE_PERSON = "One Check-in"


@dataclass
class Row:
    figure: str
    value: str
    target: str
    ok: bool


class Runner:
    """Runs commands as separate processes and keeps the peak memory of each."""

    def __init__(self, db: Path) -> None:
        self.env = dict(os.environ, REDFLAGS_DB=str(db))
        self.env.pop("REDFLAGS_PASSPHRASE", None)
        # As installed: pip compiles every module to bytecode, so no command here compiles its
        # sources on every start (textual's are compiled; ours must be too, for a fair ratio).
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.peak_kb = 0
        self.peak_what = ""

    def time(self, argv: list[str], *, stdin: str | None = None) -> float:
        """Wall time of one process, in seconds."""
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        )
        if stdin is not None and proc.stdin:
            proc.stdin.write(stdin.encode())
            proc.stdin.close()
        _, status, usage = os.wait4(proc.pid, 0)
        took = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode() if proc.stderr else ""
        if proc.returncode != 0:
            raise SystemExit(f"failed: {' '.join(argv)}\n{err}")
        if usage.ru_maxrss > self.peak_kb:
            self.peak_kb, self.peak_what = usage.ru_maxrss, " ".join(argv[2:5])
        return took

    def first_screen(self, argv: list[str]) -> float:
        """Seconds from starting a process to the line it prints once its first screen is drawn
        (benchmarks/app_probe.py); the process then finishes on its own."""
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        line = proc.stdout.readline() if proc.stdout else b""
        took = time.perf_counter() - start
        _, err = proc.communicate()
        if proc.returncode != 0 or not line:
            raise SystemExit(f"failed: {' '.join(argv)}\n{err.decode()}")
        return took

    def redflags(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "redflags", *args]


def median_pair(
    runs: int, first: Callable[[], float], second: Callable[[], float]
) -> tuple[float, float]:
    """Medians of two measurements taken alternately, so that load on the machine hits both."""
    a: list[float] = []
    b: list[float] = []
    first(), second()  # a first run of each, not counted: caches and bytecode warm for both
    for _ in range(runs):
        a.append(first())
        b.append(second())
    return statistics.median(a), statistics.median(b)


def ratio_row(figure: str, big: float, small: float, limit: float) -> Row:
    ratio = big / small
    return Row(
        figure,
        f"{big * 1000:.0f} ms / {small * 1000:.0f} ms = {ratio:.2f}x",
        f"<= {limit}x",
        ratio <= limit,
    )


def in_process_summary(db: Path, runs: int) -> float:
    from redflags.checklist import load_catalog
    from redflags.patterns.summarize import summarize
    from redflags.store import Store

    checklist = load_catalog().get("ketamine")
    with Store.open(db) as store:
        marks = store.marks(LONG_PERSON, "ketamine")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        summarize(checklist, marks, person=LONG_PERSON, since=marks[0].day, until=marks[-1].day)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def save_time(folder: Path, runs: int) -> float:
    from redflags.model import CheckIn, Observation, Status
    from redflags.store import Store

    times = []
    with Store.open(folder / "save.db") as store:
        start_day = datetime(2026, 1, 1, 19, tzinfo=timezone.utc)
        for n in range(runs):
            checkin = CheckIn(
                person="Sam",
                checklist="ketamine",
                observed_at=start_day + timedelta(days=n),
                note="a short note",
                observations={"nosebleeds": Observation(status=Status.NOTED)},
            )
            start = time.perf_counter()
            store.add_checkin(checkin)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def screen_times(db: Path, runs: int) -> dict[str, float]:
    """Seconds from asking for a screen to it being drawn, for the 10-year person."""
    from redflags.checklist import load_catalog
    from redflags.config import Config
    from redflags.store import Store
    from redflags.tui.app import RedflagsApp
    from redflags.tui.screens.history import HistoryScreen
    from redflags.tui.services import Services

    screens: dict[str, Callable[[Services], object]] = {
        "History": lambda s: HistoryScreen(s, LONG_PERSON),
    }
    try:
        from redflags.tui.screens.patterns import PatternsScreen

        screens["Patterns"] = lambda s: PatternsScreen(s, LONG_PERSON)
    except ImportError:
        pass

    async def measure(make: Callable[[Services], object]) -> float:
        with Store.open(db) as store:
            services = Services(store=store, catalog=load_catalog(), config=Config())
            app = RedflagsApp(services)
            async with app.run_test(size=(100, 32)) as pilot:
                await pilot.pause()
                start = time.perf_counter()
                await app.push_screen(make(services))  # type: ignore[arg-type]
                await pilot.pause()
                took = time.perf_counter() - start
                return took

    return {
        name: statistics.median(asyncio.run(measure(make)) for _ in range(runs))
        for name, make in screens.items()
    }


def welcome(db: Path, target: Path) -> None:
    """A copy of the database whose first-run screen was read, as after the first start."""
    import shutil

    from redflags.store import Store
    from redflags.tui.screens.welcome import WELCOMED

    shutil.copyfile(db, target)
    with Store.open(target) as store:
        store.set_meta(WELCOMED, "2026-11-01T00:00:00+00:00")


def fresh_copy(db: Path, folder: Path) -> Path:
    """A copy of the data set never opened in the app (it shows the first-run screen)."""
    import shutil

    target = folder / "first-run.db"
    for leftover in folder.glob("first-run.db*"):
        leftover.unlink()
    shutil.copyfile(db, target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="keep the data and databases in this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="redflags-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "data.jsonl"
    lines = generate(data, seed=1, until=date(2026, 11, 1))
    db = folder / "bench.db"
    for leftover in folder.glob("bench.db*"):
        leftover.unlink()
    run = Runner(db)
    rows: list[Row] = []

    took = run.time(run.redflags("import", str(data)))
    rows.append(
        Row(f"import of the data set ({lines} check-ins)", f"{took:.2f} s", "< 3 s", took < 3)
    )
    again = run.time(run.redflags("import", str(data)))
    rows.append(
        Row("import again (adds nothing)", f"{again:.2f} s", f"< {took:.2f} s", again < took)
    )
    run.time(run.redflags("log", "--person", ONE_PERSON, "--noted", "nosebleeds"))

    def summary(person: str) -> Callable[[], float]:
        return lambda: run.time(run.redflags("summary", "--person", person, "--all", "--json"))

    big, small = median_pair(args.runs, summary(LONG_PERSON), summary(ONE_PERSON))
    rows.append(ratio_row("summary --json --all: 10 years / 1 check-in", big, small, 1.25))

    def export(person: str) -> Callable[[], float]:
        return lambda: run.time(run.redflags("export", "--person", person, "--all"))

    big, small = median_pair(args.runs, export(LONG_PERSON), export(ONE_PERSON))
    rows.append(ratio_row("text export --all: 10 years / 1 check-in", big, small, 1.4))

    compute = in_process_summary(db, args.runs)
    rows.append(
        Row("summarize() for 10 years", f"{compute * 1000:.1f} ms", "< 50 ms", compute < 0.05)
    )

    version, pydantic = median_pair(
        args.runs,
        lambda: run.time(run.redflags("--version")),
        lambda: run.time([sys.executable, "-c", "import pydantic"]),
    )
    rows.append(ratio_row("--version / python -c 'import pydantic'", version, pydantic, 1.5))

    leaks = []
    for argv in (["people", "list"], ["summary", "--person", LONG_PERSON, "--json"],
                 ["export", "--person", LONG_PERSON], ["history", "--person", ONE_PERSON],
                 ["checklists", "list"], ["--version"]):  # fmt: skip
        probe = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "redflags", *argv],
            env=run.env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        if "textual" in probe.stderr:
            leaks.append(argv[0])
    rows.append(
        Row("plain commands importing textual", ", ".join(leaks) or "none", "none", not leaks)
    )

    # The first screen on a new database is the first-run welcome; on every later start, Home
    # with its people. Both are timed against the same minimal app, twice as many runs as the
    # rest: a few tens of milliseconds move these ratios.
    welcomed = folder / "welcomed.db"
    for leftover in folder.glob("welcomed.db*"):
        leftover.unlink()
    welcome(db, welcomed)
    for what, path in (
        ("first run (welcome)", fresh_copy(db, folder)),
        ("home, 11 people", welcomed),
    ):
        ours, minimal = median_pair(
            args.runs * 2,
            lambda path=path: run.first_screen(
                [sys.executable, str(HERE / "app_probe.py"), "redflags", str(path)]
            ),
            lambda: run.first_screen([sys.executable, str(HERE / "app_probe.py"), "minimal"]),
        )
        rows.append(ratio_row(f"app first screen, {what} / minimal app", ours, minimal, 1.3))

    for name, seconds in screen_times(db, max(3, args.runs // 2)).items():
        rows.append(
            Row(
                f"open {name}, 10-year person",
                f"{seconds * 1000:.0f} ms",
                "< 500 ms",
                seconds < 0.5,
            )
        )

    save = save_time(folder, 20)
    rows.append(
        Row("save a check-in (fsync included)", f"{save * 1000:.1f} ms", "< 20 ms", save < 0.02)
    )

    peak_mb = run.peak_kb / 1024
    rows.append(
        Row(
            f"peak memory of any command ({run.peak_what})",
            f"{peak_mb:.0f} MB",
            "< 150 MB",
            peak_mb < 150,
        )
    )

    width = max(len(r.figure) for r in rows)
    value_width = max(len(r.value) for r in rows)
    print(f"{'figure':<{width}}  {'measured':<{value_width}}  {'target':<10}  result")
    for r in rows:
        print(
            f"{r.figure:<{width}}  {r.value:<{value_width}}  {r.target:<10}  {'pass' if r.ok else 'FAIL'}"
        )
    print(f"\n{os.cpu_count()} cores; medians of {args.runs} runs; data in {folder}")
    if not all(r.ok for r in rows):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
