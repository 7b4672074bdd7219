"""How quickly ``tf2lint server --stdio`` answers an editor, measured over stdio as an editor speaks to it.

    python bench/lsp_latency.py FILE [--bursts 7] [--interval 0.03] [--workspace-files 2000]

- :func:`keystroke_latency`: FILE is opened in a server; then bursts of typing (single-character incremental
  ``didChange`` notifications, a few tens of milliseconds apart) are sent, and the time from the last change of
  each burst to the ``publishDiagnostics`` for that version is taken; the median over the bursts is returned.
  Typing goes into a comment on a last line (answered without a lint: the syntax tree is the same) or, with
  ``code=True``, into a number on a last line of code (each keystroke a new tree, linted).
- :func:`relint_in_process`: the ``ast.parse`` time of the file and the re-lint by the server's state after a
  change of its code, both in this process, alternating (their ratio holds on a busy machine, where the
  absolute times do not).
- :func:`first_diagnostics`: a workspace of N generated modules (a package whose modules import each other and
  a TensorFlow shim) is written to a temporary folder; a new server is started, one module is opened, and the
  time from starting the server, and from ``didOpen``, to its first diagnostics is returned.

Each asserts that it measured real work: the document's findings are published (non-empty, for the version
sent), and the workspace holds the number of files asked for. Never imports TensorFlow.
"""
from __future__ import annotations

import argparse
import ast
import gc
import json
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

TIMEOUT = 60.0  # seconds to wait for one answer
PUBLISH = "textDocument/publishDiagnostics"


