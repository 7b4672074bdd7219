"""No input makes the engine raise anything but SourceError, and what it reports lies inside the text.

Hand-picked hostile inputs (Python 2, bad bytes and encodings, NUL, BOM, line ends, tabs, huge files), trees
as deep as ``ast.parse`` accepts (and one deeper: a clean SourceError), and property-based tests that feed
generated source (hypothesmith's grammar, token soups, mutated fixture files) to the engine.
"""
from __future__ import annotations

import ast
import inspect
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Callable, Optional

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tf2lint
from conftest import fixture_files
from tf2lint.engine import SourceError, lint_source, lint_tree, read_source, source_lines
from tf2lint.config import Config
from tf2lint.flake8_plugin import Plugin
from tf2lint.runner import Options, cpu_count, jobs_for, lint_bytes

PLACEHOLDER = "tf.placeholder(tf.float32)"
HEADER = "import tensorflow as tf\n"
FIXTURES = fixture_files()


def check(text: str, filename: str = "<test>") -> Optional[list[tf2lint.Diagnostic]]:
    """Lint ``text``: a list of valid diagnostics, or None after a clean SourceError. Anything else fails.

    SourceError is allowed only where ``ast.parse`` itself fails (a leading BOM aside, which tf2lint skips).
    """
    try:
        found = lint_source(text, filename)
    except SourceError as error:
        assert isinstance(error.message, str) and error.message and "\n" not in error.message
        assert isinstance(error.line, int) and isinstance(error.col, int)
        assert not parses(text[1:] if text.startswith("\ufeff") else text), f"valid Python: {error.message}"
        return None
    assert_inside(text, found)
    return found


def parses(text: str) -> bool:
    """Whether ``ast.parse`` accepts ``text``."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def assert_inside(text: str, found: list[tf2lint.Diagnostic]) -> None:
    """Each finding is a known rule at a position inside the text (columns are UTF-8 offsets, as in ``ast``)."""
    assert isinstance(found, list)
    lines = source_lines(text.lstrip("\ufeff"))
    for diagnostic in found:
        assert isinstance(diagnostic, tf2lint.Diagnostic)
        assert diagnostic.code in tf2lint.RULES
        assert diagnostic.message and "\n" not in diagnostic.text()
        assert 1 <= diagnostic.line <= diagnostic.end_line <= len(lines), diagnostic
        assert 0 <= diagnostic.col <= len(lines[diagnostic.line - 1].encode("utf-8", "surrogatepass")), diagnostic
        assert 0 <= diagnostic.end_col <= len(lines[diagnostic.end_line - 1].encode("utf-8", "surrogatepass"))
        assert diagnostic.end_line > diagnostic.line or diagnostic.end_col >= diagnostic.col, diagnostic
    positions = [(d.line, d.col) for d in found]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)  # one finding per location


def codes(text: str) -> list[tuple[int, str]]:
    found = check(text)
    assert found is not None, "unexpected SourceError"
    return [(d.line, d.code) for d in found]


# -- hostile text ---------------------------------------------------------------------------------------

PYTHON2 = {
    "print statement": 'print "x"',
    "exec statement": 'exec "code"',
    "exec in": 'exec code in namespace',
    "async keyword argument": "f(async=True)",
    "async parameter": "def f(x, async=False):\n    pass",
    "async assignment": "async = 1",
    "await assignment": "await = 1",
    "backticks": "x = `y`",
    "diamond": "x = 1 <> 2",
    "except comma": "try:\n    pass\nexcept Exception, e:\n    pass",
    "raise comma": 'raise ValueError, "x"',
    "octal": "x = 0777",
    "long": "x = 10L",
    "ur prefix": 'x = ur"x"',
    "tuple parameters": "def f((a, b)):\n    pass",
    "mixed tabs": "if x:\n\ty = 1\n        z = 2",
    "unterminated string": 'x = "abc',
    "unterminated triple quote": 'x = """abc',
    "unbalanced": "x = (1, 2",
    "stray indent": "  x = 1",
    "lone surrogate": 'x = "\ud800"',
    "nul byte": "x = 1\x00",
    "two BOMs": "\ufeff\ufeffx = 1",
}


@pytest.mark.parametrize("body", PYTHON2.values(), ids=PYTHON2.keys())
def test_invalid_python3_is_a_source_error(body: str) -> None:
    text = HEADER + f"x = {PLACEHOLDER}\n" + body + "\n"
    with pytest.raises(SourceError) as raised:
        lint_source(text)
    assert "\n" not in raised.value.message
    assert check(text) is None
    assert check(body) is None  # also without TensorFlow, where only the parser runs


