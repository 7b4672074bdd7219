"""The migration summary as a document: ``--statistics --format json`` and ``--format markdown`` as a user
runs them, the plan's order, and ``tf2lint report``'s command line (the page itself: test_report_browser.py)."""
from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from conftest import FIXTURES
from test_cli import copy_fixtures, make_project, tf2lint_run
from tf2lint.plan import blockers, components, plan
from tf2lint.rules import RULES
from tf2lint.statistics import FAMILIES

SEVERITIES = ("error", "warning", "info")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def summary_of(*args: str, cwd: Path) -> dict:
    run = tf2lint_run("--statistics", "--format", "json", *args, cwd=cwd)
    assert run.returncode in (0, 1, 2), run.stderr
    return json.loads(run.stdout)


def test_json_summary_counts_the_findings_of_the_json_format(project: Path) -> None:
    copy_fixtures(project / "lib" / "core")
    copy_fixtures(project / "apps")
    findings = json.loads(tf2lint_run("--format", "json", ".", cwd=project).stdout)
    summary = summary_of(".", cwd=project)
    assert (summary["schema"], summary["version"]) == ("tf2lint-summary", 1)
    fields = ("path", "cell", "line", "column", "code", "symbol", "severity", "message", "suggestion", "url")
    assert [{key: f[key] for key in fields} for f in summary["findings"]] == [
        {key: f[key] for key in fields} for f in findings]
    severities = Counter(f["severity"] for f in findings)
    assert summary["totals"] == {"findings": len(findings), **{s: severities[s] for s in SEVERITIES}, "new": None}
    assert severities["error"] and severities["warning"] and severities["info"]
    codes = {code: Counter(f["severity"] for f in findings if f["code"] == code)
             for code in {f["code"] for f in findings}}
    assert {rule["code"]: (rule["total"], *(rule[s] for s in SEVERITIES)) for rule in summary["by_rule"]} == {
        code: (sum(c.values()), *(c[s] for s in SEVERITIES)) for code, c in codes.items()}
    families = Counter(RULES[f["code"]].family for f in findings)
    assert [(f["family"], f["title"], f["total"]) for f in summary["by_family"]] == [
        (f"TF{family}xx", FAMILIES[family], count) for family, count in sorted(families.items())]
    folders = Counter(str(Path(f["path"]).parent.as_posix()) for f in findings)
    assert {folder["folder"]: folder["total"] for folder in summary["by_folder"]} == dict(folders)
    for folder in summary["by_folder"]:
        assert sum(folder["families"].values()) == folder["total"] == sum(folder[s] for s in SEVERITIES)
    checked = sorted(path.relative_to(project).as_posix() for path in project.rglob("*.py"))
    assert [entry["path"] for entry in summary["by_file"]] == checked  # every file, none capped
    per_file = Counter(f["path"] for f in findings)
    assert {entry["path"]: entry["total"] for entry in summary["by_file"]} == {path: per_file[path] for path in checked}
    files = summary["files"]
    assert files["checked"] == len(checked) and files["with_findings"] == len(per_file)
    importing = summary["context"]["clean_importing_tf1"]
    assert files["clean"] + importing == files["using_tensorflow"] - files["with_findings"]
    assert files["ready_share"] == round(files["clean"] / files["using_tensorflow"], 4)
    text = tf2lint_run("--statistics", "-q", ".", cwd=project).stdout.splitlines()
    assert text[0] == f"tf2lint summary: {len(findings)} findings in {len(per_file)} files"
    assert f"  TF1 context: {summary['context']['text']}" in text


def test_clean_files_importing_tf1_project_modules_are_counted_apart(tmp_path: Path) -> None:
    (tmp_path / "shim.py").write_text("import tensorflow as tf\nsess = tf.compat.v1.Session()\n")
    (tmp_path / "user.py").write_text("import shim\nimport tensorflow as tf\n\nx = tf.constant(1)\n")
    (tmp_path / "alone.py").write_text("import tensorflow as tf\n\ny = tf.constant(2)\n")
    summary = summary_of(".", cwd=tmp_path)
    with_findings = {entry["path"] for entry in summary["by_file"] if entry["total"]}
    assert with_findings == {"shim.py"}
    assert summary["context"]["clean_importing_tf1"] == 1  # user.py; alone.py imports nothing of the project
    assert summary["files"]["clean"] == 1
    text = tf2lint_run("--statistics", "-q", ".", cwd=tmp_path).stdout
    assert "1 clean, but import TF1 project modules" in text


