"""The TF1 context: TensorFlow 1 pins in each kind of dependency file, the ``tensorflow`` setting and
``--tensorflow``, and the same project read by the command (with workers), flake8 and pylint."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tf2lint import pins
from tf2lint.context import Context, Project
from tf2lint.engine import lint_source
from tf2lint.tfversion import MAX_BYTES, find_root, pin_evidence, project_for

#: TF1 code only by the project's evidence: a TF2-namespace summary op without a step.
SUMMARY = 'import tensorflow as tf\n\ntf.summary.scalar("loss", loss)\n'


def tf903(text: str, project: Project = Project()) -> list[str]:
    return [d.suggestion for d in lint_source(text, project=project) if d.code == "TF903"]


# --- specifiers ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("requirement", [
    "tensorflow==1.15", "tensorflow<2", "tensorflow-gpu==1.*", "tensorflow>=1.4,<2.0", "tensorflow~=1.15",
    "tensorflow<=1.15.5", "tensorflow==1.15.0+cpu", "TensorFlow_GPU (>=1.4, <2)", "tensorflow[gpu]<2.0.0",
    "tensorflow==1.15; python_version < '3.8'", "tensorflow-cpu===1.15.0", "tf-nightly<2", "tensorflow<2.0.0rc0",
    "tensorflow==0.12.1",
])
def test_tf1_pins(requirement: str) -> None:
    found = pins.parse_requirement(requirement, "requirements.txt", 1)
    assert found is not None and found.tf1_only and not found.tf2_only


@pytest.mark.parametrize("requirement", [
    "tensorflow", "tensorflow>=1.4", "tensorflow<2.1", "tensorflow<=2.0", "tensorflow!=2.0", "tensorflow>1.15",
    "tensorflow==2.*", "tensorflow>=2", "tensorflow~=2.4",
])
def test_requirements_admitting_tf2(requirement: str) -> None:
    found = pins.parse_requirement(requirement, "requirements.txt", 1)
    assert found is not None and not found.tf1_only


@pytest.mark.parametrize("requirement", [
    "tensorflow-addons==0.1", "tensorflow-estimator<2", "tensorflow @ https://example.org/tf-1.15.whl",
    "tensorflow is great", "numpy<2",
])
def test_not_a_tensorflow_requirement(requirement: str) -> None:
    assert pins.parse_requirement(requirement, "requirements.txt", 1) is None


@pytest.mark.parametrize("constraint, tf1", [
    ("^1.15", True), ("~1.15", True), ("1.15.*", True), ("1.15", True), (">=1.4, <2", True), (">=1.4 <2", True),
    ("^1.15 || ^2.4", False), ("*", False), ("^2.4", False), (">=1.15", False),
])
def test_poetry_constraints(constraint: str, tf1: bool) -> None:
    assert pins.poetry_bounds(constraint) is not None and pins.poetry_bounds(constraint)[0] is tf1  # type: ignore


@pytest.mark.parametrize("spec, tf1", [
    ("tensorflow=1.15", True), ("tensorflow-gpu=1.14=gpu_py37h", True), ("tensorflow 1.15.*", True),
    ("conda-forge::tensorflow<2", True), ("tensorflow>=1.4,<2", True), ("tensorflow==1.15.0", True),
    ("tensorflow", False), ("tensorflow=2.4", False), ("tensorflow>=1.15", False),
])
def test_conda_specs(spec: str, tf1: bool) -> None:
    found = pins.conda_requirement(spec, "environment.yml", 1)
    assert found is not None and found.tf1_only is tf1


# --- files at the root ---------------------------------------------------------------------------------------

FILES = {
    "requirements.txt": ("numpy\n# tensorflow==1.15 is what we use\n-r base.txt\n"
                         "tensorflow-gpu==1.15.0 --hash=sha256:abc  # pinned\n", "`tensorflow-gpu==1.15.0` on line 4"),
    "requirements-dev.txt": ("pytest\n\\\ntensorflow<2\n", "`tensorflow<2` on line 2"),
    "setup.py": ("import os\nos.remove('setup.py')\nREQUIRED = [\n    'numpy',\n    'tensorflow>=1.4,<2.0',\n]\n"
                 "setup(install_requires=REQUIRED)\n", "`tensorflow>=1.4,<2.0` on line 5"),
    "setup.cfg": ("[metadata]\nname = x\n[options]\ninstall_requires =\n    numpy\n    tensorflow==1.14\n",
                  "`tensorflow==1.14` on line 6"),
    "pyproject.toml": ('[project]\nname = "x"\ndependencies = [\n  "numpy",\n  "tensorflow~=1.15",\n]\n',
                       "`tensorflow~=1.15` on line 5"),
    "Pipfile": ('[packages]\nnumpy = "*"\ntensorflow-gpu = {version = "==1.15"}\n',
                '`tensorflow-gpu = "==1.15"` on line 3'),
    "environment.yml": ("name: x\ndependencies:\n  - python=3.7\n  - tensorflow=1.15\n",
                        "`tensorflow=1.15` on line 4"),
}


@pytest.mark.parametrize("name", FILES)
def test_each_file_kind(tmp_path: Path, name: str) -> None:
    text, evidence = FILES[name]
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert pin_evidence(tmp_path) == f"{evidence} of {name}"
    assert (tmp_path / name).exists()  # setup.py is parsed, never run (it would delete itself)


def test_poetry_dependencies(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.poetry.dependencies]\npython = "^3.7"\ntensorflow = "^1.15"\n',
                                             encoding="utf-8")
    assert pin_evidence(tmp_path) == '`tensorflow = "^1.15"` on line 3 of pyproject.toml'


def test_pip_items_of_a_conda_environment(tmp_path: Path) -> None:
    (tmp_path / "environment.yml").write_text("dependencies:\n  - pip\n  - pip:\n    - tensorflow==1.15.2\n",
                                              encoding="utf-8")
    assert pin_evidence(tmp_path) == "`tensorflow==1.15.2` on line 4 of environment.yml"


def test_no_pin(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("tensorflow>=1.15\nnumpy==1.15\n", encoding="utf-8")
    (tmp_path / "setup.py").write_text("def (:\n", encoding="utf-8")  # broken: skipped
    (tmp_path / "pyproject.toml").write_text("[project\n", encoding="utf-8")
    assert pin_evidence(tmp_path) == ""


def test_a_project_that_also_requires_tf2_has_no_pin(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text(
        "tensorflow==1.15; python_version < '3.8'\ntensorflow>=2.4; python_version >= '3.8'\n", encoding="utf-8")
    assert pin_evidence(tmp_path) == ""


def test_large_files_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("tensorflow==1.15\n" + "#" * MAX_BYTES, encoding="utf-8")
    assert pin_evidence(tmp_path) == ""


def test_only_the_root_is_read(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = x\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "requirements.txt").write_text("tensorflow==1.15\n", encoding="utf-8")
    (tmp_path / "sub" / "model.py").write_text(SUMMARY, encoding="utf-8")
    assert find_root(tmp_path / "sub" / "model.py") == tmp_path
    assert project_for(tmp_path / "sub" / "model.py") == Project()


def test_the_root_is_the_nearest_marker(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "lib" / "pkg").mkdir(parents=True)
    assert find_root(tmp_path / "lib" / "pkg" / "x.py") == tmp_path
    (tmp_path / "lib" / "setup.py").write_text("", encoding="utf-8")
    assert find_root(tmp_path / "lib" / "pkg" / "x.py") == tmp_path / "lib"


def test_project_for_reads_the_files_again_when_they_change(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    pin = tmp_path / "requirements.txt"
    pin.write_text("tensorflow==1.15\n", encoding="utf-8")
    assert project_for(tmp_path / "m.py").evidence == "`tensorflow==1.15` on line 1 of requirements.txt"
    pin.write_text("tensorflow>=2\n", encoding="utf-8")
    assert project_for(tmp_path / "m.py") == Project(tf2="`tensorflow>=2` on line 1 of requirements.txt")
    (tmp_path / "pyproject.toml").write_text('[tool.tf2lint]\ntensorflow = "1"\n', encoding="utf-8")
    assert project_for(tmp_path / "m.py") == Project("1", '`tensorflow = "1"` in pyproject.toml')


# --- the file's evidence -------------------------------------------------------------------------------------

@pytest.mark.parametrize("line, evidence", [
    ("sess = tf.Session()", "`tf.Session` on line 4"),
    ("x = tf.placeholder(tf.float32)", "`tf.placeholder` on line 4"),
    ("with tf.variable_scope('a'):\n    pass", "`tf.variable_scope` on line 4"),
    ("tf.train.start_queue_runners(sess)", "`tf.train.start_queue_runners` on line 4"),
    ("merged = tf.summary.merge_all()", "`tf.summary.merge_all` on line 4"),
    ("y = tf.contrib.layers.flatten(x)", "`tf.contrib` on line 4"),
    ("tf.compat.v1.disable_v2_behavior()", "`tf.compat.v1.disable_v2_behavior` on line 4"),
    ("tf.compat.v1.disable_eager_execution()", "`tf.compat.v1.disable_eager_execution` on line 4"),
    ("tf.disable_v2_behavior()", "`tf.disable_v2_behavior` on line 4"),
])
def test_file_evidence_after_the_summary_counts(line: str, evidence: str) -> None:
    context = Context()
    found = lint_source(SUMMARY + line + "\n", context=context)
    assert context.tf1() == evidence
    assert [d.severity for d in found if d.code == "TF903"] == ["error"]
    assert tf903(SUMMARY + line + "\n")[0].endswith(f"(TF1 code: {evidence})")


@pytest.mark.parametrize("line", [
    "sess = tf.compat.v1.Session()",  # tf_upgrade_v2 writes compat.v1 and rewrites the TF2-namespace calls
    "x = tf.compat.v1.placeholder(tf.float32)",
    "y = tf.nn.relu(x)",
    "tf.compat.v1.logging.info('x')",
])
def test_not_file_evidence(line: str) -> None:
    context = Context()
    lint_source(SUMMARY + line + "\n", context=context)
    assert context.tf1() == "" and tf903(SUMMARY + line + "\n") == []


def test_the_settings() -> None:
    assert tf903(SUMMARY, Project("1", "`--tensorflow 1`"))[0].endswith("(TF1 code: `--tensorflow 1`)")
    assert tf903(SUMMARY + "sess = tf.Session()\n", Project("2", "`--tensorflow 2`")) == []
    pinned = Project("auto", "`tensorflow==1.15` on line 1 of requirements.txt")
    assert tf903(SUMMARY, pinned)[0].endswith("(TF1 code: `tensorflow==1.15` on line 1 of requirements.txt)")


def test_a_file_without_tensorflow_is_not_tf1_code() -> None:
    context = Context(Project("1", "`--tensorflow 1`"))
    lint_source("import numpy as np\n# tensorflow\n", context=context)
    assert context.tf1() == ""


# --- the command ---------------------------------------------------------------------------------------------

def tf2lint_run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tf2lint", *args], cwd=cwd, capture_output=True, text=True,
                          check=False, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project pinning TensorFlow 1.15 whose file shows no TF1 evidence of its own."""
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = x\n", encoding="utf-8")
    (tmp_path / "requirements.txt").write_text("numpy\ntensorflow==1.15\n", encoding="utf-8")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "model.py").write_text(SUMMARY, encoding="utf-8")
    return tmp_path