TEXTS = {
    "empty": ("", []),
    "newline": ("\n", []),
    "whitespace": ("  \n\t\n\x0c\n", []),
    "comment mentioning tensorflow": ("# tensorflow\n", []),
    "no trailing newline": (HEADER + f"x = {PLACEHOLDER}", [(2, "TF306")]),
    "BOM": ("\ufeff" + HEADER + f"x = {PLACEHOLDER}\n", [(2, "TF306")]),
    "CRLF": (HEADER.replace("\n", "\r\n") + f"\r\nx = {PLACEHOLDER}  # noqa\r\ny = {PLACEHOLDER}\r\n",
             [(4, "TF306")]),
    "CR": (HEADER.replace("\n", "\r") + f"\rx = {PLACEHOLDER}  # noqa\ry = {PLACEHOLDER}\r", [(4, "TF306")]),
    "mixed line ends": (HEADER + f"a = 1\r\nb = 2\rx = {PLACEHOLDER}\n", [(4, "TF306")]),
    "tabs": (HEADER + f"if x:\n\tif y:\n\t\tx = {PLACEHOLDER}\n", [(4, "TF306")]),
    "form feed and U+2028 are not line ends": (
        HEADER + f"\x0ca = '\u2028\x85\x0c'  # \x1c\u2029\nx = {PLACEHOLDER}  # noqa\ny = {PLACEHOLDER}\n",
        [(4, "TF306")]),
    "non-ASCII before the finding": (HEADER + f"s = 'äöü€𝄞'; x = {PLACEHOLDER}\n", [(2, "TF306")]),
    "non-ASCII identifiers": (HEADER + f"größe = {PLACEHOLDER}\nτf = tf\ny = τf.Session()\n",
                              [(2, "TF306"), (4, "TF301")]),
    "invalid escape sequence": (HEADER + f"s = '\\d'\nx = {PLACEHOLDER}\n", [(3, "TF306")]),
    "line continuation": (HEADER + f"x = \\\n    {PLACEHOLDER}\n", [(3, "TF306")]),
    "very long line": (HEADER + "x = [" + ", ".join(["1"] * 50_000) + f", {PLACEHOLDER}]\n", [(2, "TF306")]),
}


