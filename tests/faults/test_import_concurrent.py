"""Two copies importing at once: both succeed, the check-ins are stored once, counted honestly."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from redflags.cli import main
from redflags.store import Store


def _record(n: int, note: str = "") -> dict[str, object]:
    return {
        "id": f"00000000-0000-4000-8000-{n:012d}",
        "person": f"Person {n % 3}",
        "checklist": "ketamine",
        "observed_at": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}T18:30:00+01:00",
        "note": note,
        "observations": {"nosebleeds": {"status": "noted", "explained": False, "note": ""}},
    }


def _write(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _stored(db: Path) -> int:
    with Store.open(db) as store:
        return sum(store.count_checkins(p.name) for p in store.people())


def test_another_import_between_the_two_readings_is_counted_already_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from redflags.commands import importing

    db = tmp_path / "r.db"
    file = _write(tmp_path / "in.jsonl", [_record(n) for n in range(40)])
    validate = importing._validate
    inner: list[int] = []

    def and_meanwhile(*args: object, **kwargs: object) -> object:
        plan = validate(*args, **kwargs)  # type: ignore[arg-type]
        monkeypatch.setattr(importing, "_validate", validate)
        inner.append(main(["--db", str(db), "import", str(file)]))
        return plan

    monkeypatch.setattr(importing, "_validate", and_meanwhile)
    code = main(["--db", str(db), "import", str(file)])
    out = capsys.readouterr().out
    assert inner == [0] and code == 0
    assert out.splitlines() == [
        "Imported 40 check-ins; 0 already there.",
        "Imported 0 check-ins; 40 already there.",
    ]
    assert _stored(db) == 40


def test_another_import_of_other_content_between_the_readings_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from redflags.commands import importing

    db = tmp_path / "r.db"
    mine = _write(tmp_path / "mine.jsonl", [_record(n) for n in range(5)])
    theirs = _write(tmp_path / "theirs.jsonl", [_record(3, note="seen by the other observer")])
    validate = importing._validate

    def and_meanwhile(*args: object, **kwargs: object) -> object:
        plan = validate(*args, **kwargs)  # type: ignore[arg-type]
        monkeypatch.setattr(importing, "_validate", validate)
        assert main(["--db", str(db), "import", str(theirs)]) == 0
        return plan

    monkeypatch.setattr(importing, "_validate", and_meanwhile)
    code = main(["--db", str(db), "import", str(mine)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{mine}: line 4: check-in 00000000-0000-4000-8000-000000000003 is already" in err
    assert "different note" in err
    assert "nothing was imported" in err
    assert _stored(db) == 1


def test_two_processes_importing_one_file_both_succeed(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    file = _write(tmp_path / "in.jsonl", [_record(n) for n in range(600)])
    argv = [sys.executable, "-m", "redflags", "--db", str(db), "import", str(file)]
    procs = [
        subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
    added = []
    for _, out, _ in results:
        found = re.fullmatch(r"Imported (\d+) check-ins?; (\d+) already there\.\n", out)
        assert found, out
        added.append(int(found[1]))
        assert int(found[1]) + int(found[2]) == 600
    assert sum(added) == 600
    assert _stored(db) == 600
