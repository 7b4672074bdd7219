"""The ``tf2lint`` command: lint files, folders and notebooks for TensorFlow 1 idioms.

Exit status: 0 nothing found, 1 findings reported, 2 a usage or configuration error, or a file that could
not be read or parsed (the other files are still linted and reported; 2 wins over 1), 3 an internal error
(a bug in tf2lint; 3 wins over 2).
"""
from __future__ import annotations

import argparse
import contextlib
import gc
import io
import itertools
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence, TextIO

from tf2lint import __version__, baseline, summary
from tf2lint.cache import Cache, CachedIndex, cache_folder
from tf2lint.config import FAIL_ON, Config, ConfigError, check_code
from tf2lint.context import AUTO, SETTINGS
from tf2lint.explain import explain, find_rule, rule_json, rule_line
from tf2lint.files import is_excluded, patterns
from tf2lint.output import FORMATS, make_reporter, shown_path, use_colour
from tf2lint.project import ProjectIndex, find_root, is_folder
from tf2lint.rules import RULES, SEVERITIES
from tf2lint.engine import apply_noqa
from tf2lint.results import FileError, FileResult, Finding
from tf2lint.runner import Options, lint_bytes, lint_paths
from tf2lint.settings import Overrides, Resolver, find_files, per_file
from tf2lint.source import ReadError, read_limited
from tf2lint.statistics import Summary
from tf2lint.summary import Collected

STDIN = "-"
DESCRIPTION = "Find TensorFlow 1 idioms and get the TF2-native replacement, line by line."

EPILOG = """\
configuration: each file takes [tool.tf2lint] of the nearest pyproject.toml above it that has one
(--config applies one file to all); it takes select, ignore, extend-select, extend-ignore, per-file-ignores,
exclude, extend-exclude, respect-gitignore, tensorflow ("1", "2" or "auto", as --tensorflow) and cache (true
or false); --select, --ignore, --exclude and --tensorflow replace the configured values, --extend-select,
--extend-ignore and --extend-exclude add to them. An unknown key, code or value is an error (exit 2).

language server: tf2lint server --stdio

exit status: 0 nothing found (or --exit-zero), 1 findings reported, 2 usage or configuration error or a
file that could not be read or parsed (the other files are still linted), 3 internal error (a bug in
tf2lint: please report it)."""


class UsageError(Exception):
    """A problem with the command line or its files that stops the run (exit status 2)."""


def _codes(value: str) -> list[str]:
    """``TF301,tf4`` -> ``["TF301", "TF4"]``; every entry must be a code or a prefix of one."""
    try:
        return [check_code(code) for code in re.split(r"[,\s]+", value) if code]
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _patterns(value: str) -> list[str]:
    return [pattern.strip() for pattern in value.split(",") if pattern.strip()]


def _jobs(value: str) -> int:
    if value == "auto":
        return 0
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"not a number of jobs: {value}")
    return int(value)