@pytest.mark.parametrize("text, expected", TEXTS.values(), ids=TEXTS.keys())
def test_valid_text(text: str, expected: list[tuple[int, str]]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the parser's own warnings must neither escape nor become errors
        assert codes(text) == expected


BYTES = {
    "invalid UTF-8": (b"import tensorflow as tf\nx = '\xff\xfe'\n", None),
    "latin-1 without a cookie": (b"import tensorflow as tf\n# caf\xe9\n", None),
    "UTF-16 without a cookie": ("import tensorflow as tf\n".encode("utf-16"), None),
    "unknown coding cookie": (b"# coding: klingon\nimport tensorflow as tf\n", None),
    "cookie of a non-text codec": (b"# coding: rot13\nimport tensorflow as tf\n", None),
    "punycode cookie": (b"# coding: punycode\nimport tensorflow as tf\nx = '#'\n", None),
    "undefined cookie": (b"# coding: undefined\nimport tensorflow as tf\n", None),
    "BOM with a latin-1 cookie": (b"\xef\xbb\xbf# coding: latin-1\nimport tensorflow as tf\n", None),
    "NUL byte": (b"import tensorflow as tf\nx = 1\x00\n", None),
    "BOM": (b"\xef\xbb\xbfimport tensorflow as tf\nx = tf.placeholder(tf.float32)\n", [(2, "TF306")]),
    "latin-1 cookie": (b"# -*- coding: latin-1 -*-\nimport tensorflow as tf\n# caf\xe9\n"
                       b"x = tf.placeholder(tf.float32)\n", [(4, "TF306")]),
    "CRLF": (b"import tensorflow as tf\r\nx = tf.placeholder(tf.float32)\r\n", [(2, "TF306")]),
    "CR": (b"import tensorflow as tf\rx = tf.placeholder(tf.float32)\r", [(2, "TF306")]),
    "empty": (b"", []),
}


@pytest.mark.parametrize("data, expected", BYTES.values(), ids=BYTES.keys())
def test_files(tmp_path: Path, data: bytes, expected: Optional[list[tuple[int, str]]]) -> None:
    path = tmp_path / "module.py"
    path.write_bytes(data)
    try:
        found = tf2lint.lint_file(path)
    except SourceError as error:
        assert expected is None, error.message
        assert "\n" not in error.message
        return
    assert expected is not None, "expected a SourceError"
    assert [(d.line, d.code) for d in found] == expected


def test_unreadable_paths(tmp_path: Path) -> None:
    for path in (tmp_path, tmp_path / "missing.py"):
        with pytest.raises(SourceError):
            tf2lint.lint_file(path)


def test_fifty_megabytes(tmp_path: Path) -> None:
    """A 50 MB file (mostly comments: 50 MB of dense code needs ~15 GB in ``ast.parse`` alone) is linted whole."""
    block = "".join(f"# padding line {i:02d} {'.' * 40}\n" for i in range(99))
    path = tmp_path / "big.py"
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        while out.tell() < 50_000_000:
            out.write(block + f"x{count} = {PLACEHOLDER}\n")
            count += 1
    found = tf2lint.lint_file(path)
    path.unlink()  # pytest keeps the last runs' tmp_path folders
    assert [d.line for d in found] == [1 + 100 * (i + 1) for i in range(count)]
    assert {d.code for d in found} == {"TF306"}


# -- deep trees -----------------------------------------------------------------------------------------


def deepest(make: Callable[[int], str]) -> int:
    """The largest depth (up to ``make.high``, default 20,000) at which ``ast.parse`` accepts ``make(depth)``."""
    high = getattr(make, "high", 20_000)
    if parses(make(high)):
        return high
    low = 1
    assert parses(make(low))
    while low + 1 < high:
        middle = (low + high) // 2
        if parses(make(middle)):
            low = middle
        else:
            high = middle
    return low


def indented(make: Callable[[int], str]) -> Callable[[int], str]:
    """Mark a maker of indented blocks: the tokenizer stops at 100 levels, no need to try 20,000."""
    make.high = 300  # type: ignore[attr-defined]
    return make


def nested_blocks(*openers: str, leaf: str = f"x = {PLACEHOLDER}") -> Callable[[int], str]:
    """``depth`` levels of the ``openers`` (each opener one indentation deeper), ``leaf`` innermost."""
    @indented
    def make(depth: int) -> str:
        lines = [HEADER.rstrip("\n")]
        indent = 0
        for level in range(depth):
            for opener in openers:
                lines.append(" " * indent + opener.format(i=level))
                if opener == "try:":  # the handler holds the next level
                    lines += [" " * (indent + 1) + "pass", " " * indent + "except ImportError:"]
                indent += 1
        lines.append(" " * indent + leaf)
        return "\n".join(lines) + "\n"
    return make


def expression(template: Callable[[int], str]) -> Callable[[int], str]:
    return lambda depth: HEADER + template(depth) + "\n"


P = PLACEHOLDER
DEEP: dict[str, Callable[[int], str]] = {
    "a + b + ... (2,000+ terms)": expression(lambda n: "x = " + " + ".join(["a"] * n) + f" + {P}"),
    "placeholder + a + b + ...": expression(lambda n: f"x = {P} + " + " + ".join(["a"] * n)),
    "a * (b - (c * ...))": expression(lambda n: "x = " + "a * (b - " * (n // 2) + P + "))" * (n // 2)),
    "parentheses": expression(lambda n: "x = " + "(" * n + P + ")" * n),
    "lists": expression(lambda n: "x = " + "[" * n + P + "]" * n),
    "tuples": expression(lambda n: "x = " + "(" * n + P + ",)" * n),
    "dicts": expression(lambda n: "x = " + "{1: " * n + P + "}" * n),
    "sets": expression(lambda n: "x = " + "{" * n + P + "}" * n),
    "calls f(f(...))": expression(lambda n: "x = " + "f(" * n + P + ")" * n),
    "keyword calls f(k=f(k=...))": expression(lambda n: "x = " + "f(k=" * n + P + ")" * n),
    "subscripts a[a[...]]": expression(lambda n: "x = " + "a[" * n + P + "]" * n),
    "attribute chain": expression(lambda n: f"x = {P}" + ".a" * n),
    "method chain": expression(lambda n: f"x = {P}" + ".a()" * n),
    "subscript chain": expression(lambda n: f"x = {P}" + "[0]" * n),
    "attribute chain on tf": expression(lambda n: "x = tf" + ".a" * n + f"\ny = {P}"),
    "unary minus": expression(lambda n: "x = " + "-" * n + P),
    "not": expression(lambda n: "x = " + "not " * n + P),
    "await": lambda n: HEADER + "async def f():\n    x = " + "await (" * n + P + ")" * n + "\n",
    "lambda: lambda: ...": expression(lambda n: "x = " + "lambda: " * n + P),
    "conditional expressions": expression(lambda n: "x = " + "a if b else " * n + P),
    "powers": expression(lambda n: "x = " + "a ** " * n + P),
    "comparisons": expression(lambda n: "x = " + "a < " * n + P),
    "boolean operators": expression(lambda n: "x = " + "a and " * n + P),
    "walrus": expression(lambda n: "x = " + "(a := " * n + P + ")" * n),
    "starred": expression(lambda n: "x = " + "[*" * n + P + "]" * n),
    "comprehensions": expression(lambda n: "x = " + "[" * n + P + " for a in b]" * n),
    "generators in calls": expression(lambda n: "x = " + "f(" * n + P + " for a in b)" * n),
    "f-strings": expression(lambda n: "x = " + "f'{" * min(n, 2) + P + "}'" * min(n, 2) + " + a" * n),
    "nested targets": expression(lambda n: "[" * n + "a" + "]" * n + f" = x = {P}"),
    "elif chain": lambda n: HEADER + "if a:\n    pass\n" + "elif a:\n    pass\n" * n + f"else:\n    x = {P}\n",
    "decorators": lambda n: HEADER + "@d\n" * n + f"def f():\n    return {P}\n",
    "with items": lambda n: HEADER + "with " + ", ".join(["a"] * n) + f", tf.Session() as s:\n    s.run({P})\n",
    "nested functions": nested_blocks("def f{i}():", leaf=f"return {P}"),
    "nested classes": nested_blocks("class C{i}:"),
    "nested methods": nested_blocks("class C{i}:", "def m(self):", leaf=f"self.s = {P}"),
    "nested if": nested_blocks("if a:"),
    "nested for": nested_blocks("for a in b:"),
    "nested with": nested_blocks("with a as b:"),
    "nested try": nested_blocks("try:"),
    "nested while": nested_blocks("while a:"),
    "nested match": nested_blocks("match a:", "case 1:"),
    # family checks (tf2lint/rules/) that look into arguments
    "control_dependencies(a + b + ...)": lambda n: (
        HEADER + "with tf.control_dependencies(" + " + ".join(["a"] * n) + f"):\n    x = {P}\n"),
    "nn.dropout(x, a + b + ...)": lambda n: (
        HEADER + "tf.nn.dropout(x, keep_prob + " + " + ".join(["a"] * n) + f")\nx = {P}\n"),
    "Session.run(a + b + ...)": lambda n: (
        HEADER + "s = tf.Session()\ns.run(" + " + ".join(["a"] * n) + f")\nx = {P}\n"),
}
if sys.version_info < (3, 10):
    del DEEP["nested match"]


#: How deep ``ast.parse`` goes depends on how deep the stack already is (in 3.11, ~3 levels per frame):
#: near that limit, trees are linted this many levels short of the limit measured from the test itself.
MARGIN = 30


@pytest.mark.parametrize("make", DEEP.values(), ids=DEEP.keys())
def test_deep_tree(make: Callable[[int], str]) -> None:
    """As deep as ``ast.parse`` goes, the engine lints without error and still reports what is inside."""
    limit = deepest(make)
    depth = limit - MARGIN if limit > 1000 else limit
    text = make(depth)
    assert ("TF306" in {code for _, code in codes(text)}), f"placeholder not found at depth {depth}"
    tree = ast.parse(text)
    flake8_codes = [message.split()[0] for _, _, message, _ in Plugin(tree, text.splitlines(True)).run()]
    assert "TF306" in flake8_codes
    if limit < 20_000:  # deeper, the parser gives up: a clean SourceError
        assert check(make(limit + MARGIN)) is None


def test_two_thousand_terms() -> None:
    """The issue's example: pyflakes raises RecursionError on it; tf2lint reports the placeholder inside."""
    terms = [f"t{i}" for i in range(2000)]
    terms[1000] = PLACEHOLDER
    assert codes(HEADER + "x = " + " + ".join(terms) + "\n") == [(2, "TF306")]


@pytest.mark.parametrize("kind", ["parentheses", "a + b + ... (2,000+ terms)", "attribute chain"])
def test_far_too_deep_is_a_source_error(kind: str) -> None:
    assert check(DEEP[kind](100_000)) is None


def test_little_stack_left() -> None:
    """The walk is iterative: linting works with 60 frames of headroom."""
    path = next(p for p in FIXTURES if p.name.startswith("tf6xx"))
    text = read_source(path)
    expected = lint_source(text)

    def recurse(depth: int) -> list[tf2lint.Diagnostic]:
        if depth <= 0:
            return lint_source(text)
        return recurse(depth - 1)

    used = len(inspect.stack(0))
    assert recurse(sys.getrecursionlimit() - used - 60) == expected


def test_lint_tree_without_text() -> None:
    tree = ast.parse(HEADER + "x = " + "(" * 150 + PLACEHOLDER + ")" * 150 + "\n")
    assert [d.code for d in lint_tree(tree)] == ["TF306"]


# -- generated source -----------------------------------------------------------------------------------

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: hypothesmith generates slowly (~0.1 s an example from the grammar, ~0.4 s from syntax trees).
_SLOW_GENERATION = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]
GRAMMAR = settings(PROPERTY, max_examples=40, suppress_health_check=_SLOW_GENERATION)
TREES = settings(PROPERTY, max_examples=20, suppress_health_check=_SLOW_GENERATION)

TOKENS = [
    "import tensorflow as tf", "import tensorflow.compat.v1 as tf", "from tensorflow.compat import v1",
    "from tensorflow.compat.v1 import Session", "tf = tf.compat.v1", "import tensorflow_estimator as est",
    "tf.placeholder", "tf.Session()", "tf.compat.v1.Session", "sess", "sess.run", ".run", ".eval", "feed_dict=",
    "tf.control_dependencies", "tf.get_collection", "tf.GraphKeys.UPDATE_OPS", "tf.nn.dropout", "keep_prob",
    "tf.train.AdamOptimizer", ".minimize", "global_step=", "tf.contrib.layers", "tf.variable_scope",
    "reuse=True", ".reuse_variables", "tf.Graph().as_default", "tf.data.Dataset", ".make_one_shot_iterator",
    ".output_types", ".shape[0].value", "tf.summary.scalar", "collections=", "tf.group", "train_op=",
    "self.sess", "self", "def", "class", "lambda", "with", "as", "for", "in", "if", "else", "elif", "try:",
    "except ImportError:", "except", "finally:", "return", "yield", "await", "async", "global", "nonlocal",
    "del", "pass", "match", "case", "*", "**", "=", ":=", "+", "-", "@", ".", ",", ":", ";", "(", ")", "[", "]",
    "{", "}", "'s'", '"""', "#", "# noqa", "# noqa: TF3", "\\", "0", "1.5", "x", "y", "f", "\n", "\n    ",
    "\n\t", "\r\n", "\r", "\x0c", "\ufeff", "\x00", "é", "\ud800",
]


@PROPERTY
@given(st.lists(st.sampled_from(TOKENS), max_size=60), st.sampled_from([" ", "", "\n"]))
def test_token_soup(tokens: list[str], separator: str) -> None:
    check(separator.join(tokens))
    check(HEADER + separator.join(tokens))


FIXTURE_LINES = [read_source(path).splitlines(True) for path in FIXTURES]


@st.composite
def mutated_fixture(draw: st.DrawFn) -> bytes:
    """A fixture file with lines deleted, duplicated, swapped, truncated, and random text or bytes inserted."""
    lines = [line.encode("utf-8") for line in draw(st.sampled_from(FIXTURE_LINES))]
    for _ in range(draw(st.integers(0, 8))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "truncate", "text", "bytes", "indent"]))
        if operation == "delete":
            del lines[at]
        elif operation == "duplicate":
            lines.insert(at, lines[at])
        elif operation == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif operation == "truncate":
            lines[at] = lines[at][:draw(st.integers(0, len(lines[at])))]
        elif operation == "text":
            lines.insert(at, draw(st.text(max_size=30)).encode("utf-8", "surrogatepass"))
        elif operation == "bytes":
            lines.insert(at, draw(st.binary(max_size=10)))
        else:
            lines[at] = b"    " + lines[at]
    return b"".join(lines)


