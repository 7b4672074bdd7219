"""TensorFlow reached through the project's own modules: the fixture project (``tests/fixtures/project``) gives
the findings its ``# expect:`` markers declare, and the same ones, through the command line, flake8, pylint
and the language server (real subprocesses); the project index on its own (cycles, broken and namespace
modules)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

from conftest import expected_findings
from test_lsp import codes, open_document, start  # noqa: F401 - the LSP client and its fixture
from tf2lint.engine import check_source, lint_source
from tf2lint.project import ProjectIndex
from tf2lint.rules import RULES

PROJECT = Path(__file__).resolve().parent / "fixtures" / "project"
SOURCES = sorted(path.relative_to(PROJECT).as_posix() for path in PROJECT.rglob("*.py"))
PYLINT_MESSAGES = {rule.pylint_message(severity): rule.code for rule in RULES.values() for severity in rule.severities}
BY_PYLINT_ID = {message_id: code for (message_id, _), code in PYLINT_MESSAGES.items()}

Found = set[tuple[str, int, int, str, str]]  # file, line, 1-based column, code, text


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the fixture project, away from the repository's configuration."""
    target = tmp_path_factory.mktemp("project") / "project"
    shutil.copytree(PROJECT, target)
    return target


def markers() -> set[tuple[str, int, str]]:
    return {(name, line, code) for name in SOURCES for line, code in expected_findings(PROJECT / name)}


def run(*command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], capture_output=True, text=True, check=False, cwd=cwd)


@pytest.fixture(scope="module")
def cli(project: Path) -> Found:
    result = run("tf2lint", "--format", "json", "-j", "2", "--force-jobs", ".", cwd=project)
    assert result.returncode == 2  # findings, and broken.py does not parse
    assert result.stderr.splitlines() == ["src/app/broken.py:3:5: error: SyntaxError: invalid syntax"]
    return {(f["path"], f["line"], f["column"], f["code"], f"{f['message']}: {f['suggestion']}")
            for f in json.loads(result.stdout)}


def test_cli_matches_the_markers(cli: Found) -> None:
    assert {(name, line, code) for name, line, _, code, _ in cli} == markers()


def test_a_finding_says_which_module_it_comes_through(cli: Found) -> None:
    notes = {(name, line): text[text.rindex("(`"):] for name, line, _, _, text in cli if "through" in text}
    assert notes[("src/app/train.py", 4)] == "(`tf` is `tensorflow.compat.v1` through `app.compat`)"
    assert notes[("src/app/two_hop.py", 3)] == "(`tf` is `tensorflow.compat.v1` through `app.hop`)"
    assert notes[("src/app/factory_user.py", 7)] == (
        "(`get_session()` is `tensorflow.compat.v1.Session()` through `app.session`)")
    assert notes[("scripts/run.py", 4)] == "(`tf` is `tensorflow.compat.v1` through `helpers`)"
    assert notes[("src/app/module_user.py", 6)] == "(`compat.tfv1` is `tensorflow.compat.v1` through `app.compat`)"
    assert notes[("src/app/module_user.py", 8)] == (
        "(`sessions.get_session()` is `tensorflow.compat.v1.Session()` through `app.session`)")
    assert not any(name.endswith(("compat/__init__.py", "tf_compat.py")) for name, _ in notes)  # TF itself


def test_the_same_through_flake8(project: Path, cli: Found) -> None:
    result = run("flake8", "--select=TF", "--format=%(path)s\t%(row)d\t%(col)d\t%(code)s\t%(text)s",
                 ".", cwd=project)
    assert result.returncode == 1, result.stderr
    found = set()
    for line in result.stdout.splitlines():
        path, row, col, code, text = line.split("\t")
        found.add((os.path.normpath(path).replace(os.sep, "/"), int(row), int(col), code, text))
    assert found == cli


def test_the_same_through_pylint(project: Path, cli: Found) -> None:
    (project / "empty.rc").write_text("", encoding="utf-8")
    result = run("pylint", "--rcfile=empty.rc", "--persistent=n", "--output-format=json2", "--score=n",
                 "--load-plugins=tf2lint.pylint_plugin", "--disable=all",
                 f"--enable={','.join(rule.pylint_symbol for rule in RULES.values())}", "src/app", "scripts",
                 "mono/a/m.py", "mono/b/drop.py",
                 cwd=project)
    assert result.stdout, result.stderr
    found = {(Path(m["path"]).as_posix(), m["line"], m["column"] + 1, BY_PYLINT_ID[m["messageId"]],
              m["message"].split("] ", 1)[1]) for m in json.loads(result.stdout)["messages"]
             if m["messageId"] != "E0001"}  # broken.py: pylint's own syntax error
    assert found == cli


