"""The installed ``tf2lint`` command, run as a subprocess: formats, exit status, selection, files, jobs.

Expected findings come from the engine (``tf2lint.lint_file``) or the fixtures' ``# expect:`` markers.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

import pytest

import tf2lint
from conftest import FIXTURES, expected_findings, fixture_files
from tf2lint.engine import SourceError, parse
from tf2lint.rules import RULES
from tf2lint.statistics import FAMILIES

LOCATION = r"(?P<path>.+?):(?:cell_(?P<cell>\d+):)?(?P<line>\d+):(?P<col>\d+)"
TEXT_LINE = re.compile(LOCATION + r": (?P<code>TF\d{3}) (?P<text>.*)")
ERROR_LINE = re.compile(LOCATION + r": error: (?P<message>.+)")
GITHUB_LINE = re.compile(r"::(?P<level>\w+) (?P<properties>[^:]*)::(?P<message>.*)")
SEVERITY_LEVELS = {"error": ("error", "error"), "warning": ("warning", "warning"), "info": ("note", "notice")}


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()


def tf2lint_run(*args: Union[str, Path], cwd: Path, stdin: Optional[bytes] = None) -> Run:
    """``python -m tf2lint ARGS`` in ``cwd``."""
    result = subprocess.run([sys.executable, "-m", "tf2lint", *map(str, args)], cwd=cwd, input=stdin or b"",
                            capture_output=True, check=False, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    return Run(result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8"))


def copy_fixtures(folder: Path) -> list[Path]:
    """The fixture files copied into ``folder`` (sorted, as the command walks them)."""
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(path, folder / path.name)) for path in fixture_files()]


def engine_rows(path: Path, shown: str) -> list[tuple[str, int, int, str, str]]:
    """What the text format must print for ``path`` (shown as ``shown``), from the engine."""
    found = sorted(tf2lint.lint_file(path), key=lambda d: (d.line, d.col, d.code))
    return [(shown, d.line, d.col + 1, d.code, d.text()) for d in found]


def text_rows(output: str) -> list[tuple[str, int, int, str, str]]:
    rows = []
    for line in output.splitlines():
        match = TEXT_LINE.fullmatch(line)
        assert match and match["cell"] is None, line
        rows.append((match["path"], int(match["line"]), int(match["col"]), match["code"], match["text"]))
    return rows


def digest(folder: Path) -> dict[str, str]:
    """The files below ``folder`` but the command's own cache (``.tf2lint_cache``, see tests/test_cache.py)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".tf2lint_cache" not in p.relative_to(folder).parts}


def make_project(tmp_path: Path) -> Path:
    """A folder with a pyproject.toml without tf2lint settings, so no configuration from above leaks in."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text("[project]\nname = 'demo'\n", encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


# --- text ---------------------------------------------------------------------------------------------------

def test_text_matches_engine_and_markers(project: Path) -> None:
    files = copy_fixtures(project / "src")
    before = digest(project)
    run = tf2lint_run("src", cwd=project)
    assert run.returncode == 1, run.stderr
    assert run.stderr == ""
    expected = [row for path in files for row in engine_rows(path, f"src{os.sep}{path.name}")]
    assert text_rows(run.stdout) == expected
    for path in files:
        assert {(line, code) for shown, line, _, code, _ in expected if shown.endswith(path.name)} == \
            expected_findings(path)
    assert digest(project) == before  # files are only read


def test_clean_files_exit_zero(project: Path) -> None:
    shutil.copy(FIXTURES / "no_tensorflow.py", project / "plain.py")
    (project / "modern.py").write_text("import tensorflow as tf\nx = tf.constant(1)\n", encoding="utf-8")
    run = tf2lint_run(".", cwd=project)
    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")


def test_columns_follow_each_format(project: Path) -> None:
    """Text columns are flake8's (UTF-8 bytes); json, sarif and github count characters."""
    line = 's = "ééé"; sess = tf.Session()'
    (project / "accents.py").write_text(f"import tensorflow as tf\n{line}\n", encoding="utf-8")
    start = line.index("tf.Session")
    [diagnostic] = tf2lint.lint_file(project / "accents.py")
    assert diagnostic.col == len(line[:start].encode("utf-8"))  # the engine reports byte offsets

    [row] = text_rows(tf2lint_run("accents.py", cwd=project).stdout)
    assert row[2] == len(line[:start].encode("utf-8")) + 1
    [finding] = json.loads(tf2lint_run("--format", "json", "accents.py", cwd=project).stdout)
    assert (finding["column"], finding["end_column"]) == (start + 1, start + len("tf.Session") + 1)
    sarif = json.loads(tf2lint_run("--format", "sarif", "accents.py", cwd=project).stdout)
    region = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (start + 1, start + len("tf.Session") + 1)
    [annotation] = tf2lint_run("--format", "github", "accents.py", cwd=project).lines
    properties = dict(part.split("=", 1) for part in GITHUB_LINE.fullmatch(annotation)["properties"].split(","))
    assert (int(properties["col"]), int(properties["endColumn"])) == (start + 1, start + len("tf.Session") + 1)


