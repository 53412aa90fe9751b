"""An import keeps little in memory: a line megabytes long is held once, not copy upon copy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PEAK_MB = 150  # DESIGN section 10: peak memory of any command


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
    argv = [sys.executable, "-m", "redflags", "--db", str(tmp_path / "r.db"), "import", str(file)]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    out = proc.stdout.read() if proc.stdout else ""
    assert os.waitstatus_to_exitcode(status) == 0, proc.stderr.read() if proc.stderr else ""
    assert out == "Imported 1 check-in; 0 already there.\n"
    assert usage.ru_maxrss / 1024 < PEAK_MB