def codes(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [finding["code"] for finding in json.loads(result.stdout)]


def test_command_reads_the_pin(project: Path) -> None:
    result = tf2lint_run("--format", "json", "src", cwd=project)
    [finding] = json.loads(result.stdout)
    assert (finding["code"], finding["severity"]) == ("TF903", "error")
    assert finding["suggestion"].endswith("(TF1 code: `tensorflow==1.15` on line 2 of requirements.txt)")


def test_the_flag_wins_over_the_pin_and_the_setting(project: Path) -> None:
    assert codes(tf2lint_run("--format", "json", "--tensorflow", "2", "src", cwd=project)) == []
    (project / "requirements.txt").write_text("tensorflow>=2\n", encoding="utf-8")
    assert codes(tf2lint_run("--format", "json", "src", cwd=project)) == []
    (project / "pyproject.toml").write_text('[tool.tf2lint]\ntensorflow = "1"\n', encoding="utf-8")
    [finding] = json.loads(tf2lint_run("--format", "json", "src", cwd=project).stdout)
    assert finding["suggestion"].endswith('(TF1 code: `tensorflow = "1"` in pyproject.toml)')
    assert codes(tf2lint_run("--format", "json", "--tensorflow", "auto", "src", cwd=project)) == []


def test_workers_get_the_project(project: Path) -> None:
    for index in range(3):
        (project / "src" / f"copy{index}.py").write_text(SUMMARY, encoding="utf-8")
    result = tf2lint_run("--format", "json", "-j", "2", "--force-jobs", "--statistics", "src", cwd=project)
    summary = json.loads(result.stdout)
    assert [finding["code"] for finding in summary["findings"]] == ["TF903"] * 4
    assert summary["context"]["text"] == ("4 files (project: `tensorflow==1.15` on line 2 of requirements.txt; with "
                                          "evidence in the file: 0)")
    assert (summary["context"]["tf1_files"], summary["context"]["tf1_in_file"]) == (4, 0)


def test_statistics_count_files_with_evidence_of_their_own(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(SUMMARY + "sess = tf.Session()\n", encoding="utf-8")
    (tmp_path / "b.py").write_text(SUMMARY, encoding="utf-8")
    (tmp_path / "c.py").write_text("x = 1\n", encoding="utf-8")
    lines = tf2lint_run("--statistics", "-q", ".", cwd=tmp_path).stdout.splitlines()
    assert "  TF1 context: 1 file (evidence in the file)" in lines
    lines = tf2lint_run("--statistics", "-q", "--tensorflow", "1", ".", cwd=tmp_path).stdout.splitlines()
    assert "  TF1 context: 2 files (`--tensorflow 1`)" in lines  # c.py does not import TensorFlow
    lines = tf2lint_run("--statistics", "-q", "--tensorflow", "2", ".", cwd=tmp_path).stdout.splitlines()
    assert "  TF1 context: none (`--tensorflow 2`)" in lines


@pytest.mark.parametrize("value", ['"3"', "true", '["1"]', '"tf1"'])
def test_a_wrong_setting_is_a_configuration_error(tmp_path: Path, value: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.tf2lint]\ntensorflow = {value}\n", encoding="utf-8")
    (tmp_path / "m.py").write_text(SUMMARY, encoding="utf-8")
    result = tf2lint_run("m.py", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("tf2lint: error: ")
    assert 'tensorflow must be "1", "2" or "auto"' in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_number_is_a_setting(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.tf2lint]\ntensorflow = 1\n", encoding="utf-8")
    (tmp_path / "m.py").write_text(SUMMARY, encoding="utf-8")
    assert codes(tf2lint_run("--format", "json", "m.py", cwd=tmp_path)) == ["TF903"]


def test_a_wrong_flag_is_a_usage_error(tmp_path: Path) -> None:
    result = tf2lint_run("--tensorflow", "3", ".", cwd=tmp_path)
    assert result.returncode == 2 and "--tensorflow: invalid choice" in result.stderr


# --- flake8 and pylint ---------------------------------------------------------------------------------------

def flake8(*args: str, cwd: Path) -> list[str]:
    result = subprocess.run([sys.executable, "-m", "flake8", "--select=TF", "--format=%(code)s %(text)s", *args],
                            cwd=cwd, capture_output=True, text=True, check=False)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout.splitlines()


def test_flake8_reads_the_pin_and_its_option(project: Path) -> None:
    [line] = flake8("src/model.py", cwd=project)
    assert line.startswith("TF903 ") and line.endswith("(TF1 code: `tensorflow==1.15` on line 2 of requirements.txt)")
    assert flake8("--tf2lint-tensorflow=2", "src/model.py", cwd=project) == []
    (project / "requirements.txt").write_text("tensorflow\n", encoding="utf-8")
    assert flake8("src/model.py", cwd=project) == []
    [line] = flake8("--tf2lint-tensorflow=1", "src/model.py", cwd=project)
    assert line.endswith("(TF1 code: `--tf2lint-tensorflow 1`)")
    (project / "setup.cfg").write_text("[flake8]\ntf2lint-tensorflow = 1\n", encoding="utf-8")
    assert len(flake8("src/model.py", cwd=project)) == 1


def test_pylint_reads_the_pin(project: Path) -> None:
    command = [sys.executable, "-m", "pylint", "--load-plugins=tf2lint.pylint_plugin", "--disable=all",
               "--enable=tf2lint-v1-summary-op,tf2lint-v1-summary-op-error", "--output-format=json", "--score=n",
               "src/model.py"]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    [message] = json.loads(result.stdout)
    assert message["message"].startswith("TF903 ")
    assert message["type"] == "error"  # TF 2.x writes nothing: the error message of the rule
    assert message["message"].endswith("(TF1 code: `tensorflow==1.15` on line 2 of requirements.txt)")
    (project / "pyproject.toml").write_text('[tool.tf2lint]\ntensorflow = "2"\n', encoding="utf-8")
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    assert json.loads(result.stdout) == []
