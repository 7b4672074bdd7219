"""Real code from PyPI to measure on: each distribution downloaded once, without dependencies, into
bench/corpora/ (git-ignored)."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

CORPORA = Path(__file__).resolve().parent / "corpora"


def fetch(requirement: str, cache: Path = CORPORA) -> Path:
    """Download and unpack one PyPI distribution (``name==version``); returns the unpacked folder."""
    target = cache / requirement.replace("==", "-")
    if target.is_dir():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as download:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", download,
                        requirement], check=True)
        (archive,) = Path(download).iterdir()
        unpacking = target.with_name(target.name + ".partial")
        shutil.rmtree(unpacking, ignore_errors=True)
        if archive.suffix in (".whl", ".zip"):
            with zipfile.ZipFile(archive) as wheel:
                wheel.extractall(unpacking)
        else:
            with tarfile.open(archive) as tar:
                if hasattr(tarfile, "data_filter"):
                    tar.extractall(unpacking, filter="data")
                else:  # pragma: no cover - Python < 3.9.17
                    tar.extractall(unpacking)  # noqa: S202 - a PyPI sdist named on purpose
        unpacking.rename(target)
    return target
