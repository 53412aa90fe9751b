"""Measure every target of DESIGN section 10 on this machine and print a table: figure, what was
measured, ratio, target and pass or fail. Every ratio is measured side by side in the same run: the
two sides' runs alternate, after one uncounted run of each, and each side is the median of its runs.

    python benchmarks/run.py [--runs 7] [--keep DIR] [--only GROUP,...]

Groups: import, big, summary, export, startup, textual, app, screens, notes, save (default: all).
Peak memory is the largest resident size the operating system reports for any command run here.
Commands run with their own cache and settings folders inside the benchmark's folder, so that the
user's own files neither change nor are changed by the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_data import LONG_PERSON, generate, generate_big, generate_note  # noqa: E402

ONE_PERSON = "One Check-in"
GROUPS = (
    "import",
    "big",
    "summary",
    "export",
    "startup",
    "textual",
    "app",
    "screens",
    "notes",
    "save",
)
UNTIL = date(2026, 11, 1)


# The naive import (benchmarks/import_baseline.py --naive FILE DB): read the lines, json.loads each,
# one executemany into a plain SQLite table in one transaction.
NAIVE = [sys.executable, str(HERE / "import_baseline.py"), "--naive"]


@dataclass
class Row:
    figure: str
    measured: str
    ratio: str
    target: str
    ok: bool
    cpu: str = ""


class Took(NamedTuple):
    """Seconds of one measurement: on the clock (what the targets are about) and of processor time
    (user and system), which moves far less when other work shares the machine."""

    wall: float
    cpu: float

    @staticmethod
    def median(runs: list[Took]) -> Took:
        return Took(statistics.median(t.wall for t in runs), statistics.median(t.cpu for t in runs))


class Runner:
    """Runs commands as separate processes and keeps the peak memory of each."""

    def __init__(self, folder: Path, db: Path) -> None:
        self.env = dict(os.environ, REDFLAGS_DB=str(db))
        self.env.pop("REDFLAGS_PASSPHRASE", None)
        # The benchmark's own settings and caches: the user's config and cache play no part.
        self.env["REDFLAGS_CONFIG"] = str(folder / "config.toml")
        self.env["XDG_CACHE_HOME"] = str(folder / "cache")
        # As installed: pip compiles every module to bytecode, so no command here compiles its
        # sources on every start (textual's are compiled; ours must be too, for a fair ratio).
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.peak_kb = 0
        self.peak_what = ""

    def time(self, argv: list[str], *, db: Path | None = None) -> Took:
        """Wall and processor time of one process."""
        env = self.env if db is None else dict(self.env, REDFLAGS_DB=str(db))
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        _, status, usage = os.wait4(proc.pid, 0)
        took = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        self._check(proc, argv, usage.ru_maxrss)
        return Took(took, usage.ru_utime + usage.ru_stime)

    def _check(self, proc: subprocess.Popen[bytes], argv: list[str], rss_kb: int) -> None:
        err = proc.stderr.read().decode() if proc.stderr else ""
        if proc.returncode != 0:
            raise SystemExit(f"failed: {' '.join(argv)}\n{err}")
        if rss_kb > self.peak_kb:
            self.peak_kb = rss_kb
            self.peak_what = " ".join(Path(a).name if "/" in a else a for a in argv[1:5])

    def first_screen(self, argv: list[str]) -> Took:
        """From starting a process to the line it prints once its first screen is drawn
        (benchmarks/app_probe.py, with the processor time it had used); the process then finishes
        on its own."""
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        line = proc.stdout.readline() if proc.stdout else b""
        took = time.perf_counter() - start
        if proc.stdout:
            proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        self._check(proc, argv, usage.ru_maxrss)
        if not line.startswith(b"first screen"):
            raise SystemExit(f"no first screen: {' '.join(argv)}")
        return Took(took, float(line.split()[-1]))

    @staticmethod
    def redflags(*args: str) -> list[str]:
        return [sys.executable, "-m", "redflags", *args]


def median_pair(
    runs: int, first: Callable[[], Took], second: Callable[[], Took]
) -> tuple[Took, Took]:
    """Medians of two measurements taken alternately, so that load on the machine hits both."""
    a: list[Took] = []
    b: list[Took] = []
    first(), second()  # a first run of each, not counted: caches and bytecode warm for both
    for _ in range(runs):
        a.append(first())
        b.append(second())
    return Took.median(a), Took.median(b)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def ratio_row(figure: str, big: Took, small: Took, limit: float) -> Row:
    ratio = big.wall / small.wall
    return Row(
        figure,
        f"{ms(big.wall)} / {ms(small.wall)}",
        f"{ratio:.2f}x",
        f"<= {limit}x",
        ratio <= limit,
        f"{big.cpu / small.cpu:.2f}x",
    )


# -- in-process figures: the app's screens and saving a check-in ------------------------------


def screen_pairs(db: Path, runs: int) -> list[tuple[str, Took, Took]]:
    """For History and Patterns: seconds from asking for the screen to it being drawn, for the
    10-year person and for the one-check-in person, measured alternately."""
    from textual.screen import Screen

    from redflags.checklist import load_catalog
    from redflags.config import Config
    from redflags.store import Store
    from redflags.tui.app import RedflagsApp
    from redflags.tui.screens.history import HistoryScreen
    from redflags.tui.screens.patterns import PatternsScreen
    from redflags.tui.services import Services

    def measure(make: Callable[[Services, str], Screen[Any]], person: str) -> Took:
        async def go() -> Took:
            with Store.open(db) as store:
                services = Services(store=store, catalog=load_catalog(), config=Config())
                app = RedflagsApp(services)
                async with app.run_test(size=(100, 32)) as pilot:
                    await pilot.pause()
                    # Every run starts from a clean heap: neither side pays for collecting what
                    # the runs before it (other apps, in this one process) left behind.
                    gc.collect()
                    start, cpu = time.perf_counter(), time.process_time()
                    await app.push_screen(make(services, person))
                    await pilot.pause()
                    return Took(time.perf_counter() - start, time.process_time() - cpu)

        return asyncio.run(go())

    screens: dict[str, Callable[[Services, str], Screen[Any]]] = {
        "History": HistoryScreen,
        "Patterns": PatternsScreen,
    }
    found = []
    for name, make in screens.items():
        big, small = median_pair(
            runs, partial(measure, make, LONG_PERSON), partial(measure, make, ONE_PERSON)
        )
        found.append((name, big, small))
    return found


def save_time(folder: Path, runs: int) -> float:
    from redflags.model import CheckIn, Observation, Status
    from redflags.store import Store

    times = []
    for leftover in folder.glob("save.db*"):
        leftover.unlink()
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


def welcome(db: Path, target: Path) -> None:
    """A copy of the database whose first-run screen was read, as after the first start."""
    from redflags.store import Store
    from redflags.tui.screens.welcome import WELCOMED

    copy_synced(db, target)
    with Store.open(target) as store:
        store.set_meta(WELCOMED, "2026-11-01T00:00:00+00:00")


def copy_synced(db: Path, target: Path) -> None:
    """A copy of ``db`` at ``target``, on disk before anything is timed: the app's own first write
    must not wait for the copy's pages to reach the disk."""
    fresh(target)
    shutil.copyfile(db, target)
    with target.open("rb+") as handle:
        os.fsync(handle.fileno())


