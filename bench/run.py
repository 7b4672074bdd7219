"""Benchmark tf2lint against ``ast.parse``, flake8 and ``tf_upgrade_v2`` on real code from PyPI.

    python bench/run.py [PATH ...] [-n 3] [--tf-upgrade-v2 /path/to/tf_upgrade_v2]

Downloads ``tf-slim==1.1.0`` (``pip download --no-deps``) into bench/corpora/ (gitignored), adds any PATHs
given, and measures on the same files, best of N runs:

- ``ast.parse`` alone: all sources are read first, then each is parsed (the tree is dropped at once);
- the tf2lint engine on parsed trees: ``lint_tree`` alone is timed, each tree parsed just before, untimed;
- the ``tf2lint`` command with ``-j 1`` and with one job per core (subprocesses, wall time);
- flake8 ``-j 1`` with its default checks, without and with the tf2lint plugin: the same command, once with
  the plugin dropped from flake8's plugin list, so the difference is what installing tf2lint adds to a run;
- ``tf_upgrade_v2 --intree`` (from PATH, or ``--tf-upgrade-v2``; skipped when there is none);
- the project index (imports of the corpus's own modules resolved): the time spent in it, in process, and the
  ``tf2lint -j 1`` command with its index turned off, beside the command as it runs;

then the ratios the targets are about, and lines per second. Peak resident memory is measured on a tree of
250k+ lines (``tf-models-official==2.20.0``), linted one file at a time by the engine in one process, and by
the ``tf2lint`` command at ``-j 1`` and ``-j 2`` (the largest process, and all of its processes together,
sampled). Last, one long line with many findings (and a ``# noqa`` naming another code) is linted with 8 times
more findings: linear cost takes about 8 times as long, quadratic 64 times. Subprocesses get ``--isolated`` so no configuration file changes their work;
their CPU time and peak RSS (of the largest process) come from ``getrusage(RUSAGE_CHILDREN)`` in a small
launcher. Never imports TensorFlow. Run it on an otherwise idle machine: on two cores, one other busy process
moves the flake8 comparison by several percent (more runs, ``-n 5``, steady it).
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Callable, Optional

import tf2lint
from download import fetch
from tf2lint.engine import SourceError, lint_tree, read_source
from tf2lint.project import ProjectIndex

SPEED_CORPUS = "tf-slim==1.1.0"
MEMORY_CORPUS = "tf-models-official==2.20.0"
TARGET_ENGINE = 0.5  # engine time / ast.parse time
TARGET_PLUGIN = 0.10  # what the plugin adds to a flake8 run
TARGET_UPGRADE = 20.0  # tf_upgrade_v2 time / CLI (all jobs) time
TARGET_RSS_MB = 150.0
TARGET_INDEX = 0.10  # the project index's share of a cold tf2lint run
LONG_LINE_FINDINGS = (2_000, 16_000)
TARGET_LONG_LINE = 16.0  # time ratio for 8 times the findings: linear is ~8, quadratic ~64

#: flake8, with the tf2lint plugin dropped from its plugin list when the first argument is "without".
FLAKE8 = """\
import sys
from flake8.main.cli import main
from flake8.plugins import finder
if sys.argv.pop(1) == "without":
    find = finder.find_plugins
    finder.find_plugins = lambda cfg, opts: [p for p in find(cfg, opts) if p.package != "tf2lint"]
sys.exit(main())
"""

#: The engine over every .py file below a folder, one file at a time, as the CLI's -j 1 would.
ENGINE = """\
import sys
from pathlib import Path
from tf2lint.engine import SourceError, lint_file
for path in sorted(Path(sys.argv[1]).rglob("*.py")):
    try:
        lint_file(path)
    except SourceError:
        pass
"""

CLI = "import sys; from tf2lint.cli import main; sys.exit(main())"

#: The command with the project index turned off: every file linted on its own, as before the index.
CLI_NO_INDEX = "import sys; from tf2lint import cli; cli.build_index = lambda args, paths: None; sys.exit(cli.main())"

#: Runs a command and writes [wall seconds, CPU seconds, peak RSS in KiB, exit code] to the file argv[1].
#: Peak RSS is read in this small process, not the benchmark's: a child forked from a big process starts
#: with that process's resident set in its ``ru_maxrss`` (Linux keeps the high-water mark across exec).
RUN = """\
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL).returncode
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    json.dump([seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code], out)
"""

#: Like RUN, and samples the resident memory of the command and all its descendants together (Linux /proc),
#: written as a fifth number (KiB, 0 where /proc cannot tell).
RUN_TREE = """\
import json, os, resource, subprocess, sys, time

