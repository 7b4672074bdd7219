"""Hostile files around the sources (issue rows N12, N14): baselines written atomically, and every file
tf2lint reads besides the sources (``--config``, ``--baseline``, pyproject.toml found, pins, ``.gitignore``)
checked as sources are: FIFOs, devices and huge sparse files are one error line, never a hang or a file read
whole. Each test is bounded in time and makes its inputs at run time."""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from test_robustness import FINDING, assert_one_line_errors, run_cli

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
SPARSE = 8 * 1024 ** 3  # 8 GiB, holes only: takes no disk space


def sparse(path: Path, size: int = SPARSE) -> Path:
    with open(path, "wb") as stream:
        stream.truncate(size)
    return path


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text("", encoding="utf-8")
    (root / "a.py").write_text(FINDING, encoding="utf-8")
    return root


# --- N12: baselines ------------------------------------------------------------------------------------------

@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="needs file names that are not UTF-8")
def test_write_baseline_with_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / os.fsdecode(b"caf\xe9.py")).write_text(FINDING, encoding="utf-8")
    run = run_cli("--write-baseline", "baseline.json", ".", cwd=root)
    assert run.returncode == 0 and assert_one_line_errors(run.stderr) == ["tf2lint: recorded 2 findings in baseline.json"]
    recorded = json.loads((root / "baseline.json").read_text(encoding="utf-8"))
    assert sorted(entry["path"] for entry in recorded["findings"]) == ["a.py", "caf\udce9.py"]
    again = run_cli("--baseline", "baseline.json", ".", cwd=root)
    assert (again.returncode, again.stdout) == (0, "")  # both known: the name reads back as it was written
    (root / os.fsdecode(b"caf\xe9.py")).write_text(FINDING * 2, encoding="utf-8")
    assert run_cli("--baseline", "baseline.json", ".", cwd=root).returncode == 1


FAIL_REPLACE = """\
def failing(*args, **kwargs):
    raise OSError(28, "No space left on device")
os.replace = failing
"""

FAIL_MIDWAY = """\
import tf2lint.baseline as baseline
def failing(*args, **kwargs):
    raise RuntimeError("a bug while writing")
baseline._mode = failing
"""


@pytest.mark.parametrize(("before", "status", "message"), [
    (FAIL_REPLACE, 2, "tf2lint: error: cannot write baseline baseline.json: No space left on device"),
    (FAIL_MIDWAY, 3, "tf2lint: internal error, please report it: RuntimeError: a bug while writing"),
])
def test_a_failed_write_leaves_the_old_baseline_whole(tmp_path: Path, before: str, status: int,
                                                      message: str) -> None:
    root = project(tmp_path)
    old = b'{\n  "version": 1,\n  "findings": []\n}\n'
    (root / "baseline.json").write_bytes(old)
    run = run_cli("--write-baseline", "baseline.json", ".", cwd=root, before=before)
    assert run.returncode == status and assert_one_line_errors(run.stderr) == [message]
    assert (root / "baseline.json").read_bytes() == old
    assert [path.name for path in root.iterdir() if path.name.startswith(".baseline.json.")] == []  # no temp


def test_write_baseline_keeps_the_mode_and_refuses_special_files(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "baseline.json").write_text("{}", encoding="utf-8")
    os.chmod(root / "baseline.json", 0o640)
    assert run_cli("--write-baseline", "baseline.json", ".", cwd=root).returncode == 0
    assert (root / "baseline.json").stat().st_mode & 0o777 == 0o640
    run = run_cli("--write-baseline", os.devnull, ".", cwd=root)
    assert run.returncode == 2 and assert_one_line_errors(run.stderr) == [
        f"tf2lint: error: cannot write baseline {os.devnull}: not a regular file"]
    assert not Path(os.devnull).is_file()


# --- N14: the other files tf2lint reads ---------------------------------------------------------------------

@needs_fifo
@pytest.mark.parametrize("option", ["--config", "--baseline"])
def test_a_fifo_named_by_an_option_does_not_hang(tmp_path: Path, option: str) -> None:
    root = project(tmp_path)
    os.mkfifo(root / "fifo")
    start = time.monotonic()
    run = run_cli(option, "fifo", ".", cwd=root)
    assert time.monotonic() - start < 30
    assert run.returncode == 2 and len(assert_one_line_errors(run.stderr)) == 1
    assert "not a regular file (a FIFO)" in run.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("option", ["--config", "--baseline"])
def test_dev_zero_is_one_error_line(tmp_path: Path, option: str) -> None:
    run = run_cli(option, "/dev/zero", ".", cwd=project(tmp_path))
    assert run.returncode == 2 and len(assert_one_line_errors(run.stderr)) == 1
    assert "not a regular file (a character device)" in run.stderr


@pytest.mark.parametrize("name", ["pyproject.toml", "baseline.json", "other.toml"])
def test_a_huge_sparse_file_is_not_read(tmp_path: Path, name: str) -> None:
    root = project(tmp_path)
    sparse(root / name)
    args = {"pyproject.toml": [], "baseline.json": ["--baseline", name], "other.toml": ["--config", name]}[name]
    start = time.monotonic()
    run = run_cli(*args, ".", cwd=root)
    assert time.monotonic() - start < 30
    assert run.returncode == 2 and len(assert_one_line_errors(run.stderr)) == 1
    limit = "64 MiB" if name == "baseline.json" else "1 MiB"  # configuration files are read up to 1 MiB
    assert f"larger than {limit}: not read" in run.stderr


@needs_fifo
@pytest.mark.parametrize("name", ["requirements.txt", "setup.cfg", "Pipfile", "environment.yml"])
def test_pins_in_special_or_huge_files_are_not_read(tmp_path: Path, name: str) -> None:
    root = project(tmp_path)
    os.mkfifo(root / name)
    start = time.monotonic()
    fifo = run_cli(".", cwd=root)
    (root / name).unlink()
    sparse(root / name)
    huge = run_cli(".", cwd=root)
    assert time.monotonic() - start < 30
    assert fifo.returncode == huge.returncode == 1 and fifo.stdout == huge.stdout != ""