class Client:
    """An LSP client of ``tf2lint server --stdio``: a thread reads the server's messages with their arrival
    times."""

    def __init__(self, cwd: Path) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "tf2lint", "server", "--stdio"], cwd=cwd,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.inbox: queue.Queue[Optional[tuple[float, dict[str, Any]]]] = queue.Queue()
        self.last_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        try:
            while True:
                length = 0
                while True:
                    line = stream.readline()
                    if not line:
                        return
                    if not line.strip():
                        break
                    name, _, value = line.decode("ascii").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                body = json.loads(stream.read(length))
                self.inbox.put((time.perf_counter(), body))
        finally:
            self.inbox.put(None)

    def send(self, message: dict[str, Any]) -> float:
        """Send a message; the time it was sent."""
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()
        return time.perf_counter()

    def wait(self, wanted: Callable[[dict[str, Any]], bool]) -> tuple[float, dict[str, Any]]:
        """The first message ``wanted`` accepts (others are dropped; requests from the server answered)."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            item = self.inbox.get(timeout=max(deadline - time.monotonic(), 0.001))
            if item is None:
                raise RuntimeError("the server stopped")
            if "id" in item[1] and "method" in item[1]:
                self.send({"id": item[1]["id"], "result": None})
            elif wanted(item[1]):
                return item

    def initialize(self, root: Path) -> None:
        self.last_id += 1
        self.send({"id": self.last_id, "method": "initialize",
                   "params": {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": {}}})
        self.wait(lambda m: m.get("id") == self.last_id)
        self.send({"method": "initialized", "params": {}})

    def published(self, uri: str, version: Optional[int] = None) -> tuple[float, dict[str, Any]]:
        return self.wait(lambda m: m.get("method") == PUBLISH and m["params"]["uri"] == uri
                         and (version is None or m["params"].get("version") == version))

    def close(self) -> None:
        self.last_id += 1
        self.send({"id": self.last_id, "method": "shutdown"})
        self.wait(lambda m: m.get("id") == self.last_id)
        self.send({"method": "exit"})
        self.process.wait(TIMEOUT)


@dataclass(frozen=True)
class Latency:
    median: float  # seconds from the last change of a burst to its diagnostics
    times: tuple[float, ...]
    lines: int
    findings: int


def keystroke_latency(path: Path, bursts: int = 7, keys: int = 5, interval: float = 0.03,
                      pause: float = 0.5, code: bool = False) -> Latency:
    """The median time from the last keystroke of a burst (``keys`` characters typed ``interval`` seconds apart
    into a comment at the end of ``path``'s text, or into a number there with ``code``) to the diagnostics of
    that version."""
    path = Path(os.path.abspath(path))
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    client = Client(path.parent)
    last = "_ = 1" if code else "#"
    try:
        client.initialize(path.parent)
        uri = path.as_uri()
        client.send({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": f"{text}\n{last}"}}})
        _, first = client.published(uri, 1)
        findings = len(first["params"]["diagnostics"])
        assert findings > 0, f"no findings on {path}: nothing was linted"
        line, column, version = len(lines), len(last), 1
        times = []
        for _ in range(bursts):
            time.sleep(pause)
            for _ in range(keys):
                version += 1
                sent = client.send({"method": "textDocument/didChange", "params": {
                    "textDocument": {"uri": uri, "version": version}, "contentChanges": [{"range": {
                        "start": {"line": line, "character": column}, "end": {"line": line, "character": column}},
                        "text": "1" if code else "x"}]}})
                column += 1
                time.sleep(interval)
            arrived, message = client.published(uri, version)
            assert len(message["params"]["diagnostics"]) == findings, "the findings changed with the typing"
            times.append(arrived - sent)
        client.close()
    finally:
        if client.process.poll() is None:
            client.process.kill()
    return Latency(statistics.median(times), tuple(times), len(lines), findings)


def relint_in_process(path: Path, text: str, runs: int = 9) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The times of ``ast.parse`` of ``text`` and of its re-lint after a change of its code by the server's
    state in this process, alternating (what the server does once the changes stop, without the transport)."""
    from tf2lint.lsp import ServerState

    state = ServerState(lambda uri, diagnostics, version: None)
    uri = path.as_uri()
    state.open(uri, text, 1)
    parses, lints = [], []
    for version in range(2, runs + 2):
        parses.append(_timed(lambda: ast.parse(text)))
        state.change(uri, f"{text}\n_ = {version}\n", version)
        lints.append(_timed(state.flush))
    return tuple(parses), tuple(lints)


def write_workspace(root: Path, files: int) -> Path:
    """``files`` modules in a package under ``root``: a shim binding ``tf``, modules that each import the shim
    and two earlier modules, and the module to open last; returns it."""
    package = root / "proj"
    package.mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'proj'\n", encoding="utf-8")
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "shim.py").write_text("import tensorflow.compat.v1 as tf\n", encoding="utf-8")
    for number in range(files - 3):
        imports = "".join(f"from proj.m{other} import f{other}\n" for other in (number // 2, number // 3)
                          if other < number)
        (package / f"m{number}.py").write_text(
            f"from proj.shim import tf\n{imports}\n\ndef f{number}():\n    return tf.placeholder(tf.float32)\n",
            encoding="utf-8")
    last = files - 4
    opened = package / "main.py"
    opened.write_text(f"from proj.m{last} import f{last}\nfrom proj.shim import tf\n\n"
                      f"x = f{last}()\nsess = tf.Session()\nsess.run(x)\n", encoding="utf-8")
    count = sum(1 for _ in root.rglob("*.py"))
    assert count == files, f"the workspace holds {count} modules, not {files}"
    return opened


@dataclass(frozen=True)
class First:
    from_start: float  # seconds from starting the server to the opened module's first diagnostics
    from_open: float  # from didOpen
    files: int
    findings: int


def first_diagnostics(files: int = 2_000) -> First:
    """Start a server on a generated workspace of ``files`` modules, open one: how long until its diagnostics."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        opened = write_workspace(root, files)
        began = time.perf_counter()
        client = Client(root)
        try:
            client.initialize(root)
            sent = client.send({"method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": opened.as_uri(), "languageId": "python", "version": 1,
                "text": opened.read_text(encoding="utf-8")}}})
            arrived, message = client.published(opened.as_uri(), 1)
            findings = len(message["params"]["diagnostics"])
            assert findings > 0, "no findings in the opened module: nothing was linted"
            client.close()
        finally:
            if client.process.poll() is None:
                client.process.kill()
    return First(arrived - began, arrived - sent, files, findings)


@dataclass(frozen=True)
class Widely:
    modules: int
    open_hub: float  # seconds from didOpen of the module importing all others to its diagnostics
    keystrokes: tuple[float, ...]  # from a change of the imported module to its diagnostics: exports kept, changed
    hub_again: float  # from the change of exports to the hub's new diagnostics


def widely_imported(modules: int = 20_000) -> Widely:
    """``base`` imported by ``modules`` modules, all indexed through ``hub`` (which imports them all): how long
    a keystroke in ``base`` takes to be answered, when it keeps what ``base`` exports and when it changes it."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "base.py").write_text("import tensorflow as tf\n", encoding="utf-8")
        for number in range(modules):
            (root / f"m{number}.py").write_text(f"from base import tf\nx{number} = tf.compat.v1\n", encoding="utf-8")
        hub = "".join(f"from m{number} import x{number}\n" for number in range(modules)) + "x0.Session()\n"
        (root / "hub.py").write_text(hub, encoding="utf-8")
        assert sum(1 for _ in root.glob("*.py")) == modules + 2
        client = Client(root)
        try:
            client.initialize(root)
            hub_uri, base = (root / "hub.py").as_uri(), (root / "base.py").as_uri()
            sent = client.send({"method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": hub_uri, "languageId": "python", "version": 1, "text": hub}}})
            arrived, message = client.published(hub_uri, 1)
            assert [d["code"] for d in message["params"]["diagnostics"]] == ["TF301"], "the hub was not linted"
            open_hub = arrived - sent
            client.send({"method": "textDocument/didOpen", "params": {"textDocument": {
                "uri": base, "languageId": "python", "version": 1, "text": "import tensorflow as tf\n"}}})
            client.published(base, 1)
            keystrokes = []
            for version, text in ((2, "import tensorflow as tf\n# a comment\n"), (3, "import numpy as tf\n")):
                sent = client.send({"method": "textDocument/didChange", "params": {
                    "textDocument": {"uri": base, "version": version}, "contentChanges": [{"text": text}]}})
                keystrokes.append(client.published(base, version)[0] - sent)
            arrived, message = client.published(hub_uri)
            assert message["params"]["diagnostics"] == [], "the hub was not linted again"
            hub_again = arrived - sent
            client.close()
        finally:
            if client.process.poll() is None:
                client.process.kill()
    return Widely(modules, open_hub, tuple(keystrokes), hub_again)


