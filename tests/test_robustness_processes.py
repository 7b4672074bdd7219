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


def test_a_notebooks_outputs_are_not_held(tmp_path: Path) -> None:
    """A 3 MB notebook whose outputs hold a million empty strings: the reader's peak stays within 10 times the
    file's size (it was 150 times: each string was read as a Python object of its own)."""
    import tracemalloc

    from tf2lint.config import Config
    from tf2lint.notebook import lint_notebook

    cell = {"cell_type": "code", "metadata": {}, "execution_count": 1, "outputs": [
        {"output_type": "stream", "name": "stdout", "text": ["\0"]}],
        "source": ["import tensorflow as tf\n", "x = tf.placeholder(tf.float32)\n"]}
    text = json.dumps({"cells": [cell, {**cell, "outputs": []}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    data = text.replace('"\\u0000"', ",".join(['""'] * 1_000_000)).encode("utf-8")
    assert len(data) > 3_000_000
    tracemalloc.start()
    try:
        began = time.monotonic()
        result = lint_notebook(data, str(tmp_path / "big.ipynb"), Config())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - began < TIMEOUT
    assert [(f.cell, f.diagnostic.line, f.diagnostic.code) for f in result.findings] == [(1, 2, "TF306"), (2, 2, "TF306")]
    assert [f.file_line for f in result.findings] == [1, 1]  # the file has one line: sources are still placed
    assert peak < 10 * len(data), f"peak {peak / 1e6:.0f} MB for a {len(data) / 1e6:.0f} MB notebook"


#: Runs ``tf2lint ARGS`` and prints the peak RSS (KiB) of its largest process, workers included.
PEAK = """\
import resource, subprocess, sys
subprocess.run([sys.executable, "-m", "tf2lint", *sys.argv[1:]], stdout=subprocess.DEVNULL, check=False)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="resource.getrusage")
def test_jobs_share_exports_without_multiplying_memory(tmp_path: Path) -> None:
    """A module binding 2,000 names to placeholders, star-imported by 200 files that import each other: each
    module's exports reach each worker once, so ``-j 2``'s largest process stays within 1.5 times ``-j 1``'s
    (it was 3 times at this size and grew with the files)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "big.py").write_text("import tensorflow as tf\n" + "".join(
        f"n{number} = tf.placeholder(tf.float32)\n" for number in range(2_000)), encoding="utf-8")
    for number in range(200):
        previous = f"from f{number - 1:03d} import y{number - 1}\n" if number else ""
        (src / f"f{number:03d}.py").write_text(f"from big import *\n{previous}y{number} = n{number} + 1\n",
                                               encoding="utf-8")
    peaks = {}
    for jobs in ("1", "2"):
        result = subprocess.run([sys.executable, "-c", PEAK, "--isolated", "-j", jobs, "--force-jobs", "src"],
                                cwd=tmp_path, capture_output=True, text=True, timeout=TIMEOUT, check=True)
        peaks[jobs] = int(result.stdout)
    assert peaks["2"] <= 1.5 * peaks["1"], peaks
