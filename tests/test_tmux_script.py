"""The real app, driven in tmux as a person would drive it (tests/tmux_check.sh)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("tmux_check.sh")


def test_a_new_user_session_in_tmux(tmp_path: Path) -> None:
    assert shutil.which("tmux"), "tmux is needed for this test (apt-get install tmux)"
    launcher = tmp_path / "redflags"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m redflags "$@"\n')
    launcher.chmod(0o755)
    done = subprocess.run(
        ["bash", str(SCRIPT)],
        # A short folder name: the first-run screen shows the path, and a long one would wrap.
        env=dict(os.environ, REDFLAGS=str(launcher), TMPDIR="/tmp"),
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "tmux_check: ok" in done.stdout + done.stderr