# --- json ---------------------------------------------------------------------------------------------------

def test_json_fields(project: Path) -> None:
    files = copy_fixtures(project / "pkg")
    run = tf2lint_run("--format", "json", "pkg", cwd=project)
    assert run.returncode == 1, run.stderr
    findings = json.loads(run.stdout)
    expected = []
    for path in files:
        for d in sorted(tf2lint.lint_file(path), key=lambda d: (d.line, d.col, d.code)):
            rule = RULES[d.code]
            expected.append({
                "path": f"pkg{os.sep}{path.name}", "cell": None, "line": d.line, "column": d.col + 1,
                "end_line": d.end_line, "end_column": d.end_col + 1, "code": d.code, "symbol": rule.symbol,
                "severity": d.severity, "message": d.message, "suggestion": d.suggestion,
                "confidence": d.confidence, "url": rule.doc_url,
            })  # the fixtures are ASCII: byte and character columns agree
    assert findings == expected


def test_json_without_findings_is_an_empty_array(project: Path) -> None:
    (project / "ok.py").write_text("x = 1\n", encoding="utf-8")
    run = tf2lint_run("--format", "json", ".", cwd=project)
    assert (run.returncode, json.loads(run.stdout)) == (0, [])


# --- sarif --------------------------------------------------------------------------------------------------