def test_fingerprints_follow_the_finding_not_the_line(project: Path) -> None:
    source = "import tensorflow as tf\nsess = tf.Session()\nsess2 = tf.Session()\n"
    (project / "a.py").write_text(source, encoding="utf-8")
    before = [f["fingerprint"] for f in summary_of(".", cwd=project)["findings"]]
    (project / "a.py").write_text("# moved\n\n" + source.replace("= tf.", "=  tf."), encoding="utf-8")
    after = summary_of(".", cwd=project)["findings"]
    assert [f["fingerprint"] for f in after] == before and [f["line"] for f in after] == [4, 5]
    assert len(set(before)) == len(before)


def test_json_summary_of_stdin(project: Path) -> None:
    run = tf2lint_run("--statistics", "--format", "json", "-", "--stdin-filename", "x.py", cwd=project,
                      stdin=b"import tensorflow as tf\ntf.Session()\n")
    summary = json.loads(run.stdout)
    assert [f["code"] for f in summary["findings"]] == ["TF301"]
    assert [step["modules"] for step in summary["plan"]["steps"]] == [["x.py"]]


def test_markdown_summary(project: Path) -> None:
    copy_fixtures(project / "src")
    summary = summary_of(".", cwd=project)
    run = tf2lint_run("--format", "markdown", ".", cwd=project)  # markdown implies --statistics
    assert run.returncode == 1 and run.stderr == ""
    assert run.stdout == tf2lint_run("--statistics", "--format", "markdown", ".", cwd=project).stdout
    totals, files = summary["totals"], summary["files"]
    assert f"**{totals['findings']} findings** ({totals['error']} errors" in run.stdout
    assert f"{files['clean']} of {files['using_tensorflow']} files using TensorFlow are ready" in run.stdout
    erring = sorted((r for r in summary["by_rule"] if r["error"]), key=lambda r: (-r["error"], r["code"]))
    rows = re.findall(r"^\| (\d+) \| \[(TF\d{3})\]", run.stdout, re.MULTILINE)
    assert rows == [(str(r["error"]), r["code"]) for r in erring[:10]]
    assert "### First steps of the migration plan" in run.stdout
    first = [step for step in summary["plan"]["steps"] if step["status"] == "migrate"][:10]
    shown = re.findall(r"^\| (\d+) \| (src/\S+) \| (\d+) \| (\d+) \| (\d+) \|$", run.stdout, re.MULTILINE)
    assert shown == [(str(step["step"]), step["modules"][0].replace("_", "\\_"),
                      *(str(step[s]) for s in SEVERITIES)) for step in first]


def test_markdown_escapes_names_and_fits_a_comment(project: Path) -> None:
    deep = project
    for index in range(15):  # folders of 240 characters, 15 deep: 3,600-character paths
        deep = deep / (chr(ord("a") + index) * 240)
    for index in range(12):
        folder = deep / f"m{index}"
        folder.mkdir(parents=True)
        (folder / "a|b<x>_[y]*.py").write_text("import tensorflow as tf\ntf.Session()\n", encoding="utf-8")
    run = tf2lint_run("--format", "markdown", ".", cwd=project)
    assert run.returncode == 1, run.stderr
    assert len(run.stdout) <= 65536 and run.stdout.endswith("… (cut to fit the size limit)\n")
    assert "a\\|b\\<x\\>\\_\\[y\\]\\*.py" in run.stdout and "<x>" not in run.stdout


# --- the plan -------------------------------------------------------------------------------------------------

def test_plan_orders_imports_first_and_cycles_as_one_step() -> None:
    graph = {"app": ["models", "utils"], "models": ["layers", "utils"], "layers": ["models", "ops"],
             "ops": [], "utils": ["ops"], "tool": ["app", "missing"]}
    assert components(graph) == [["ops"], ["utils"], ["layers", "models"], ["app"], ["tool"]]
    steps = plan(graph)
    assert [(step.modules, step.wave, step.imports) for step in steps] == [
        (("ops",), 1, ()), (("utils",), 2, ("ops",)), (("layers", "models"), 3, ("ops", "utils")),
        (("app",), 4, ("models", "utils")), (("tool",), 5, ("app",))]
    assert blockers(steps, {"layers", "ops"}) == [[], ["ops"], ["ops"], ["layers", "ops"], ["layers", "ops"]]


