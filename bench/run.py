"""Benchmark tf2lint against a process that only reads and ``ast.parse``s the same files.

    python bench/run.py [FOLDER ...] [--tf2 FOLDER ...] [-n 5] [--memory-corpus FOLDER] [--skip ROWS]

Corpora are the FOLDERs given (TF1 code: every tf2lint row must report findings) and ``--tf2`` FOLDERs
(TF2-native code: findings are not required); with none, ``tf-slim==1.1.0`` is downloaded into the git-ignored
bench/corpora/. The file list of a corpus is what ``tf2lint`` walks in the folder with ``.gitignore`` not
honoured (a downloaded corpus sits in a git-ignored folder): every row is checked to have linted exactly that
many files (tf2lint's ``--statistics``, flake8's ``--benchmark``, pylint's ``modulesLinted``), or the benchmark
stops with an error. A row that lints nothing can not pass for a fast one.

Every row is a whole process, timed against the baseline process ``read + ast.parse`` of the same file list,
alternating (baseline, row, baseline, row ...), ``-n`` times (default 5): the ratio shown is the median of the
per-pair ratios, by CPU time (user + system of the process and its children) and by wall time. The machine this
runs on may be shared: absolute times move with its load, the ratios of paired runs much less, so the ratios are
what counts. Children run with bytecode caching on (``PYTHONDONTWRITEBYTECODE`` removed) after one untimed run,
as a user's installation runs.

Rows: ``tf2lint -j 1`` cold (``--no-cache``), cold with an empty cache (what writing it costs), warm (the cache
filled by an earlier run, nothing changed), ``-j 2`` cold and warm; flake8 ``-j 1`` with its default checks
without and with the tf2lint plugin; pylint with ``--disable=all --enable=syntax-error`` (pylint builds every
module, runs no checker) without and with the plugin's messages enabled; the in-process engine on trees
already parsed. Then the editor (``bench/lsp_latency.py`` when present: not measured otherwise, said so), first
diagnostics from ``tf2lint server --stdio`` opening one file of a workspace of 2,000 files, and the peak resident
memory of the largest process on ``--memory-corpus`` at ``-j 1`` and ``-j 2`` with the cache on. Never imports
TensorFlow.
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import tf2lint
from download import fetch
from tf2lint.engine import SourceError, lint_tree, read_source
from tf2lint.files import discover

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = "tf-slim==1.1.0"
MEMORY_CORPUS = "tf-models-official==2.20.0"

#: The issue's goals (ratios to the parse process unless said otherwise).
GOAL_COLD = 1.6
GOAL_WARM = 0.15
GOAL_PLUGIN = 0.05  # what a plugin adds to its host's CPU time
GOAL_JOBS = 1.7  # -j 2 wall speed-up over -j 1
GOAL_RSS_MB = 60.0

#: Reads and parses every file named (one per line) in the file argv[1]: the baseline.
PARSE = """\
import ast, sys, warnings
warnings.simplefilter("ignore")
for name in open(sys.argv[1], encoding="utf-8").read().splitlines():
    with open(name, "rb") as stream:
        ast.parse(stream.read())
"""

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

#: Runs a command and writes [wall seconds, CPU seconds, peak RSS in KiB of the largest process, exit code,
#: sampled peak RSS of all its processes together in KiB] to the file argv[1]; the command's stdout goes to
#: the file argv[2]. Peak RSS is read in this small process: a child forked from a big process starts with that
#: process's resident set in its ``ru_maxrss``.
RUN = """\
import json, resource, subprocess, sys, time

def tree_rss(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            rss = next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            return rss + sum(tree_rss(int(child)) for child in children.read().split())
    except (OSError, ValueError):
        return 0

sample = sys.argv[3] == "sample"
with open(sys.argv[2], "wb") as out:
    start = time.perf_counter()
    process = subprocess.Popen(sys.argv[4:], stdin=subprocess.DEVNULL, stdout=out)
    peak = 0
    while sample and process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.02)
    process.wait()
    seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as report:
    json.dump([seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, process.returncode, peak], report)