def tree_rss(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            rss = next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            return rss + sum(tree_rss(int(child)) for child in children.read().split())
    except (OSError, ValueError):
        return 0

start = time.perf_counter()
process = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
peak = 0
while process.poll() is None:
    peak = max(peak, tree_rss(process.pid))
    time.sleep(0.02)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    json.dump([seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, process.returncode, peak], out)
"""


# -- corpora ----------------------------------------------------------------------------------------------


@dataclass
class Corpus:
    name: str
    root: Path
    texts: list[str]  # sources that decode and parse, in file order
    paths: list[Path]  # their files
    files: int  # .py files found
    lines: int  # lines of ``texts``

    @classmethod
    def load(cls, name: str, root: Path) -> "Corpus":
        paths = sorted(root.rglob("*.py")) if root.is_dir() else [root]
        texts, kept = [], []
        for path in paths:
            try:
                text = read_source(path)
                ast.parse(text)
            except (SourceError, SyntaxError, ValueError, RecursionError, MemoryError):
                continue
            texts.append(text)
            kept.append(path)
        return cls(name, root, texts, kept, len(paths), sum(len(text.splitlines()) for text in texts))


# -- measuring -------------------------------------------------------------------------------------------


@dataclass
class Result:
    seconds: float  # best wall time
    cpu: Optional[float] = None  # CPU seconds (user + system) of that run, subprocesses included
    rss_mb: Optional[float] = None  # peak resident set of the largest process
    note: str = ""
    tree_rss_mb: Optional[float] = None  # peak resident set of all the processes together (RUN_TREE)


def best_of(repeat: int, run: Callable[[], Result]) -> Result:
    results = [run() for _ in range(repeat)]
    return min(results, key=lambda result: result.seconds)


def run_child(command: list[str], ok: tuple[int, ...] = (0,), tree: bool = False) -> Result:
    """Run a command to completion (output discarded): wall time, CPU time and peak RSS (see ``RUN``; with
    ``tree``, also the sampled peak of all its processes together, see ``RUN_TREE``)."""
    with tempfile.TemporaryDirectory() as scratch, tempfile.TemporaryFile() as stderr:
        report = Path(scratch) / "result.json"
        subprocess.run([sys.executable, "-c", RUN_TREE if tree else RUN, str(report), *command], stderr=stderr,
                       check=False)
        if not report.exists():
            raise RuntimeError(f"could not run {command[0]}")
        seconds, cpu, rss_kb, code, *tree_kb = json.loads(report.read_text())
        note = ""
        if code not in ok:
            stderr.seek(0)
            tail = stderr.read().decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            note = f"exit {code}: {tail[0][:100]}"
    return Result(seconds, cpu, rss_kb / 1024, note, tree_kb[0] / 1024 if tree_kb and tree_kb[0] else None)


def best_of_pair(repeat: int, first: Callable[[], Result], second: Callable[[], Result]) -> tuple[Result, Result]:
    """Best of ``repeat`` runs of each, alternating, so that a slow spell of the machine hits both alike."""
    runs = [(first(), second()) for _ in range(repeat)]
    return (min((a for a, _ in runs), key=lambda r: r.seconds), min((b for _, b in runs), key=lambda r: r.seconds))


def time_parse(corpus: Corpus) -> Result:
    start = time.perf_counter()
    for text in corpus.texts:
        ast.parse(text)
    return Result(time.perf_counter() - start)


def time_engine(corpus: Corpus) -> Result:
    total = 0.0
    clock = time.perf_counter
    for text in corpus.texts:
        tree = ast.parse(text)
        start = clock()
        lint_tree(tree, text)
        total += clock() - start
    return Result(total)


def time_index(corpus: Corpus) -> tuple[Result, Result]:
    """Linting every file as ``tf2lint -j 1`` does (the runner, in process): (all of it, the part spent in the
    project index: ordering the files, resolving imports to files, reading and parsing imported modules, the
    import scan of files without ``tensorflow``; a module the index lints when it parses it is linting, not
    counted: that parse is its only one)."""
    from tf2lint.config import Config
    from tf2lint.runner import Options, lint_paths

    from tf2lint.context import Project
    from tf2lint.engine import check

    index = ProjectIndex([corpus.root])
    spent = [0.0]
    kinds: list[str] = []  # the index's calls and the lints inside them, innermost last
    segment = [0.0]  # when the index's current stretch of work began
    clock = time.perf_counter

    def timed(method: Callable[..., object], kind: str) -> Callable[..., object]:
        def wrapper(*args: object) -> object:
            now = clock()
            outer = kinds[-1] if kinds else "lint"
            if kind != outer:
                if kind == "index":
                    segment[0] = now
                else:
                    spent[0] += now - segment[0]
            kinds.append(kind)
            try:
                return method(*args)
            finally:
                kinds.pop()
                now = clock()
                if kind != outer:
                    if kind == "index":
                        spent[0] += now - segment[0]
                    else:
                        segment[0] = now
        return wrapper

    for name in ("lookup", "reaches_tensorflow", "dependency_order", "learn"):
        setattr(index, name, timed(getattr(index, name), "index"))
    index.lint = timed(lambda tree, path: check(tree, None, Project(), index, str(path)), "lint")  # type: ignore
    compute = index._compute  # a module parsed to be linted at once: the parse is its lint's, not the index's
    setattr(index, "_compute", lambda path: timed(compute, "lint" if path in index.pending else "index")(path))
    start = clock()
    for _ in lint_paths([str(path) for path in corpus.paths], Options(Config(), index=index)):
        pass
    return Result(clock() - start), Result(spent[0])


def cli_options() -> set[str]:
    """The options the installed ``tf2lint`` command has (another branch may still lack ``-j``)."""
    result = subprocess.run([sys.executable, "-c", CLI, "--help"], capture_output=True, text=True, check=False)
    return {word.strip(",[]") for word in result.stdout.split() if word.startswith("-")}


def cli_command(options: set[str], jobs: Optional[int], root: Path, code: str = CLI) -> Optional[list[str]]:
    command = [sys.executable, "-c", code]
    if "--isolated" in options:
        command.append("--isolated")
    if jobs is not None:
        if "--jobs" not in options and "-j" not in options:
            return None
        command += ["-j", str(jobs)]
    return command + [str(root)]


def flake8_command(variant: str, root: Path) -> list[str]:
    return [sys.executable, "-c", FLAKE8, variant, "--isolated", "-j", "1", str(root)]


def upgrade_command(tool: str, root: Path, scratch: Path) -> Callable[[], list[str]]:
    counter = iter(range(1_000_000))

    def command() -> list[str]:
        out = scratch / f"out{next(counter)}"  # --outtree must not exist yet
        return [tool, "--intree", str(root), "--outtree", str(out), "--reportfile", str(out) + ".txt"]
    return command


# -- reporting -------------------------------------------------------------------------------------------


def seconds(value: Optional[float]) -> str:
    return "-" if value is None else f"{value:.3f} s"


def row(label: str, result: Optional[Result], lines: int) -> str:
    if result is None:
        return f"  {label:<44} {'n/a':>10}"
    rate = f"{lines / result.seconds:,.0f}" if result.seconds else "-"
    rss = "-" if result.rss_mb is None else f"{result.rss_mb:.0f} MB"
    line = f"  {label:<44} {seconds(result.seconds):>10} {seconds(result.cpu):>10} {rate:>12} {rss:>9}"
    return line + (f"  ({result.note})" if result.note else "")


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def versions(tool: Optional[str]) -> str:
    found = [f"tf2lint {tf2lint.__version__}", f"flake8 {metadata.version('flake8')}"]
    if tool:
        python = Path(tool).parent / "python"
        for name in ("tensorflow", "tensorflow-cpu"):
            result = subprocess.run([str(python), "-c", f"import importlib.metadata as m; print(m.version({name!r}))"],
                                    capture_output=True, text=True, check=False)
            if result.returncode == 0:
                found.append(f"tf_upgrade_v2 of {name} {result.stdout.strip()}")
                break
    return ", ".join(found)


def benchmark(corpus: Corpus, repeat: int, jobs: int, tool: Optional[str], options: set[str]) -> list[str]:
    """Measure one corpus; returns the verdict lines."""
    print(f"\n{corpus.name}: {corpus.files} files, {corpus.lines:,} lines "
          f"({corpus.files - len(corpus.texts)} not valid Python 3, left out of the in-process rows)")
    print(f"  {'':<44} {'wall':>10} {'CPU':>10} {'lines/s':>12} {'peak RSS':>9}")
    root = corpus.root
    results: dict[str, Optional[Result]] = {}

    def show(key: str, label: str, measure: Optional[Callable[[], Result]]) -> None:
        results[key] = best_of(repeat, measure) if measure else None
        print(row(label, results[key], corpus.lines), flush=True)

    show("parse", "ast.parse alone (in process)", lambda: time_parse(corpus))
    show("engine", "tf2lint engine on parsed trees (lint_tree)", lambda: time_engine(corpus))
    one = cli_command(options, 1, root) or cli_command(options, None, root)
    show("cli1", "tf2lint -j 1" if "-j 1" in " ".join(one or ()) else "tf2lint (no -j option yet)",
         lambda: run_child(one, ok=(0, 1, 2)))
    many = cli_command(options, jobs, root)
    show("cli", f"tf2lint -j {jobs}", (lambda: run_child(many, ok=(0, 1, 2))) if many else None)
    results["linting"], results["indexing"] = min((time_index(corpus) for _ in range(repeat)),
                                                  key=lambda pair: pair[0].seconds)
    print(row("the -j 1 runner with a project index (in process)", results["linting"], corpus.lines))
    print(row("  of which in the project index", results["indexing"], corpus.lines))
    plain = cli_command(options, 1, root, CLI_NO_INDEX)
    if plain and one:
        results["cli_plain"], results["cli_index"] = best_of_pair(
            repeat, lambda: run_child(plain, ok=(0, 1, 2)), lambda: run_child(one, ok=(0, 1, 2)))
        print(row("tf2lint -j 1, project index off", results["cli_plain"], corpus.lines))
        print(row("tf2lint -j 1, project index on", results["cli_index"], corpus.lines), flush=True)
    results["flake8"], results["plugin"] = best_of_pair(
        repeat, lambda: run_child(flake8_command("without", root), ok=(0, 1)),
        lambda: run_child(flake8_command("with", root), ok=(0, 1)))
    print(row("flake8 -j 1 (default checks)", results["flake8"], corpus.lines))
    print(row("flake8 -j 1 + tf2lint plugin", results["plugin"], corpus.lines), flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        upgrade = upgrade_command(tool, root.resolve(), Path(scratch)) if tool else None
        show("upgrade", "tf_upgrade_v2 --intree", (lambda: run_child(upgrade())) if upgrade else None)

    verdicts = []
    parse, engine = results["parse"], results["engine"]
    ratio = engine.seconds / parse.seconds
    verdicts.append(f"engine / ast.parse: {ratio:.2f}x (target <= {TARGET_ENGINE}x: {verdict(ratio <= TARGET_ENGINE)})")
    without, plugin = results["flake8"], results["plugin"]
    added = plugin.seconds / without.seconds - 1
    cpu_added = plugin.cpu / without.cpu - 1 if plugin.cpu and without.cpu else float("nan")
    verdicts.append(f"the plugin adds {added:+.1%} to flake8's wall time, {cpu_added:+.1%} to its CPU time "
                    f"(target <= {TARGET_PLUGIN:.0%}: {verdict(added <= TARGET_PLUGIN)})")
    fastest = results["cli"] or results["cli1"]
    if results["upgrade"] is not None and fastest is not None:
        speedup = results["upgrade"].seconds / fastest.seconds
        label = f"tf2lint -j {jobs}" if results["cli"] else "tf2lint"
        verdicts.append(f"tf_upgrade_v2 / {label}: {speedup:.1f}x faster "
                        f"(target >= {TARGET_UPGRADE:.0f}x: {verdict(speedup >= TARGET_UPGRADE)})")
    else:
        verdicts.append("tf_upgrade_v2: not measured (none on PATH; pass --tf-upgrade-v2)")
    if results.get("indexing") and results.get("cli_plain") and results.get("cli_index"):
        share = results["indexing"].seconds / results["cli_index"].seconds
        more = results["cli_index"].seconds / results["cli_plain"].seconds - 1
        verdicts.append(f"the project index: {share:.1%} of a cold tf2lint -j 1 run (target <= {TARGET_INDEX:.0%}: "
                        f"{verdict(share <= TARGET_INDEX)}); the run with it takes {more:+.1%} (files reached "
                        "only through the project are linted too)")
    if results["cli"] and results["cli1"]:
        verdicts.append(f"tf2lint -j {jobs} / -j 1: {results['cli1'].seconds / results['cli'].seconds:.2f}x faster")
    for line in verdicts:
        print(f"  {line}")
    return [f"{corpus.name}: {line}" for line in verdicts]


def memory(requirement_or_path: str, options: set[str]) -> list[str]:
    path = Path(requirement_or_path)
    root = path if path.exists() else fetch(requirement_or_path)
    files = sorted(root.rglob("*.py"))
    lines = sum(len(read_source(file).splitlines()) for file in files if _readable(file))
    print(f"\npeak RSS linting {requirement_or_path} ({len(files)} files, {lines:,} lines) one file at a time:")
    engine = run_child([sys.executable, "-c", ENGINE, str(root)])
    verdicts = [f"engine in one process: {engine.rss_mb:.0f} MB in {engine.seconds:.1f} s "
                f"(target < {TARGET_RSS_MB:.0f} MB: {verdict(engine.rss_mb < TARGET_RSS_MB)})"]
    for jobs in (1, 2):
        command = cli_command(options, jobs, root)
        if command:
            cli = run_child(command + (["--force-jobs"] if "--force-jobs" in options else []), ok=(0, 1, 2),
                            tree=True)
            worst = max(cli.rss_mb or 0, cli.tree_rss_mb or 0)
            together = "" if jobs == 1 or cli.tree_rss_mb is None else f", {cli.tree_rss_mb:.0f} MB all together"
            verdicts.append(f"tf2lint -j {jobs}: {cli.rss_mb:.0f} MB largest process{together}, in "
                            f"{cli.seconds:.1f} s (target < {TARGET_RSS_MB:.0f} MB: {verdict(worst < TARGET_RSS_MB)})")
    baseline = run_child([sys.executable, "-c", "import tf2lint.engine"])
    verdicts.append(f"(for scale: python importing tf2lint, linting nothing: {baseline.rss_mb:.0f} MB)")
    for line in verdicts:
        print(f"  {line}")
    return [f"memory: {line}" for line in verdicts[:-1]]


def long_line(repeat: int) -> list[str]:
    """Time one line with many findings at two sizes, through the command's runner (columns, ``# noqa``)."""
    from tf2lint.config import Config
    from tf2lint.runner import Options, lint_bytes

    def measure(findings: int) -> float:
        data = ("import tensorflow as tf\nx = [" + "tf.placeholder(tf.float32), " * findings
                + "]  # noqa: TF9\n").encode("utf-8")
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            found = lint_bytes(data, "long.py", Options(Config())).findings
            times.append(time.perf_counter() - start)
        assert len(found) == findings
        return min(times)

    small, large = LONG_LINE_FINDINGS
    fast, slow = measure(small), measure(large)
    ratio = slow / fast
    line = (f"one line with {small:,} findings: {fast:.3f} s, with {large:,}: {slow:.3f} s, {ratio:.1f}x for "
            f"{large // small}x the findings (target < {TARGET_LONG_LINE:.0f}x, linear: "
            f"{verdict(ratio < TARGET_LONG_LINE)})")
    print(f"\n{line}")
    return [f"long line: {line}"]


def _readable(path: Path) -> bool:
    try:
        read_source(path)
    except SourceError:
        return False
    return True


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, help="more folders (or files) to measure")
    parser.add_argument("-n", "--repeat", type=int, default=3, help="runs of each measurement; the best counts")
    parser.add_argument("--corpus", action="append", metavar="REQUIREMENT",
                        help=f"PyPI distributions to measure (default: {SPEED_CORPUS}); repeatable")
    parser.add_argument("--no-download", action="store_true", help="measure only the PATHs given")
    parser.add_argument("--memory-corpus", default=MEMORY_CORPUS, metavar="REQUIREMENT_OR_PATH",
                        help=f"tree for the peak-RSS measurement (default: {MEMORY_CORPUS})")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-RSS measurement")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                        help="jobs for the parallel tf2lint run (default: one per core)")
    parser.add_argument("--tf-upgrade-v2", default=shutil.which("tf_upgrade_v2"), metavar="PATH",
                        help="tf_upgrade_v2 to compare with (default: the one on PATH)")
    args = parser.parse_args(argv)

    corpora = [] if args.no_download else [(name, fetch(name)) for name in args.corpus or [SPEED_CORPUS]]
    corpora += [(str(path), path) for path in args.paths]
    if not corpora:
        parser.error("nothing to measure")
    options = cli_options()
    print(f"tf2lint benchmark: Python {platform.python_version()}, {platform.system()} {platform.machine()}, "
          f"{os.cpu_count()} cores, best of {args.repeat} runs")
    print(versions(args.tf_upgrade_v2))
    lint_tree(ast.parse("import tensorflow as tf\n"), "tensorflow")  # load the API tables once, untimed
    summary = []
    for name, root in corpora:
        summary += benchmark(Corpus.load(name, root), args.repeat, args.jobs, args.tf_upgrade_v2, options)
    if not args.no_memory:
        summary += memory(args.memory_corpus, options)
    summary += long_line(args.repeat)
    print("\nsummary:")
    for line in summary:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