def test_plan_of_a_long_chain_and_a_long_cycle() -> None:  # no recursion: Python's limit is 1,000 frames
    chain = {f"m{i}": [f"m{i + 1}"] if i < 4999 else [] for i in range(5000)}
    assert [component[0] for component in components(chain)] == [f"m{i}" for i in reversed(range(5000))]
    cycle = {f"m{i}": [f"m{(i + 1) % 5000}"] for i in range(5000)}
    assert [len(component) for component in components(cycle)] == [5000]
    assert len(plan(cycle)) == 1


def test_plan_of_the_fixture_project_respects_a_cycle(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "project", project)
    (project / "src" / "app" / "hop.py").write_text("from app.utils import tf\nfrom app import two_hop\n",
                                                    encoding="utf-8")
    steps = summary_of(".", cwd=project)["plan"]["steps"]
    assert ["src/app/hop.py", "src/app/two_hop.py"] in [step["modules"] for step in steps]
    order = [module for step in steps for module in step["modules"]]
    assert order.index("src/app/utils.py") < order.index("src/app/hop.py")
    assert sorted(order) == sorted(p.relative_to(project).as_posix() for p in project.rglob("*.py"))


# --- tf2lint report: the command line -------------------------------------------------------------------------

pytest.importorskip("jinja2", reason="Jinja2 is not installed (pip install -e '.[report]')")


def test_report_command_line(project: Path) -> None:
    (project / "<script>alert(1)<\\script>.py").write_text("import tensorflow as tf\ntf.Session()\n", encoding="utf-8")
    run = tf2lint_run("report", ".", "-o", "r.html", cwd=project)
    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")  # the report is written: findings are its content
    page = (project / "r.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;\\script&gt;.py" in page and "<script>alert" not in page
    assert page.count("<script>") == 1 and "http-equiv=\"Content-Security-Policy\"" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//(?!github\.com/tf2lint/tf2lint/blob/main/docs/rules\.md)""",
                         page)  # the only links are to the rules' documentation, and nothing loads them
    for args, message in [((".",), "needs -o FILE"), ((".", "-o", "x", "--format", "json"), "does not take --format"),
                          ((".", "-o", "x", "--previous", "nothing.json"), "cannot read nothing.json")]:
        run = tf2lint_run("report", *args, cwd=project)
        assert run.returncode == 2 and message in run.stderr and len(run.stderr.splitlines()) <= 2, run.stderr
    (project / "report").mkdir()  # a folder named report, without -o, is linted as before
    (project / "report" / "x.py").write_text("import tensorflow as tf\ntf.Session()\n", encoding="utf-8")
    run = tf2lint_run("report", cwd=project)
    assert run.returncode == 1 and run.stdout.startswith("report/x.py:2:1: TF301")


def test_report_trend_against_a_baseline(project: Path) -> None:
    (project / "a.py").write_text("import tensorflow as tf\ntf.Session()\ntf.placeholder(tf.float32)\n",
                                  encoding="utf-8")
    assert tf2lint_run("--write-baseline", "base.json", ".", cwd=project).returncode == 0
    (project / "a.py").write_text("import tensorflow as tf\ntf.Session()\ntf.get_default_graph()\n", encoding="utf-8")
    (project / "previous.json").write_text("{}", encoding="utf-8")
    run = tf2lint_run("report", ".", "-o", "r.html", "--previous", "previous.json", cwd=project)
    assert run.returncode == 2 and "neither a tf2lint summary" in run.stderr
    run = tf2lint_run("report", ".", "-o", "r.html", "--previous", "base.json", cwd=project)
    assert run.returncode == 0, run.stderr
    page = (project / "r.html").read_text(encoding="utf-8")
    assert re.search(r'data-metric="trend.fixed">1<', page) and re.search(r'data-metric="trend.new">1<', page)
    assert "tf.placeholder(tf.float32)" in page  # the fixed finding, by its line (a baseline keeps no message)


