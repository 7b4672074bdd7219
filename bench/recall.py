"""Measure tf2lint on real code from PyPI: recall against tf_upgrade_v2 on TF1 code, findings on TF2 code.

Recall: every line where TensorFlow's own ``tf_upgrade_v2`` renames a ``tf.X`` that does not exist in TF 2.x,
or a keyword argument written as a keyword, must carry a tf2lint finding. Needs ``tf_upgrade_v2``
(``pip install tensorflow-cpu==2.21.0``, ideally in a separate virtual environment: pass its path with
``--tf-upgrade-v2``).

    python bench/recall.py --tf-upgrade-v2 /path/to/venv/bin/tf_upgrade_v2
"""
from __future__ import annotations

import argparse
import ast
import collections
import functools
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import tf2lint
from download import CORPORA, fetch
from tf2lint import tfapi
from tf2lint.project import ProjectIndex

TF1_CORPORA = ("baselines==0.1.5", "tf-slim==1.1.0")
TF2_CORPORA = ("dm-sonnet==2.0.2",)
PROCESSING = re.compile(r"^Processing file '(?P<path>.+)'$")
KEYWORD = re.compile(r"^(?P<line>\d+):(?P<col>\d+): INFO: Renamed keyword argument for (?P<func>tf\.[\w.]+) from "
                     r"(?P<old>\w+) to (?P<new>\w+)")
RENAMED = re.compile(r"^(?P<line>\d+):(?P<col>\d+): INFO: Renamed '(?P<old>tf\.[\w.]+)' to '(?P<new>[\w.]+)'")


def python_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.py"))


def lint_tree(root: Path, project: bool = True) -> tuple[dict[Path, list[tf2lint.Diagnostic]], int]:
    """{file: findings} over a folder (imports of its own modules resolved unless not ``project``), and the
    number of files that could not be parsed."""
    results, failures = {}, 0
    index = ProjectIndex([root]) if project else None
    for path in python_files(root):
        try:
            results[path] = tf2lint.engine.lint_file(path, noqa=False, index=index)
        except tf2lint.SourceError:
            failures += 1
    return results, failures


def upgrade_renames(tool: str, root: Path) -> list[tuple[Path, int, str, str]]:
    """(file, line, old name, new name) for each rename tf_upgrade_v2 makes below ``root``."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.txt"
        subprocess.run([tool, "--intree", str(root.resolve()), "--outtree", str(Path(scratch) / "out"), "--reportfile",
                        str(report), "--print_all"], check=False, capture_output=True)
        text = report.read_text(encoding="utf-8", errors="replace")
    renames, current = [], None
    for line in text.splitlines():
        processing = PROCESSING.match(line)
        if processing:
            current = Path(processing["path"]).resolve()
            continue
        match = RENAMED.match(line) or KEYWORD.match(line)
        if match and current is not None:
            old = f"{match['func']}({match['old']}=)" if "func" in match.groupdict() else match["old"]
            renames.append((current, int(match["line"]), old, match["new"]))
    return renames


def missing_in_v2(name: str) -> bool:
    """Whether ``tf.X`` fails in TF 2.x (the name exists only in TF1)."""
    parts = tuple(name.split(".")[1:])
    return tfapi.lookup(tfapi.V2, parts).kind != tfapi.IN_V2


@functools.lru_cache(maxsize=None)
def _keywords_by_line(path: Path) -> dict[int, set[str]]:
    keywords: dict[int, set[str]] = collections.defaultdict(set)
    for node in ast.walk(ast.parse(tf2lint.engine.read_source(path))):
        if isinstance(node, ast.Call):
            keywords[node.lineno].update(k.arg for k in node.keywords if k.arg)
    return keywords


def written_keyword(path: Path, line: int, renamed: str) -> bool:
    """Whether the call tf_upgrade_v2 renamed a keyword of (``tf.nn.conv2d(filter=)``) spells that keyword.

    tf_upgrade_v2 also reports renames for arguments passed by position, which TF 2.x accepts unchanged.
    """
    keyword = renamed[renamed.index("(") + 1:-2]
    try:
        return keyword in _keywords_by_line(path).get(line, ())
    except (tf2lint.SourceError, SyntaxError):
        return False


def measure_tf1(tool: str, root: Path, project: bool = True) -> None:
    findings, failures = lint_tree(root, project)
    flagged = {(path.resolve(), d.line) for path, found in findings.items() for d in found}
    renames = upgrade_renames(tool, root)
    required = {(path, line, old) for path, line, old, _ in renames
                if (written_keyword(path, line, old) if old.endswith("=)") else missing_in_v2(old))}
    missed = sorted((p, l, o) for p, l, o in required if (p, l) not in flagged)
    lines = {(p, l) for p, l, _ in required}
    total = sum(len(found) for found in findings.values())
    print(f"  files: {len(findings)} linted, {failures} not parseable as Python 3")
    print(f"  tf2lint findings: {total} on {len({k for k in flagged})} lines")
    print(f"  tf_upgrade_v2 renames (names and keywords): {len(renames)}; of names and keywords missing in TF2: "
          f"{len(required)} on {len(lines)} lines")
    renamed_lines = {(path, line) for path, line, _, _ in renames}
    print(f"  lines tf2lint flags where tf_upgrade_v2 renames nothing: {len(flagged - renamed_lines)}")
    hit = len(lines) - len({(p, l) for p, l, _ in missed})
    print(f"  recall on those lines: {hit}/{len(lines)} = {hit / max(len(lines), 1):.1%}")
    for path, line, old in missed[:40]:
        print(f"    missed {path.relative_to(root.resolve())}:{line} {old}")
    counts = collections.Counter(d.code for found in findings.values() for d in found)
    print("  by code: " + ", ".join(f"{code} {n}" for code, n in sorted(counts.items())))


def measure_tf2(root: Path, project: bool = True) -> None:
    findings, failures = lint_tree(root, project)
    total = sum(len(found) for found in findings.values())
    print(f"  files: {len(findings)} linted, {failures} not parseable; findings: {total}")
    for path, found in sorted(findings.items()):
        for d in found:
            print(f"    {path.relative_to(root)}:{d.line}:{d.col + 1}: {d.code} {d.message}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tf-upgrade-v2", default=shutil.which("tf_upgrade_v2"),
                        help="the tf_upgrade_v2 executable (default: the one on PATH)")
    parser.add_argument("--cache", type=Path, default=CORPORA, help="where corpora are downloaded")
    parser.add_argument("--tf1", nargs="*", default=TF1_CORPORA, metavar="REQ",
                        help=f"TF1 distributions to measure recall on (default: {' '.join(TF1_CORPORA)})")
    parser.add_argument("--tf2", nargs="*", default=TF2_CORPORA, metavar="REQ",
                        help=f"TF2-native distributions to list findings on (default: {' '.join(TF2_CORPORA)})")
    parser.add_argument("--no-project-index", dest="project", action="store_false",
                        help="lint each file on its own, as before the project index (imports of the project's "
                             "modules bind nothing)")
    args = parser.parse_args()
    for requirement in args.tf1:
        print(f"{requirement} (TF1 code)")
        root = fetch(requirement, args.cache)
        if args.tf_upgrade_v2:
            measure_tf1(args.tf_upgrade_v2, root, args.project)
        else:
            print("  tf_upgrade_v2 not found: recall not measured")
    for requirement in args.tf2:
        print(f"{requirement} (TF2-native code)")
        measure_tf2(fetch(requirement, args.cache), args.project)
    return 0


if __name__ == "__main__":
    sys.exit(main())
