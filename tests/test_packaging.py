"""The sdist holds every file the tests need; the wheel carries the LICENSE and ``py.typed``."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: What the tests read besides the package: run pytest in the unpacked sdist and these must be there.
NEEDED = ("tests/", "docs/", "examples/", "scripts/", "LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml",
          ".pre-commit-hooks.yaml")


def tracked() -> list[str]:
    """The repository's files (committed or not yet, but not ignored)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs the git repository (not an unpacked sdist)")
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout
    return [name for name in files.splitlines() if (ROOT / name).is_file()]


def test_sdist_and_wheel_hold_what_they_must(tmp_path: Path) -> None:
    pytest.importorskip("build")
    files = tracked()
    source = tmp_path / "source"  # a clean copy: setuptools would also take what a stale egg-info lists
    for name in files:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    run = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--sdist", "--wheel", "-o",
                          str(tmp_path), str(source)], capture_output=True, text=True, check=False, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    [sdist] = tmp_path.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.partition("/")[2] for name in archive.getnames()}
    assert sorted({name for name in files if name.startswith(NEEDED)} - names) == []
    [wheel] = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert any(name.endswith(".dist-info/licenses/LICENSE") for name in archive.namelist())
        assert "tf2lint/py.typed" in archive.namelist()  # type checkers read the package's hints (PEP 561)
        assert {f"tf2lint/report/report.{kind}" for kind in ("html", "css", "js")} <= set(archive.namelist())
        metadata = next(archive.read(n) for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
    assert b"License-Expression: Apache-2.0" in metadata
    assert b"Requires-Dist: flake8" not in metadata.split(b"Provides-Extra: flake8")[0]
    fields = [line.partition(": ") for line in metadata.decode("utf-8").split("\n\n")[0].splitlines()]
    classifiers = [value for name, _, value in fields if name == "Classifier"]
    known = pytest.importorskip("trove_classifiers").classifiers
    assert classifiers and [c for c in classifiers if c not in known] == []
    urls = dict(value.split(", ", 1) for name, _, value in fields if name == "Project-URL")
    assert {"Homepage", "Documentation", "Source", "Issues", "Changelog"} <= set(urls)
    assert all(url.startswith("https://github.com/tf2lint/tf2lint") for url in urls.values())
    assert "tensorflow" in next(value for name, _, value in fields if name == "Keywords").split(",")
