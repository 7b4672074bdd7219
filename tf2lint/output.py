"""Output formats. Each follows its own column convention; files that could not be linted are reported
so that the format stays valid (see each reporter).

``text``
    ``path:line:col: CODE message: suggestion``, ``col`` 1-based in UTF-8 bytes, exactly as flake8 prints
    it; in notebooks ``path:cell_N:line:col: ...`` with the line within cell N. Files that could not be
    linted go to stderr as ``path:line:col: error: message``.
``json``
    An array with one object per finding (schema in :func:`finding_json`). Files that could not be linted
    go to stderr as in ``text``.
``sarif``
    SARIF 2.1.0 for GitHub code scanning; files that could not be linted are
    ``invocations[0].toolExecutionNotifications`` (and also go to stderr as in ``text``). Each result has a
    ``partialFingerprints`` entry from the baseline's key (code and line text without whitespace, and its
    occurrence in the file), so code scanning follows a finding when lines move; findings silenced by
    ``# noqa`` or known to the baseline are results with ``suppressions`` (``inSource`` / ``external``).
``github``
    GitHub Actions workflow commands (``::warning file=...``), one per finding and per file that could
    not be linted.

In ``json``, ``sarif`` and ``github`` columns are 1-based characters (Unicode code points) and end columns
exclusive, as in ruff's JSON and SARIF. SARIF and GitHub annotate notebooks on the line of the ``.ipynb``
file that holds the code line (so they land on it in GitHub) and name the cell and line in the message.

File names are text in every format: bytes that are not UTF-8 are shown as ``\\xNN`` (SARIF URIs
percent-encode the name's bytes), and in ``text`` lines (and on stderr) control characters such as a
newline are escaped as in a Python string, so that no file name can forge an output line.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from collections import Counter
from typing import Any, Mapping, Optional, Sequence, TextIO
from urllib.parse import quote

from tf2lint import __version__, baseline
from tf2lint.rules import ERROR, INFO, WARNING, Rule
from tf2lint.results import FileError, FileResult, Finding

FORMATS = ("text", "json", "sarif", "github")

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/tf2lint/tf2lint"
SARIF_LEVEL = {ERROR: "error", WARNING: "warning", INFO: "note"}
GITHUB_LEVEL = {ERROR: "error", WARNING: "warning", INFO: "notice"}


class Reporter:
    """Writes findings as they come (``report``) and completes the document (``finish``)."""

    def __init__(self, out: TextIO, err: TextIO) -> None:
        self.out, self.err = out, err

    def report(self, result: FileResult, findings: list[Finding], silenced: Sequence[Finding] = ()) -> None:
        """``findings`` are the ones of ``result`` to show (after any baseline); ``silenced`` those a ``# noqa``
        comment silenced (only SARIF records them, and the ones the baseline knows, as suppressed)."""
        if result.error:
            self.error(result.path, result.error)
        for finding in findings:
            self.finding(result.path, finding)

    def error(self, path: str, error: FileError) -> None:
        print(error_text(path, error), file=self.err)

    def finding(self, path: str, finding: Finding) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Called once after the last file."""


