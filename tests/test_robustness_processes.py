"""Robustness of the processes tf2lint starts and of what they hold (issue 25): workers die with their parent,
``-j 2`` memory stays near ``-j 1``'s, a notebook's outputs are not held in memory. Inputs are generated at run
time; every test is bounded in time."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

TIMEOUT = 60  # seconds: a hang fails the test instead of stalling the suite
FINDING = "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"

#: Each file takes a while: the workers are busy or waiting when the parent is killed.
SLOW_FILES = """\
import os, sys, time
import tf2lint.runner as runner
lint_path = runner.lint_path
def slow(path, options):
    time.sleep(0.3)
    return lint_path(path, options)
runner.lint_path = slow
from tf2lint.cli import main
sys.exit(main())
"""


def children(pid: int) -> list[int]:
    """The live (not zombie) processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("kill", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_workers_die_with_their_parent(tmp_path: Path, kill: signal.Signals) -> None:
    """The OOM killer or a supervisor kills the ``-j 2`` parent alone: no worker survives it."""
    (tmp_path / "src").mkdir()
    for number in range(60):
        (tmp_path / "src" / f"m{number:03d}.py").write_text(FINDING, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-c", SLOW_FILES, "-j", "2", "--force-jobs", "src"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    workers: list[int] = []
    try:
        assert process.stdout is not None and process.stdout.readline()  # linting has begun
        workers = children(process.pid)
        assert len(workers) == 2
        process.send_signal(kill)
        process.wait(TIMEOUT)
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [pid for pid in workers if alive(pid)] == []
    finally:
        process.kill()
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
