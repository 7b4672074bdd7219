"""The editor server answers an edit inside a comment without linting the module again: which edits those are
(:mod:`tf2lint.edits`, checked against the parser on every position of tricky text) and that the server's
diagnostics after such edits are those a full lint gives."""
from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import Any, Optional

import pytest

from tf2lint.config import Config
from tf2lint.edits import changed_span, comment_at, edited_comment
from tf2lint.project import ProjectIndex

pytest.importorskip("pygls")

from tf2lint.lsp import ServerState, lint_document  # noqa: E402  (needs pygls)

#: Comments beside strings that hold ``#`` and quotes of every kind, docstrings holding comment-like lines, an
#: f-string with ``#`` in a format spec, a line continued inside a string, a ``# noqa`` comment, CRLF ends.
TRICKY = "\n".join([
    "# -*- coding: utf-8 -*-",
    '"""Module docstring.',
    "# not a comment: inside the docstring",
    '"""',
    "import tensorflow as tf  # the import",
    "",
    "x = tf.placeholder(tf.float32)  # a comment 'with' \"quotes\"",
    "s = \"# not a comment\" + '#neither' # but this is",
    't = f"{x!r:#>10} # still a string {{ }}"  # comment after an f-string',
    r'u = b"\"# escaped quote" # comment',
    r"v = r'\\' # a raw string ending in backslashes",
    r"w = 'continued \ ".rstrip(),
    "# inside a string' ; sess = tf.Session()  # trailing",
    "doc = " + "'" * 3,
    "x = 1  # in a string",
    "'" * 3 + "  # after the string",
    "y = tf.placeholder(tf.int32)  # noqa: TF306",
    "#",
    "",
])


def same_tree(old: str, new: str) -> bool:
    try:
        return ast.dump(ast.parse(old), include_attributes=True) == ast.dump(ast.parse(new), include_attributes=True)
    except SyntaxError:
        return False


def edits(text: str) -> list[str]:
    """``text`` with one character inserted (``x``, ``#``, a quote, a newline) or deleted, at every position."""
    found = []
    for at in range(len(text) + 1):
        found += [text[:at] + inserted + text[at:] for inserted in ("x", "#", '"', "\n")]
        if at < len(text):
            found.append(text[:at] + text[at + 1:])
    return found


@pytest.mark.parametrize("text", [TRICKY, TRICKY.replace("\n", "\r\n")], ids=["LF", "CRLF"])
def test_an_edit_called_inside_a_comment_keeps_the_syntax_tree(text: str) -> None:
    ast.parse(text)
    inside = 0
    for new in edits(text):
        span = edited_comment(text, new)
        if span is not None:
            inside += 1
            assert same_tree(text, new), (text, new)
            assert new[span[0]] == "#" and "\n" not in new[span[0]:span[1]] and "\r" not in new[span[0]:span[1]]
    assert inside > 100  # typing in comments is answered without a lint
    assert edited_comment(text, text.replace("# the import", "# the import noqa")) is None  # it means something
    assert edited_comment(text, text.replace("coding: utf-8", "coding: latin-1")) is None  # the encoding's line


def test_a_comment_is_found_past_strings_holding_hashes() -> None:
    line = 's = "# not a comment" + \'#neither\' # but this is'
    assert comment_at(line, line.index("but")) == (line.index(" # but") + 1, len(line))
    assert comment_at(line, line.index("not a")) is None
    assert comment_at('t = f"{x[\'#\']}" # c', 3) is None
    assert changed_span("abcdef", "abXYef") == (2, 4, 4)
    assert changed_span("aaaa", "aaaaa") == (4, 4, 5)


@pytest.mark.skipif(sys.version_info < (3, 12), reason="an f-string holding its own quotes is Python 3.12")
def test_an_fstring_holding_its_own_quotes_is_not_read_as_a_comment() -> None:
    text = 'import tensorflow as tf\n\nd = {}\nx = f"{d["#"]}"  # comment\n'
    new = text.replace('"#"]', '"#x"]')
    assert not same_tree(text, new)
    assert edited_comment(text, new) is None


def shown(diagnostic: Any) -> tuple[Any, ...]:
    """What the editor shows of an LSP diagnostic."""
    where = diagnostic.range
    return (diagnostic.code, where.start.line, where.start.character, where.end.line, where.end.character,
            diagnostic.message)


def published_state() -> tuple[ServerState, dict[str, Any]]:
    published: dict[str, Any] = {}

    def publish(uri: str, diagnostics: list[Any], version: Optional[int]) -> None:
        published[uri] = (version, [shown(d) for d in diagnostics])

    return ServerState(publish), published