def build_parser(reporting: bool = False) -> argparse.ArgumentParser:
    """The command's options; ``reporting``: those of ``tf2lint report``."""
    parser = argparse.ArgumentParser(
        prog="tf2lint report" if reporting else "tf2lint",
        description=REPORT if reporting else DESCRIPTION,
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if reporting:
        _report_options(parser)
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files and folders to lint (*.py and *.ipynb below folders); '-' reads stdin; "
                             "default: the current folder")
    parser.add_argument("--version", action="version", version=f"tf2lint {__version__}")

    output = parser.add_argument_group("output")
    output.add_argument("--format", "--output-format", dest="format", choices=(*FORMATS, "markdown"), default="text",
                        help="text (default), json, sarif (GitHub code scanning) or github (Actions annotations); "
                             "with --statistics, json and markdown format the summary (markdown implies it)")
    output.add_argument("-o", "--output-file", metavar="FILE", help="write the findings to FILE, not stdout")
    output.add_argument("--statistics", action="store_true",
                        help="print a migration summary: findings per family, rule, file and folder (as a JSON "
                             "document with --format json, for a GitHub step summary with --format markdown)")
    output.add_argument("--exit-zero", action="store_true",
                        help="exit 0 even when findings are reported (errors still exit 2)")
    output.add_argument("--fail-on", choices=FAIL_ON, default=None,
                        help="exit 1 only when a reported finding has this severity or a higher one (all "
                             "findings are still reported); default: info (any finding), or the configured "
                             "fail-on")
    output.add_argument("-q", "--quiet", action="store_true",
                        help="do not print findings on the terminal (errors and --statistics still are; "
                             "-o FILE is still written in full)")
    output.add_argument("--color", "--colour", dest="color", choices=("auto", "always", "never"), default="auto",
                        help="colour the codes of the text format by severity: auto (default) on a terminal, "
                             "or when FORCE_COLOR is set, not when NO_COLOR is set")

    selection = parser.add_argument_group("selection")
    selection.add_argument("--select", type=_codes, metavar="CODES", help="codes or prefixes to report (TF3,TF401)")
    selection.add_argument("--ignore", type=_codes, metavar="CODES", help="codes or prefixes not to report")
    selection.add_argument("--extend-select", type=_codes, metavar="CODES", help="codes to report in addition")
    selection.add_argument("--extend-ignore", type=_codes, metavar="CODES", help="codes not to report in addition")
    selection.add_argument("--exclude", type=_patterns, metavar="PATTERNS",
                           help="comma-separated fnmatch patterns of files and folders to skip")
    selection.add_argument("--extend-exclude", type=_patterns, metavar="PATTERNS",
                           help="patterns to skip in addition to the configured ones")
    selection.add_argument("--respect-gitignore", action=argparse.BooleanOptionalAction, default=None,
                           help="skip what .gitignore files ignore while walking folders (default: yes, or the "
                                "configured respect-gitignore)")
    selection.add_argument("--tensorflow", choices=SETTINGS, default=None,
                           help="1: all files are TF1 code; 2: none is (a TF2-native project); auto (default, or "
                                "the configured tensorflow): judged per file from the evidence in the file and a "
                                "TensorFlow 1 pin in the project's dependency files")
    selection.add_argument("--config", metavar="PATH", help="read [tool.tf2lint] from this pyproject.toml")
    selection.add_argument("--isolated", action="store_true", help="ignore configuration files")
    selection.add_argument("--disable-noqa", action="store_true",
                           help="report findings silenced by # noqa, # tf2lint: noqa and # flake8: noqa")
    selection.add_argument("--stdin-filename", metavar="NAME",
                           help="the name of the file read from stdin ('-'); a .ipynb name reads a notebook")

    known = parser.add_argument_group("baseline").add_mutually_exclusive_group()
    known.add_argument("--baseline", metavar="FILE", help="report only findings that are not in this baseline")
    known.add_argument("--write-baseline", metavar="FILE",
                       help="record all current findings in FILE and exit 0 (2 if a file could not be parsed)")

    running = parser.add_argument_group("run")
    running.add_argument("-j", "--jobs", type=_jobs, default=0, metavar="N",
                         help="lint in N processes; 0 or auto (default): one per core, none for few files; "
                              "1: no subprocesses; at most one per core unless --force-jobs")
    running.add_argument("--force-jobs", action="store_true", help="use -j N processes even above the core count")
    running.add_argument("--no-cache", action="store_true",
                         help="neither read nor write the cache (.tf2lint_cache at the project root, or "
                              "$TF2LINT_CACHE_DIR; also [tool.tf2lint] cache = false)")
    running.add_argument("--explain", metavar="CODE", help="show the documentation of a rule (code or symbol)")
    running.add_argument("--list-rules", action="store_true",
                         help="list every rule, one per line (--format json: an array of objects)")
    if reporting:
        for action in parser._actions:
            if action.dest in NOT_REPORT:
                action.help = argparse.SUPPRESS
    return parser


REPORT = """\
Write a migration report: one self-contained HTML file (it needs no network) with what blocks TF2, where, the
order to migrate the modules in, the trend and every finding. Exit status 0 once written (2 if a file could
not be parsed). Needs the report extra: python3 -m pip install 'tf2lint[report]'."""

#: Options of the command that ``tf2lint report`` does not take: it writes the report instead.
NOT_REPORT = ("format", "statistics", "quiet", "exit_zero", "write_baseline", "explain", "list_rules")


