"""Lint files one by one or in a process pool: each file is read and linted in the worker, only its
findings come back, in the order the files were given."""
from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import multiprocessing.process
import os
import pickle
import signal
import sys
import zlib
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Iterator, Optional, Sequence

from tf2lint.config import Config, ConfigError
from tf2lint.context import Project
from tf2lint.engine import SourceError, apply_noqa, check_source, decode_source, file_noqa, source_lines
from tf2lint.source import MAX_FILE_BYTES, ReadError, read_file, read_limited
from tf2lint.notebook import lint_notebook
from tf2lint.binding import Exports
from tf2lint.index import ProjectIndex
from tf2lint.propagation import settled

if TYPE_CHECKING:
    from tf2lint.cache import Cache
from tf2lint.results import FileError, FileResult, findings
from tf2lint.settings import Resolver


__all__ = ["MAX_FILE_BYTES", "Options", "ReadError", "WorkerPool", "cpu_count", "is_notebook", "jobs_for", "lint_bytes",
           "lint_path", "lint_paths", "read_file", "read_limited"]


@dataclass(frozen=True)
class Options:
    config: Config
    noqa: bool = True  # ``# noqa`` comments and file-level ones are applied
    #: file-level ones are (a file with ``# flake8: noqa`` is skipped); None: as ``noqa``
    file_noqa: Optional[bool] = None
    project: Project = Project()  # the run's TF1 setting and evidence, the same in every worker
    index: Optional[ProjectIndex] = None  # the project's modules: each worker fills its own copy's cache
    cache: Optional[Cache] = None  # results kept between runs (see tf2lint.cache)
    settings: Optional[Resolver] = None  # each file's own configuration and project (replace config, project)

    def at(self, path: str) -> Options:
        """The options for one file: its own configuration and project when they are resolved per file."""
        if self.settings is None:
            return self
        found = self.settings.for_path(Path(path))
        return replace(self, config=found.config, project=found.project)


def is_notebook(path: str) -> bool:
    return path.lower().endswith(".ipynb")


def lint_path(path: str, options: Options) -> FileResult:
    """Read and lint one file (Python, or a notebook by its ``.ipynb`` suffix)."""
    try:
        data = read_file(path)
    except ReadError as error:
        return FileResult(path, error=FileError(str(error)))
    return lint_bytes(data, path, options)


def lint_bytes(data: bytes, path: str, options: Options) -> FileResult:
    """Lint the contents of ``path``; the file itself is not opened. With a cache, a result kept for the same
    contents, settings and imported exports is reused, and a new one kept. The file's own configuration and
    project apply (and key its cached result) when they are resolved per file."""
    try:
        options = options.at(path)
    except ConfigError as error:
        return FileResult(path, error=FileError(str(error)))
    cache = options.cache
    if cache is None:
        return _lint_bytes(data, path, options)
    found = cache.cached(data, path, options)
    if found is None:
        found = _lint_bytes(data, path, options)
        cache.save(data, path, found, options)
    return found


def _lint_bytes(data: bytes, path: str, options: Options) -> FileResult:
    try:
        in_file = options.noqa if options.file_noqa is None else options.file_noqa
        if is_notebook(path):
            return lint_notebook(data, path, options.config, options.noqa, options.project, options.index,
                                 file_noqa=in_file)
        text = decode_source(data)
        lines = source_lines(text)
        try:
            checked = check_source(text, path, noqa=options.noqa, project=options.project, index=options.index)
        except SourceError:
            if in_file and file_noqa(lines) == ():  # ``# flake8: noqa``: no finding and no error, as in flake8
                return FileResult(path, uses_tensorflow=False)
            raise
        diagnostics, conditional = checked.diagnostics, list(checked.conditional)
        if in_file and not options.noqa:  # SARIF: ``# noqa`` comes later, as suppressions; file-level ones here
            diagnostics, conditional = (apply_noqa(diagnostics, lines, per_line=False),
                                        apply_noqa(conditional, lines, per_line=False))
        return FileResult(path, tuple(findings(diagnostics, lines, options.config)),
                          tf1=checked.tf1, uses_tensorflow=checked.uses or bool(checked.diagnostics),
                          evidence=checked.evidence, tf2=checked.tf2,
                          conditional=tuple(findings(conditional, lines, options.config)),
                          imports=_imports(path, options.index))
    except SourceError as error:
        return FileResult(path, error=FileError(error.message, error.line, error.col + 1))
    except Exception as error:  # a bug in tf2lint: say so for this file and lint the others
        message = f"internal error, please report it: {type(error).__name__}: {error}"
        return FileResult(path, error=FileError(message, internal=True))


