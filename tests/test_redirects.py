"""Retired and renamed codes (``tf2lint.rules.redirects``): the table's invariants, and the mechanism through the
command with a redirect added for the test (the table is empty today: no code has been renamed or retired)."""
from __future__ import annotations

import re
from pathlib import Path

from test_robustness import run_cli
from tf2lint.rules import RULES
from tf2lint.rules.redirects import REDIRECTS

#: A retired code made to stand for TF301 in the command's process.
RENAMED = "import tf2lint.rules.redirects as redirects\nredirects.REDIRECTS.update({'TF199': 'TF301', 'old-session': 'TF301'})"


def test_redirects_point_at_current_rules_and_reuse_no_code() -> None:
    symbols = {rule.symbol for rule in RULES.values()}
    for old, new in REDIRECTS.items():
        assert new in RULES, (old, new)
        assert old not in RULES and old not in symbols, f"{old} is retired: it cannot name a current rule"
        assert re.fullmatch(r"TF\d{3}", old) or old == old.lower(), old


def test_a_retired_code_still_works_in_the_command(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.tf2lint]\nselect = ["TF199"]\n', encoding="utf-8")
    (tmp_path / "a.py").write_text("import tensorflow as tf\ns = tf.Session()\nt = tf.Session()  # noqa: TF199\n"
                                   "x = tf.placeholder(tf.float32)\n", encoding="utf-8")
    for name in ("TF199", "tf199", "old-session"):
        explained = run_cli("--explain", name, cwd=tmp_path, before=RENAMED)
        assert explained.returncode == 0
        assert explained.stdout.splitlines()[:2] == [f"{name} is now TF301: it was renamed or merged into it.",
                                                     "TF301 (tf1-session)"]
        assert explained.stdout.split("\n", 1)[1] == run_cli("--explain", "TF301", cwd=tmp_path).stdout
    run = run_cli(".", cwd=tmp_path, before=RENAMED)  # select = ["TF199"] selects TF301; # noqa: TF199 silences it
    assert run.returncode == 1 and [line.split()[:2] for line in run.stdout.splitlines()] == [["a.py:2:5:", "TF301"]]
    run = run_cli("--ignore", "TF199", "--select", "TF3", ".", cwd=tmp_path, before=RENAMED)
    assert [line.split()[1] for line in run.stdout.splitlines()] == ["TF306"]
    (tmp_path / "a.py").write_text("# tf2lint: noqa: TF199\nimport tensorflow as tf\ns = tf.Session()\n")
    assert run_cli("--select", "TF3", ".", cwd=tmp_path, before=RENAMED).stdout == ""
    without = run_cli(".", cwd=tmp_path)  # no such redirect: an unknown code
    assert without.returncode == 2 and "TF199" in without.stderr