def _report_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("report")
    group.add_argument("--previous", action="append", default=[], metavar="FILE",
                       help="an earlier run to compare with: its --statistics --format json summary (as --json "
                            "writes it) or a baseline file; repeat for the counts over several runs")
    group.add_argument("--json", metavar="FILE", help="also write the run's summary as JSON (for a later --previous)")


def _reporting(argv: list[str]) -> bool:
    """Whether ``argv`` asks for ``tf2lint report``: ``report`` first, unless that names a file or folder to
    lint and no ``-o`` is given (``./report`` lints it in any case)."""
    if argv[:1] != ["report"]:
        return False
    return any(arg in ("-o", "--output-file") or arg.startswith(("-o", "--output-file=")) for arg in argv[1:]) \
        or not os.path.lexists("report")


def _check_report(args: argparse.Namespace) -> None:
    """``tf2lint report``'s arguments checked, its earlier runs read; the summary goes out as HTML."""
    defaults = build_parser()
    given = [name for name in NOT_REPORT if getattr(args, name) != defaults.get_default(name)]
    if given:
        raise UsageError(f"tf2lint report does not take --{given[0].replace('_', '-')}")
    if not args.output_file:
        raise UsageError("tf2lint report needs -o FILE (the HTML file to write)")
    try:
        args.previous_runs = [summary.load_previous(Path(file)) for file in args.previous]
    except summary.PreviousError as error:
        raise UsageError(str(error)) from None
    from tf2lint import report

    if not report.available():
        raise UsageError("tf2lint report needs Jinja2: python3 -m pip install 'tf2lint[report]'")
    args.format, args.exit_zero = "html", True


def _first(args: argparse.Namespace, paths: list[str]) -> Path:
    """Where the settings of stdin (by its name) and of the run's summary are looked for: the first path."""
    return Path((args.stdin_filename or ".") if paths[0] == STDIN else paths[0])


def make_resolver(args: argparse.Namespace) -> Resolver:
    """Each file's settings: its own ``[tool.tf2lint]`` (or ``--config``'s, or none with ``--isolated``) with
    the command line on top. Command-line patterns are relative to the current folder."""
    def codes(value: Optional[list[str]]) -> Optional[tuple[str, ...]]:
        return None if value is None else tuple(value)

    if args.select == []:
        raise ConfigError("--select '' selects no rule")
    overrides = Overrides(
        select=codes(args.select), ignore=codes(args.ignore), extend_select=tuple(args.extend_select or ()),
        extend_ignore=tuple(args.extend_ignore or ()),
        exclude=None if args.exclude is None else tuple(patterns(args.exclude, Path.cwd(), "--exclude")),
        extend_exclude=tuple(patterns(args.extend_exclude or (), Path.cwd(), "--extend-exclude")),
        respect_gitignore=args.respect_gitignore, tensorflow=args.tensorflow)
    return Resolver(overrides, Path(args.config) if args.config else None, args.isolated)


def check_selection(configs: list[Config]) -> None:
    """A configuration whose selection selects no rule is an error, not a silent pass."""
    for config in configs:
        if not any(config.selects(code) for code in RULES):
            where = f" in {shown_path(str(config.source))}" if config.source else ""
            raise ConfigError(f"the selection ({selection_text(config)}){where} selects no rule")


def selection_text(config: Config) -> str:
    """The codes chosen, as the error of a selection of nothing shows them."""
    parts = (("select", config.select), ("extend-select", config.extend_select), ("ignore", config.ignore),
             ("extend-ignore", config.extend_ignore))
    return ", ".join(f"{name} {','.join(codes) or 'nothing'}" for name, codes in parts if codes or name == "select")


def results(args: argparse.Namespace, files: list[str], options: Options, stdin: TextIO) -> Iterator[FileResult]:
    """Each file's result, in the order found (or stdin's)."""
    if files != [STDIN]:
        yield from lint_paths(files, options, args.jobs, args.force_jobs)
        return
    name = args.stdin_filename or "stdin"
    try:
        data = read_limited(stdin.buffer)  # read even when excluded, so the writer never blocks
    except ReadError as error:
        yield FileResult(name, error=FileError(str(error)))
        return
    assert options.settings is not None
    if not (args.stdin_filename and is_excluded(Path(name), options.settings.for_path(Path(name)).excludes)):
        yield lint_bytes(data, name, options)  # excluded, as the file would be


