"""The migration summary of ``--statistics``: what stands between a codebase and TF2, at a glance."""
from __future__ import annotations

import os
from collections import Counter
from pathlib import PurePath
from typing import Optional

from tf2lint.context import TF1, TF2, Project
from tf2lint.rules import ERROR, INFO, RULES, WARNING
from tf2lint.results import FileResult, Finding

#: What each family (the hundreds digit of a code) is about.
FAMILIES = {
    1: "TF1-only API surface",
    2: "behaviour switches",
    3: "sessions, feeds and placeholders",
    4: "name-based variables and checkpoints",
    5: "graph collections and the default graph",
    6: "explicit control dependencies",
    7: "TF1 training loops",
    8: "queue-based input pipelines",
    9: "TF1 summaries and Dimension",
}

SEVERITY_NOTES = {ERROR: "fail under TF2", WARNING: "run only through compat.v1", INFO: "advice"}
TOP = 10


class Summary:
    """Counts gathered file by file (no finding is kept). They describe every current finding; with a
    baseline, ``new`` counts the ones not in it."""

    def __init__(self, baselined: bool = False, project: Project = Project()) -> None:
        self.baselined = baselined
        self.project = project
        self.tf1 = 0  # files judged TF1 code
        self.tf1_in_file = 0  # ... by evidence of their own
        self.files = 0
        self.unparsed = 0
        self.without_tf = 0  # linted files that never touch TensorFlow, directly or through the project
        self.new = 0
        self.codes: Counter[str] = Counter()
        self.severities: Counter[str] = Counter()  # of the findings: a rule's can differ by namespace
        self.per_file: Counter[str] = Counter()
        self.clean_imports: list[tuple[str, ...]] = []  # what each clean file using TensorFlow imports
        self.with_findings: set[str] = set()  # the files with findings (absolute paths)

    def add(self, result: FileResult, shown: list[Finding]) -> None:
        """Count one file; ``shown`` are its findings left after the baseline."""
        self.files += 1
        if result.error:
            self.unparsed += 1
            return
        self.new += len(shown)
        if result.tf1:
            self.tf1 += 1
            self.tf1_in_file += result.tf1 != self.project.evidence
        if not result.uses_tensorflow and not result.findings:
            self.without_tf += 1
        self.codes.update(finding.diagnostic.code for finding in result.findings)
        self.severities.update(finding.diagnostic.severity for finding in result.findings)
        if result.findings:
            self.per_file[result.path] = len(result.findings)
            self.with_findings.add(os.path.abspath(result.path))
        elif result.uses_tensorflow:
            self.clean_imports.append(result.imports)

    def clean_importing(self) -> int:
        """How many files without findings import a project module that has findings."""
        return sum(1 for imports in self.clean_imports if not self.with_findings.isdisjoint(imports))

    def per_directory(self) -> Counter[str]:
        """Findings per folder, subfolders included; a folder whose findings all lie in one subfolder is
        left out (the subfolder says it)."""
        counts: Counter[PurePath] = Counter()
        for path, count in self.per_file.items():
            for parent in PurePath(path).parents:
                if str(parent) not in (".", parent.anchor):
                    counts[parent] += count
        covered = {folder.parent for folder, count in counts.items() if counts[folder.parent] == count}
        return Counter({str(folder): count for folder, count in counts.items() if folder not in covered})

    def render(self) -> str:
        total = sum(self.codes.values())
        using = self.files - self.unparsed - self.without_tf
        importing = self.clean_importing()
        clean = using - len(self.per_file) - importing
        percent = f" ({100 * clean // using}%)" if using else ""
        percent += f", {importing} clean, but import TF1 project modules" if importing else ""
        new = f", {self.new} new (not in the baseline)" if self.baselined else ""
        lines = [f"tf2lint summary: {total} finding{_s(total)} in {len(self.per_file)} file{_s(len(self.per_file))}"
                 f"{new}"]
        severities = self.severities
        if total:
            lines.append("  severity: " + ", ".join(f"{severities[s]} {s} ({SEVERITY_NOTES[s]})"
                                                    for s in SEVERITY_NOTES if severities[s]))
        lines.append(f"  files: {self.files} checked, {clean} already clean{percent}, {len(self.per_file)} with "
                     f"findings (of {using} using TensorFlow), {self.without_tf} without TensorFlow, "
                     f"{self.unparsed} could not be parsed")
        lines.append(f"  TF1 context: {self.context()}")
        families = sorted(Counter(RULES[code].family for code in self.codes.elements()).items())
        lines += _table("By family", [(f"TF{f}xx", FAMILIES[f], n) for f, n in families], total)
        lines += _table("By rule", [(code, RULES[code].symbol, n) for code, n in _top(self.codes, None)], total)
        lines += _table(f"Files with most findings (top {TOP})", [("", path, n) for path, n in _top(self.per_file)],
                        total)
        lines += _table(f"Directories with most findings (top {TOP})",
                        [("", path, n) for path, n in _top(self.per_directory())], total)
        return "\n".join(lines)

    def context(self) -> str:
        """How many files were judged TF1 code, and why."""
        setting, evidence = self.project.setting, self.project.evidence
        if setting == TF2:
            return f"none ({evidence or 'tensorflow 2 is set'})"
        counted = f"{self.tf1} file{_s(self.tf1)}"
        if setting == TF1:
            return f"{counted} ({evidence or 'tensorflow 1 is set'})"
        if evidence:
            return f"{counted} (project: {evidence}; with evidence in the file: {self.tf1_in_file})"
        return f"{counted} (evidence in the file)" if self.tf1 else "none (no TF1 evidence in the project or the files)"


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _top(counts: Counter[str], top: Optional[int] = TOP) -> list[tuple[str, int]]:
    """The most frequent first, ties by name."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]


def _table(title: str, rows: list[tuple[str, str, int]], total: int) -> list[str]:
    """``title`` and its rows: count, share of all findings, key and name."""
    if not rows:
        return []
    width = max(len(name) for _, name, _ in rows)
    key_width = max(len(key) for key, _, _ in rows)
    lines = ["", title]
    for key, name, count in rows:
        share = f"{100 * count / total:.1f}%".rjust(6)
        lines.append(f"  {count:6d} {share}  " + (f"{key:<{key_width}}  " if key_width else "") + name.ljust(width))
    return [line.rstrip() for line in lines]