def test_sarif_structure(project: Path) -> None:
    files = copy_fixtures(project / "src" / "deep")
    (project / "src" / "broken.py").write_text("import tensorflow as tf\nprint 'x'\n", encoding="utf-8")
    run = tf2lint_run("--format", "sarif", "src", cwd=project)
    assert run.returncode == 2
    sarif = json.loads(run.stdout)
    assert sarif["version"] == "2.1.0" and "sarif" in sarif["$schema"]
    [sarif_run] = sarif["runs"]
    driver = sarif_run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("tf2lint", tf2lint.__version__)
    assert driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    assert [rule["id"] for rule in rules] == sorted(RULES)
    for rule in rules:
        source = RULES[rule["id"]]
        assert rule["name"] == source.symbol
        assert rule["shortDescription"]["text"] and source.why in rule["fullDescription"]["text"]
        assert source.example in rule["help"]["text"] and source.instead in rule["help"]["markdown"]
        assert rule["helpUri"] == source.doc_url
        assert rule["defaultConfiguration"]["level"] == SEVERITY_LEVELS[source.severity][0]

    expected = [(f"src/deep/{path.name}", d) for path in files
                for d in sorted(tf2lint.lint_file(path), key=lambda d: (d.line, d.col, d.code))]
    results = sarif_run["results"]
    assert len(results) == len(expected)
    for result, (uri, d) in zip(results, expected):
        assert result["ruleId"] == d.code == rules[result["ruleIndex"]]["id"]
        assert result["level"] == SEVERITY_LEVELS[d.severity][0]
        assert result["message"]["text"] == d.text()
        [location] = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": uri, "uriBaseId": "%SRCROOT%"}
        region = location["physicalLocation"]["region"]
        assert region == {"startLine": d.line, "startColumn": d.col + 1, "endLine": d.end_line,
                          "endColumn": d.end_col + 1}
        assert min(region.values()) >= 1

    [invocation] = sarif_run["invocations"]
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error" and "SyntaxError" in notification["message"]["text"]
    location = notification["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "src/broken.py" and location["region"]["startLine"] == 2
    [error] = run.stderr.splitlines()
    assert ERROR_LINE.fullmatch(error)["path"] == os.path.join("src", "broken.py")


def test_sarif_lists_only_selected_rules(project: Path) -> None:
    copy_fixtures(project)
    sarif = json.loads(tf2lint_run("--format", "sarif", "--select", "TF3", "--ignore", "TF302", ".",
                                   cwd=project).stdout)
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [code for code in sorted(RULES)
                                              if code.startswith("TF3") and code != "TF302"]
    results = sarif["runs"][0]["results"]
    assert results and all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


# --- github -------------------------------------------------------------------------------------------------

def test_github_annotations(project: Path) -> None:
    files = copy_fixtures(project / "src")
    run = tf2lint_run("--format", "github", "src", cwd=project)
    assert run.returncode == 1
    expected = [(f"src/{path.name}", d) for path in files
                for d in sorted(tf2lint.lint_file(path), key=lambda d: (d.line, d.col, d.code))]
    assert len(run.lines) == len(expected)
    for line, (path, d) in zip(run.lines, expected):
        match = GITHUB_LINE.fullmatch(line)
        assert match, line
        properties = dict(part.split("=", 1) for part in match["properties"].split(","))
        assert match["level"] == SEVERITY_LEVELS[d.severity][1]
        assert properties["file"] == path and properties["title"] == d.code
        assert (int(properties["line"]), int(properties["endLine"])) == (d.line, d.end_line)
        if d.line == d.end_line:
            assert (int(properties["col"]), int(properties["endColumn"])) == (d.col + 1, d.end_col + 1)
        assert match["message"] == d.text().replace("%", "%25")


@pytest.mark.skipif(os.name == "nt", reason="':' cannot be in a Windows file name")
def test_github_escaping(project: Path) -> None:
    name = "odd, name: 100%.py"
    (project / name).write_text("import tensorflow as tf\nsess = tf.Session()\n", encoding="utf-8")
    (project / "bad%,:.py").write_text("x = (\n", encoding="utf-8")
    run = tf2lint_run("--format", "github", ".", cwd=project)
    assert run.returncode == 2
    escaped = {line.split("file=", 1)[1].split(",", 1)[0]: line for line in run.lines}
    assert set(escaped) == {"odd%2C name%3A 100%25.py", "bad%25%2C%3A.py"}
    assert escaped["bad%25%2C%3A.py"].startswith("::error ")
    for line in run.lines:
        assert "\n" not in line and "\r" not in line


def test_github_escape_functions() -> None:
    from tf2lint.output import escape_data, escape_property, workflow_command

    assert escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert workflow_command("notice", "a\nb", file="x,y.py", line=3, col=None) == "::notice file=x%2Cy.py,line=3::a%0Ab"


# --- exit status and broken files ---------------------------------------------------------------------------

BROKEN = {
    "syntax_error.py": b"import tensorflow as tf\nx = (\n",
    "python2.py": b'import tensorflow as tf\nprint "x"\n',
    "undecodable.py": b"import tensorflow as tf\nx = '\xff\xfe'\n",
    "broken.ipynb": b'{"cells": [\n  {"cell_type": "code", "source": [}\n',
}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_broken_files_next_to_good_ones(project: Path, jobs: str) -> None:
    files = copy_fixtures(project)
    for name, data in BROKEN.items():
        (project / name).write_bytes(data)
    run = tf2lint_run("-j", jobs, ".", cwd=project)
    assert run.returncode == 2
    expected = [row for path in files for row in engine_rows(path, path.name)]
    assert text_rows(run.stdout) == expected  # every good file is still reported
    errors = {Path(ERROR_LINE.fullmatch(line)["path"]).name: ERROR_LINE.fullmatch(line) for line in
              run.stderr.splitlines()}
    assert set(errors) == set(BROKEN)
    assert errors["python2.py"]["line"] == "2" and "print" in errors["python2.py"]["message"]
    assert errors["syntax_error.py"]["line"] == "2"
    assert errors["undecodable.py"]["message"].startswith("cannot decode")
    assert errors["broken.ipynb"]["message"].startswith("invalid notebook JSON")
    assert errors["broken.ipynb"]["line"] == "2"  # the JSON error's position in the file


def test_missing_path_is_an_error_and_the_rest_is_linted(project: Path) -> None:
    shutil.copy(FIXTURES / "tf3xx_sessions.py", project)
    run = tf2lint_run("missing.py", "tf3xx_sessions.py", cwd=project)
    assert run.returncode == 2
    assert text_rows(run.stdout) == engine_rows(project / "tf3xx_sessions.py", "tf3xx_sessions.py")
    [error] = run.stderr.splitlines()
    assert error.startswith("missing.py:1:1: error: cannot read")


@pytest.mark.parametrize("args", [["--select", "TF999"], ["--ignore", "E501"], ["--format", "xml"],
                                  ["-j", "many"], ["-", "other.py"]])
def test_usage_errors_exit_2(project: Path, args: list[str]) -> None:
    run = tf2lint_run(*args, ".", cwd=project) if "-" not in args else tf2lint_run(*args, cwd=project)
    assert run.returncode == 2 and run.stdout == "" and "error" in run.stderr


def test_broken_configuration_exits_2(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.tf2lint]\nselect = 3\n", encoding="utf-8")
    run = tf2lint_run(".", cwd=project)
    assert run.returncode == 2 and "select" in run.stderr


# --- stdin --------------------------------------------------------------------------------------------------

def test_stdin(project: Path) -> None:
    source = FIXTURES / "tf3xx_sessions.py"
    run = tf2lint_run("-", "--stdin-filename", "pkg/train.py", cwd=project, stdin=source.read_bytes())
    assert run.returncode == 1
    assert text_rows(run.stdout) == engine_rows(source, "pkg/train.py")
    unnamed = tf2lint_run("-", cwd=project, stdin=source.read_bytes())
    assert text_rows(unnamed.stdout) == engine_rows(source, "stdin")
    broken = tf2lint_run("-", cwd=project, stdin=b"print 'x'\n")
    with pytest.raises(SourceError) as error:
        parse("print 'x'\n")
    assert broken.returncode == 2
    assert broken.stderr == f"stdin:{error.value.line}:{error.value.col + 1}: error: {error.value.message}\n"


def test_stdin_uses_the_configuration_of_its_file_name(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.tf2lint]\nselect = ["TF306"]\n', encoding="utf-8")
    source = FIXTURES / "tf3xx_sessions.py"
    run = tf2lint_run("-", "--stdin-filename", str(project / "x.py"), cwd=project.parent,
                      stdin=source.read_bytes())
    assert {row[3] for row in text_rows(run.stdout)} == {"TF306"}


# --- configuration and selection ----------------------------------------------------------------------------

def codes_of(run: Run) -> set[str]:
    return {row[3] for row in text_rows(run.stdout)}


def all_codes() -> set[str]:
    return {code for path in fixture_files() for _, code in expected_findings(path)}


def test_configuration_from_the_nearest_pyproject(tmp_path: Path) -> None:
    project = tmp_path / "project"
    copy_fixtures(project / "src")
    copy_fixtures(project / "src" / "generated")
    shutil.copy(FIXTURES / "tf3xx_sessions.py", project / "src" / "gen_model.py")
    (project / "pyproject.toml").write_text(
        '[tool.tf2lint]\nselect = ["TF3", "TF4"]\nignore = ["TF302", "TF40"]\n'
        'exclude = ["src/generated"]\nextend-exclude = ["gen_*.py"]\n', encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = tf2lint_run(project / "src", cwd=elsewhere)  # found from the first path, not the cwd
    wanted = {code for code in all_codes() if code[:3] in ("TF3", "TF4") and code != "TF302"
              and not code.startswith("TF40")}
    assert codes_of(run) == wanted
    paths = {Path(row[0]) for row in text_rows(run.stdout)}
    assert paths == {project / "src" / path.name for path in fixture_files() if path.name in {
        p.name for p in fixture_files() if any(code in wanted for _, code in expected_findings(p))}}

    # the command line replaces select / ignore / exclude and extends extend-select
    run = tf2lint_run("--select", "TF1", "--ignore", "TF101", "--extend-select", "TF9", project / "src",
                      cwd=elsewhere)
    assert codes_of(run) == {c for c in all_codes() if c[:3] in ("TF1", "TF9") and c != "TF101"}
    run = tf2lint_run("--exclude", "nothing", "--select", "TF306", project / "src", cwd=elsewhere)
    assert {Path(row[0]).parent.name for row in text_rows(run.stdout)} == {"src", "generated"}
    assert not any(Path(row[0]).name == "gen_model.py" for row in text_rows(run.stdout))

    assert codes_of(tf2lint_run("--isolated", project / "src", cwd=elsewhere)) == all_codes()
    (elsewhere / "other.toml").write_text('[tool.tf2lint]\nselect = ["TF5"]\n', encoding="utf-8")
    run = tf2lint_run("--config", "other.toml", project / "src", cwd=elsewhere)
    assert codes_of(run) == {code for code in all_codes() if code.startswith("TF5")}


def test_configuration_from_the_cwd_for_stdin(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.tf2lint]\nextend-select = ["TF3"]\nignore = ["TF"]\n',
                                            encoding="utf-8")
    run = tf2lint_run("-", cwd=project, stdin=(FIXTURES / "tf3xx_sessions.py").read_bytes())
    project_calls = {"TF316", "TF317"}  # calls of project functions: not in a file read from stdin
    assert codes_of(run) == {code for code in all_codes() if code.startswith("TF3")} - project_calls


def test_noqa(project: Path) -> None:
    text = ("import tensorflow as tf\n"
            "a = tf.Session()  # noqa\n"
            "b = tf.Session()  # noqa: TF301\n"
            "c = tf.Session()  # noqa: TF4\n"
            "d = tf.placeholder(tf.float32)  # NOQA:TF3\n"
            "e = tf.Session()\n")
    (project / "noqa.py").write_text(text, encoding="utf-8")
    with_noqa = tf2lint.lint_source(text, "noqa.py")
    assert {d.line for d in with_noqa} == {4, 6}
    assert text_rows(tf2lint_run("noqa.py", cwd=project).stdout) == engine_rows(project / "noqa.py", "noqa.py")
    run = tf2lint_run("--disable-noqa", "noqa.py", cwd=project)
    everything = sorted(tf2lint.lint_source(text, "noqa.py", noqa=False), key=lambda d: (d.line, d.col, d.code))
    assert text_rows(run.stdout) == [("noqa.py", d.line, d.col + 1, d.code, d.text()) for d in everything]


# --- files --------------------------------------------------------------------------------------------------

def test_walk_skips_and_orders(project: Path) -> None:
    session = (FIXTURES / "tf3xx_sessions.py").read_bytes()
    # folders are skipped by what they are (VCS, cache, virtual environment), never by a name like env or build
    wanted = ["a.py", "b/c.py", "b/d/e.py", "b/nb.ipynb", "b_.py", "build/x.py", "dist/x.py", "env/x.py",
              "node_modules/x.py", "venv/x.py", "z.py"]
    skipped = [".git/x.py", ".hg/x.py", "__pycache__/x.py", ".mypy_cache/x.py", ".tox/py311/x.py",
               "b/.ipynb_checkpoints/nb-checkpoint.ipynb", "myenv/lib/x.py", ".venv/lib/x.py", "conda/lib/x.py",
               "notes.txt", "b/script"]
    for name in wanted + skipped:
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(notebook_bytes([session.decode()]) if name.endswith(".ipynb") else session)
    for venv in ("myenv", ".venv"):
        (project / venv / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (project / "conda" / "conda-meta").mkdir()
    run = tf2lint_run("--select", "TF303", "--format", "json", ".", cwd=project)
    order = list(dict.fromkeys(Path(f["path"]).as_posix() for f in json.loads(run.stdout)))
    assert order == wanted
    named = tf2lint_run("--select", "TF303", "--format", "json", "b/script", "venv/x.py", "a.py", "b/script",
                        cwd=project)
    assert list(dict.fromkeys(Path(f["path"]).as_posix() for f in json.loads(named.stdout))) == [
        "b/script", "venv/x.py", "a.py"]  # named files are linted whatever their name, once


def test_excludes_apply_to_named_files(project: Path) -> None:
    shutil.copy(FIXTURES / "tf3xx_sessions.py", project / "keep.py")
    (project / "pkg").mkdir()
    shutil.copy(FIXTURES / "tf3xx_sessions.py", project / "pkg" / "skip_me.py")
    run = tf2lint_run("--extend-exclude", "pkg/skip_*.py", "keep.py", "pkg/skip_me.py", cwd=project)
    assert {row[0] for row in text_rows(run.stdout)} == {"keep.py"}
    run = tf2lint_run("--exclude", "keep.py,pkg", ".", cwd=project)
    assert (run.returncode, run.stdout) == (0, "")


def notebook_bytes(cells: list[str]) -> bytes:
    return json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                                  "source": source.splitlines(keepends=True)} for source in cells],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1).encode()