@PROPERTY
@given(mutated_fixture())
def test_mutated_fixtures(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "mutated.py"
        path.write_bytes(data)
        try:
            text = read_source(path)
        except SourceError as error:
            assert "\n" not in error.message
            return
    first = check(text)
    assert check(text) == first  # deterministic
    if first is not None:
        assert set(first) <= set(lint_source(text, noqa=False))  # noqa only removes findings


def test_shuffled_fixtures() -> None:
    """The fixtures lint cleanly, and so do their lines in a random order (bindings before their imports)."""
    rng = random.Random(8)
    for lines in FIXTURE_LINES:
        assert check("".join(lines)) is not None
        shuffled = list(lines)
        rng.shuffle(shuffled)
        check("".join(shuffled))


try:
    import hypothesmith
except ImportError:  # pragma: no cover - optional: pip install hypothesmith
    hypothesmith = None

needs_hypothesmith = pytest.mark.skipif(hypothesmith is None, reason="hypothesmith is not installed")
# hypothesmith compiles what it generates: its SyntaxWarnings are not the engine's (test_valid_text checks those)
hypothesmith_warnings = pytest.mark.filterwarnings("ignore::SyntaxWarning")


@needs_hypothesmith
@hypothesmith_warnings
@GRAMMAR
@given(hypothesmith.from_grammar() if hypothesmith else st.just(""))
def test_grammar(source: str) -> None:
    check(source)
    check(HEADER + source)


@needs_hypothesmith
@hypothesmith_warnings
@TREES
@given(hypothesmith.from_node() if hypothesmith else st.just(""))
def test_syntax_trees(source: str) -> None:
    check(HEADER + source)


# -- faults around the engine: the command under file-system surprises, dying workers, full disks ---------

CLI_TIMEOUT = 60  # seconds: a hang fails the test instead of stalling the suite
FINDING = HEADER + f"x = {PLACEHOLDER}\n"


def run_cli(*args: str, cwd: Path, before: str = "", stdin: object = subprocess.DEVNULL,
            stdout: object = subprocess.PIPE, env: Optional[dict[str, str]] = None) -> subprocess.CompletedProcess[str]:
    """``tf2lint ARGS`` in a subprocess, after the Python statements ``before`` (a fault to inject)."""
    code = f"import os, signal, sys, time\n{before}\nfrom tf2lint.cli import main\nsys.exit(main())"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, stdin=stdin, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=CLI_TIMEOUT, check=False,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})})


