"""No input makes the engine raise anything but SourceError, and what it reports lies inside the text.

Hand-picked hostile inputs (Python 2, bad bytes and encodings, NUL, BOM, line ends, tabs, huge files), trees
as deep as ``ast.parse`` accepts (and one deeper: a clean SourceError), and property-based tests that feed
generated source (hypothesmith's grammar, token soups, mutated fixture files) to the engine.
"""
from __future__ import annotations

import ast
import inspect
import random
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Callable, Optional

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tf2lint
from conftest import fixture_files
from tf2lint.engine import SourceError, lint_source, lint_tree, read_source, source_lines
from tf2lint.flake8_plugin import Plugin

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
