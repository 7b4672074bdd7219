"""The pylint plugin reports what the engine and the flake8 plugin report, through the real pylint."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tf2lint
from conftest import expected_findings, fixture_files
from tf2lint.rules import RULES
from tf2lint.rules.model import PYLINT_CATEGORY

pytest.importorskip("pylint")

FILES = fixture_files()
#: The rule of each message, by pylint id: one message per rule.
BY_PYLINT_ID = {rule.pylint_id: rule.code for rule in RULES.values()}
OURS = ",".join(rule.pylint_symbol for rule in RULES.values())
#: The message text: ``TF301 [error] message: suggestion``.
TEXT = re.compile(r"(TF\d{3}) \[(error|warning|info)\] (.*)", re.DOTALL)

#: Findings silenced by pylint comments: line 1 has none, the other lines one TF301 each, an error through
#: ``tf`` (``tf.Session`` is gone from TF 2.x), a warning through compat.v1. The rule's name silences both; the
#: per-severity names of 0.1.0 (``E7301`` / ``tf2lint-tf1-session-error``) still work, for the whole rule.
DISABLE_SOURCE = """\
import tensorflow as tf
a = tf.Session()  # pylint: disable=tf2lint-tf1-session
b = tf.Session()
c = tf.Session()  # pylint: disable=W7301
d = tf.Session()  # pylint: disable=tf2lint-tf1-session-error
e = tf.compat.v1.Session()  # pylint: disable=tf2lint-tf1-session
f = tf.compat.v1.Session()  # pylint: disable=E7301
g = tf.compat.v1.Session()
"""

#: line, col, end line, end col, code, message, confidence, severity
Finding = tuple[int, int, int, int, str, str, str, str]


def run_pylint(*args: str, cwd: Path) -> dict[str, list[Finding]]:
    """Run the real pylint with JSON output: {file name: [finding]}."""
    result = subprocess.run(
        [sys.executable, "-m", "pylint", "--persistent=n", "--output-format=json2", "--score=n", *args],
        capture_output=True, text=True, check=False, cwd=cwd,
    )
    # pylint's exit status is a bit field; 1 (fatal) and 32 (usage error) mean it did not lint
    assert result.returncode & 33 == 0 and result.stdout, result.stderr
    findings: dict[str, list[Finding]] = {}
    for message in json.loads(result.stdout)["messages"]:
        code = BY_PYLINT_ID[message["messageId"]]
        assert RULES[code].pylint_symbol == message["symbol"]
        match = TEXT.fullmatch(message["message"])
        assert match and match[1] == code, message
        findings.setdefault(Path(message["path"]).name, []).append((
            message["line"], message["column"], message["endLine"], message["endColumn"], code,
            f"{code} {match[3]}", message["confidence"], match[2],
        ))
    return findings


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty rcfile, so no configuration of the repository or the user applies, and the extra sources."""
    path = tmp_path_factory.mktemp("pylint")
    (path / "fixtures").mkdir()
    for fixture in FILES:  # away from the repository's [tool.tf2lint], which excludes its fixtures
        shutil.copy(fixture, path / "fixtures" / fixture.name)
    (path / "empty.rc").write_text("", encoding="utf-8")
    (path / "disabled.py").write_text(DISABLE_SOURCE, encoding="utf-8")
    (path / "pyproject.toml").write_text(
        '[tool.pylint.main]\nload-plugins = ["tf2lint.pylint_plugin"]\n'
        'disable = ["all"]\nenable = ["tf2lint-tf3xx"]\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def pylint_findings(workdir: Path) -> dict[str, list[Finding]]:
    """One pylint run over all fixtures (and ``disabled.py``) with only tf2lint's messages enabled."""
    return run_pylint(
        f"--rcfile={workdir / 'empty.rc'}", "--load-plugins=tf2lint.pylint_plugin", "--disable=all",
        f"--enable={OURS}", *(str(workdir / "fixtures" / path.name) for path in FILES),
        str(workdir / "disabled.py"), cwd=workdir,
    )


def test_message_ids() -> None:
    from tf2lint import pylint_plugin

    assert len(RULES) == len({rule.symbol for rule in RULES.values()})
    assert len(BY_PYLINT_ID) == len(RULES)  # one message per rule
    for rule in RULES.values():
        assert rule.pylint_id == PYLINT_CATEGORY[rule.severity] + "7" + rule.code[2:]
        assert rule.pylint_symbol == "tf2lint-" + rule.symbol
        # the released per-severity names are old names of the rule's message
        assert [name for name in rule.pylint_old_names] == [
            (PYLINT_CATEGORY[severity] + rule.pylint_id[1:], f"{rule.pylint_symbol}-{severity}")
            for severity in rule.severities[1:]]
    registered = {msgid: msg for checker in pylint_plugin.CHECKERS for msgid, msg in checker.msgs.items()}
    assert registered.keys() == BY_PYLINT_ID.keys()
    assert len({msg[1] for msg in registered.values()}) == len(registered)
    assert all(len({msgid[1:3] for msgid in checker.msgs}) == 1 for checker in pylint_plugin.CHECKERS)
    assert sum(len(rule.pylint_old_names) for rule in RULES.values()) > 40  # the suffixed names of 0.1.0


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_pylint_matches_expectations_and_flake8(
    path: Path, pylint_findings: dict[str, list[Finding]], flake8_findings: dict[str, set[tuple[int, str]]],
) -> None:
    found = {(line, code) for line, _, _, _, code, _, _, _ in pylint_findings.get(path.name, [])}
    assert found == expected_findings(path)
    assert found == flake8_findings[path.name]


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_pylint_positions_text_and_confidence(path: Path, pylint_findings: dict[str, list[Finding]], workdir: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workdir)  # where pylint ran: texts name other project files relative to it
    engine = [
        (d.line, d.col, d.end_line, d.end_col, d.code, f"{d.code} {d.text()}", d.confidence, d.severity)
        for d in tf2lint.lint_file(workdir / "fixtures" / path.name, noqa=False)
    ]
    found = pylint_findings.get(path.name, [])
    assert sorted(found) == sorted(engine)
    # in line order, whatever the family (pylint registers one checker per family)
    assert [(line, column) for line, column, *_ in found] == sorted((line, column) for line, column, *_ in found)


def test_disable_comments(pylint_findings: dict[str, list[Finding]]) -> None:
    found = {(line, code, severity) for line, _, _, _, code, _, _, severity in pylint_findings["disabled.py"]}
    # one name silences the rule, whatever the finding's severity; the old per-severity names too
    assert found == {(3, "TF301", "error"), (8, "TF301", "warning")}


def test_one_name_disables_a_rule_in_options_and_pylintrc(workdir: Path) -> None:
    """``--disable`` and a pylintrc take the rule's name for findings of every severity (a TF1 file, where
    ``tf.Session`` is an error)."""
    path = workdir / "tf1.py"
    path.write_text("import tensorflow as tf\nx = tf.placeholder(tf.float32)\nsess = tf.Session()\n"
                    "sess2 = tf.compat.v1.Session()\n", encoding="utf-8")
    common = ["--load-plugins=tf2lint.pylint_plugin", "--disable=all", f"--enable={OURS}", str(path)]
    everything = run_pylint(f"--rcfile={workdir / 'empty.rc'}", *common, cwd=workdir)["tf1.py"]
    assert {(line, code, severity) for line, *_, code, _, _, severity in everything} == {
        (2, "TF306", "error"), (3, "TF301", "error"), (4, "TF301", "warning")}
    for disable in ("tf2lint-tf1-session", "W7301", "tf2lint-tf1-session-error", "E7301"):
        found = run_pylint(f"--rcfile={workdir / 'empty.rc'}", *common, f"--disable={disable}", cwd=workdir)
        assert [code for *_, code, _, _, _ in found["tf1.py"]] == ["TF306"], disable
    (workdir / "tf1.rc").write_text("[MESSAGES CONTROL]\ndisable=C,import-error,tf2lint-tf1-session\n",
                                    encoding="utf-8")
    found = run_pylint("--rcfile=tf1.rc", "--load-plugins=tf2lint.pylint_plugin", str(path), cwd=workdir)
    assert [code for *_, code, _, _, _ in found["tf1.py"]] == ["TF306"]


def test_findings_of_both_severities_are_in_the_fixtures(pylint_findings: dict[str, list[Finding]]) -> None:
    """The fixtures reach rules through ``tf`` and compat.v1: TF301 is reported with both severities."""
    severities = {severity for found in pylint_findings.values() for *_, code, _, _, severity in found
                  if code == "TF301"}
    assert severities == {"error", "warning"}


def test_pyproject_config_and_disable_option(workdir: Path) -> None:
    """``[tool.pylint.main] load-plugins``, enabling a checker by name, ``--disable`` by symbol and by id."""
    path = workdir / "fixtures" / "tf3xx_sessions.py"
    findings = run_pylint(
        f"--rcfile={workdir / 'pyproject.toml'}", "--disable=tf2lint-tensor-eval,W7305", str(path), cwd=workdir,
    )
    found = {(line, code) for line, _, _, _, code, _, _, _ in findings.get(path.name, [])}
    engine = {(d.line, d.code) for d in tf2lint.lint_file(path, noqa=False)}
    assert {code for _, code in engine} >= {"TF101", "TF301", "TF304", "TF305"}
    assert found == {(line, code) for line, code in engine if code[2] == "3" and code not in ("TF304", "TF305")}


def test_list_msgs(workdir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pylint", f"--rcfile={workdir / 'empty.rc'}",
         "--load-plugins=tf2lint.pylint_plugin", "--list-msgs"],
        capture_output=True, text=True, check=False, cwd=workdir,
    )
    assert result.returncode == 0, result.stderr
    # each message is a ``:symbol (id):`` line followed by its indented, wrapped description
    sections = {}
    for section in ("\n" + result.stdout).split("\n:")[1:]:
        head, _, body = section.partition("\n")
        sections[head] = "".join(body.split())  # pylint wraps at spaces and hyphens
    for rule in RULES.values():
        description = sections[f"{rule.pylint_symbol} ({rule.pylint_id}):"]
        assert "".join(f"{rule.what} {rule.why}".split()) in description