def fresh(db: Path) -> Path:
    """``db`` with no database left at that path from an earlier run."""
    for leftover in db.parent.glob(db.name + "*"):
        leftover.unlink()
    return db


# -- the measurements ----------------------------------------------------------------------


class Bench:
    def __init__(self, folder: Path, runs: int) -> None:
        self.folder = folder
        self.runs = runs
        self.data = folder / "data.jsonl"
        self.lines = generate(self.data, seed=1, until=UNTIL)
        self.db = folder / "bench.db"
        self.run = Runner(folder, self.db)
        self.rows: list[Row] = []
        self.ready = False

    def database(self) -> None:
        """The data set imported once, and the one-check-in person, for every figure that reads."""
        if self.ready:
            return
        fresh(self.db)
        self.run.time(self.run.redflags("import", str(self.data)))
        self.run.time(self.run.redflags("people", "add", ONE_PERSON))
        self.run.time(self.run.redflags("log", "--person", ONE_PERSON, "--noted", "nosebleeds"))
        self.ready = True

    def import_(self) -> None:
        run, data = self.run, str(self.data)
        naive: list[Took] = []
        first: list[Took] = []
        again: list[Took] = []
        for n in range(self.runs + 1):  # the first round is not counted
            target = fresh(self.folder / "import.db")
            baseline = fresh(self.folder / "naive.db")
            took_naive = run.time([*NAIVE, data, str(baseline)])
            took_first = run.time(run.redflags("import", data), db=target)
            took_again = run.time(run.redflags("import", data), db=target)
            if n:
                naive.append(took_naive)
                first.append(took_first)
                again.append(took_again)
        first_s, naive_s = Took.median(first), Took.median(naive)
        self.rows.append(
            ratio_row(
                f"import of the data set ({self.lines} lines) / naive import",
                first_s,
                naive_s,
                2.5,
            )
        )
        self.rows.append(
            ratio_row(
                "import it again (adds nothing) / first import",
                Took.median(again),
                first_s,
                1.0,
            )
        )

    def big(self) -> None:
        source = self.folder / "big.jsonl"
        lines = generate_big(source, megabytes=200, seed=2, until=UNTIL)
        size_mb = source.stat().st_size / 1e6
        run = Runner(self.folder, fresh(self.folder / "big.db"))
        took = run.time(run.redflags("import", str(source))).wall
        peak = run.peak_kb / 1024
        self.note_peak(run)
        self.rows.append(
            Row(
                f"import of {size_mb:.0f} MB ({lines} lines): peak memory",
                f"{peak:.0f} MB in {took:.1f} s",
                "",
                "< 150 MB",
                peak < 150,
            )
        )
        source.unlink()

    def note_peak(self, other: Runner) -> None:
        if other.peak_kb > self.run.peak_kb:
            self.run.peak_kb, self.run.peak_what = other.peak_kb, other.peak_what

    def _pair(self, figure: str, args: list[str], limit: float) -> None:
        self.database()
        run = self.run

        def one(person: str) -> Callable[[], Took]:
            return lambda: run.time(run.redflags(*args, "--person", person))

        big, small = median_pair(self.runs, one(LONG_PERSON), one(ONE_PERSON))
        self.rows.append(ratio_row(figure, big, small, limit))

    def summary(self) -> None:
        self._pair(
            "summary --json --all: 10 years / 1 check-in", ["summary", "--all", "--json"], 1.15
        )

    def export(self) -> None:
        self._pair("text export --all, every note: 10 years / 1 check-in", ["export", "--all"], 1.5)
        self._pair("default export (90 days): 10 years / 1 check-in", ["export"], 1.15)

    def startup(self) -> None:
        self.database()
        run = self.run
        pydantic = [sys.executable, "-c", "import pydantic"]
        summary, alone = median_pair(
            self.runs,
            lambda: run.time(run.redflags("summary", "--person", ONE_PERSON, "--all", "--json")),
            lambda: run.time(pydantic),
        )
        self.rows.append(
            ratio_row(
                "summary --json, 1 check-in / python -c 'import pydantic'", summary, alone, 2.0
            )
        )
        version, alone = median_pair(
            self.runs, lambda: run.time(run.redflags("--version")), lambda: run.time(pydantic)
        )
        self.rows.append(ratio_row("--version / python -c 'import pydantic'", version, alone, 1.5))

    def textual(self) -> None:
        self.database()
        leaks = []
        for argv in (["people", "list"], ["summary", "--person", LONG_PERSON, "--json"],
                     ["export", "--person", LONG_PERSON], ["history", "--person", ONE_PERSON],
                     ["checklists", "list"], ["--version"]):  # fmt: skip
            probe = subprocess.run(
                [sys.executable, "-X", "importtime", "-m", "redflags", *argv],
                env=self.run.env, capture_output=True, text=True, check=True,
            )  # fmt: skip
            if any(line.rstrip().endswith(" textual") for line in probe.stderr.splitlines()):
                leaks.append(argv[0])
        self.rows.append(
            Row(
                "plain commands importing textual",
                ", ".join(leaks) or "none",
                "",
                "none",
                not leaks,
            )
        )

    def app(self) -> None:
        # The first screen on a new database is the first-run welcome; on every later start, Home
        # with its people. Both are timed against the same minimal app, twice as many runs as the
        # rest: a few tens of milliseconds move these ratios.
        self.database()
        welcomed = self.folder / "welcomed.db"
        welcome(self.db, welcomed)
        first_run = fresh(self.folder / "first-run.db")
        probe = [sys.executable, str(HERE / "app_probe.py")]
        for what, path in (("first run (welcome)", first_run), ("Home, 11 people", welcomed)):

            def ours(path: Path = path) -> Took:
                if path == first_run:  # never opened: it shows the first-run screen every time
                    copy_synced(self.db, path)
                return self.run.first_screen([*probe, "redflags", str(path)])

            big, small = median_pair(
                self.runs * 2, ours, lambda: self.run.first_screen([*probe, "minimal"])
            )
            self.rows.append(ratio_row(f"app first screen, {what} / minimal app", big, small, 1.15))

    def screens(self) -> None:
        self.database()
        os.environ.update(
            {k: self.run.env[k] for k in ("REDFLAGS_DB", "REDFLAGS_CONFIG", "XDG_CACHE_HOME")}
        )
        for name, big, small in screen_pairs(self.db, max(3, self.runs // 2)):
            self.rows.append(ratio_row(f"open {name}: 10 years / 1 check-in", big, small, 1.2))

    def notes(self) -> None:
        db = fresh(self.folder / "notes.db")
        run = self.run
        for person, size in (("Note 1 MB", 1.0), ("Note 10 MB", 10.0)):
            source = self.folder / "note.jsonl"
            generate_note(source, person=person, megabytes=size, seed=3, until=UNTIL)
            run.time(run.redflags("import", str(source)), db=db)
            source.unlink()

        def export(person: str) -> Callable[[], Took]:
            return lambda: run.time(run.redflags("export", "--person", person, "--all"), db=db)

        big, small = median_pair(self.runs, export("Note 10 MB"), export("Note 1 MB"))
        self.rows.append(ratio_row("text export, a 10 MB note / a 1 MB note", big, small, 15))

    def save(self) -> None:
        took = save_time(self.folder, 20)
        self.rows.append(
            Row("save a check-in (fsync included)", ms(took) if took > 0.01 else f"{took * 1000:.1f} ms",
                "", "< 20 ms", took < 0.02)
        )  # fmt: skip

    def peak(self) -> None:
        peak_mb = self.run.peak_kb / 1024
        self.rows.append(
            Row(
                f"peak memory of any command ({self.run.peak_what})",
                f"{peak_mb:.0f} MB",
                "",
                "< 150 MB",
                peak_mb < 150,
            )
        )


def table(rows: list[Row]) -> str:
    """The rows in columns; the processor-time ratio last, for reading a run on a busy machine."""
    head = ("figure", "measured", "ratio", "target", "result", "cpu ratio")
    cells = [head] + [
        (r.figure, r.measured, r.ratio, r.target, "pass" if r.ok else "FAIL", r.cpu) for r in rows
    ]
    widths = [max(len(line[i]) for line in cells) for i in range(len(head))]
    return "\n".join(
        "  ".join(f"{c:<{w}}" for c, w in zip(line, widths, strict=True)).rstrip() for line in cells
    )


def load() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="counted runs of each side (default 7)")
    parser.add_argument("--keep", type=Path, help="keep the data and databases in this folder")
    parser.add_argument("--only", help="comma-separated groups to measure (default: all)")
    args = parser.parse_args()
    groups = args.only.split(",") if args.only else list(GROUPS)
    unknown = sorted(set(groups) - set(GROUPS))
    if unknown:
        parser.error(f"unknown group {', '.join(unknown)} (known: {', '.join(GROUPS)})")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="redflags-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    load_before = load()
    bench = Bench(folder, args.runs)
    for group in GROUPS:
        if group in groups:
            # Each group starts with the disk quiet: what the one before wrote (200 MB, for the
            # big import) would still be reaching the disk while this one is timed.
            os.sync()
            getattr(bench, "import_" if group == "import" else group)()
    bench.peak()
    print(table(bench.rows))
    print(
        f"\n{os.cpu_count()} cores; load average {load_before} before, {load()} after; "
        f"medians of {args.runs} runs" + (f"; data in {folder}" if args.keep else "")
    )
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    if not all(r.ok for r in bench.rows):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