"""


class BenchmarkError(Exception):
    """A row that did not measure what it claims (files not linted, no findings): the benchmark stops."""


# -- corpora ----------------------------------------------------------------------------------------------


@dataclass
class Corpus:
    name: str
    root: Path
    tf1: bool
    files: list[Path]  # what tf2lint walks (.py), .gitignore not honoured, that Python 3 parses
    lines: int
    walked: int  # the .py files walked, valid or not: what flake8 must report as linted
    notebooks: int  # the .ipynb files walked: tf2lint lints them too
    listing: Path = field(default=Path())  # the file list, one per line, for the baseline

    @classmethod
    def load(cls, name: str, root: Path, tf1: bool, scratch: Path) -> "Corpus":
        found = list(discover([str(root)], [], gitignore=False))
        files = [path for path in found if path.suffix == ".py"]
        valid, lines = [], 0
        for path in files:
            try:
                text = read_source(path)
                ast.parse(text)
            except (SourceError, SyntaxError, ValueError):
                continue
            valid.append(path)
            lines += text.count("\n")
        corpus = cls(name, root, tf1, valid, lines, len(files), len(found) - len(files))
        corpus.listing = scratch / f"{len(list(scratch.iterdir()))}.files"
        corpus.listing.write_text("".join(f"{path}\n" for path in valid), encoding="utf-8")
        if not valid:
            raise BenchmarkError(f"{name}: no Python file found in {root}")
        if len(valid) != len(files):
            print(f"  note: {len(files) - len(valid)} files of {name} are not valid Python 3: the baseline "
                  "and pylint leave them out, tf2lint and flake8 report them")
        return corpus


# -- running ----------------------------------------------------------------------------------------------


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float  # the largest process
    status: int
    stdout: str
    tree_mb: float = 0.0  # all processes together, sampled


def child_environment(**extra: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("PYTHONDONTWRITEBYTECODE", "TF2LINT_CACHE_DIR")}
    environment.update(extra)
    return environment


def run_child(command: list[str], environment: Optional[dict[str, str]] = None, sample: bool = False,
              ok: tuple[int, ...] = (0, 1, 2)) -> Run:
    with tempfile.TemporaryDirectory() as scratch:
        report, out = Path(scratch) / "report.json", Path(scratch) / "out"
        finished = subprocess.run([sys.executable, "-c", RUN, str(report), str(out), "sample" if sample else "-",
                                   *command], env=environment or child_environment(), capture_output=True,
                                  check=False)
        if not report.exists():
            raise BenchmarkError(f"could not run {' '.join(command[:4])}: {finished.stderr.decode()[-300:]}")
        wall, cpu, rss_kb, status, tree_kb = json.loads(report.read_text())
        stdout = out.read_text(encoding="utf-8", errors="replace")
    if status not in ok:
        raise BenchmarkError(f"exit status {status} from {' '.join(command[:6])} ...:\n{stdout[-500:]}")
    return Run(wall, cpu, rss_kb / 1024, status, stdout, tree_kb / 1024)


@dataclass
class Row:
    label: str
    runs: list[Run]
    baselines: list[Run]
    files: int
    findings: Optional[int] = None
    against: str = "parse"  # what the ratios are to: the run paired with each of this row's

    @property
    def wall(self) -> float:
        return statistics.median(run.wall for run in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(run.cpu for run in self.runs)

    @property
    def cpu_ratio(self) -> float:
        return statistics.median(run.cpu / base.cpu for run, base in zip(self.runs, self.baselines))

    @property
    def wall_ratio(self) -> float:
        return statistics.median(run.wall / base.wall for run, base in zip(self.runs, self.baselines))


def paired(repeat: int, baseline: Callable[[], Run], measure: Callable[[], Run],
           prepare: Optional[Callable[[], None]] = None) -> tuple[list[Run], list[Run]]:
    """``repeat`` (baseline, row) pairs, alternating; ``prepare`` runs untimed before each row's run."""
    bases, runs = [], []
    for _ in range(repeat):
        bases.append(baseline())
        if prepare is not None:
            prepare()
        runs.append(measure())
    return runs, bases


def show(row: Row) -> None:
    found = "" if row.findings is None else f"{row.findings:,}"
    print(f"  {row.label:<46} {row.files:>6} {found:>9} {row.wall:>8.2f} s {row.cpu:>8.2f} s "
          f"{row.cpu_ratio:>8.2f}x {row.wall_ratio:>8.2f}x  of {row.against}", flush=True)


def header() -> None:
    print(f"  {'':<46} {'files':>6} {'findings':>9} {'wall':>10} {'CPU':>10} {'CPU':>9} {'wall':>9}")


