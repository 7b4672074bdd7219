"""The migration summary as data: ``--statistics --format json`` (a versioned schema), ``--format markdown``
(a GitHub step summary or pull-request comment) and what ``tf2lint report`` draws.

Schema ``tf2lint-summary`` version 1, documented field by field in docs/summary.md: ``schema``, ``version``,
``tool``, ``generated``, ``totals`` (by severity), ``files``, ``context`` (TF1 code and why), ``by_family``,
``by_rule``, ``by_folder``, ``by_file`` (every file checked), ``plan`` (dependency order, cycles as one step)
and ``findings`` (with a ``fingerprint`` that does not depend on the line number). No list is capped.
Paths are as given or found, as ``--format json`` prints them.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePath
from typing import Any, Optional, Sequence

from tf2lint import __version__, baseline
from tf2lint.output import shown_path, unicode_path
from tf2lint.plan import Step, blockers, import_graph, plan
from tf2lint.project import ProjectIndex
from tf2lint.results import FileResult, Finding
from tf2lint.rules import RULES, SEVERITIES
from tf2lint.statistics import FAMILIES, Summary

SCHEMA = "tf2lint-summary"
VERSION = 1


@dataclass
class Collected:
    """Every file's result of a run (findings after ``per-file-ignores`` and ``# noqa``), beside the
    ``--statistics`` counts."""

    summary: Summary
    results: list[FileResult] = field(default_factory=list)

    def add(self, result: FileResult) -> None:
        self.results.append(result)


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """Each finding's fingerprint: code, line text without whitespace, occurrence among the same."""
    seen: Counter[tuple[str, str]] = Counter()
    found = []
    for finding in findings:
        key = (finding.diagnostic.code, "".join(finding.source.split()))
        seen[key] += 1
        found.append(_hash(*key, seen[key]))
    return found


def _hash(code: str, source: str, occurrence: int) -> str:
    text = f"{code}\0{source}\0{occurrence}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _severities(counts: Counter[str]) -> dict[str, int]:
    return {"total": sum(counts[s] for s in SEVERITIES), **{s: counts[s] for s in SEVERITIES}}


def _folder(path: str) -> str:
    return PurePath(path).parent.as_posix()


def document(collected: Collected, index: Optional[ProjectIndex]) -> dict[str, Any]:
    """The summary of a run; ``index`` (the run's project index; None when the files' imports cannot be read,
    as for stdin) orders the plan."""
    paths = [result.path for result in collected.results]
    graph = import_graph(paths, index) if index is not None else {path: [] for path in paths}
    return build(collected, graph)


def build(collected: Collected, graph: dict[str, list[str]], generated: Optional[datetime] = None) -> dict[str, Any]:
    """The summary document; ``graph`` is the project's import graph over the files (see plan.import_graph)."""
    summary = collected.summary
    results = collected.results
    per_rule: dict[str, Counter[str]] = {}
    per_family: dict[int, Counter[str]] = {}
    per_folder: dict[str, Counter[str]] = {}
    findings: list[dict[str, Any]] = []
    files: list[dict[str, Any]] = []
    for result in sorted(results, key=lambda r: unicode_path(r.path)):
        path = unicode_path(result.path)
        counts: Counter[str] = Counter(f.diagnostic.severity for f in result.findings)
        folder = per_folder.setdefault(_folder(path), Counter())
        for finding, fingerprint in zip(result.findings, fingerprints(result.findings)):
            d = finding.diagnostic
            per_rule.setdefault(d.code, Counter())[d.severity] += 1
            per_family.setdefault(d.rule.family, Counter())[d.severity] += 1
            folder[d.severity] += 1
            folder[f"TF{d.rule.family}xx"] += 1
            findings.append({"path": path, "cell": finding.cell, "line": d.line, "column": finding.column,
                             "code": d.code, "symbol": d.rule.symbol, "severity": d.severity, "message": d.message,
                             "suggestion": d.suggestion, "url": d.rule.doc_url, "fingerprint": fingerprint})
        files.append({"path": path, "folder": _folder(path), **_severities(counts),
                      "uses_tensorflow": result.uses_tensorflow and not result.error, "tf1": result.tf1,
                      "problem": result.error.message if result.error else None})
    using = summary.files - summary.unparsed - summary.without_tf
    importing = summary.clean_importing()
    clean = using - len(summary.per_file) - importing
    total = sum(summary.severities.values())
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "tool": {"name": "tf2lint", "version": __version__},
        "generated": (generated or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "totals": {"findings": total, **{s: summary.severities[s] for s in SEVERITIES},
                   "new": summary.new if summary.baselined else None},
        "files": {"checked": summary.files, "using_tensorflow": using, "clean": clean,
                  "with_findings": len(summary.per_file), "without_tensorflow": summary.without_tf,
                  "unparsed": summary.unparsed, "ready_share": round(clean / using, 4) if using else None},
        "context": {"setting": summary.project.setting, "project_evidence": summary.project.evidence,
                    "tf1_files": summary.tf1, "tf1_in_file": summary.tf1_in_file, "text": summary.context(),
                    "clean_importing_tf1": importing},
        "by_family": [{"family": f"TF{family}xx", "title": FAMILIES[family], **_severities(counts)}
                      for family, counts in sorted(per_family.items())],
        "by_rule": [{"code": code, "symbol": RULES[code].symbol, "family": f"TF{RULES[code].family}xx",
                     "what": RULES[code].what, "url": RULES[code].doc_url, **_severities(counts)}
                    for code, counts in sorted(per_rule.items())],
        "by_folder": [{"folder": name, **_severities(counts),
                       "families": {key: n for key, n in sorted(counts.items()) if key.startswith("TF")}}
                      for name, counts in sorted(per_folder.items())],
        "by_file": files,
        "plan": _plan(graph, {entry["path"]: entry for entry in files}),
        "findings": findings,
    }