def assert_one_line_errors(stderr: str) -> list[str]:
    lines = stderr.splitlines()
    assert "Traceback" not in stderr, stderr
    return lines


def write_files(folder: Path, count: int, text: str = FINDING) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = [folder / f"m{index:03d}.py" for index in range(count)]
    for path in paths:
        path.write_text(text, encoding="utf-8")
    return paths


#: A worker that lints a file named kill*.py is killed, as the OOM killer would.
KILL_WORKER = """\
import tf2lint.runner as runner
lint_path = runner.lint_path
def killing(path, options):
    if os.path.basename(path).startswith("kill"):
        os.kill(os.getpid(), signal.SIGKILL)
    return lint_path(path, options)
runner.lint_path = killing
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_a_dying_worker_is_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    paths = write_files(tmp_path / "src", 40)
    for name in ("kill1.py", "kill2.py"):
        (tmp_path / "src" / name).write_text(FINDING, encoding="utf-8")
    result = run_cli("-j", "2", "--force-jobs", "src", cwd=tmp_path, before=KILL_WORKER)
    errors = assert_one_line_errors(result.stderr)
    assert result.returncode == 2
    assert sorted(errors) == [f"src{os.sep}{name}:1:1: error: the worker linting this file died: killed by SIGKILL "
                              "(out of memory?)" for name in ("kill1.py", "kill2.py")]
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        str(path.relative_to(tmp_path)) for path in paths]  # every other file, in order


#: Each file takes a while, and the first result says so: Ctrl-C comes in the middle of the run.
SLOW_FILES = """\
import tf2lint.runner as runner
lint_path = runner.lint_path
def slow(path, options):
    time.sleep(0.2)
    return lint_path(path, options)