# -- the commands -----------------------------------------------------------------------------------------

STATISTICS = re.compile(r"tf2lint summary: (\d+) findings? in \d+ files?.*?files: (\d+) checked", re.S)


def tf2lint_command(root: Path, jobs: int, cache: bool) -> list[str]:
    command = [sys.executable, "-m", "tf2lint", "--isolated", "--no-respect-gitignore", "-q", "--statistics",
               "-j", str(jobs)]
    return command + ([] if cache else ["--no-cache"]) + [str(root)]


def tf2lint_counts(run: Run, label: str) -> tuple[int, int]:
    match = STATISTICS.search(run.stdout)
    if match is None:
        raise BenchmarkError(f"{label}: no --statistics summary in the output:\n{run.stdout[-500:]}")
    return int(match.group(2)), int(match.group(1))


def flake8_command(variant: str, root: Path) -> list[str]:
    return [sys.executable, "-c", FLAKE8, variant, "--isolated", "--benchmark", "-j", "1", str(root)]


def flake8_counts(run: Run, label: str) -> tuple[int, int]:
    match = re.search(r"^(\d+)\s+total files processed", run.stdout, re.M)
    if match is None:
        raise BenchmarkError(f"{label}: no --benchmark figures in flake8's output")
    return int(match.group(1)), len(re.findall(r": TF\d{3} ", run.stdout))


def pylint_ids() -> str:
    from tf2lint.pylint_plugin import families

    return ",".join(message for family in families().values() for message in family)


def pylint_command(plugin: bool, corpus: Corpus) -> list[str]:
    command = [sys.executable, "-m", "pylint", "--output-format=json2", "--disable=all", "-j", "1"]
    if plugin:
        command += ["--load-plugins=tf2lint.pylint_plugin", f"--enable=syntax-error,{pylint_ids()}"]
    else:
        command += ["--enable=syntax-error"]
    return command + [str(path) for path in corpus.files]


def pylint_counts(run: Run, label: str) -> tuple[int, int]:
    try:
        report = json.loads(run.stdout)
    except ValueError:
        raise BenchmarkError(f"{label}: pylint wrote no json2 report:\n{run.stdout[-300:]}") from None
    found = sum(1 for message in report["messages"] if message["symbol"].startswith("tf2lint-"))
    return report["statistics"]["modulesLinted"], found


# -- one corpus -------------------------------------------------------------------------------------------


@dataclass
class Findings:
    verdicts: list[str] = field(default_factory=list)

    def goal(self, text: str, value: float, goal: float, at_most: bool = True) -> None:
        met = value <= goal if at_most else value >= goal
        self.verdicts.append(f"{text}: {value:.2f} (goal {'<=' if at_most else '>='} {goal}: "
                             f"{'met' if met else 'NOT MET'})")