#: pylint plugins from PyPI whose message ids once clashed with ours (W9201 was pylint-clean-architecture's).
OTHER_PLUGINS = {"clean_architecture_linter.checker": "pylint-clean-architecture", "pylint_pytest": "pylint-pytest"}


@pytest.mark.parametrize("plugin", OTHER_PLUGINS)
def test_loads_next_to_other_plugins(plugin: str, workdir: Path) -> None:
    pytest.importorskip(plugin, reason=f"needs {OTHER_PLUGINS[plugin]}")
    path = workdir / "session.py"
    path.write_text("import tensorflow as tf\nsess = tf.Session()\n", encoding="utf-8")
    result = subprocess.run(  # text output: pylint-clean-architecture prints a banner to stdout
        [sys.executable, "-m", "pylint", "--persistent=n", "--score=n", f"--rcfile={workdir / 'empty.rc'}",
         f"--load-plugins=tf2lint.pylint_plugin,{plugin}", "--disable=all", f"--enable={OURS}",
         "--msg-template=@{line} {msg_id} {symbol}", str(path)],
        capture_output=True, text=True, check=False, cwd=workdir,
    )
    assert result.returncode & 33 == 0, result.stderr
    rule = RULES["TF301"]
    assert [line for line in result.stdout.splitlines() if line.startswith("@")] == [
        f"@2 {rule.pylint_id} {rule.pylint_symbol}"]