# --- output options -----------------------------------------------------------------------------------------

def test_output_file_and_quiet(project: Path) -> None:
    copy_fixtures(project)
    run = tf2lint_run("--format", "json", "-o", "out/report.json", ".", cwd=project)
    assert run.returncode == 2 and "cannot write" in run.stderr  # no such folder
    (project / "out").mkdir()
    run = tf2lint_run("--format", "json", "-o", "out/report.json", ".", cwd=project)
    assert (run.returncode, run.stdout) == (1, "")
    direct = tf2lint_run("--format", "json", ".", cwd=project)
    assert json.loads((project / "out" / "report.json").read_text(encoding="utf-8")) == json.loads(direct.stdout)
    quiet = tf2lint_run("--quiet", ".", cwd=project)
    assert (quiet.returncode, quiet.stdout) == (1, "")


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_parallel_output_is_identical(project: Path, fmt: str) -> None:
    for index in range(6):
        copy_fixtures(project / f"part{index}")
    (project / "part3" / "broken.py").write_bytes(BROKEN["python2.py"])
    serial = tf2lint_run("--format", fmt, "-j", "1", ".", cwd=project)
    parallel = tf2lint_run("--format", fmt, "-j", "2", ".", cwd=project)
    automatic = tf2lint_run("--format", fmt, "--jobs", "auto", ".", cwd=project)
    assert serial.returncode == parallel.returncode == automatic.returncode == 2
    assert serial.stdout == parallel.stdout == automatic.stdout
    assert serial.stderr == parallel.stderr == automatic.stderr