def benchmark(corpus: Corpus, repeat: int, skip: set[str], pylint_max: int, scratch: Path) -> list[str]:
    notebooks = f" and {corpus.notebooks} notebooks (tf2lint rows only)" if corpus.notebooks else ""
    print(f"\n{corpus.name}: {len(corpus.files)} files{notebooks}, {corpus.lines:,} lines "
          f"({'TF1 code: findings required' if corpus.tf1 else 'TF2-native code'})")
    header()
    summary = Findings()
    expected = len(corpus.files)

    def parse() -> Run:
        return run_child([sys.executable, "-c", PARSE, str(corpus.listing)], ok=(0,))

    base = Row("read + ast.parse (baseline; vs itself: noise)", *paired(repeat, parse, parse), files=expected)
    show(base)

    def checked(row: Row, counts: Callable[[Run, str], tuple[int, int]], require_findings: bool) -> Row:
        for run in row.runs:
            files, found = counts(run, row.label)
            if counts is pylint_counts:  # pylint counts the packages it enters besides the files given
                wanted, wrong = expected, files < expected
            else:
                wanted = corpus.walked + (corpus.notebooks if counts is tf2lint_counts else 0)
                wrong = files != wanted
            if wrong:
                raise BenchmarkError(f"{corpus.name}: {row.label} linted {files} files, not {wanted}")
            if require_findings and corpus.tf1 and found == 0:
                raise BenchmarkError(f"{corpus.name}: {row.label} reported no findings on TF1 code")
            row.files, row.findings = files, found
        show(row)
        return row

    rows: dict[str, Row] = {}
    for jobs in (1, 2):
        if f"j{jobs}" in skip:
            continue
        label = f"tf2lint -j {jobs}"
        command = tf2lint_command(corpus.root, jobs, cache=False)
        run_child(command)  # untimed: bytecode written
        rows[f"cold{jobs}"] = checked(Row(f"{label} --no-cache (cold)", *paired(
            repeat, parse, lambda: run_child(command)), files=0), tf2lint_counts, True)
        cached = tf2lint_command(corpus.root, jobs, cache=True)
        folder = scratch / f"cache-{corpus.listing.stem}-{jobs}"
        environment = child_environment(TF2LINT_CACHE_DIR=str(folder))
        if jobs == 1:
            rows["fill1"] = checked(Row(f"{label}, empty cache (cold, writing it)", *paired(
                repeat, parse, lambda: run_child(cached, environment),
                prepare=lambda: shutil.rmtree(folder, ignore_errors=True)), files=0), tf2lint_counts, True)
        run_child(cached, environment)  # fill the cache
        rows[f"warm{jobs}"] = checked(Row(f"{label}, warm cache (nothing changed)", *paired(
            repeat, parse, lambda: run_child(cached, environment)), files=0), tf2lint_counts, True)
    if "flake8" not in skip:
        for variant in ("without", "with"):
            run_child(flake8_command(variant, corpus.root))
        rows["flake8"] = checked(Row("flake8 -j 1, default checks", *paired(
            repeat, parse, lambda: run_child(flake8_command("without", corpus.root))), files=0), flake8_counts, False)
        rows["flake8+"] = checked(Row("flake8 -j 1 + the tf2lint plugin", *paired(
            repeat, lambda: run_child(flake8_command("without", corpus.root)),
            lambda: run_child(flake8_command("with", corpus.root))), files=0, against="flake8"), flake8_counts, True)
    if "pylint" not in skip and len(corpus.files) <= pylint_max:
        run_child(pylint_command(True, corpus), ok=tuple(range(64)))
        rows["pylint"] = checked(Row("pylint, syntax-error only", *paired(
            repeat, parse, lambda: run_child(pylint_command(False, corpus), ok=tuple(range(64)))), files=0),
            pylint_counts, False)
        rows["pylint+"] = checked(Row("pylint, syntax-error + tf2lint's messages", *paired(
            repeat, lambda: run_child(pylint_command(False, corpus), ok=tuple(range(64))),
            lambda: run_child(pylint_command(True, corpus), ok=tuple(range(64)))), files=0, against="pylint"),
            pylint_counts, True)
    elif "pylint" not in skip:
        print(f"  pylint rows skipped: {len(corpus.files)} files > --pylint-max-files {pylint_max}")
    engine = time_engine(corpus, repeat)
    print(f"  {'the engine on parsed trees, in process':<46} {expected:>6} {'':>9} {engine[0]:>8.2f} s "
          f"{'':>10} {engine[0] / engine[1]:>7.2f}x   (of ast.parse in the same process)")

    name = corpus.name
    if "cold1" in rows:
        summary.goal(f"{name}: tf2lint -j 1 cold / parse (CPU)", rows["cold1"].cpu_ratio, GOAL_COLD)
    if "warm1" in rows:
        summary.goal(f"{name}: tf2lint -j 1 warm / parse (CPU)", rows["warm1"].cpu_ratio, GOAL_WARM)
    if "cold1" in rows and "cold2" in rows:
        speedup = statistics.median(a.wall / b.wall for a, b in zip(rows["cold1"].runs, rows["cold2"].runs))
        summary.goal(f"{name}: tf2lint -j 2 cold wall speed-up over -j 1", speedup, GOAL_JOBS, at_most=False)
    for host in ("flake8", "pylint"):
        if host + "+" in rows:
            added = rows[host + "+"].cpu_ratio - 1  # paired against the host without the plugin
            summary.goal(f"{name}: the plugin's share added to {host}'s CPU time", added, GOAL_PLUGIN)
    for line in summary.verdicts:
        print(f"  {line}")
    return summary.verdicts