runner.lint_path = slow
"""


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="POSIX process groups")
def test_ctrl_c_with_jobs_prints_no_traceback(tmp_path: Path) -> None:
    write_files(tmp_path / "src", 100)
    code = f"import os, signal, sys, time\n{SLOW_FILES}\nfrom tf2lint.cli import main\nsys.exit(main())"
    process = subprocess.Popen([sys.executable, "-c", code, "-j", "2", "--force-jobs", "src"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert process.stdout is not None and process.stdout.readline()  # linting has begun
        os.killpg(process.pid, signal.SIGINT)  # as the terminal does: to every process of the group
        _, stderr = process.communicate(timeout=CLI_TIMEOUT)
    finally:
        process.kill()
    assert process.returncode == 130
    assert stderr == ""


@pytest.mark.parametrize("where", ["file", "run"])
def test_an_internal_error_has_a_status_of_its_own(tmp_path: Path, where: str) -> None:
    (tmp_path / "a.py").write_text(FINDING, encoding="utf-8")
    target = "runner.check_source" if where == "file" else "output.TextReporter.finding"  # a bug there
    before = f"import tf2lint.{target.split('.')[0]}\ndef broken(*args, **kwargs):\n    raise ValueError('a bug')\n"
    before += f"tf2lint.{target} = broken\n"
    result = run_cli("a.py", cwd=tmp_path, before=before)
    assert result.returncode == 3  # not 1 (findings) nor 2 (a file that could not be linted)
    assert assert_one_line_errors(result.stderr) == [
        "a.py:1:1: error: internal error, please report it: ValueError: a bug" if where == "file"
        else "tf2lint: internal error, please report it: ValueError: a bug"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("output", ["stdout", "-o"])
def test_a_full_disk_is_one_error(tmp_path: Path, output: str) -> None:
    write_files(tmp_path / "src", 3, FINDING * 200)
    with open("/dev/full", "w", encoding="utf-8") as full:
        if output == "stdout":
            result = run_cli("src", cwd=tmp_path, stdout=full)
        else:
            result = run_cli("src", "-o", "/dev/full", "--format", "sarif", cwd=tmp_path)
    assert result.returncode == 2
    assert assert_one_line_errors(result.stderr) == ["tf2lint: error: cannot write the output: No space left on device"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_only_regular_files_are_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.py")  # opening it would wait for a writer forever
    (tmp_path / "zero.py").symlink_to("/dev/zero")  # reading it would never end
    with open(tmp_path / "sparse.py", "wb") as sparse:  # 8 GiB that take no disk space
        sparse.truncate(8 * 1024 ** 3)
    (tmp_path / "ok.py").write_text(FINDING, encoding="utf-8")
    result = run_cli("fifo.py", "zero.py", "sparse.py", "ok.py", cwd=tmp_path)
    assert result.returncode == 2
    assert assert_one_line_errors(result.stderr) == [
        "fifo.py:1:1: error: not a regular file (a FIFO): not read",
        "zero.py:1:1: error: not a regular file (a character device): not read",
        "sparse.py:1:1: error: larger than 64 MiB: not read",
    ]
    assert result.stdout.startswith("ok.py:2:5: TF306 ")


def test_stdin_is_read_up_to_the_limit(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        result = run_cli("-", "--stdin-filename", "endless.py", cwd=tmp_path, stdin=zero)
    assert result.returncode == 2
    assert assert_one_line_errors(result.stderr) == ["endless.py:1:1: error: larger than 64 MiB: not read"]


def test_jobs_are_capped_at_the_cores_unless_forced() -> None:
    assert jobs_for(32, 1000) == min(32, cpu_count())
    assert jobs_for(32, 1000, force=True) == 32
    assert jobs_for(32, 3, force=True) == 3
    assert jobs_for(0, 1000) == cpu_count()


def best_time(work: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def long_line(findings: int) -> bytes:
    """One line with ``findings`` findings and a ``# noqa`` naming another code: every finding asks it."""
    return (HEADER + "x = [" + f"{PLACEHOLDER}, " * findings + "]  # noqa: TF9\n").encode("utf-8")