def test_installed_script(project: Path) -> None:
    script = shutil.which("tf2lint", path=str(Path(sys.executable).parent)) or shutil.which("tf2lint")
    if script is None:
        pytest.skip("the tf2lint script is not installed")
    shutil.copy(FIXTURES / "tf3xx_sessions.py", project)
    result = subprocess.run([script, "tf3xx_sessions.py"], cwd=project, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 1
    assert text_rows(result.stdout) == engine_rows(project / "tf3xx_sessions.py", "tf3xx_sessions.py")
    version = subprocess.run([script, "--version"], capture_output=True, text=True, check=False)
    assert version.stdout.strip() == f"tf2lint {tf2lint.__version__}"


# --- explain and list-rules ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["TF301", "tf301", "tf1-session", "tf2lint-tf1-session"])
def test_explain(project: Path, name: str) -> None:
    rule = RULES["TF301"]
    run = tf2lint_run("--explain", name, cwd=project)
    assert run.returncode == 0
    for part in (rule.code, rule.symbol, rule.pylint_id, rule.pylint_symbol, rule.severity,
                 rule.message.replace("{name}", "<name>"), rule.doc_url,
                 "What it does", "Why is this bad", "Example", "Use instead"):
        assert part in run.stdout
    flat = " ".join(run.stdout.split())
    for text in (rule.what, rule.why, rule.suggestion):
        assert " ".join(text.split()) in flat
    for line in rule.example.splitlines() + rule.instead.splitlines():
        assert line in run.stdout


def test_explain_each_family_and_unknown(project: Path) -> None:
    for code in {rule.family: code for code, rule in sorted(RULES.items(), reverse=True)}.values():
        assert tf2lint_run("--explain", code, cwd=project).stdout.startswith(f"{code} ({RULES[code].symbol})")
    run = tf2lint_run("--explain", "TF000", cwd=project)
    assert run.returncode == 2 and "TF000" in run.stderr and run.stdout == ""


def test_list_rules(project: Path) -> None:
    run = tf2lint_run("--list-rules", cwd=project)
    assert run.returncode == 0
    rules = sorted(RULES.items())
    assert [line.split()[:3] for line in run.lines] == [[rule.code, rule.symbol, "/".join(rule.severities)]
                                                        for _, rule in rules]


# --- statistics ---------------------------------------------------------------------------------------------

def summary_table(output: str, title: str) -> list[tuple[int, list[str]]]:
    """Rows ``(count, other words)`` of a table of the summary."""
    lines = output.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith(title)) + 1
    rows = []
    for line in lines[start:]:
        if not line.strip():
            break
        count, _share, *rest = line.split()
        rows.append((int(count), rest))
    return rows


