"""docs/rules.md is rendered from the rule table and kept in sync with it; the editor examples are valid."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Iterable, Optional

import pytest

from tf2lint.docs import FAMILIES, render_rules_markdown
from tf2lint.rules import RULES
from tf2lint.rules.model import DOCS_URL

ROOT = Path(__file__).resolve().parents[1]
RULES_DOC = ROOT / "docs" / "rules.md"
EDITORS = ROOT / "examples" / "editors"
HEADING = re.compile(r"#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")  # an ATX heading's text


def headings(markdown: str) -> list[str]:
    """The ATX heading texts outside fenced code blocks."""
    found, fenced = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (match := HEADING.fullmatch(line)):
            found.append(match.group(1))
    return found


def github_slugs(titles: Iterable[str]) -> list[str]:
    """The anchors GitHub gives headings (github-slugger): lower case, punctuation other than ``-`` and ``_``
    dropped, each space a ``-``, and ``-1``, ``-2``, ... appended to repeats."""
    occurrences: dict[str, int] = {}
    slugs = []
    for title in titles:
        original = slug = re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")
        while slug in occurrences:
            occurrences[original] += 1
            slug = f"{original}-{occurrences[original]}"
        occurrences[slug] = 0
        slugs.append(slug)
    return slugs


@pytest.fixture(scope="module")
def rules_doc() -> str:
    return RULES_DOC.read_text(encoding="utf-8")


def test_rules_doc_is_up_to_date(rules_doc: str) -> None:
    assert rules_doc == render_rules_markdown(), "docs/rules.md is out of date: run python3 scripts/gen_rules_doc.py"


def test_generator_check_mode() -> None:
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_rules_doc.py"), "--check"],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stderr


def test_github_slugs() -> None:
    assert github_slugs(["TF301 tf1-session", "TF1xx: TF1-only API surface", "Index", "Index"]) == [
        "tf301-tf1-session", "tf1xx-tf1-only-api-surface", "index", "index-1"]


def test_every_rule_anchor_is_a_heading(rules_doc: str) -> None:
    slugs = github_slugs(headings(rules_doc))
    assert len(slugs) == len(set(slugs)), "repeated headings get -1 anchors"
    missing = [rule.code for rule in RULES.values() if rule.anchor not in slugs]
    assert not missing, f"no heading with the anchor of {missing}"


def test_index_links_every_rule(rules_doc: str) -> None:
    slugs = set(github_slugs(headings(rules_doc)))
    links = re.findall(r"\]\(#([^)]+)\)", rules_doc)
    assert sorted(links) == sorted(rule.anchor for rule in RULES.values())
    assert set(links) <= slugs


def test_doc_urls_point_at_this_file() -> None:
    assert DOCS_URL.endswith("/" + RULES_DOC.relative_to(ROOT).as_posix())
    assert all(rule.doc_url == f"{DOCS_URL}#{rule.anchor}" for rule in RULES.values())


def test_every_family_has_an_introduction() -> None:
    assert set(FAMILIES) == {rule.family for rule in RULES.values()}


@pytest.mark.parametrize("path", sorted(EDITORS.rglob("*.json")), ids=lambda p: p.relative_to(EDITORS).as_posix())
def test_editor_json_parses(path: Path) -> None:
    assert isinstance(json.loads(path.read_text(encoding="utf-8")), dict)


def flake8_extension_severity(code: str, severity: dict[str, str]) -> Optional[str]:
    """The VS Code flake8 extension's lookup: the longest prefix of the code in ``flake8.severity``."""
    while code:
        if code in severity:
            return severity[code]
        code = code[:-1]
    return None


def test_vscode_flake8_severity_follows_the_rules() -> None:
    settings = json.loads((EDITORS / "vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["flake8.importStrategy"] == "fromEnvironment"
    vscode = {"error": "Error", "warning": "Warning", "info": "Information"}
    wrong = {rule.code: flake8_extension_severity(rule.code, settings["flake8.severity"])
             for rule in RULES.values()
             if flake8_extension_severity(rule.code, settings["flake8.severity"]) != vscode[rule.severity]}
    assert not wrong, wrong


def test_server_examples_start_tf2lint_server() -> None:
    glspc = json.loads((EDITORS / "vscode" / "settings.server.json").read_text(encoding="utf-8"))
    assert [glspc["glspc.server.command"], *glspc["glspc.server.commandArguments"]] == ["tf2lint", "server", "--stdio"]
    assert 'cmd = { "tf2lint", "server", "--stdio" }' in (EDITORS / "nvim" / "tf2lint.lua").read_text(encoding="utf-8")