@pytest.mark.parametrize("path", ["runner", "server"])
def test_many_findings_on_one_line_take_linear_time(path: str) -> None:
    def lint(data: bytes) -> Callable[[], object]:
        if path == "runner":
            return lambda: lint_bytes(data, "long.py", Options(Config()))
        lsp = pytest.importorskip("tf2lint.lsp")
        text = data.decode("utf-8")
        return lambda: lsp.document_diagnostics(text, None, Config(), "utf-16")

    small, large = 2_000, 16_000
    assert len(lint_bytes(long_line(large), "long.py", Options(Config())).findings) == large
    ratio = best_time(lint(long_line(large))) / best_time(lint(long_line(small)))
    assert ratio < 24, ratio  # 8 times the findings: ~8 to 12 times the time (garbage collection), quadratic 64


#: File names that are not UTF-8, or that hold a newline (which could forge a finding line in text output).
ODD_NAMES = [b"bad\xff.py", b"forged.py:9:9: TF301 Session\nx.py"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
@pytest.mark.parametrize("output", ["stdout", "-o"])
@pytest.mark.parametrize("format", ["text", "json", "sarif", "github", "markdown"])
def test_odd_file_names_in_every_format(tmp_path: Path, format: str, output: str) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    for name in ODD_NAMES:
        with open(os.path.join(os.fsencode(folder), name), "wb") as file:
            file.write(FINDING.encode("utf-8"))
    args = ["--format", format, "--statistics", "src"] + (["-o", "out"] if output == "-o" else [])
    result = run_cli(*args, cwd=tmp_path, env={"LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "", "PYTHONUTF8": "0"})
    assert result.returncode == 1, result.stderr
    assert_one_line_errors(result.stderr)
    written = (tmp_path / "out").read_text(encoding="utf-8") if output == "-o" else result.stdout
    shown = ["src/bad\\xff.py", "src/forged.py:9:9: TF301 Session\\nx.py"]
    if format == "text":
        lines = [line for line in written.splitlines() if re.match(r"\S.*:\d+:\d+: TF\d{3} ", line)]
        assert [line.split(":2:5: TF306 ")[0] for line in lines] == shown  # two findings, two lines
        assert f"  {shown[1]}\n" in result.stdout  # and the same names in the statistics
    elif format == "json":  # with --statistics: the summary, which holds the findings
        summary = json.loads(written)
        names = ["src/bad\\xff.py", "src/forged.py:9:9: TF301 Session\nx.py"]
        assert [finding["path"] for finding in summary["findings"]] == names
        assert [entry["path"] for entry in summary["by_file"]] == names
    elif format == "markdown":
        assert "src/bad\\\\xff.py" in written and "src/forged.py:9:9: TF301 Session\\\\nx.py" in written
        assert not any(line.startswith(("x.py", "forged")) for line in written.splitlines())
    elif format == "sarif":
        results = json.loads(written)["runs"][0]["results"]
        assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results] == [
            "src/bad%FF.py", "src/forged.py%3A9%3A9%3A%20TF301%20Session%0Ax.py"]
    else:
        lines = [line for line in written.splitlines() if line.startswith("::")]
        assert len(lines) == 2 and "file=src/bad\\xff.py," in lines[0] and "Session%0Ax.py," in lines[1]


def test_a_notebook_integer_too_long_for_int(tmp_path: Path) -> None:
    cell = {"cell_type": "code", "source": FINDING, "metadata": {}, "outputs": [], "execution_count": 1}
    text = json.dumps({"cells": [cell], "metadata": {"size": 0}, "nbformat": 4, "nbformat_minor": 5})
    result = lint_bytes(text.replace('"size": 0', '"size": ' + "9" * 5_000).encode(), "big.ipynb", Options(Config()))
    assert result.error is None
    assert [(f.cell, f.diagnostic.line, f.diagnostic.code) for f in result.findings] == [(1, 2, "TF306")]


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="RLIMIT_AS on Linux")
def test_a_notebook_of_many_outputs_in_bounded_memory(tmp_path: Path) -> None:
    """12 MB of short output lines: a run in 250 MB of address space (it needed 30 times the file's size)."""
    import resource

    outputs = [{"output_type": "stream", "name": "stdout", "text": [f"{i}\n" for i in range(1000)]}] * 10
    cell = {"cell_type": "code", "source": FINDING, "metadata": {}, "outputs": outputs, "execution_count": 1}
    path = tmp_path / "outputs.ipynb"
    path.write_text(json.dumps({"cells": [cell] * 150, "metadata": {}, "nbformat": 4, "nbformat_minor": 5},
                               indent=1), encoding="utf-8")
    assert path.stat().st_size > 12_000_000

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (250 * 1024 * 1024,) * 2)

    result = subprocess.run([sys.executable, "-m", "tf2lint", "-j", "1", path.name], cwd=tmp_path, text=True,
                            capture_output=True, timeout=CLI_TIMEOUT, preexec_fn=limit, check=False)
    assert result.returncode == 1, result.stderr
    assert len(result.stdout.splitlines()) == 150


