"""TensorFlow pins read with ``packaging`` and ``configparser``: ``!=`` clauses, pre-releases, ``-r``/``-c``
includes, flow-style environment.yml; and hostile dependency files (issue 25, N5-N8): huge integers and
versions, pathological lines, 20,000 dependencies. Inputs are generated at run time; every test is bounded in
time."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tf2lint import pins
from tf2lint.tfversion import pin_evidence

#: TF1 code only by the project's evidence: a TF2-namespace summary op without a step.
SUMMARY = 'import tensorflow as tf\n\ntf.summary.scalar("loss", loss)\n'


@pytest.mark.parametrize("requirement, tf1, tf2", [
    ("tensorflow>=1.15,!=2.0.*,!=2.1.*,<2.2", True, False),  # each clause admits 2.x, together none
    ("tensorflow>=1.4,!=2.0.0", False, False),
    ("tensorflow!=1.*", False, False),  # 0.x and 2.x are admitted
    ("tensorflow==2.0.0rc1", False, True),  # a pre-release of 2.0 is TensorFlow 2
    ("tensorflow==1.15.0rc2", True, False),
    ("tensorflow>=2.0.0a0", False, True),
    ("tensorflow<=2.0.0b1", False, False),  # admits 2.0.0b1
    ("tensorflow<2.0.0rc0", True, False),
    ("tensorflow~=1.15.0", True, False),
    ("tensorflow>=1.15,<2 ; python_version < '3.8'", True, False),
    ("tensorflow==1.15.*,!=1.15.1", True, False),
])
def test_specifiers(requirement: str, tf1: bool, tf2: bool) -> None:
    found = pins.parse_requirement(requirement, "requirements.txt", 1)
    assert found is not None
    assert (found.tf1_only, found.tf2_only) == (tf1, tf2)


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_includes_are_followed(tmp_path: Path) -> None:
    write(tmp_path, {"requirements.txt": "numpy\n-r requirements/base.txt\n",
                     "requirements/base.txt": "--constraint=constraints.txt\nscipy\n",
                     "requirements/constraints.txt": "# pins\ntensorflow-gpu==1.15.5\n"})
    assert pin_evidence(tmp_path) == "`tensorflow-gpu==1.15.5` on line 2 of requirements/constraints.txt"


def test_includes_stay_in_the_project_and_stop(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write(tmp_path, {"outside.txt": "tensorflow==1.15\n"})
    write(project, {"requirements.txt": "-r ../outside.txt\n-r a.txt\n", "a.txt": "-r requirements.txt\n"})
    assert pin_evidence(project) == ""  # outside the root; the cycle a.txt <-> requirements.txt ends
    chain = {f"r{i}.txt": f"-r r{i + 1}.txt\n" for i in range(pins.MAX_INCLUDE_DEPTH + 2)}
    write(project, {**chain, "requirements.txt": "-r r0.txt\n",
                    f"r{pins.MAX_INCLUDE_DEPTH + 2}.txt": "tensorflow==1.15\n"})
    assert pin_evidence(project) == ""  # deeper than the limit
    write(project, {f"r{pins.MAX_INCLUDE_DEPTH - 2}.txt": "tensorflow==1.15\n"})
    assert pin_evidence(project) == f"`tensorflow==1.15` on line 1 of r{pins.MAX_INCLUDE_DEPTH - 2}.txt"


@pytest.mark.parametrize("text, line", [
    ("name: x\ndependencies: [python=3.7, tensorflow=1.15]\n", 2),
    ("dependencies: [\n  python=3.7,\n  'tensorflow-gpu 1.14.*',  # gpu\n]\n", 3),
    ("dependencies:\n  - python\n  - pip: [numpy, tensorflow==1.15.2]\n", 3),
])
def test_flow_style_environment(tmp_path: Path, text: str, line: int) -> None:
    write(tmp_path, {"environment.yml": text})
    evidence = pin_evidence(tmp_path)
    assert evidence.endswith(f"on line {line} of environment.yml") and "1.1" in evidence, evidence


def test_setup_cfg_through_configparser(tmp_path: Path) -> None:
    write(tmp_path, {"setup.cfg": "[metadata]\nname = x\n; a comment\n[options]\npython_requires = >=3.7\n"
                                  "install_requires =\n    numpy\n[options.extras_require]\n"
                                  "gpu =\n    tensorflow-gpu   >=1.4,   <2\n"})
    assert pin_evidence(tmp_path) == "`tensorflow-gpu >=1.4, <2` on line 10 of setup.cfg"


# --- hostile files: never a crash, never more than linear time -----------------------------------------------

def tf2lint(*args: str, cwd: Path, module: str = "tf2lint", timeout: float = 120
            ) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", module, *args], cwd=cwd, capture_output=True, text=True,
                         check=False, timeout=timeout)
    return run, time.perf_counter() - start


HUGE = "1" * 4400  # more digits than Python converts to an int by default (4,300)


@pytest.mark.parametrize("name, text", [
    ("requirements.txt", f"tensorflow==1.{HUGE}\n"),
    ("Pipfile", f'[packages]\ntensorflow = "==1.{HUGE}"\nx = {HUGE}\n'),
    ("setup.py", f"setup(install_requires=['tensorflow==1.15'], x={HUGE})\n"),
    ("environment.yml", f"dependencies:\n  - tensorflow=1.{HUGE}\n"),
])
def test_huge_numbers_in_dependency_files(tmp_path: Path, name: str, text: str) -> None:
    write(tmp_path, {"pyproject.toml": '[project]\nname = "x"\n', name: text, "m.py": SUMMARY})
    for module, options in (("tf2lint", ()), ("flake8", ("--select=TF",))):
        run, _ = tf2lint(*options, "m.py", cwd=tmp_path, module=module)
        assert run.returncode == 0 and run.stdout == "" and "Traceback" not in run.stderr, run.stderr
    run, _ = tf2lint("--load-plugins=tf2lint.pylint_plugin", "--disable=all", "--enable=tf2lint-tf9xx", "m.py",
                     cwd=tmp_path, module="pylint")
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stdout + run.stderr


def test_a_huge_integer_in_the_configuration_is_one_error_line(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": f'[tool.tf2lint]\nselect = ["TF"]\n[tool.other]\nx = {HUGE}\n',
                     "m.py": "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"})
    run, _ = tf2lint("m.py", cwd=tmp_path)
    assert (run.returncode, run.stdout) == (2, "")
    assert len(run.stderr.splitlines()) == 1 and "pyproject.toml: cannot read: " in run.stderr, run.stderr
    run, _ = tf2lint("--isolated", "m.py", cwd=tmp_path)  # the pin reader skips it
    assert run.returncode == 1 and "TF306" in run.stdout, run.stderr
    run, _ = tf2lint("--select=TF", "m.py", cwd=tmp_path, module="flake8")
    assert (run.returncode, run.stdout) == (2, "") and run.stderr.startswith("flake8: error: "), run.stderr


def test_pathological_lines_are_read_in_linear_time(tmp_path: Path) -> None:
    """A 64 KB line ``tensorflow==1.1.1...1 x`` (42 s with the regular expressions of 0.1.0) in every kind of
    dependency file, and a setup.cfg of lines that make configparser's option pattern backtrack."""
    line = "tensorflow==1." + "1." * 32000 + "1 x"
    spaces = "".join("a" + " " * 290 + "b\n" for _ in range(3500))  # 1 MiB
    texts = {"requirements.txt": line, "setup.py": f"x = {line!r}\n", "environment.yml": f"- {line}\n",
             "pyproject.toml": f'[project]\nname = "x"\ndependencies = ["{line}"]\n',
             "Pipfile": f'[packages]\ntensorflow = "{line[10:]}"\n',
             "setup.cfg": f"[options]\ninstall_requires =\n    {line}\n{spaces}"}
    for name, text in texts.items():
        start = time.perf_counter()
        found = list(pins.READERS.get(name, pins.requirements_txt)(text, name))
        elapsed = time.perf_counter() - start
        assert found == [] and elapsed < 2, (name, elapsed)


def test_twenty_thousand_dependencies(tmp_path: Path) -> None:
    """N8: each dependency's line was searched in the whole file (207 s); now only a TensorFlow one's."""
    dependencies = "".join(f'  "package{number}>=1.{number}",\n' for number in range(20000))
    write(tmp_path, {"pyproject.toml": f'[project]\nname = "x"\ndependencies = [\n{dependencies}'
                                       '  "tensorflow<2",\n]\n',
                     "requirements.txt": "".join(f"package{number}=={number}\n" for number in range(20000)),
                     "m.py": SUMMARY})
    run, elapsed = tf2lint("--isolated", "m.py", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert run.stdout.rstrip().endswith(f"(TF1 code: `tensorflow<2` on line {20000 + 4} of pyproject.toml)")
    assert elapsed < 20, elapsed
