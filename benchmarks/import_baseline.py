"""Import measured against a naive baseline, side by side in one run (DESIGN section 10).

The baseline does the least any import must do: read the lines, ``json.loads`` each, one
``executemany`` into a plain SQLite table (no index, no validation) in one transaction. Both run as
separate processes, one after the other, each into a fresh database, several times; the figures are
medians, and the ratio is import / baseline. Wall time is what a person waits; CPU time (user +
system) is steadier on a shared machine, so both are shown.

    python benchmarks/import_baseline.py [--runs 5] [--big] [--keep DIR]

``--big`` also imports a file of about 200 MB (94,000 check-ins, each with a long note) and reports
the peak memory of that process (target: under 150 MB).

    python benchmarks/import_baseline.py --naive FILE DB    (the baseline alone, as one process;
                                                             benchmarks/run.py runs it so)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_RATIO = 2.5
TARGET_PEAK_MB = 150
BIG_LINES = 94_000
BIG_NOTE = 600  # characters of note a line: 94,000 lines come to about 200 MB


def naive_import(path: Path, db: Path) -> int:
    """The baseline: the lines read and parsed, a few columns and the line itself written with one
    ``executemany`` into a plain table (its id the primary key, a repeated id ignored) in one
    transaction. No checks and no other index: about the least any import of the file must do."""
    with path.open(encoding="utf-8") as handle:
        records = [(line, json.loads(line)) for line in handle if line.strip()]
    connection = sqlite3.connect(db)
    try:
        with connection:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS checkins (id TEXT PRIMARY KEY, person TEXT,"
                " checklist TEXT, observed_at TEXT, body TEXT)"
            )
            connection.executemany(
                "INSERT OR IGNORE INTO checkins VALUES (?, ?, ?, ?, ?)",
                (
                    (r["id"], r["person"], r["checklist"], r["observed_at"], line)
                    for line, r in records
                ),
            )
    finally:
        connection.close()
    return len(records)


@dataclass
class Took:
    wall: float
    cpu: float
    peak_mb: float


# Runs ``python -m MODULE ...`` or ``python SCRIPT ...`` and then reports the process's own peak
# memory. What os.wait4 says of a child counts the memory of the process that started it too (on
# Linux a child starts as a copy of it, and that copy's peak is kept across exec).
_MEASURED = """
import os, runpy, sys
args = sys.argv[1:]
code = 0
try:
    if args[0] == "-m":
        sys.argv = args[1:]
        runpy.run_module(args[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = args
        runpy.run_path(args[0], run_name="__main__")
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
try:
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // (1024 if sys.platform == "darwin" else 1)
os.write(2, f"\\npeak-kb {peak}\\n".encode())
sys.exit(code)
"""


def timed(argv: list[str], env: dict[str, str]) -> Took:
    """One process (``python -m MODULE ...`` or ``python SCRIPT ...``): wall seconds, CPU seconds
    (user + system) and its own peak resident memory."""
    start = time.perf_counter()
    wrapped = [argv[0], "-c", _MEASURED, *argv[1:]]
    proc = subprocess.Popen(wrapped, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(argv)}\n{err}")
    peak_kb = int(err.rsplit("peak-kb ", 1)[-1])
    return Took(wall, usage.ru_utime + usage.ru_stime, peak_kb / 1024)


def _fresh(db: Path) -> None:
    for leftover in db.parent.glob(db.name + "*"):
        leftover.unlink()


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("REDFLAGS_PASSPHRASE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: modules compiled once
    return env


def compare(data: Path, folder: Path, runs: int) -> dict[str, Took]:
    """Median baseline, import and re-import of ``data``, each run into a fresh database."""
    env = _environment()
    naive_db, db = folder / "naive.db", folder / "import.db"
    redflags = [sys.executable, "-m", "redflags", "--db", str(db), "import", str(data)]
    naive = [sys.executable, str(Path(__file__).resolve()), "--naive", str(data), str(naive_db)]
    found: dict[str, list[Took]] = {"baseline": [], "import": [], "again": []}
    for _ in range(runs):
        _fresh(naive_db)
        found["baseline"].append(timed(naive, env))
        _fresh(db)
        found["import"].append(timed(redflags, env))
        found["again"].append(timed(redflags, env))
    return {
        name: Took(
            statistics.median(t.wall for t in took),
            statistics.median(t.cpu for t in took),
            max(t.peak_mb for t in took),
        )
        for name, took in found.items()
    }


def write_big(source: Path, out: Path) -> int:
    """A file of about 200 MB: the data set's lines again and again, each with a new id and a long
    note (what a long-kept log with written notes might hold)."""
    lines = source.read_text(encoding="utf-8").splitlines()
    note = ("A long evening; we talked about work and sleep. " * 60)[:BIG_NOTE]
    with out.open("w", encoding="utf-8") as handle:
        for n in range(BIG_LINES):
            record = json.loads(lines[n % len(lines)])
            record["id"] = str(uuid.UUID(int=n, version=4))
            record["note"] = note
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return BIG_LINES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--big", action="store_true", help="also the 200 MB file's peak memory")
    parser.add_argument("--keep", type=Path, help="keep the data and databases in this folder")
    parser.add_argument(
        "--naive", nargs=2, type=Path, metavar=("FILE", "DB"), help="only the baseline, once"
    )
    args = parser.parse_args()
    if args.naive:
        print(f"imported {naive_import(*args.naive)} lines")
        return
    sys.path.insert(0, str(HERE))
    folder = args.keep or Path(tempfile.mkdtemp(prefix="redflags-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        ok = _measure(args, folder)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    raise SystemExit(0 if ok else 1)


def _measure(args: argparse.Namespace, folder: Path) -> bool:
    """Print the figures; whether every target was met."""
    from make_data import generate

    data = folder / "data.jsonl"
    lines = generate(data, seed=1, until=date(2026, 11, 1))
    got = compare(data, folder, args.runs)
    base, first, again = got["baseline"], got["import"], got["again"]
    print(f"import of {lines} check-ins, median of {args.runs} runs")
    print(f"{'':24}{'wall s':>8}{'cpu s':>8}{'peak MB':>9}")
    for name, took in (("naive baseline", base), ("import", first), ("import again", again)):
        print(f"{name:24}{took.wall:8.3f}{took.cpu:8.3f}{took.peak_mb:9.1f}")
    wall, cpu = first.wall / base.wall, first.cpu / base.cpu
    ok = cpu <= TARGET_RATIO
    print(
        f"import / baseline: {wall:.2f}x wall, {cpu:.2f}x cpu"
        f" (target {TARGET_RATIO}x in cpu time: {'ok' if ok else 'FAIL'})"
    )
    wall, cpu = again.wall / first.wall, again.cpu / first.cpu
    passed = cpu <= 1.0
    ok &= passed
    print(
        f"import again / import: {wall:.2f}x wall, {cpu:.2f}x cpu"
        f" (target 1.0x: {'ok' if passed else 'FAIL'})"
    )
    if args.big:
        big = folder / "big.jsonl"
        write_big(data, big)
        db = folder / "big.db"
        _fresh(db)
        size = big.stat().st_size / 2**20
        took = timed(
            [sys.executable, "-m", "redflags", "--db", str(db), "import", str(big)], _environment()
        )
        passed = took.peak_mb < TARGET_PEAK_MB
        ok &= passed
        print(
            f"import of {size:.0f} MB ({BIG_LINES} check-ins): {took.wall:.1f} s,"
            f" peak {took.peak_mb:.0f} MB (target < {TARGET_PEAK_MB} MB: {'ok' if passed else 'FAIL'})"
        )
    return ok


if __name__ == "__main__":
    main()