def time_engine(corpus: Corpus, repeat: int) -> tuple[float, float]:
    """(engine seconds, parse seconds) in this process, the median of ``repeat``: each tree parsed untimed."""
    texts = [read_source(path) for path in corpus.files]
    engine, parse = [], []
    for _ in range(repeat):
        spent = parsing = 0.0
        for text in texts:
            start = time.perf_counter()
            tree = ast.parse(text)
            middle = time.perf_counter()
            lint_tree(tree, text)
            spent += time.perf_counter() - middle
            parsing += middle - start
        engine.append(spent)
        parse.append(parsing)
    return statistics.median(engine), statistics.median(parse)


# -- the editor -------------------------------------------------------------------------------------------


def editor(corpus: Optional[Corpus], repeat: int, scratch: Path, workspace_files: int) -> list[str]:
    print("\nthe editor (tf2lint server --stdio):")
    latency = HERE / "lsp_latency.py"
    verdicts = []
    if latency.exists():
        result = subprocess.run([sys.executable, str(latency)], capture_output=True, text=True, check=False,
                                env=child_environment())
        print("\n".join(f"  {line}" for line in result.stdout.splitlines()))
        if result.returncode:
            raise BenchmarkError(f"bench/lsp_latency.py failed: {result.stderr[-300:]}")
    else:
        line = ("re-lint after one change on a 6,000-line file: NOT MEASURED (bench/lsp_latency.py, the "
                "server's benchmark, is not in this tree)")
        print(f"  {line}")
        verdicts.append(f"editor: {line}")
    if corpus is None:
        return verdicts
    seconds, files = first_diagnostics(corpus, repeat, scratch, workspace_files)
    line = f"first diagnostics opening one file of a {files:,}-file workspace: {seconds * 1000:.0f} ms (median)"
    print(f"  {line}")
    return verdicts + [f"editor: {line}"]


def first_diagnostics(corpus: Corpus, repeat: int, scratch: Path, size: int) -> tuple[float, int]:
    """Start the server on a workspace of ``size`` files (the corpus's files copied as often as needed, each
    copy a package of its own), open the corpus's largest file and time the first diagnostics for it."""
    workspace = scratch / "workspace"
    if not workspace.exists():
        (workspace / ".git").mkdir(parents=True)
        copies = 0
        while sum(1 for _ in workspace.rglob("*.py")) < size:
            for path in corpus.files:
                target = workspace / f"copy{copies}" / path.relative_to(corpus.root)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
            copies += 1
    files = sum(1 for _ in workspace.rglob("*.py"))
    largest = max((p for p in workspace.glob("copy0/**/*.py")), key=lambda p: p.stat().st_size)
    times = [lsp_first_diagnostics(workspace, largest) for _ in range(repeat)]
    return statistics.median(times), files