def _timed(run: Callable[[], object]) -> float:
    """Seconds ``run`` takes, from a collected heap: no run pays for the garbage of the one before (the server
    collects it between keystrokes)."""
    gc.collect()
    began = time.perf_counter()
    run()
    return time.perf_counter() - began


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, nargs="?",
                        help="a large Python file with TensorFlow 1 findings (default: tensor2tensor's "
                             "common_attention.py under bench/corpora/, else a generated 6,000-line file)")
    parser.add_argument("--bursts", type=int, default=7)
    parser.add_argument("--interval", type=float, default=0.03,
                        help="seconds between two keystrokes of a burst (a fast typist: 0.03; most people: 0.1-0.2)")
    parser.add_argument("--workspace-files", type=int, default=2_000)
    parser.add_argument("--importers", type=int, default=0,
                        help="also time a keystroke in a module imported by this many modules")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        return report(args, args.file or default_file(Path(folder)))


def default_file(scratch: Path) -> Path:
    """tensor2tensor's common_attention.py (6,234 lines) if bench/corpora/ holds it, else a generated TF1
    module of 6,000 lines in ``scratch``."""
    found = sorted(Path(__file__).resolve().parent.joinpath("corpora").glob(
        "**/tensor2tensor/layers/common_attention.py"))
    if found:
        return found[0]
    body = "".join(f"\n\ndef layer{n}(x, units={n}):\n    w = tf.get_variable('w{n}', [units])\n"
                   f"    y = tf.matmul(x, w)\n    return tf.nn.relu(y) + {n}\n" for n in range(1_000))
    generated = scratch / "layers.py"
    generated.write_text("import tensorflow as tf\n" + body, encoding="utf-8")
    return generated


def report(args: argparse.Namespace, file: Path) -> int:
    for code in (False, True):
        latency = keystroke_latency(file, args.bursts, interval=args.interval, code=code)
        print(f"server: last keystroke -> diagnostics on {file.name} ({latency.lines} lines, {latency.findings} "
              f"findings), typing {'code' if code else 'in a comment'} ({args.interval * 1000:.0f} ms apart): median "
              f"{latency.median * 1000:.0f} ms over {len(latency.times)} bursts "
              f"({', '.join(f'{t * 1000:.0f}' for t in latency.times)} ms)")
    parses, lints = relint_in_process(Path(os.path.abspath(file)), file.read_text(encoding="utf-8"))
    parse, lint = statistics.median(parses), statistics.median(lints)
    print(f"  in process, alternating: ast.parse median {parse * 1000:.0f} ms (best {min(parses) * 1000:.0f}), "
          f"the server's re-lint after a change of code median {lint * 1000:.0f} ms (best {min(lints) * 1000:.0f}): "
          f"{lint / parse:.2f}x ast.parse (best to best {min(lints) / min(parses):.2f}x)")
    first = first_diagnostics(args.workspace_files)
    print(f"server: first diagnostics on a {first.files}-file workspace: {first.from_start * 1000:.0f} ms from "
          f"starting the server, {first.from_open * 1000:.0f} ms from didOpen ({first.findings} findings)")
    if args.importers:
        widely = widely_imported(args.importers)
        print(f"server: a module imported by {widely.modules} modules: the hub importing them all published "
              f"{widely.open_hub * 1000:.0f} ms after didOpen; a keystroke in the module answered in "
              f"{widely.keystrokes[0] * 1000:.0f} ms (exports kept) and {widely.keystrokes[1] * 1000:.0f} ms "
              f"(exports changed); the hub linted again {widely.hub_again * 1000:.0f} ms after that change")
    return 0


if __name__ == "__main__":
    sys.exit(main())