def expected(text: str, path: Path) -> list[tuple[Any, ...]]:
    from tf2lint.lsp import to_lsp
    from tf2lint.source import source_lines

    return [shown(d) for d in to_lsp(lint_document(text, path, Config(), ProjectIndex()), source_lines(text), "utf-16")]


def test_the_server_answers_every_edit_as_a_full_lint_does(tmp_path: Path) -> None:
    """Every single-character edit of ``TRICKY``, and the edit back: the diagnostics published are those a fresh
    lint of that text gives, whether the engine ran again or not; edits inside comments do not run it."""
    path = tmp_path / "tricky.py"
    uri = path.as_uri()
    state, published = published_state()
    state.open(uri, TRICKY, 1)
    original = expected(TRICKY, path)
    assert published[uri] == (1, original) and original
    version = 1
    skipped = 0
    for new in edits(TRICKY)[::3]:  # a third of them: the test stays fast
        for text, wanted in ((new, expected(new, path)), (TRICKY, original)):
            version += 1
            checks = state.checks
            state.change(uri, text, version)
            state.flush()
            assert published[uri] == (version, wanted), text
            skipped += state.checks == checks
    assert skipped > 50


def test_edits_that_change_what_the_lint_saw_run_the_engine(tmp_path: Path) -> None:
    (tmp_path / "compat.py").write_text("import tensorflow as tf\n", encoding="utf-8")
    path = tmp_path / "main.py"
    uri = path.as_uri()
    text = "# main\nfrom compat import tf\n\nsess = tf.Session()  # a session\n"
    state, published = published_state()
    state.open(uri, text, 1)
    assert [d[0] for d in published[uri][1]] == ["TF301"] and state.checks == 1
    for version, edited in enumerate(["  # a sessio", "  # a sessionx", "  # a sessionxy"], 2):
        text = text[:text.index("  # a")] + edited + "\n"
        state.change(uri, text, version)
        state.flush()
        assert published[uri] == (version, expected(text, path)) and state.checks == 1  # comments only
    state.change(uri, text.replace("# a sessionxy", "# noqa"), 5)  # it means something: linted, silenced
    state.flush()
    assert published[uri] == (5, []) and state.checks == 2
    state.change(uri, text, 6)
    state.flush()
    assert state.checks == 3
    (tmp_path / "compat.py").write_text("import numpy as tf\n", encoding="utf-8")  # the module it imports changes
    state.files_changed([((tmp_path / "compat.py").as_uri(), 2)])
    state.change(uri, text.replace("sessionxy", "sessionxyz"), 7)  # a comment, but not the findings of before
    state.flush()
    assert published[uri] == (7, []) and state.checks == 4
    (tmp_path / "compat.py").write_text("import tensorflow as tf\n", encoding="utf-8")  # no file event: its stamp
    state.change(uri, text, 8)
    state.flush()
    assert [d[0] for d in published[uri][1]] == ["TF301"] and state.checks == 5
    (tmp_path / "pyproject.toml").write_text("[tool.tf2lint]\nignore = ['TF301']\n", encoding="utf-8")
    state.change(uri, text.replace("sessionxy", "sessionxyz"), 9)
    state.flush()
    assert published[uri] == (9, []) and state.checks == 6  # linted with the configuration now on disk


def test_only_an_edited_import_reads_a_module(tmp_path: Path) -> None:
    """Edits of code that keep the import lines read nothing (the modules imported are known, and checked by
    their stamps); an import line edited to name another module reads that module."""
    (tmp_path / "compat.py").write_text("import tensorflow as tf\n", encoding="utf-8")
    (tmp_path / "other.py").write_text("import numpy as tf\n", encoding="utf-8")
    uri = (tmp_path / "main.py").as_uri()
    text = "from compat import tf\n\nsess = tf.Session()\n"
    state, published = published_state()
    read: list[Path] = []
    reader = state.index.reader
    state.index.reader = lambda path: read.append(path) or reader(path)  # type: ignore[func-returns-value]
    state.open(uri, text, 1)
    assert [d[0] for d in published[uri][1]] == ["TF301"] and set(read) == {tmp_path / "compat.py"}
    opened = len(read)
    for version in range(2, 5):
        text += f"x{version} = {version}\n"
        state.change(uri, text, version)
        state.flush()
        assert [d[0] for d in published[uri][1]] == ["TF301"] and state.checks == version
    assert len(read) == opened
    state.change(uri, text.replace("from compat", "from other"), 5)
    state.flush()
    assert published[uri] == (5, []) and set(read[opened:]) == {tmp_path / "other.py"}