def _plan(graph: dict[str, list[str]], files: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The plan's steps with their findings and status; ``graph`` is keyed by the paths as linted."""
    shown = {unicode_path(path): [unicode_path(target) for target in targets] for path, targets in graph.items()}
    shown = {path: targets for path, targets in shown.items() if path in files}
    steps: list[Step] = plan(shown)
    unknown = {path for path in shown if files[path]["problem"]}  # not linted: its findings are not known
    pending = {path for path in shown if files[path]["total"]} | unknown
    blocked = 0
    entries = []
    for number, (step, waiting) in enumerate(zip(steps, blockers(steps, pending)), 1):
        counts = Counter({s: sum(files[m][s] for m in step.modules) for s in SEVERITIES})
        status = ("migrate" if sum(counts.values()) else "unknown" if unknown & set(step.modules)
                  else "blocked" if waiting else "ready")
        blocked += len(step.modules) if status == "blocked" else 0
        entries.append({"step": number, "wave": step.wave, "modules": list(step.modules),
                        "imports": list(step.imports), "status": status, "blocked_by": waiting,
                        **_severities(counts)})
    return {"steps": entries, "blocked": blocked}


# --- the trend: earlier runs ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    """An earlier run: a summary (``--statistics --format json``) or a baseline file."""

    label: str
    generated: str  # "" for a baseline
    totals: dict[str, Optional[int]]  # findings, and per severity (None for a baseline: it does not say)
    keys: Counter[tuple[str, str]]  # (path, fingerprint)
    described: dict[tuple[str, str], dict[str, Any]]  # what each key was (path, code, line or source, message)
    folder: Optional[Path] = None  # a baseline's folder: its paths are relative to it


class PreviousError(Exception):
    """A --previous file that cannot be read (one line of text)."""


def load_previous(file: Path) -> Run:
    """An earlier summary or baseline."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise PreviousError(f"cannot read {file}: {getattr(error, 'strerror', None) or error}") from None
    if isinstance(data, dict) and data.get("schema") == SCHEMA:
        return _summary_run(file, data)
    try:
        known = baseline.load(file)
    except baseline.BaselineError:
        raise PreviousError(f"{file}: neither a tf2lint summary (version {VERSION}) nor a baseline") from None
    keys: Counter[tuple[str, str]] = Counter()
    described: dict[tuple[str, str], dict[str, Any]] = {}
    for (path, code, source), count in sorted(known.items()):
        for occurrence in range(1, count + 1):
            key = (path, _hash(code, source, occurrence))
            keys[key] += 1
            described[key] = {"path": path, "code": code, "line": None, "message": source}
    totals: dict[str, Optional[int]] = {"findings": sum(keys.values()), **{s: None for s in SEVERITIES}}
    return Run(file.name, "", totals, keys, described, Path(os.path.abspath(file)).parent)


def _summary_run(file: Path, data: dict[str, Any]) -> Run:
    if data.get("version") != VERSION:
        raise PreviousError(f"{file}: summary version {data.get('version')!r}, this tf2lint reads {VERSION}")
    try:
        totals = {key: int(data["totals"][key]) for key in ("findings", *SEVERITIES)}
        keys: Counter[tuple[str, str]] = Counter()
        described: dict[tuple[str, str], dict[str, Any]] = {}
        for entry in data["findings"]:
            key = (str(entry["path"]), str(entry["fingerprint"]))
            keys[key] += 1
            described[key] = {"path": key[0], "code": str(entry["code"]), "line": entry.get("line"),
                              "message": str(entry["message"])}
        return Run(file.name, str(data.get("generated", "")), dict(totals), keys, described)
    except (KeyError, TypeError, ValueError):
        raise PreviousError(f"{file}: malformed tf2lint summary") from None


def trend(document: dict[str, Any], collected: Collected, runs: Sequence[Run]) -> dict[str, Any]:
    """What changed since the latest of ``runs`` (fixed and new findings; the findings of a file that could not
    be linted now are neither) and the counts over all of them."""
    ordered = sorted(runs, key=lambda run: run.generated) if all(run.generated for run in runs) else list(runs)
    latest = ordered[-1]
    current: Counter[tuple[str, str]] = Counter()
    described: dict[tuple[str, str], dict[str, Any]] = {}
    unlinted: set[str] = set()  # files that could not be linted: their findings are not fixed, only unknown
    for result in collected.results:
        path = baseline.key_path(result.path, latest.folder) if latest.folder else unicode_path(result.path)
        if result.error:
            unlinted.add(path)
        for finding, fingerprint in zip(result.findings, fingerprints(result.findings)):
            key = (path, fingerprint)
            current[key] += 1
            described[key] = {"path": unicode_path(result.path), "code": finding.diagnostic.code,
                              "line": finding.diagnostic.line, "message": finding.diagnostic.message}
    fixed = sorted((latest.described[key] for key in latest.keys - current if key[0] not in unlinted), key=_order)
    new = sorted((described[key] for key in current - latest.keys), key=_order)
    totals = document["totals"]
    points = [{"label": run.label, "generated": run.generated, **run.totals} for run in ordered]
    points.append({"label": "this run", "generated": document["generated"],
                   **{key: totals[key] for key in ("findings", *SEVERITIES)}})
    return {"compared_with": latest.label, "fixed": fixed, "new": new, "runs": points}


def _order(entry: dict[str, Any]) -> tuple[str, int, str]:
    return entry["path"], entry["line"] or 0, entry["code"]


# --- Markdown ------------------------------------------------------------------------------------------------

#: The Markdown's size limit: a pull-request comment takes 65,536 characters, $GITHUB_STEP_SUMMARY 1 MiB.
MARKDOWN_LIMIT = 65536
TOP = 10
PLAN_STEPS = 10


def markdown(document: dict[str, Any], limit: int = MARKDOWN_LIMIT) -> str:
    """A summary for $GITHUB_STEP_SUMMARY or a pull-request comment: headline, what blocks TF2, the folders
    with most findings, the first steps of the plan; at most ``limit`` characters."""
    totals, files = document["totals"], document["files"]
    share = files["ready_share"]
    lines = ["## tf2lint: TF1 → TF2 migration", ""]
    headline = (f"**{totals['findings']} findings** ({totals['error']} errors: fail under TF2, "
                f"{totals['warning']} warnings: run only through compat.v1, {totals['info']} info) in "
                f"{files['with_findings']} of {files['checked']} files; "
                f"{files['clean']} of {files['using_tensorflow']} files using TensorFlow are ready for TF2")
    headline += f" ({100 * share:.0f}%)." if share is not None else "."
    lines += [headline, "", f"TF1 context: {_md(document['context']['text'])}"]
    if totals["new"] is not None:
        lines += ["", f"New since the baseline: {totals['new']}."]
    errors = sorted((rule for rule in document["by_rule"] if rule["error"]), key=lambda r: (-r["error"], r["code"]))
    if errors:
        lines += ["", "### What blocks TF2 (errors)", "", "| errors | rule | what |", "|---:|---|---|"]
        lines += [f"| {rule['error']} | [{rule['code']}]({rule['url']}) `{rule['symbol']}` | {_cell(rule['what'])} |"
                  for rule in errors[:TOP]]
        lines += _more(len(errors), "rules")
    folders = sorted(document["by_folder"], key=lambda f: (-f["total"], f["folder"]))
    folders = [folder for folder in folders if folder["total"]]
    if folders:
        lines += ["", "### Folders with most findings", "", "| findings | errors | warnings | info | folder |",
                  "|---:|---:|---:|---:|---|"]
        lines += [f"| {f['total']} | {f['error']} | {f['warning']} | {f['info']} | {_md(shown_path(f['folder']))} |"
                  for f in folders[:TOP]]
        lines += _more(len(folders), "folders")
    steps = [step for step in document["plan"]["steps"] if step["status"] == "migrate"]
    if steps:
        lines += ["", "### First steps of the migration plan", "",
                  "Modules after the project modules they import; a cycle is one step.", "",
                  "| step | module | errors | warnings | info |", "|---:|---|---:|---:|---:|"]
        lines += [f"| {step['step']} | {' + '.join(_md(shown_path(m)) for m in step['modules'])} | {step['error']} | "
                  f"{step['warning']} | {step['info']} |" for step in steps[:PLAN_STEPS]]
        lines += _more(len(steps), "steps with findings")
    text = "\n".join(lines) + "\n"
    return _fit(text, limit)


def _more(count: int, what: str) -> list[str]:
    return ["", f"… and {count - TOP} more {what} (`tf2lint --statistics --format json` lists all)."] \
        if count > TOP else []


def _fit(text: str, limit: int) -> str:
    """``text`` cut at a line end to at most ``limit`` characters (long file names can make rows long)."""
    if len(text) <= limit:
        return text
    note = "\n… (cut to fit the size limit)\n"
    return text[:text.rfind("\n", 0, limit - len(note))] + note


#: Characters that Markdown or a table cell would read as syntax.
_MARKDOWN_SPECIAL = set("\\`*_[]<>|~&")


def _cell(text: str) -> str:
    """Markdown of our own (a rule's text) in a table cell."""
    return text.replace("|", "\\|")


def _md(text: str) -> str:
    """``text`` shown literally in Markdown (a table cell too): syntax characters backslash-escaped."""
    return "".join("\\" + char if char in _MARKDOWN_SPECIAL else char for char in text.replace("\n", " "))
