"""An import keeps little in memory: a line megabytes long is held once, not copy upon copy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PEAK_MB = 150  # DESIGN section 10: peak memory of any command

# The command run in a process of its own, which then reports its own peak memory: the figure the
# parent could read would count the test process's memory too (a child starts as its copy).
RUN_AND_MEASURE = """
import resource, sys
from redflags.cli import main
code = main(sys.argv[1:])
try:
    with open("/proc/self/status") as status:
        peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
except OSError:
    unit = 1024 if sys.platform == "darwin" else 1  # bytes there, kilobytes here
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // unit
sys.stderr.write(f"peak {peak}\\n")
raise SystemExit(code)
"""


def test_a_line_of_fifteen_megabytes_imports_under_the_memory_limit(tmp_path: Path) -> None:
    record = {
        "id": "long-1",
        "person": "Sam",
        "checklist": "ketamine",
        "observed_at": "2026-10-03T18:30:00+01:00",
        "note": "a long evening. " * 625_000,
        "observations": {
            "nosebleeds": {"status": "noted", "explained": False, "note": "שלום " * 500_000}
        },
    }
    file = tmp_path / "long.jsonl"
    file.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert file.stat().st_size > 14_000_000
    argv = [sys.executable, "-c", RUN_AND_MEASURE, "--db", str(tmp_path / "r.db"), "import"]
    done = subprocess.run([*argv, str(file)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Imported 1 check-in; 0 already there.\n"
    peak_kb = int(done.stderr.split("peak ")[-1])
    assert peak_kb / 1024 < PEAK_MB