def build_index(args: argparse.Namespace, paths: list[str], cache: Optional[Cache] = None) -> ProjectIndex:
    """The run's project index: imports are looked up below the folders given and their project roots
    (besides each file's own folder and packages). Modules are read when first imported, in each worker; with
    a cache, their exports are kept in it."""
    given = [Path(args.stdin_filename or ".") if path == STDIN else Path(path) for path in paths]
    folders = [Path(os.path.abspath(path if is_folder(path) else path.parent)) for path in given]
    roots = [root for root in (find_root(folder) for folder in folders) if root is not None]
    index = ProjectIndex([*folders, *roots]) if cache is None else CachedIndex([*folders, *roots], cache)
    index.watch = False  # one run: the files as they were when first read
    return index


def open_cache(args: argparse.Namespace, paths: list[str], config: Config) -> Optional[Cache]:
    """The run's cache, unless turned off (``--no-cache``, ``cache = false``) or there is no place for it
    (stdin, no project root holding every path: see :func:`tf2lint.cache.cache_folder`)."""
    if args.no_cache or not config.cache or paths == [STDIN]:
        return None
    folder = cache_folder(paths)
    return Cache(folder) if folder is not None else None


def run(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    """Lint, report, write or apply the baseline, summarize; the exit status."""
    paths = _paths(args)
    resolver, known = _settings(args)
    unwalkable: list[FileResult] = []
    excluded: list[str] = []
    try:
        first = resolver.for_path(_first(args, paths))
        files = [STDIN] if paths == [STDIN] else find_files(
            paths, resolver, unwalkable,
            on_excluded=lambda path, pattern: excluded.append(
                f"{shown_path(str(path))} is excluded by {pattern.pattern!r} ({shown_path(pattern.source)})"),
            on_warning=lambda path, message: print(f"tf2lint: warning: {shown_path(str(path))}: {message}", file=err))
    except ConfigError as error:
        raise UsageError(str(error)) from None
    baselines = Baselines(known, args.write_baseline, args.baseline)
    used = [settings.config for settings in resolver.settings.values()] or [first.config]
    try:
        check_selection(used)
    except ConfigError as error:
        raise UsageError(str(error)) from None
    rules = [rule for code, rule in sorted(RULES.items()) if any(config.selects(code) for config in used)]
    tally = Tally(Summary(baselined=known is not None, project=first.project),
                  fail_on=SEVERITIES.index(args.fail_on or first.config.fail_on))
    tally.summary.pins.update(settings.project.evidence for settings in resolver.settings.values()
                              if settings.project.setting == AUTO and settings.project.evidence)
    collected = Collected(tally.summary) if _summary_format(args) else None
    with _output(args.output_file, out) as stream:
        # -q and --write-baseline quiet the terminal; a file named by -o is always a complete document (a
        # summary format writes the summary instead of the findings)
        quiet = ((args.quiet or bool(baselines.record)) and not args.output_file) or collected is not None
        colour = use_colour(args.color, stream, to_file=bool(args.output_file))
        reporter = make_reporter(args.format, stream, err, rules, quiet=quiet, colour=colour)
        # SARIF records what # noqa silences as suppressed results: lint without it, then apply it here
        in_source = args.format == "sarif" and not args.disable_noqa
        cache = open_cache(args, paths, first.config)
        options = Options(first.config, noqa=not args.disable_noqa and not in_source, file_noqa=not args.disable_noqa,
                          project=first.project, index=build_index(args, paths, cache), cache=cache, settings=resolver)
        for result in itertools.chain(unwalkable, results(args, files, options, stdin)):
            result, silenced = noqa_split(per_file(result, resolver), in_source)
            shown = baselines.shown(result)
            reporter.report(result, shown, silenced)
            tally.add(result, shown)
            if collected is not None:
                collected.add(result)
        reporter.finish()
        if collected is not None:
            _write_summary(args, collected, options.index if paths != [STDIN] else None, stream)
    baselines.write(err)
    _epilogue(args, paths, tally, excluded, out, err)
    return tally.status(findings_fail=not baselines.record and not args.exit_zero)


def _epilogue(args: argparse.Namespace, paths: list[str], tally: Tally, excluded: list[str], out: TextIO,
              err: TextIO) -> None:
    """After the findings: a warning when no file was linted (naming the excludes that skipped the paths
    named), the ``--statistics`` summary."""
    if not tally.linted and paths != [STDIN]:
        for line in excluded:
            print(f"tf2lint: warning: {line}: not linted", file=err)
        if len(excluded) < len(paths):
            print(f"tf2lint: warning: no Python files found in {' '.join(paths)}", file=err)
    if args.statistics and not _summary_format(args):
        machine = args.format in ("json", "sarif") and not args.output_file
        print(tally.summary.render(), file=err if machine else out)


def _summary_format(args: argparse.Namespace) -> Optional[str]:
    """The format of a summary document that replaces the findings: ``--statistics --format json``,
    ``--format markdown`` or the report's ``html``; None for the findings (and the text summary)."""
    if args.format in ("markdown", "html") or (args.statistics and args.format == "json"):
        return str(args.format)
    return None


def _write_summary(args: argparse.Namespace, collected: Collected, index: Optional[ProjectIndex],
                   stream: TextIO) -> None:
    """The summary document of the run in its format (the report also as JSON with ``--json``)."""
    document = summary.document(collected, index)
    if args.format == "json":
        stream.write(json.dumps(document) + "\n")
    elif args.format == "markdown":
        stream.write(summary.markdown(document))
    else:
        from tf2lint import report

        report.write(stream, document, collected, args.previous_runs, args.json)


def _paths(args: argparse.Namespace) -> list[str]:
    paths: list[str] = args.paths or ["."]
    if STDIN in paths and len(paths) > 1:
        raise UsageError("'-' (stdin) cannot be combined with other paths")
    return paths


def _settings(args: argparse.Namespace) -> tuple[Resolver, Optional[Counter[baseline.Key]]]:
    """The settings per file (``--config`` read) and the ``--baseline`` read."""
    try:
        return make_resolver(args), baseline.load(Path(args.baseline)) if args.baseline else None
    except (ConfigError, baseline.BaselineError) as error:
        raise UsageError(str(error)) from None


class Baselines:
    """``--baseline`` applied and ``--write-baseline`` recorded; paths are keyed relative to the file's folder."""

    def __init__(self, known: Optional[Counter[baseline.Key]], record: Optional[str], applied: Optional[str]) -> None:
        self.known, self.record = known, record
        given = applied or record
        self.folder = Path(os.path.abspath(given)).parent if given else Path.cwd()
        self.recorded: Counter[baseline.Key] = Counter()

    def shown(self, result: FileResult) -> list[Finding]:
        """The findings of ``result`` to show (those not in the baseline); recorded when writing one."""
        path = baseline.key_path(result.path, self.folder)
        if self.record:
            self.recorded.update(baseline.keys(path, result.findings))
        shown = list(result.findings)
        return shown if self.known is None else baseline.new_findings(self.known, path, shown)

    def write(self, err: TextIO) -> None:
        """Write the recorded baseline, if asked to, and say so."""
        if not self.record:
            return
        try:
            baseline.dump(Path(self.record), self.recorded)
        except baseline.BaselineError as error:
            raise UsageError(str(error)) from None
        print(f"tf2lint: recorded {sum(self.recorded.values())} findings in {self.record}", file=err)


@dataclass
class Tally:
    """What the files linted so far add up to: the summary and the exit status."""

    summary: Summary
    fail_on: int = len(SEVERITIES) - 1  # findings fail the run from this severity up (an index of SEVERITIES)
    linted: int = 0
    failed: bool = False  # a file could not be read or parsed
    internal: bool = False  # a bug in tf2lint
    found: bool = False  # findings that reach ``fail_on`` were shown

    def add(self, result: FileResult, shown: list[Finding]) -> None:
        self.linted += 1
        self.summary.add(replace(result, path=shown_path(result.path)), shown)  # names as printed
        self.failed = self.failed or result.error is not None
        self.internal = self.internal or bool(result.error and result.error.internal)
        self.found = self.found or any(SEVERITIES.index(f.diagnostic.severity) <= self.fail_on for f in shown)

    def status(self, findings_fail: bool) -> int:
        return 3 if self.internal else 2 if self.failed else 1 if self.found and findings_fail else 0


def noqa_split(result: FileResult, apply: bool) -> tuple[FileResult, list[Finding]]:
    """``result`` without the findings a ``# noqa`` comment silences, and those (when ``apply``)."""
    if not apply or not result.findings:
        return result, []
    silenced = [f for f in result.findings if not apply_noqa([replace(f.diagnostic, line=1)], [f.source])]
    kept = tuple(f for f in result.findings if f not in silenced)
    return replace(result, findings=kept), silenced


@contextlib.contextmanager
def _output(path: Optional[str], out: TextIO) -> Iterator[TextIO]:
    """``--output-file`` opened for writing (UTF-8), or ``out``."""
    if path is None:
        yield out
        return
    try:
        stream = open(path, "w", encoding="utf-8", errors="backslashreplace")
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    with stream:
        yield stream


def _list_rules(args: argparse.Namespace) -> int:
    rules = [rule for _, rule in sorted(RULES.items())]
    if args.format == "json":
        print(json.dumps([rule_json(rule) for rule in rules], indent=2))
    elif args.format == "text":
        print("\n".join(rule_line(rule) for rule in rules))
    else:
        raise UsageError(f"--list-rules takes --format text or json, not {args.format}")
    return 0


def _explain(args: argparse.Namespace) -> int:
    rule = find_rule(args.explain)
    if rule is None:
        raise UsageError(f"unknown rule: {args.explain} (see tf2lint --list-rules)")
    print(explain(rule, args.explain))
    return 0


def _lint(args: argparse.Namespace) -> int:
    status = run(args, sys.stdout, sys.stderr, sys.stdin)
    sys.stdout.flush()  # a write error shows here, not at exit
    return status


#: The options that replace linting with another action, the first given wins; else the files are linted.
ACTIONS: tuple[tuple[str, Callable[[argparse.Namespace], int]], ...] = (
    ("list_rules", _list_rules), ("explain", _explain))


def _server(argv: list[str]) -> Optional[int]:
    """``tf2lint server --stdio``: the language server's exit status; None when ``argv`` lints files."""
    if argv[:1] != ["server"]:
        return None
    if "--stdio" in argv[1:]:  # the language server, never started by accident
        from tf2lint.lsp import main as server_main

        return server_main(argv[1:])
    if not os.path.lexists("server"):
        print("tf2lint: error: no file or folder named server; to start the language server, run "
              "tf2lint server --stdio", file=sys.stderr)
        return 2
    return None


#: The collector's first threshold for the command's process: linting allocates many short-lived containers per
#: node, and Python's default (700) makes the collector run thousands of times over a project.
GC_THRESHOLD = 20_000


def main(argv: Optional[Sequence[str]] = None) -> int:
    gc.freeze()  # what importing tf2lint made (the rule tables) is never garbage: the collector skips it
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    argv = sys.argv[1:] if argv is None else list(argv)
    server = _server(argv)
    if server is not None:
        return server
    reporting = _reporting(argv)
    args = build_parser(reporting).parse_args(argv[1:] if reporting else argv)
    for stream in (sys.stdout, sys.stderr):  # text a strict locale cannot encode is escaped, not a crash
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        if reporting:
            _check_report(args)
        action = next((action for option, action in ACTIONS if getattr(args, option)), _lint)
        return action(args)
    except UsageError as error:
        print(f"tf2lint: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `tf2lint . | head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as error:  # files are reported one by one: this is writing the output (a full disk)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
        what = "cannot write the output" if error.filename is None else shown_path(os.fsdecode(error.filename))
        print(f"tf2lint: error: {what}: {error.strerror or error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug in tf2lint: one line and a status of its own
        print(f"tf2lint: internal error, please report it: {type(error).__name__}: {error}", file=sys.stderr)
        return 3
