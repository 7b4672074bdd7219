"""Hostile project shapes (issue 25, N1-N3): import cycles and re-export chains are resolved without recursion,
in about linear time, and the same way whatever the front end, ``-j``, the order of the paths or the timing.
Inputs are generated at run time; each test is bounded in time."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import tf2lint
from tf2lint.config import Config
from tf2lint.index import ProjectIndex
from tf2lint.lsp import lint_document
from tf2lint.rules import RULES

CYCLE = 1000
CHAIN = 400


def run(*command: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], capture_output=True, text=True, check=False, cwd=cwd,
                          timeout=timeout)


def findings(result: subprocess.CompletedProcess[str]) -> set[tuple[str, int, int, str]]:
    assert result.returncode in (0, 1), result.stderr[-2000:]
    return {(f["path"], f["line"], f["column"], f["code"]) for f in json.loads(result.stdout)}


def test_a_thousand_module_cycle(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("", encoding="utf-8")
    for i in range(CYCLE):
        following = (i + 1) % CYCLE
        (tmp_path / f"m{i}.py").write_text(
            f"import m{following}\nimport tensorflow as tf\nx = m{following}.tf.placeholder(tf.float32)\n",
            encoding="utf-8")
    started = time.monotonic()
    result = run("tf2lint", "--isolated", "--format", "json", "-j", "1", ".", cwd=tmp_path)
    found = findings(result)
    assert {code for _, _, _, code in found} == {"TF306"} and len(found) == CYCLE
    assert time.monotonic() - started < 90
    index = ProjectIndex()
    assert index.exports(tmp_path / "m500.py").bindings["tf"] == "tensorflow"  # read without recursion
    assert len(index.cache) == CYCLE


def test_a_deep_reexport_chain_linted_from_its_end(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("", encoding="utf-8")
    (tmp_path / "m0.py").write_text("import tensorflow as tf\n", encoding="utf-8")
    for i in range(1, CHAIN):
        (tmp_path / f"m{i}.py").write_text(f"from m{i - 1} import tf\n", encoding="utf-8")
    last = tmp_path / f"m{CHAIN}.py"
    last.write_text(f"from m{CHAIN - 1} import tf\nsess = tf.Session()\n", encoding="utf-8")
    started = time.monotonic()
    assert [d.code for d in tf2lint.lint_file(last)] == ["TF301"]
    result = run("flake8", "--isolated", "--select=TF", last.name, cwd=tmp_path)
    assert result.returncode == 1 and result.stdout.count("TF301") == 1, result.stderr[-2000:]
    assert time.monotonic() - started < 90


def test_a_star_import_cycle_gives_the_same_findings_everywhere(tmp_path: Path) -> None:
    """Issue 25's N2: a 3-file star-import cycle; the command (-j 1, -j 2, any path order), single-file runs and
    flake8 agree."""
    (tmp_path / "setup.cfg").write_text("", encoding="utf-8")
    (tmp_path / "a.py").write_text("from b import *\nimport tensorflow as tf\nsess = tf.Session()\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("from c import *\nsess.run(1)\ntf.placeholder(tf.float32)\n", encoding="utf-8")
    (tmp_path / "c.py").write_text("from a import *\nsess.run(2)\ntf.get_default_graph()\n", encoding="utf-8")
    names = ["a.py", "b.py", "c.py"]
    index = ProjectIndex([tmp_path])
    one = findings(run("tf2lint", "--isolated", "--format", "json", "-j", "1", *names, cwd=tmp_path))
    assert one == findings(run("tf2lint", "--isolated", "--format", "json", "-j", "2", "--force-jobs", *names,
                               cwd=tmp_path))
    assert one == findings(run("tf2lint", "--isolated", "--format", "json", "-j", "1", *reversed(names),
                               cwd=tmp_path))
    alone = set()
    for name in names:
        alone |= findings(run("tf2lint", "--isolated", "--format", "json", name, cwd=tmp_path))
    assert one == alone
    result = run("flake8", "--isolated", "--select=TF", "--format=%(path)s\t%(row)d\t%(col)d\t%(code)s", *names,
                 cwd=tmp_path)
    flake8 = {(os.path.normpath(p), int(r), int(c), code)
              for p, r, c, code in (line.split("\t") for line in result.stdout.splitlines())}
    assert one == flake8
    assert {code for _, _, _, code in one} >= {"TF301", "TF302", "TF306"}
    (tmp_path / "empty.rc").write_text("", encoding="utf-8")
    result = run("pylint", "--rcfile=empty.rc", "--persistent=n", "--output-format=json2", "--score=n",
                 "--load-plugins=tf2lint.pylint_plugin", "--disable=all",
                 f"--enable={','.join(rule.pylint_symbol for rule in RULES.values())}", *names, cwd=tmp_path)
    by_id = {rule.pylint_id: code for code, rule in RULES.items()}
    pylint = {(Path(m["path"]).name, m["line"], m["column"] + 1, by_id[m["messageId"]])
              for m in json.loads(result.stdout)["messages"]}
    assert one == pylint, result.stderr[-2000:]
    server = set()
    for name in names:  # the editor server's lint of each document, one index for the workspace
        path = tmp_path / name
        for d in lint_document(path.read_text(encoding="utf-8"), path, Config(), index):
            server.add((name, d.line, d.col + 1, d.code))
    assert one == server