def test_the_documented_schema_is_the_documents(project: Path) -> None:
    (project / "a.py").write_text("import tensorflow as tf\ntf.Session()\n", encoding="utf-8")
    summary = summary_of(".", cwd=project)
    docs = (Path(__file__).parents[1] / "docs" / "summary.md").read_text(encoding="utf-8")
    table = docs.split("## JSON")[1].split("\n\n")[2]
    documented = [name for row in table.splitlines()[2:] for name in re.findall(r"`(\w+)`", row.split("|")[1])]
    assert documented == list(summary)
    for key in ("totals", "files", "context"):
        row = next(row for row in table.splitlines() if row.startswith(f"| `{key}`"))
        assert set(re.findall(r"`(\w+)`", row.split("|")[2])) >= set(summary[key]), key


def test_plan_reads_a_notebooks_imports(project: Path) -> None:
    (project / "helpers.py").write_text("import tensorflow as tf\n", encoding="utf-8")
    cell = {"cell_type": "code", "source": ["from helpers import tf\n", "tf.Session()\n"], "metadata": {},
            "outputs": [], "execution_count": 1}
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (project / "a.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    steps = summary_of(".", cwd=project)["plan"]["steps"]
    assert [(step["modules"], step["imports"], step["status"]) for step in steps] == [
        (["helpers.py"], [], "ready"), (["a.ipynb"], ["helpers.py"], "migrate")]


def test_report_trend_over_several_runs(project: Path) -> None:
    source = "import tensorflow as tf\ntf.Session()\ntf.placeholder(tf.float32)\ntf.get_default_graph()\n"
    for number, lines in enumerate((4, 3, 2), 1):  # one finding fewer each week
        (project / "a.py").write_text("".join(source.splitlines(True)[:lines]), encoding="utf-8")
        summary = summary_of(".", cwd=project)
        summary["generated"] = f"2026-01-0{number}T00:00:00Z"
        (project / f"week{number}.json").write_text(json.dumps(summary), encoding="utf-8")
    (project / "a.py").write_text(source.replace("tf.Session()", "tf.compat.v1.Session()"), encoding="utf-8")
    run = tf2lint_run("report", ".", "-o", "r.html", "--previous", "week3.json", "--previous", "week1.json",
                      "--previous", "week2.json", cwd=project)
    assert run.returncode == 0, run.stderr
    page = (project / "r.html").read_text(encoding="utf-8")
    chart = page[page.index('<svg class="chart" id="trend-chart"'):page.index("</svg>", page.index('id="trend-chart"'))]
    labels = re.findall(r'class="label" text-anchor="middle">([^<]+)</text>', chart)
    assert labels == ["3", "week1.json", "2", "week2.json", "1", "week3.json", "3", "this run"]
    # compared with the latest run (week 3: one TF301): that one is fixed (its line changed), two are new
    assert re.search(r'data-metric="trend.fixed">1<', page) and re.search(r'data-metric="trend.new">3<', page)


def test_a_file_that_cannot_be_linted_is_unknown_not_fixed(project: Path) -> None:
    (project / "shim.py").write_text("import tensorflow as tf\ntf.Session()\n", encoding="utf-8")
    (project / "user.py").write_text("from shim import tf\n", encoding="utf-8")
    summary = summary_of(".", cwd=project)
    (project / "earlier.json").write_text(json.dumps(summary), encoding="utf-8")
    (project / "shim.py").write_text("import tensorflow as tf\ntf.Session(\n", encoding="utf-8")  # broken
    summary = summary_of(".", cwd=project)
    assert [(step["modules"], step["status"], step["blocked_by"]) for step in summary["plan"]["steps"]] == [
        (["shim.py"], "unknown", []), (["user.py"], "blocked", ["shim.py"])]
    run = tf2lint_run("report", ".", "-o", "r.html", "--previous", "earlier.json", cwd=project)
    assert run.returncode == 2 and "shim.py" in run.stderr
    page = (project / "r.html").read_text(encoding="utf-8")
    assert re.search(r'data-metric="trend.fixed">0<', page)  # not known to be fixed: the file was not linted


def test_report_without_jinja2_says_how_to_get_it(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util

    from tf2lint import cli

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "jinja2" else real(name, *a))
    monkeypatch.chdir(project)
    assert cli.main(["report", ".", "-o", "r.html"]) == 2
    assert capsys.readouterr().err == ("tf2lint: error: tf2lint report needs Jinja2: "
                                       "python3 -m pip install 'tf2lint[report]'\n")
    assert not (project / "r.html").exists()