def test_the_same_through_the_language_server(project: Path, cli: Found,
                                              start: Callable[..., tuple[Any, dict[str, Any]]]) -> None:
    client, _ = start()
    found = set()
    for name in SOURCES:
        path = project / name
        published = open_document(client, path.as_uri(), path.read_text(encoding="utf-8"))
        for d in published["diagnostics"]:
            line = path.read_text(encoding="utf-8").splitlines()[d["range"]["start"]["line"]]
            column = len(line[:d["range"]["start"]["character"]].encode("utf-8")) + 1  # ASCII: units are bytes
            found.add((name, d["range"]["start"]["line"] + 1, column, d["code"], d["message"]))
    assert found == cli


def test_editing_a_shim_relints_its_open_dependents(project: Path, tmp_path: Path,
                                                    start: Callable[..., tuple[Any, dict[str, Any]]]) -> None:
    copy = tmp_path / "edited"
    shutil.copytree(project, copy)
    client, _ = start()
    user, state = copy / "src/app/singleton_user.py", copy / "src/app/state.py"
    assert codes(open_document(client, user.as_uri(), user.read_text(encoding="utf-8"))) == ["TF302"]
    text = state.read_text(encoding="utf-8")
    open_document(client, state.as_uri(), text)  # the same text as on disk: the user is not linted again
    client.notify("textDocument/didChange", {"textDocument": {"uri": state.as_uri(), "version": 2},
                                             "contentChanges": [{"text": "sess = None\ninputs = None\n"}]})
    assert codes(client.diagnostics(user.as_uri())) == []  # unsaved: the editor's text counts
    client.notify("textDocument/didChange", {"textDocument": {"uri": state.as_uri(), "version": 3},
                                             "contentChanges": [{"text": text}]})
    assert codes(client.diagnostics(user.as_uri())) == ["TF302"]


def test_statistics_count_files_without_tensorflow_apart(project: Path) -> None:
    """Files without TensorFlow, and clean files importing project modules with findings, are not "already
    clean"."""
    result = run("tf2lint", "--isolated", "--statistics", "-q", ".", cwd=project)
    files = [project / name for name in SOURCES]
    index = ProjectIndex([project])
    checked = {path: check_source(path.read_text(encoding="utf-8"), str(path), index=index)
               for path in files if path.name != "broken.py"}
    with_findings = {path for path, found in checked.items() if found.diagnostics or found.conditional}
    uses = [found.uses for found in checked.values()]
    clean = [path for path, found in checked.items() if found.uses and path not in with_findings]
    importing = [path for path in clean if index.depends.get(path, set()) & with_findings]
    assert importing and uses.count(False) >= 2  # near_miss.py imports app.compat; tf.py, the empty __init__.py
    using = uses.count(True)
    alone = len(clean) - len(importing)
    assert (f"  files: {len(files)} checked, {alone} already clean ({100 * alone // using}%), {len(importing)} clean, "
            f"but import TF1 project modules, {len(with_findings)} with findings (of {using} using TensorFlow), "
            f"{uses.count(False)} without TensorFlow, 1 could not be parsed") in result.stdout.splitlines()


def test_without_the_index_shims_hide_tensorflow() -> None:
    user = PROJECT / "src/app/train.py"
    assert lint_source(user.read_text(encoding="utf-8"), str(user)) == []
    assert lint_source(user.read_text(encoding="utf-8"), str(user), index=ProjectIndex())