def test_statistics(project: Path) -> None:
    files = copy_fixtures(project / "lib" / "core") + copy_fixtures(project / "apps")
    (project / "apps" / "broken.py").write_bytes(BROKEN["python2.py"])
    run = tf2lint_run("--statistics", "--quiet", ".", cwd=project)
    assert run.returncode == 2
    found = {path: tf2lint.lint_file(path) for path in files}
    codes = Counter(d.code for diagnostics in found.values() for d in diagnostics)
    severities = Counter(d.severity for diagnostics in found.values() for d in diagnostics)
    total = sum(codes.values())
    with_findings = sum(1 for diagnostics in found.values() if diagnostics)
    header, severity, counts = run.lines[:3]
    assert header == f"tf2lint summary: {total} findings in {with_findings} files"
    for level in ("error", "warning", "info"):
        number = severities[level]
        assert (f"{number} {level}" in severity) == bool(number)
    without = [path for path in files if not tf2lint.engine.check_source(path.read_text(encoding="utf-8"))[1]]
    assert without and not any(found[path] for path in without)  # no_tensorflow.py, twice
    using = len(files) - len(without)
    clean = using - with_findings
    assert counts == (f"  files: {len(files) + 1} checked, {clean} already clean ({100 * clean // using}%), "
                      f"{with_findings} with findings (of {using} using TensorFlow), {len(without)} without "
                      "TensorFlow, 1 could not be parsed")

    families = Counter(RULES[code].family for code in codes.elements())
    assert summary_table(run.stdout, "By family") == [
        (count, [f"TF{family}xx", *FAMILIES[family].split()]) for family, count in sorted(families.items())]
    assert summary_table(run.stdout, "By rule") == [
        (count, [code, RULES[code].symbol]) for code, count in sorted(codes.items(), key=lambda i: (-i[1], i[0]))]
    per_file = Counter({str(path.relative_to(project)): len(d) for path, d in found.items() if d})
    top = sorted(per_file.items(), key=lambda item: (-item[1], item[0]))[:10]
    assert summary_table(run.stdout, "Files with most findings") == [(count, [path]) for path, count in top]
    folders = {rest[0]: count for count, rest in summary_table(run.stdout, "Directories with most findings")}
    in_folder = Counter({str(path.parent.relative_to(project)): 0 for path in files})
    for path, diagnostics in found.items():
        in_folder[str(path.parent.relative_to(project))] += len(diagnostics)
    assert folders == dict(in_folder)  # "lib" holds nothing but "lib/core", so it is not listed


def test_statistics_go_to_stderr_for_machine_formats(project: Path) -> None:
    copy_fixtures(project)
    run = tf2lint_run("--statistics", "--format", "sarif", ".", cwd=project)
    assert json.loads(run.stdout)["runs"][0]["results"] and run.stderr.startswith("tf2lint summary:")


def test_a_crash_on_one_file_is_reported_for_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from tf2lint import runner
    from tf2lint.config import Config

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(runner, "check_source", crash)
    result = runner.lint_bytes(b"import tensorflow as tf\n", "x.py", runner.Options(Config()))
    assert result.findings == () and result.error is not None
    assert result.error.message.startswith("internal error") and "KeyError" in result.error.message