def unicode_path(path: str) -> str:
    """``path`` as text: bytes of the file name that are not UTF-8 as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace") if _undecodable(path) else path


def _undecodable(path: str) -> bool:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:  # surrogates standing for bytes that are not UTF-8
        return True
    return False


#: Characters a file name may hold that would break a line of text output: escaped as in a Python string.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def shown_path(path: str) -> str:
    """``path`` as one line of text: :func:`unicode_path` with control characters (a newline) escaped, so
    a file name cannot forge output lines."""
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], unicode_path(path))


def location_text(path: str, line: int, column: int, cell: Optional[int]) -> str:
    path = shown_path(path)
    return f"{path}:cell_{cell}:{line}:{column}" if cell is not None else f"{path}:{line}:{column}"


def error_text(path: str, error: FileError) -> str:
    return f"{location_text(path, error.line, error.column, error.cell)}: error: {error.message}"


class TextReporter(Reporter):
    """``text``: flake8's lines; with ``colour``, the location in bold and the code in its severity's colour."""

    COLOURS = {ERROR: "31", WARNING: "33", INFO: "36"}  # red, yellow, cyan

    def __init__(self, out: TextIO, err: TextIO, colour: bool = False) -> None:
        super().__init__(out, err)
        self.colour = colour

    def finding(self, path: str, finding: Finding) -> None:
        d = finding.diagnostic
        location = self._paint(location_text(path, d.line, d.col + 1, finding.cell), "1")
        print(f"{location}: {self._paint(d.code, self.COLOURS[d.severity])} {d.text()}", file=self.out)

    def _paint(self, text: str, colour: str) -> str:
        return f"\033[{colour}m{text}\033[0m" if self.colour else text


def use_colour(choice: str, out: TextIO, to_file: bool = False, environ: Optional[Mapping[str, str]] = None) -> bool:
    """Whether ``text`` is coloured: ``--color always`` / ``never``; for ``auto``, ``FORCE_COLOR`` (set and not
    empty) colours what goes to stdout, ``NO_COLOR`` (set and not empty) turns colour off, else a terminal that
    is not dumb gets colour. A file named by ``-o`` is coloured only with ``always``."""
    environ = os.environ if environ is None else environ
    if choice != "auto":
        return choice == "always"
    if to_file:
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return not environ.get("NO_COLOR") and environ.get("TERM") != "dumb" and out.isatty()


class TerminalReporter(TextReporter):
    """``text`` on a terminal: a closing summary line after the findings, as ruff prints it."""

    def __init__(self, out: TextIO, err: TextIO, colour: bool = False) -> None:
        super().__init__(out, err, colour)
        self.files: set[str] = set()
        self.findings = self.failed = 0

    def report(self, result: FileResult, findings: list[Finding], silenced: Sequence[Finding] = ()) -> None:
        super().report(result, findings, silenced)
        self.failed += result.error is not None
        self.findings += len(findings)
        self.files.update(result.path for _ in findings[:1])

    def finish(self) -> None:
        found = f"Found {_count(self.findings, 'finding')} in {_count(len(self.files), 'file')}"
        failed = f"; {_count(self.failed, 'file')} could not be linted" if self.failed else ""
        print(f"{found if self.findings else 'No findings'}{failed}.", file=self.out)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


class QuietReporter(Reporter):
    """Reports nothing but files that could not be linted (``--quiet``)."""

    def finding(self, path: str, finding: Finding) -> None:
        pass


def finding_json(path: str, finding: Finding) -> dict[str, Any]:
    """One finding of the ``json`` format.

    ``path`` (str, as given or found, see :func:`unicode_path`), ``cell`` (int, 1-based notebook cell
    counting every cell, or null),
    ``line`` / ``end_line`` (int, 1-based, within the cell for notebooks), ``column`` / ``end_column``
    (int, 1-based characters, the end exclusive), ``code`` ("TF301"), ``symbol`` ("tf1-session"),
    ``severity`` ("error" | "warning" | "info"), ``message``, ``suggestion`` (str),
    ``confidence`` ("HIGH" | "INFERENCE"), ``url`` (the rule's documentation).
    """
    d = finding.diagnostic
    return {
        "path": unicode_path(path), "cell": finding.cell, "line": d.line, "column": finding.column,
        "end_line": d.end_line,
        "end_column": finding.end_column, "code": d.code, "symbol": d.rule.symbol, "severity": d.severity,
        "message": d.message, "suggestion": d.suggestion, "confidence": d.confidence, "url": d.rule.doc_url,
    }


class JsonReporter(Reporter):
    """Streams the array: ``[`` first, one object per line, ``]`` at the end."""

    def __init__(self, out: TextIO, err: TextIO) -> None:
        super().__init__(out, err)
        self.count = 0

    def finding(self, path: str, finding: Finding) -> None:
        self.out.write(("[\n  " if self.count == 0 else ",\n  ") + json.dumps(finding_json(path, finding)))
        self.count += 1

    def finish(self) -> None:
        self.out.write("\n]\n" if self.count else "[]\n")


def below_cwd(path: str) -> Optional[str]:
    """``path`` relative to the current folder with ``/`` separators; None when it is outside."""
    try:
        return Path(os.path.abspath(path)).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return None


def artifact_location(path: str) -> dict[str, str]:
    """A SARIF artifactLocation: relative to ``%SRCROOT%`` (the current folder) when below it."""
    relative = below_cwd(path)
    if relative is None:
        return {"uri": Path(os.path.abspath(path)).as_uri()}
    return {"uri": quote(os.fsencode(relative)), "uriBaseId": "%SRCROOT%"}  # the name's bytes, %-encoded


def sarif_rule(rule: Rule) -> dict[str, Any]:
    """A SARIF reportingDescriptor with the rule's documentation."""
    return {
        "id": rule.code,
        "name": rule.symbol,
        "shortDescription": {"text": rule.what},
        "fullDescription": {"text": f"{rule.what} {rule.why}"},
        "help": {
            "text": f"{rule.why}\n\nExample:\n{rule.example}\n\nUse instead:\n{rule.instead}\n\n{rule.doc_url}",
            "markdown": (f"{rule.why}\n\n**Example**\n\n```python\n{rule.example}\n```\n\n**Use instead**\n\n"
                         f"```python\n{rule.instead}\n```\n\n[{rule.code} {rule.symbol}]({rule.doc_url})"),
        },
        "helpUri": rule.doc_url,
        "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]},
        "properties": {"tags": ["tf2lint", f"TF{rule.family}xx"]},
    }


def _region(line: int, column: Optional[int] = None, end_line: Optional[int] = None,
            end_column: Optional[int] = None) -> dict[str, int]:
    region = {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}
    return {key: value for key, value in region.items() if value is not None}


def cell_prefix(cell: Optional[int], line: int, column: Optional[int] = None) -> str:
    """``cell 3, line 2, col 5: `` for a notebook location, empty otherwise."""
    if cell is None:
        return ""
    return f"cell {cell}, line {line}" + (f", col {column}" if column is not None else "") + ": "


class SarifReporter(Reporter):
    """One SARIF 2.1.0 run, written at the end; ``rules`` lists the rules that were selected."""

    def __init__(self, out: TextIO, err: TextIO, rules: list[Rule]) -> None:
        super().__init__(out, err)
        self.rules = rules
        self.index = {rule.code: index for index, rule in enumerate(rules)}
        self.results: list[dict[str, Any]] = []
        self.notifications: list[dict[str, Any]] = []

    def error(self, path: str, error: FileError) -> None:
        super().error(path, error)
        line = error.file_line or error.line
        self.notifications.append({
            "level": "error",
            "message": {"text": cell_prefix(error.cell, error.line, error.column) + error.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": artifact_location(path),
                "region": _region(line, None if error.cell else error.column),
            }}],
        })

    def report(self, result: FileResult, findings: list[Finding], silenced: Sequence[Finding] = ()) -> None:
        if result.error:
            self.error(result.path, result.error)
        shown, in_source = {id(f) for f in findings}, {id(f) for f in silenced}
        seen: Counter[baseline.Key] = Counter()
        for finding in sorted((*result.findings, *silenced), key=_in_file_order):
            key = baseline.normalized(("", finding.diagnostic.code, finding.source))
            seen[key] += 1
            if id(finding) in shown:
                self.finding(result.path, finding)
            else:
                kind = "inSource" if id(finding) in in_source else "external"
                self.finding(result.path, finding, {"kind": kind, **SUPPRESSED[kind]})
            self.results[-1]["partialFingerprints"] = {FINGERPRINT: _fingerprint(key, seen[key])}

    def finding(self, path: str, finding: Finding, suppression: Optional[dict[str, str]] = None) -> None:
        d = finding.diagnostic
        if finding.cell is None:
            region = _region(d.line, finding.column, d.end_line, finding.end_column)
        else:
            region = _region(finding.file_line or 1)
        self.results.append({
            "ruleId": d.code,
            "ruleIndex": self.index[d.code],
            "level": SARIF_LEVEL[d.severity],
            "message": {"text": cell_prefix(finding.cell, d.line, finding.column) + d.text()},
            "locations": [{"physicalLocation": {"artifactLocation": artifact_location(path), "region": region}}],
            **({"properties": {"cell": finding.cell}} if finding.cell is not None else {}),
            **({"suppressions": [suppression]} if suppression else {}),
        })

    def finish(self) -> None:
        document = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "tf2lint", "version": __version__, "semanticVersion": __version__,
                    "informationUri": INFORMATION_URI, "rules": [sarif_rule(rule) for rule in self.rules],
                }},
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": self.notifications}],
                "columnKind": "unicodeCodePoints",
                "results": self.results,
            }],
        }
        json.dump(document, self.out, indent=2)
        self.out.write("\n")