def test_import_cycles_terminate(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("from b import tf\nimport tensorflow.compat.v1 as v1\nx = v1\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("from a import x as tf\nfrom c import *\n", encoding="utf-8")
    (tmp_path / "c.py").write_text("from b import *\n", encoding="utf-8")
    (tmp_path / "user.py").write_text("from b import tf\ntf.placeholder(tf.float32)\n", encoding="utf-8")
    index = ProjectIndex([tmp_path])
    assert [d.code for d in lint_source((tmp_path / "user.py").read_text(), str(tmp_path / "user.py"),
                                        index=index)] == ["TF306"]
    assert index.exports(tmp_path / "b.py").bindings == {"tf": "tensorflow.compat.v1"}
    for name, found in (("a.py", ["TF101"]), ("c.py", [])):  # c was read while b was: the cycle stops there
        assert [d.code for d in lint_source((tmp_path / name).read_text(), str(tmp_path / name), index=index)] == found


def test_unreadable_and_namespace_modules(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("", encoding="utf-8")
    (tmp_path / "ns" / "sub").mkdir(parents=True)  # a namespace package: no __init__.py
    (tmp_path / "ns" / "sub" / "shim.py").write_text("import tensorflow as tf\ntfv1 = tf.compat.v1\n",
                                                     encoding="utf-8")
    (tmp_path / "ns" / "bad.py").write_bytes(b"# -*- coding: nonsense -*-\nimport tensorflow as tf\n")
    user = tmp_path / "app" / "user.py"
    user.parent.mkdir()
    user.write_text("from ns.sub.shim import tfv1\nfrom ns.bad import tf\ntfv1.Session()\ntf.Session()\n",
                    encoding="utf-8")
    found = lint_source(user.read_text(encoding="utf-8"), str(user), index=ProjectIndex())
    assert [(d.line, d.code) for d in found] == [(3, "TF301")]


def test_alternative_branches_keep_the_first_tensorflow_binding(tmp_path: Path) -> None:
    """Where every arm binds a name to TensorFlow, the first arm's binding; where one binds it to something else,
    none."""
    shim = tmp_path / "shim.py"
    shim.write_text("import tensorflow as tf\nif cond:\n    v = 1\nelse:\n    v = tf.compat.v1\n"
                    "try:\n    w = tf.compat.v1\nexcept AttributeError:\n    w = tf\n"
                    "s = tf.Session()\ns = None\n", encoding="utf-8")
    assert ProjectIndex().exports(shim).bindings == {"tf": "tensorflow", "w": "tensorflow.compat.v1"}


def test_a_run_parses_each_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Imported modules are linted first and their exports learned from that walk; the modules of an import
    cycle (a and b here) are parsed by the index, which hands their trees to the linter."""
    import ast

    from tf2lint.config import Config
    from tf2lint.runner import Options, lint_paths

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("from .a import *\n", encoding="utf-8")
    (tmp_path / "pkg" / "a.py").write_text("import tensorflow.compat.v1 as tf\nfrom .b import helper\n",
                                           encoding="utf-8")
    (tmp_path / "pkg" / "b.py").write_text("from .a import tf\n\n\ndef helper():\n    return tf.Session()\n",
                                           encoding="utf-8")
    (tmp_path / "pkg" / "c.py").write_text("from .b import helper\nhelper().run(1)\n", encoding="utf-8")
    files = sorted(str(path) for path in (tmp_path / "pkg").iterdir())
    parsed: list[str] = []
    parse = ast.parse

    def counted(source: str, filename: str = "<unknown>", *args: Any, **kwargs: Any) -> ast.Module:
        parsed.append(filename)
        return parse(source, filename, *args, **kwargs)

    monkeypatch.setattr(ast, "parse", counted)
    results = list(lint_paths(files, Options(Config(), index=ProjectIndex([tmp_path]))))
    assert sorted(parsed) == files  # the cycle's modules too: the index's trees are linted
    assert [result.path for result in results] == files  # in the order given
    found = {Path(r.path).name: [f.diagnostic.code for f in r.findings] for r in results}
    assert found == {"__init__.py": [], "a.py": ["TF101"], "b.py": ["TF301"], "c.py": ["TF302"]}


def test_with_two_workers_an_import_cycle_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The modules of an import cycle go to one worker, which reads the cycle once and lints its modules from
    those trees: with ``-j 2`` every file is parsed once (the workers log their parses to a file)."""
    import ast

    from tf2lint.config import Config
    from tf2lint.runner import Options, lint_paths

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    names = ["a", "b", "c", "d"]
    for name, following in zip(names, names[1:] + names[:1]):
        (tmp_path / "pkg" / f"{name}.py").write_text(
            f"import tensorflow.compat.v1 as tf\nfrom pkg import {following}\n\nx = tf.placeholder(tf.float32)\n",
            encoding="utf-8")
    for name in ["e", "f", "g", "h"]:
        (tmp_path / "pkg" / f"{name}.py").write_text("import tensorflow as tf\n\ns = tf.Session()\n",
                                                     encoding="utf-8")
    files = sorted(str(path) for path in (tmp_path / "pkg").iterdir())
    log = tmp_path / "parsed.log"
    parse = ast.parse

    def logged(source: str, filename: str = "<unknown>", *args: Any, **kwargs: Any) -> ast.Module:
        with open(log, "a", encoding="utf-8") as stream:  # one short append per parse, from either worker
            stream.write(f"{Path(filename).name}\n")
        return parse(source, filename, *args, **kwargs)

    monkeypatch.setattr(ast, "parse", logged)
    results = list(lint_paths(files, Options(Config(), index=ProjectIndex([tmp_path])), jobs=2, force=True))
    assert [Path(r.path).name for r in results if any(f.diagnostic.code == "TF306" for f in r.findings)] == \
        ["a.py", "b.py", "c.py", "d.py"]
    assert sorted(log.read_text(encoding="utf-8").split()) == sorted(Path(name).name for name in files)


def test_a_shim_changed_on_disk_relints_its_open_dependents(project: Path, tmp_path: Path,
                                                             start: Callable[..., tuple[Any, dict[str, Any]]]) -> None:
    copy = tmp_path / "watched"
    shutil.copytree(project, copy)
    client, _ = start()
    user, state = copy / "src/app/singleton_user.py", copy / "src/app/state.py"
    assert codes(open_document(client, user.as_uri(), user.read_text(encoding="utf-8"))) == ["TF302"]
    state.write_text("sess = None\ninputs = None\n", encoding="utf-8")
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": state.as_uri(), "type": 2}]})
    assert codes(client.diagnostics(user.as_uri())) == []


def test_a_notebook_reaches_tensorflow_through_the_project(project: Path, tmp_path: Path) -> None:
    """The command lints a notebook's cells with the index too: `from helpers import tf` beside it."""
    target = tmp_path / "project"
    shutil.copytree(project, target)
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": source}
             for source in ("from helpers import tf\n", "sess = tf.Session()\n")]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (target / "scripts" / "explore.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    result = run("tf2lint", "--isolated", "--format", "json", "scripts/explore.ipynb", cwd=target)
    [finding] = json.loads(result.stdout)
    assert (finding["cell"], finding["line"], finding["code"]) == (2, 1, "TF301")
    assert finding["suggestion"].endswith("(`tf` is `tensorflow.compat.v1` through `helpers`)")


def test_a_module_imported_by_tf1_code_gives_both_readings(cli: Found) -> None:
    """layers.py has no evidence of its own; legacy.py, which imports it, uses `tf.placeholder`."""
    [(_, _, _, code, text)] = [found for found in cli if found[0] == "src/app/layers.py"]
    assert code == "TF110"
    assert "TF1 code: imported by src/app/legacy.py, which uses `tf.placeholder` on line 7" in text
    assert text.endswith("if this is still TF1 code, use `tf.nn.dropout(x, rate=0.2)`; if it was already migrated, "
                         "write `tf.nn.dropout(x, rate=0.8)` to say so")
    assert not [found for found in cli if found[0] == "src/app/migrated.py"]  # tf.function: TF 2.x's reading


def test_one_job_gives_the_same_findings(project: Path, cli: Found) -> None:
    result = run("tf2lint", "--format", "json", "-j", "1", ".", cwd=project)
    assert {(f["path"], f["line"], f["column"], f["code"], f"{f['message']}: {f['suggestion']}")
            for f in json.loads(result.stdout)} == cli


def test_the_same_through_lint_file(project: Path, cli: Found) -> None:
    """``tf2lint.lint_file`` on each file alone: imports followed, importers asked."""
    script = ("import json, sys, tf2lint\n"
              "found = []\n"
              "for name in sys.argv[1:]:\n"
              "    found += [[name, d.line, d.col + 1, d.code, d.text()] for d in tf2lint.lint_file(name)]\n"
              "print(json.dumps(found))\n")
    names = [name for name in SOURCES if not name.endswith("broken.py")]
    result = subprocess.run([sys.executable, "-c", script, *names], capture_output=True, text=True, check=False,
                            cwd=project)
    assert {tuple(found) for found in json.loads(result.stdout)} == cli


def test_tf1_context_follows_imports_transitively_and_stops_at_tf2_code(tmp_path: Path) -> None:
    """train -> model -> layers: layers is TF1 code through model; through a migrated module it is not. An
    import cycle is walked once."""
    (tmp_path / "setup.cfg").write_text("", encoding="utf-8")
    files = {
        "train.py": "import tensorflow as tf\nimport model\nimport modern\nsess = tf.Session()\n",
        "model.py": "import layers\nimport train\n",
        "layers.py": "import tensorflow as tf\nimport model\ny = tf.nn.dropout(x, 0.9)\n",
        "modern.py": "import tensorflow as tf\nimport leaf\ng = tf.GradientTape()\n",
        "leaf.py": "import tensorflow as tf\ny = tf.nn.dropout(x, 0.9)\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = run("tf2lint", "--isolated", "--format", "json", "-j", "1", ".", cwd=tmp_path)
    found = {(f["path"], f["code"]): f["message"] for f in json.loads(result.stdout)}
    assert set(found) == {("train.py", "TF301"), ("layers.py", "TF110")}
    assert found[("layers.py", "TF110")].endswith(
        "TF1 code: imported by model.py, imported by train.py, which uses `tf.Session` on line 4")


def test_a_project_declaring_tf2_is_not_made_tf1_by_importers(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("tensorflow>=2.15\n", encoding="utf-8")
    (tmp_path / "setup.cfg").write_text("", encoding="utf-8")
    (tmp_path / "train.py").write_text("import tensorflow as tf\nimport layers\nsess = tf.Session()\n",
                                       encoding="utf-8")
    (tmp_path / "layers.py").write_text("import tensorflow as tf\ny = tf.nn.dropout(x, 0.9)\n", encoding="utf-8")
    result = run("tf2lint", "--isolated", "--format", "json", ".", cwd=tmp_path)
    assert [(f["path"], f["code"]) for f in json.loads(result.stdout)] == [("train.py", "TF301")]


#: Binding kinds: (a shim's statements binding ``name``, ``name``, a use of it that gives a finding).
BINDING_KINDS = {
    "module-level with": ("with tf.Session() as sess:\n    pass\n", "sess", "sess.run(1)"),
    "assignment": ("sess = tf.Session()\n", "sess", "sess.run(1)"),
    "annotated assignment": ("sess: object = tf.Session()\n", "sess", "sess.run(1)"),
    "if arms": ("if flag:\n    sess = tf.Session()\nelse:\n    sess = tf.InteractiveSession()\n", "sess",
                "sess.run(1)"),
    "if arms, one not TensorFlow": ("if flag:\n    sess = tf.Session()\nelse:\n    sess = None\n", "sess",
                                    "sess.run(1)"),
    "try arms": ("try:\n    v1 = tf\nexcept AttributeError:\n    v1 = tf.compat.v1\n", "v1",
                 "v1.placeholder(v1.float32)"),
    "shadowed": ("sess = tf.Session()\nsess = None\n", "sess", "sess.run(1)"),
    "star re-export": ("from base import *\n", "sess", "sess.run(1)"),
    "function returning a session": ("def get_session():\n    s = tf.Session()\n    return s\n", "get_session",
                                     "get_session().run(1)"),
    "function returning a default session": ("def default():\n    return tf.get_default_session()\n", "default",
                                             "default().run(1)"),
}


@pytest.mark.parametrize("kind", sorted(BINDING_KINDS))
def test_the_walk_and_the_index_bind_alike(tmp_path: Path, kind: str) -> None:
    """What a use gives in the module binding a name is what it gives in a module importing the name."""
    statements, name, use = BINDING_KINDS[kind]
    (tmp_path / "base.py").write_text("import tensorflow.compat.v1 as tf\nsess = tf.Session()\n", encoding="utf-8")
    shim = tmp_path / "shim.py"
    shim.write_text(f"import tensorflow.compat.v1 as tf\nflag = 1\n{statements}{use}\n", encoding="utf-8")
    user = tmp_path / "user.py"
    user.write_text(f"from shim import {name}\n{use}\n", encoding="utf-8")
    in_shim = [d.code for d in lint_source(shim.read_text(), str(shim), index=ProjectIndex())
               if d.line == shim.read_text().count("\n")]
    in_user = [d.code for d in lint_source(user.read_text(), str(user), index=ProjectIndex()) if d.line == 2]
    assert [code for code in in_user if code not in ("TF316", "TF317")] == in_shim  # calls made elsewhere: TF316
    assert bool(in_shim) == (kind not in ("shadowed", "if arms, one not TensorFlow"))
    index = ProjectIndex()
    read = index.exports(shim)  # read by the index alone
    linted = ProjectIndex()
    lint_source(shim.read_text(), str(shim), index=linted)  # learned from the linter's walk
    assert linted.cache[shim] == read