def test_an_os_error_naming_a_file_names_it(tmp_path: Path) -> None:
    """Not blamed on the output: an error the run could not place on one file names the file."""
    before = ("import tf2lint.settings\n"
              "def discover(*args, **kwargs):\n    raise PermissionError(13, 'Permission denied', 'data')\n"
              "tf2lint.settings.discover = discover\n")
    result = run_cli(".", cwd=tmp_path, before=before)
    assert result.returncode == 2
    assert assert_one_line_errors(result.stderr) == ["tf2lint: error: data: Permission denied"]


def test_a_line_of_dots_in_the_import_scanner_takes_linear_time(tmp_path: Path) -> None:
    """Issue 25 N9: ``from ......... imp0rt x  # import`` (valid inside a docstring) made the import-line scanner
    backtrack quadratically (20 s for 30 KB). A megabyte of such a line is scanned at once, and the command
    lints a file holding one, with a project module beside it, in bounded time."""
    from tf2lint.index.scan import import_lines

    line = "from " + "." * 1_000_000 + " imp0rt x  # import\n"
    start = time.monotonic()
    assert list(import_lines(line)) == []
    assert time.monotonic() - start < 1.0
    assert list(import_lines("from ..a.b import c\nfrom . import e\n")) == ["..a.b", "..a.b.c", ".", ".e"]
    (tmp_path / "helper.py").write_text("import tensorflow as tf\nsess = tf.compat.v1.Session()\n")
    dots = "." * 200_000
    (tmp_path / "main.py").write_text(f'"""\nfrom {dots} imp0rt x  # import\n"""\nfrom helper import sess\n'
                                      "sess.run(1)\n")
    start = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "tf2lint", "--no-cache", "main.py"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60, check=False)
    assert time.monotonic() - start < 30
    assert run.returncode == 1 and "main.py:5:6: TF302" in run.stdout, run.stdout + run.stderr