#: SARIF ``partialFingerprints`` key of tf2lint's own fingerprint.
FINGERPRINT = "tf2lint/v1"
SUPPRESSED = {"inSource": {"justification": "# noqa"}, "external": {"justification": "in the baseline"}}


def _in_file_order(finding: Finding) -> tuple[int, int, int, str]:
    d = finding.diagnostic
    return finding.cell or 0, d.line, d.col, d.code


def _fingerprint(key: baseline.Key, occurrence: int) -> str:
    _, code, source = key
    return hashlib.sha256(f"{code}\0{source}\0{occurrence}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


def escape_data(text: str) -> str:
    """Escape the message of a GitHub workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=``) of a GitHub workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(level: str, message: str, **properties: Optional[object]) -> str:
    fields = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items()
                      if value is not None)
    return f"::{level} {fields}::{escape_data(message)}"


def github_path(path: str) -> str:
    """The ``file=`` of an annotation: relative to the current folder when below it, ``/`` separators."""
    return unicode_path(below_cwd(path) or Path(path).as_posix())


class GithubReporter(Reporter):
    """GitHub Actions annotations; columns only when the finding is on one line of a ``.py`` file."""

    def error(self, path: str, error: FileError) -> None:
        print(workflow_command(
            "error", cell_prefix(error.cell, error.line, error.column) + error.message,
            file=github_path(path), line=error.file_line or error.line,
            col=None if error.cell else error.column, title="tf2lint",
        ), file=self.out)

    def finding(self, path: str, finding: Finding) -> None:
        d = finding.diagnostic
        same_line = finding.cell is None and d.line == d.end_line
        print(workflow_command(
            GITHUB_LEVEL[d.severity], cell_prefix(finding.cell, d.line, finding.column) + d.text(),
            file=github_path(path), line=finding.file_line if finding.cell else d.line,
            endLine=None if finding.cell else d.end_line, col=finding.column if same_line else None,
            endColumn=finding.end_column if same_line else None, title=d.code,
        ), file=self.out)


def make_reporter(name: str, out: TextIO, err: TextIO, rules: list[Rule], quiet: bool = False,
                  colour: bool = False) -> Reporter:
    """The reporter for ``--format name``; ``rules`` are the selected ones (SARIF lists them); ``colour``
    colours ``text``."""
    if quiet:
        return QuietReporter(out, err)
    if name == "json":
        return JsonReporter(out, err)
    if name == "sarif":
        return SarifReporter(out, err, rules)
    if name == "github":
        return GithubReporter(out, err)
    return TerminalReporter(out, err, colour) if out.isatty() else TextReporter(out, err, colour)
