"""A finding's severity is its own (what TF 2.21 does with the code as written), and every output shows it.

Fixtures mark the severity of their findings after the codes: ``# expect: TF301 (error)``,
``# expect: TF109 TF108 (info warning)``; the same name is an error through ``import tensorflow as tf``
and a warning through compat.v1 (tests/tf checks that against TensorFlow itself).
"""
from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

import tf2lint
from conftest import FIXTURES, fixture_files
from test_cli import GITHUB_LINE, tf2lint_run
from test_config_files import on_terminal
from tf2lint.explain import explain, find_rule, rule_line
from tf2lint.context import Project
from tf2lint.rules import ERROR, HOOKS, RULES, WARNING

MARKED = re.compile(r"#\s*expect:\s*((?:TF\d{3}\s*)+)\(([a-z ]+)\)")
SEVERITY_FIXTURE = FIXTURES / "tf1xx_severity.py"


def marked_severities(path: Path) -> dict[tuple[int, str], str]:
    """(line, code) -> severity, from the markers that give one."""
    found = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = MARKED.search(line)
        if match:
            codes, severities = match.group(1).split(), match.group(2).split()
            assert len(codes) == len(severities), line
            found.update({(number, code): severity for code, severity in zip(codes, severities)})
    return found


MARKED_FILES = [path for path in fixture_files() if marked_severities(path)]


def test_severity_fixtures_cover_both_namespaces() -> None:
    severities = marked_severities(SEVERITY_FIXTURE)
    by_code: dict[str, set[str]] = {}
    for (_, code), severity in severities.items():
        by_code.setdefault(code, set()).add(severity)
    # every rule of the fixture is shown once through ``tf`` and once through compat.v1 (TF709 has no v1 line)
    assert {code for code, found in by_code.items() if len(found) == 2} >= {
        "TF108", "TF110", "TF202", "TF301", "TF306", "TF401", "TF503", "TF701", "TF805", "TF806", "TF807", "TF903"}


@pytest.mark.parametrize("path", MARKED_FILES, ids=[p.stem for p in MARKED_FILES])
def test_engine_severities_match_the_markers(path: Path) -> None:
    engine = {(d.line, d.code): d.severity for d in tf2lint.lint_file(path)}
    assert {key: engine.get(key) for key in marked_severities(path)} == marked_severities(path)


@pytest.mark.parametrize("path", fixture_files(), ids=[p.stem for p in fixture_files()])
def test_every_severity_is_one_the_rule_declares(path: Path) -> None:
    assert [(d.line, d.code, d.severity) for d in tf2lint.lint_file(path)
            if d.severity not in RULES[d.code].severities] == []


def test_rules_with_name_entries_are_errors_through_tf() -> None:
    named = {entry.code for entry in HOOKS.names.values()}
    assert [code for code in named if RULES[code].severity_through(True) != ERROR] == []
    assert RULES["TF301"].severities == (WARNING, ERROR)
    assert RULES["TF108"].severities == (ERROR, WARNING)


def test_explain_and_list_rules_show_both() -> None:
    assert "Severity: error through `tf`, warning through `tf.compat.v1`" in explain(RULES["TF301"])
    assert "pylint: W7301 (tf2lint-tf1-session); old name E7301 (tf2lint-tf1-session-error)" in explain(RULES["TF301"])
    assert rule_line(RULES["TF301"]).split()[2] == "warning/error"
    assert rule_line(RULES["TF302"]).split()[2] == "warning"
    # each pylint message names its rule; a severity the rule cannot take names none
    assert find_rule("tf2lint-tf1-session-error") is find_rule("tf2lint-tf1-session") is RULES["TF301"]
    assert find_rule("tf2lint-v1-keyword-warning") is RULES["TF108"]
    assert find_rule("tf2lint-session-run-error") is None


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    shutil.copy(SEVERITY_FIXTURE, tmp_path / SEVERITY_FIXTURE.name)
    return tmp_path


def expected() -> list[tuple[int, str, str]]:
    return sorted((line, code, severity) for (line, code), severity in marked_severities(SEVERITY_FIXTURE).items())


def test_json(project: Path) -> None:
    findings = json.loads(tf2lint_run("--format", "json", ".", cwd=project).stdout)
    assert sorted((f["line"], f["code"], f["severity"]) for f in findings) == expected()


def test_sarif_level(project: Path) -> None:
    sarif = json.loads(tf2lint_run("--format", "sarif", ".", cwd=project).stdout)
    level = {"error": "error", "warning": "warning", "info": "note"}
    found = sorted((r["locations"][0]["physicalLocation"]["region"]["startLine"], r["ruleId"], r["level"])
                   for r in sarif["runs"][0]["results"])
    assert found == [(line, code, level[severity]) for line, code, severity in expected()]


def test_github_annotation_level(project: Path) -> None:
    level = {"error": "error", "warning": "warning", "info": "notice"}
    found = []
    for line in tf2lint_run("--format", "github", ".", cwd=project).lines:
        match = GITHUB_LINE.fullmatch(line)
        assert match, line
        properties = dict(part.split("=", 1) for part in match["properties"].split(","))
        found.append((int(properties["line"]), properties["title"], match["level"]))
    assert sorted(found) == [(line, code, level[severity]) for line, code, severity in expected()]


def test_terminal_colour(project: Path) -> None:
    import os

    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    output = on_terminal(project, {**env, "TERM": "xterm"}, "--isolated", ".")
    colour = {"error": "31", "warning": "33", "info": "36"}
    painted = re.compile(r":(\d+):\d+\S*: \033\[(\d+)m(TF\d{3})\033\[0m")
    found = sorted((int(m[1]), m[3], m[2]) for m in painted.finditer(output))
    assert found == [(line, code, colour[severity]) for line, code, severity in expected()]


def test_statistics_count_findings_severities(project: Path) -> None:
    run = tf2lint_run("--statistics", "--quiet", ".", cwd=project)
    counts = Counter(severity for _, _, severity in expected())
    severity_line = run.lines[1]
    for severity, count in counts.items():
        assert f"{count} {severity} (" in severity_line


@pytest.mark.parametrize("setting", ["auto", "1"])
def test_every_finding_has_a_declared_severity(setting: str) -> None:
    """pylint has a message per rule and severity: a finding of a severity its rule does not declare has none."""
    for path in sorted(FIXTURES.glob("*.py")):
        for found in tf2lint.lint_source(path.read_text(encoding="utf-8"), str(path), project=Project(setting)):
            assert found.severity in found.rule.severities, (path.name, found)