def lsp_first_diagnostics(workspace: Path, document: Path, timeout: float = 120.0) -> float:
    """Seconds from starting ``tf2lint server --stdio`` (initialize, initialized, didOpen) to the first
    publishDiagnostics for ``document``."""
    process = subprocess.Popen([sys.executable, "-m", "tf2lint", "server", "--stdio"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=child_environment())
    assert process.stdin is not None and process.stdout is not None

    def send(message: dict[str, object]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))  # type: ignore[union-attr]
        process.stdin.flush()  # type: ignore[union-attr]

    def receive() -> dict[str, object]:
        length = 0
        while True:
            line = process.stdout.readline()  # type: ignore[union-attr]
            if not line:
                raise BenchmarkError("the server stopped before publishing diagnostics")
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(process.stdout.read(length))  # type: ignore[union-attr,no-any-return]

    uri = document.resolve().as_uri()
    start = time.perf_counter()
    try:
        send({"id": 1, "method": "initialize", "params": {"processId": os.getpid(), "rootUri":
              workspace.resolve().as_uri(), "capabilities": {}}})
        while receive().get("id") != 1:
            pass
        send({"method": "initialized", "params": {}})
        send({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": document.read_text(encoding="utf-8")}}})
        while True:
            message = receive()
            if time.perf_counter() - start > timeout:
                raise BenchmarkError("no diagnostics from the server in time")
            params = message.get("params")
            if message.get("method") == "textDocument/publishDiagnostics" and isinstance(params, dict) \
                    and params.get("uri") == uri:
                if not params.get("diagnostics"):
                    raise BenchmarkError(f"the server published no diagnostics for {document.name}")
                return time.perf_counter() - start
    finally:
        process.kill()
        process.wait()


# -- memory -----------------------------------------------------------------------------------------------


def memory(root: Path, scratch: Path) -> list[str]:
    files = list(discover([str(root)], [], gitignore=False))
    print(f"\npeak resident memory on {root.name} ({len(files)} files), cache on (written, then read):")
    verdicts = []
    for jobs in (1, 2):
        folder = scratch / f"memory-cache-{jobs}"
        environment = child_environment(TF2LINT_CACHE_DIR=str(folder))
        command = tf2lint_command(root, jobs, cache=True)
        for state in ("empty cache", "warm cache"):
            run = run_child(command, environment, sample=True)
            linted, _ = tf2lint_counts(run, f"tf2lint -j {jobs}")
            if linted != len(files):
                raise BenchmarkError(f"memory: tf2lint -j {jobs} linted {linted} files, not {len(files)}")
            together = f", {run.tree_mb:.0f} MB all processes together (sampled)" if jobs > 1 else ""
            line = (f"tf2lint -j {jobs}, {state}: largest process {run.rss_mb:.0f} MB{together} "
                    f"(goal <= {GOAL_RSS_MB:.0f} MB: {'met' if run.rss_mb <= GOAL_RSS_MB else 'NOT MET'})")
            print(f"  {line}")
            verdicts.append(f"memory: {line}")
    python = run_child([sys.executable, "-c", "import tf2lint.cli"], ok=(0,))
    print(f"  (for scale: python importing tf2lint.cli, linting nothing: {python.rss_mb:.0f} MB)")
    return verdicts


# -- main -------------------------------------------------------------------------------------------------


def machine() -> str:
    commit = subprocess.run(["git", "-C", str(HERE), "describe", "--always", "--dirty", "--abbrev=12"],
                            capture_output=True, text=True, check=False).stdout.strip() or "unknown"
    load = ", load average %.1f %.1f %.1f" % os.getloadavg() if hasattr(os, "getloadavg") else ""
    return (f"tf2lint {tf2lint.__version__} at commit {commit}; Python {platform.python_version()} "
            f"({platform.python_implementation()}), {platform.system()} {platform.machine()}, "
            f"{os.cpu_count()} cores{load}")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, help="TF1 corpora (findings required)")
    parser.add_argument("--tf2", action="append", type=Path, default=[], metavar="FOLDER",
                        help="TF2-native corpora (findings not required); repeatable")
    parser.add_argument("-n", "--repeat", type=int, default=5, help="paired runs per row (default 5)")
    parser.add_argument("--memory-corpus", type=Path, metavar="FOLDER",
                        help=f"the tree for peak memory (default: {MEMORY_CORPUS}, downloaded)")
    parser.add_argument("--pylint-max-files", type=int, default=500, help="pylint rows only on corpora this small")
    parser.add_argument("--workspace-files", type=int, default=2000, help="the editor's workspace size")
    parser.add_argument("--skip", default="", help="comma-separated: j1, j2, flake8, pylint, editor, memory")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("-n must be at least 1")
    skip = {word.strip() for word in args.skip.split(",") if word.strip()}

    print("tf2lint benchmark:", machine())
    print(f"each row: the median of {args.repeat} runs, paired with the baseline process (read + ast.parse of the "
          "same files) run just before it. The machine may be shared: absolute times are noisy, the ratios "
          "measured in the same run are what counts.")
    lint_tree(ast.parse("import tensorflow as tf\n"), "tensorflow")
    verdicts: list[str] = []
    with tempfile.TemporaryDirectory(prefix="tf2lint-bench-") as folder:
        scratch = Path(folder)
        listed = [(str(path), path, True) for path in args.folders] + [(str(p), p, False) for p in args.tf2]
        if not listed:
            listed = [(DEFAULT_CORPUS, fetch(DEFAULT_CORPUS), True)]
        corpora = [Corpus.load(name, root, tf1, scratch) for name, root, tf1 in listed]
        for corpus in corpora:
            verdicts += benchmark(corpus, args.repeat, skip, args.pylint_max_files, scratch)
        if "editor" not in skip:
            verdicts += editor(corpora[0], args.repeat, scratch, args.workspace_files)
        if "memory" not in skip:
            verdicts += memory(args.memory_corpus or fetch(MEMORY_CORPUS), scratch)
    print("\nsummary (" + machine() + "):")
    for line in verdicts:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchmarkError as error:
        print(f"\nBENCHMARK INVALID: {error}", file=sys.stderr)
        sys.exit(2)