def _imports(path: str, index: Optional[ProjectIndex]) -> tuple[str, ...]:
    """The project modules the file's imports reached (the index records them while it lints)."""
    if index is None:
        return ()
    return tuple(sorted(str(found) for found in index.depends.get(Path(os.path.abspath(path)), ())))


#: With ``jobs=0`` (auto), one worker per this many files at most: a pool only pays off for many files.
FILES_PER_AUTO_JOB = 16

#: Files handed to the workers beyond the next one to report: bounds the results waiting for a slow file.
WINDOW_PER_JOB = 2

#: How workers start: forked on Linux (quick; fault-injection tests patch the parent), else the default.
CONTEXT = multiprocessing.get_context("fork" if sys.platform == "linux" else None)


def cpu_count() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def jobs_for(jobs: int, files: int, force: bool = False) -> int:
    """Worker processes to use: ``jobs`` (at most one per core unless ``force``), or for 0 (auto) one per
    core and per FILES_PER_AUTO_JOB files; never more than one per file."""
    if jobs == 0:
        jobs = min(cpu_count(), files // FILES_PER_AUTO_JOB)
    elif not force:
        jobs = min(jobs, cpu_count())
    return max(1, min(jobs, files))


def lint_paths(paths: Sequence[str], options: Options, jobs: int = 1, force: bool = False) -> Iterator[FileResult]:
    """Results in the order of ``paths``; with more than one job, files are linted in worker processes
    (none for a single job), each holding one file at a time. With an index, a file whose findings depend on
    whether its importers make it TF1 code is given once all files are linted (:mod:`tf2lint.propagation`)."""
    results = _results(paths, options, jobs, force)
    yield from results if options.index is None else settled(results, options.index)


def _results(paths: Sequence[str], options: Options, jobs: int, force: bool) -> Iterator[FileResult]:
    """Each file's own result (its conditional findings not yet settled), in the order of ``paths``."""
    if options.cache is not None and options.cache.lookups and len(paths) > 1:
        yield from _cached_first(paths, options, jobs, force)
        return
    workers = jobs_for(jobs, len(paths), force)
    with contextlib.ExitStack() as stack:
        if options.index is not None and len(paths) > 1:
            results: Iterator[FileResult] = _in_dependency_order(paths, options, workers)
        elif workers == 1:
            results = (lint_path(path, options) for path in paths)
        else:
            results = stack.enter_context(WorkerPool(workers, options)).results(paths)
        yield from results


def _cached_first(paths: Sequence[str], options: Options, jobs: int, force: bool) -> Iterator[FileResult]:
    """The results the cache holds, looked up first (in this process), and the other files linted as without
    a cache (in dependency order, in workers), all in the order of ``paths``."""
    assert options.cache is not None
    kept: dict[int, FileResult] = {}
    rest: list[str] = []
    for number, path in enumerate(paths):
        try:
            found = options.cache.cached(read_file(path), path, options.at(path))  # keyed by the file's settings
        except (ReadError, ConfigError):
            found = None
        if found is None:
            rest.append(path)
        else:
            kept[number] = found
    linted = _results(rest, replace(options, cache=options.cache.after_lookup()), jobs, force) if rest else iter(())
    for number in range(len(paths)):
        yield kept.pop(number) if number in kept else next(linted)


def _in_dependency_order(paths: Sequence[str], options: Options, workers: int) -> Iterator[FileResult]:
    """Lint imported modules before their importers (each module's exports are then known when asked for),
    and give the results in the order of ``paths``."""
    assert options.index is not None
    index = options.index
    cycles = index.dependency_order(paths)
    order = [number for cycle in cycles for number in cycle]
    ordered = [paths[number] for number in order]
    done: dict[int, FileResult] = {}
    reported = 0
    with contextlib.ExitStack() as stack:
        if workers == 1:
            results: Iterator[FileResult] = (lint_path(path, options) for path in ordered)
        else:
            units, at = [], 0
            for cycle in cycles:
                units.append(list(range(at, at + len(cycle))))
                at += len(cycle)
            where = {Path(os.path.abspath(path)): at for at, path in enumerate(ordered)}
            unit_of = {at: unit[0] for unit in units for at in unit}
            needs = [{where[target] for target in index.imports_of(path)
                      if target in where and unit_of[where[target]] != unit_of[at]} for at, path in enumerate(ordered)]
            results = stack.enter_context(WorkerPool(workers, options)).results(ordered, units, needs)
        for number, result in zip(order, results):
            done[number] = result
            while reported in done:
                yield done.pop(reported)
                reported += 1


def _work(connection: Connection, options: Options, parent: int, inherited: Sequence[Connection] = ()) -> None:
    """A worker: lint each path received, send its result back; stop at ``None`` or when the parent is gone
    (its end of the pipe closes: the worker closes the pool's other pipe ends it inherited, so that only the
    parent holds them; on Linux the kernel also kills it when the parent dies). Ctrl-C is the parent's to
    handle (the whole process group gets it)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    for other in inherited:
        other.close()
    project = options.index
    if project is not None:
        project.share()
    try:
        while True:
            task = connection.recv()
            if task is None:
                return
            index, path, shared = task
            if project is not None:
                for packed in shared:
                    project.adopt(_unpack(packed))
            result = lint_path(path, options)
            connection.send((index, result, _pack(project.take()) if project is not None else None))
    except (EOFError, OSError):
        return


Packed = tuple[frozenset[Path], bytes]  # the modules whose exports a worker read, and those exports, compressed


def _pack(exports: list[tuple[Path, Exports]]) -> Optional[Packed]:
    """Exports a worker read, for the parent to keep and pass on as they are: compressed (a star import
    repeats a module's names in each importer's exports), never unpickled in the parent."""
    if not exports:
        return None
    return frozenset(path for path, _ in exports), zlib.compress(pickle.dumps(exports, pickle.HIGHEST_PROTOCOL), 1)


def _unpack(packed: bytes) -> list[tuple[Path, Exports]]:
    """Exports another worker read; their names and qualified names interned, so that each string is held
    once in this worker however many modules bind it."""
    exports: list[tuple[Path, Exports]] = pickle.loads(zlib.decompress(packed))
    intern = sys.intern
    for _, found in exports:
        found.bindings = {intern(name): intern(value) for name, value in found.bindings.items()}
    return exports


#: ``prctl`` option: the signal a process gets when its parent dies (Linux).
PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when ``parent`` dies (Linux), and stop now if it already has."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # no prctl: the pipe's end of file stops the worker
            pass
    if os.getppid() != parent:
        os._exit(0)


@dataclass(eq=False)
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection
    task: Optional[tuple[int, str]] = None  # the file it holds
    shared: int = 0  # how many of the pool's shared exports it has been sent (or sent itself)
    queue: deque[tuple[int, str]] = field(default_factory=deque)  # the rest of an import cycle it was given


class WorkerPool:
    """Worker processes that lint one file at a time. The parent knows which file each holds, so a worker
    that dies (the OOM killer, a crash) is reported for that file and replaced; the run goes on."""

    def __init__(self, size: int, options: Options) -> None:
        self.size, self.options = size, options
        self.workers: list[_Worker] = []
        # What the workers' project indexes read, in arrival order, with the worker that read them; each module's
        # exports kept once (as they came) and sent once to each other worker.
        self.exports: list[tuple[_Worker, bytes]] = []
        self.known: set[Path] = set()

    def __enter__(self) -> WorkerPool:
        for _ in range(self.size):
            self.workers.append(self._start())
        return self

    def __exit__(self, kind: Optional[type], *exc: object) -> None:
        """Workers stop after their file; on an error (Ctrl-C) at once."""
        for worker in self.workers:
            with contextlib.suppress(OSError):
                worker.connection.send(None)
        for worker in self.workers:
            worker.process.join(timeout=None if kind is None else 0)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()

    def _start(self) -> _Worker:
        parent, child = CONTEXT.Pipe()
        # A forked worker holds copies of the parent's pipe ends (its own, the other workers'): it closes them.
        inherited = [parent, *(w.connection for w in self.workers)] if CONTEXT.get_start_method() == "fork" else []
        process = CONTEXT.Process(target=_work, args=(child, self.options, os.getpid(), inherited), daemon=True)
        interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)  # no Ctrl-C before the worker ignores it
        try:
            process.start()
        finally:
            signal.signal(signal.SIGINT, interrupt)
        child.close()
        return _Worker(process, parent)

    def results(self, paths: Sequence[str], units: Optional[list[list[int]]] = None,
                needs: Optional[Sequence[set[int]]] = None) -> Iterator[FileResult]:
        """The results of ``paths``, in their order. ``units`` (consecutive indexes of ``paths``, each path in
        one: the modules of an import cycle, most often one module) each go to one worker, which reads the cycle
        once for all of them; with ``needs`` (per path, the paths whose results come first: the modules it
        imports), a unit is given once those results are in, and with them the exports they read."""
        done: dict[int, FileResult] = {}
        waiting = units if units is not None else [[number] for number in range(len(paths))]
        reported = 0
        window = self.size * WINDOW_PER_JOB

        def can_start(unit: list[int]) -> bool:
            return needs is None or all(n < reported or n in done for member in unit for n in needs[member])

        while reported < len(paths):
            for worker in self.workers:
                if worker.task is not None:
                    continue
                if worker.queue:
                    self._give(worker, worker.queue.popleft())
                    continue
                found = next((number for number, unit in enumerate(waiting[:window])
                              if unit[0] < reported + window and can_start(unit)), None)
                if found is None and waiting and all(w.task is None for w in self.workers):
                    found = 0  # nothing under way: what it waits for cannot come (never the case in import order)
                if found is not None:
                    first, *rest = waiting.pop(found)
                    worker.queue.extend((number, paths[number]) for number in rest)
                    self._give(worker, (first, paths[first]))
            busy = [worker for worker in self.workers if worker.task is not None]
            for ready in wait([w.connection for w in busy] + [w.process.sentinel for w in busy]) if busy else ():
                for worker in busy:
                    if ready in (worker.connection, worker.process.sentinel) and worker.task is not None:
                        self._collect(worker, done)
            while reported in done:
                yield done.pop(reported)
                reported += 1

    def _give(self, worker: _Worker, task: tuple[int, str]) -> None:
        """Send ``task`` to ``worker``, or to its replacement if it died since its last file."""
        try:
            worker.connection.send((*task, [packed for origin, packed in self.exports[worker.shared:]
                                            if origin is not worker]))
        except OSError:
            worker.connection.close()
            worker.process.join()
            replacement = self._start()
            replacement.queue = worker.queue
            self.workers[self.workers.index(worker)] = replacement
            worker = replacement
            worker.connection.send((*task, [packed for _, packed in self.exports]))
        worker.task = task
        worker.shared = len(self.exports)

    def _collect(self, worker: _Worker, done: dict[int, FileResult]) -> None:
        """The result of ``worker``'s file, or an error for it when the worker died; a dead worker is replaced."""
        assert worker.task is not None
        index, path = worker.task
        try:
            if worker.connection.poll():
                received, result, packed = worker.connection.recv()
                done[received] = result
                if packed is not None and not packed[0] <= self.known:
                    self.known.update(packed[0])
                    self.exports.append((worker, packed[1]))
                worker.task = None
                return
        except (EOFError, OSError):
            pass
        worker.process.join(timeout=5)
        if worker.process.exitcode is None:
            return  # not dead after all: its result is still coming
        done[index] = FileResult(path, error=FileError(_death(worker.process.exitcode)))
        worker.task = None
        worker.connection.close()
        replacement = self._start()
        replacement.queue = worker.queue  # the rest of its cycle
        self.workers[self.workers.index(worker)] = replacement


def _death(exitcode: int) -> str:
    """Why a worker stopped, in words."""
    if exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.valid_signals() else str(-exitcode)
        cause = f"killed by {name}" + (" (out of memory?)" if exitcode == -signal.SIGKILL else "")
    else:
        cause = f"exit status {exitcode}"
    return f"the worker linting this file died: {cause}"
