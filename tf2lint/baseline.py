"""Baselines: record today's findings, then report only new ones.

A finding is keyed on its file (relative to the baseline file's folder, ``/``-separated), its code and the
text of its line without any whitespace, plus its occurrence index among findings with the same key. Line
numbers are not part of the key, so adding or removing lines elsewhere does not make old findings new, and
a formatter that only changes whitespace (``x=f(a,b)`` -> ``x = f(a, b)``) does not either. The file
stores, per key, how many occurrences are known (occurrence ``i`` is known when ``i < count``)::

    {
      "version": 1,
      "findings": [
        {"path": "src/train.py", "code": "TF301", "source": "sess = tf.Session()", "count": 1}
      ]
    }

Entries are sorted, so the file only changes when the findings do.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tempfile
from collections import Counter
from pathlib import Path
from typing import Iterable

from tf2lint.source import ReadError, read_text
from tf2lint.results import Finding

VERSION = 1

Key = tuple[str, str, str]  # (path, code, source)


class BaselineError(Exception):
    """A baseline file that cannot be read or written (one line of text)."""


def key_path(path: str, folder: Path) -> str:
    """``path`` as the baseline in ``folder`` names it."""
    absolute = os.path.abspath(path)
    try:
        return Path(os.path.relpath(absolute, folder)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(absolute).as_posix()


def keys(path: str, findings: Iterable[Finding]) -> list[Key]:
    """The keys to record: the line's text as written (stripped), for a readable file."""
    return [(path, finding.diagnostic.code, finding.source) for finding in findings]


def normalized(key: Key) -> Key:
    """The key compared: the line's text without whitespace."""
    path, code, source = key
    return path, code, "".join(source.split())


def new_findings(known: Counter[Key], path: str, findings: list[Finding]) -> list[Finding]:
    """The findings of one file (in file order) that the baseline does not account for."""
    seen: Counter[Key] = Counter()
    new = []
    for key, finding in zip(map(normalized, keys(path, findings)), findings):
        seen[key] += 1
        if seen[key] > known[key]:
            new.append(finding)
    return new


def load(file: Path) -> Counter[Key]:
    """The known findings of a baseline file, by :func:`normalized` key."""
    try:
        text = read_text(str(file))
    except ReadError as error:
        raise BaselineError(f"baseline {file}: {error}") from None
    try:
        data = json.loads(text)
    except ValueError as error:
        raise BaselineError(f"cannot read baseline {file}: {error}") from None
    except RecursionError:
        raise BaselineError(f"cannot read baseline {file}: nested too deeply") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{file}: not a tf2lint baseline (version {VERSION})")
    known: Counter[Key] = Counter()
    for entry in data["findings"]:
        try:
            key = (entry["path"], entry["code"], entry["source"])
            count = entry.get("count", 1)
        except (TypeError, KeyError):
            raise BaselineError(f"{file}: malformed entry {_shown(entry)}") from None
        if not all(isinstance(part, str) for part in key) or not isinstance(count, int):
            raise BaselineError(f"{file}: malformed entry {_shown(entry)}")
        known[normalized(key)] += count
    return known


def _shown(entry: object) -> str:
    try:
        return json.dumps(entry)[:80]
    except RecursionError:
        return "(nested too deeply)"


def dump(file: Path, known: Counter[Key]) -> None:
    """Write the baseline: sorted entries, one per line, UTF-8, ``\\n`` line ends. The file is written whole
    or not at all (a temporary file renamed over it), so a failure never truncates an existing baseline."""
    entries = [json.dumps({"path": path, "code": code, "source": source, "count": count}, ensure_ascii=False)
               for (path, code, source), count in sorted(known.items())]
    body = ",\n    ".join(entries)
    text = f'{{\n  "version": {VERSION},\n  "findings": [' + (f"\n    {body}\n  " if entries else "") + "]\n}\n"
    # a file name's bytes that are not UTF-8 (surrogates in the str) as JSON escapes: read back as they were
    data = _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text).encode("utf-8")
    target = os.path.realpath(file)  # a symlinked baseline stays a symlink
    try:
        if os.path.exists(target) and not os.path.isfile(target):  # never replace /dev/null or a FIFO
            raise BaselineError(f"cannot write baseline {file}: not a regular file")
        fd, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp",
                                         dir=os.path.dirname(target))
    except OSError as error:
        raise BaselineError(f"cannot write baseline {file}: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, _mode(target))
        os.replace(temporary, target)
    except BaseException as error:  # whatever fails (Ctrl-C too), no temporary file is left behind
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise BaselineError(f"cannot write baseline {file}: {error.strerror or error}") from None
        raise


_SURROGATE = re.compile("[\ud800-\udfff]")


def _mode(file: str) -> int:
    """The permissions of the baseline it replaces, else those a new file gets (``mkstemp`` makes it 0600)."""
    try:
        return stat.S_IMODE(os.stat(file).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
