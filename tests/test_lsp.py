"""``tf2lint server`` driven as an editor drives it: a subprocess speaking JSON-RPC with Content-Length framing
on stdin/stdout. Expected ranges come from the engine's findings and the document text."""
from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import pytest

from tf2lint.config import load_config
from tf2lint.engine import lint_source

pytest.importorskip("pygls")

TIMEOUT = 10.0  # seconds to wait for any one answer: a broken server fails the test instead of hanging it
REPO = Path(__file__).resolve().parents[1]
SEVERITY = {"error": 1, "warning": 2, "info": 3}
PUBLISH = "textDocument/publishDiagnostics"

TF1 = "import tensorflow as tf\n\nx = tf.placeholder(tf.float32, [None, 3])\n"
#: Non-ASCII text before the finding on its line: 2-byte é, 4-byte (2 UTF-16 units) 😀; CRLF line ends.
NON_ASCII = 'import tensorflow as tf\r\nx = "é😀"; y = tf.placeholder(tf.float32)\r\n'


class Client:
    """A minimal LSP client. A thread reads the server's messages into a queue so that every wait
    has a deadline."""

    def __init__(self, log: Path) -> None:
        self.log_path = log
        self.log = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tf2lint", "server", "--stdio"], cwd=REPO,  # as an editor runs it
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
        )
        self.inbox: queue.Queue[Optional[dict[str, Any]]] = queue.Queue()
        self.backlog: list[dict[str, Any]] = []  # messages that arrived while waiting for another one
        self.server_requests: list[str] = []
        self.server_params: list[Any] = []  # the params of those requests
        self.last_id = 0
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        try:
            while True:
                length = None
                while True:
                    line = stream.readline()
                    if not line:
                        return
                    if not line.strip():
                        break
                    name, _, value = line.decode("ascii").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                assert length is not None, "a message without Content-Length"
                self.inbox.put(json.loads(stream.read(length).decode("utf-8")))
        finally:
            self.inbox.put(None)

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}, ensure_ascii=False).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()

    def notify(self, method: str, params: Optional[dict[str, Any]] = None) -> None:
        self.send({"method": method, **({} if params is None else {"params": params})})

    def request(self, method: str, params: Optional[dict[str, Any]] = None) -> Any:
        self.last_id += 1
        request_id = self.last_id
        self.send({"id": request_id, "method": method, **({} if params is None else {"params": params})})
        answer = self.wait(lambda m: m.get("id") == request_id and "method" not in m, method)
        assert "error" not in answer, answer
        return answer.get("result")

    def diagnostics(self, uri: str) -> dict[str, Any]:
        """The params of the next publishDiagnostics for ``uri``."""
        return self.wait(lambda m: m.get("method") == PUBLISH and m["params"]["uri"] == uri, uri)["params"]

    def wait(self, wanted: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
        for index, message in enumerate(self.backlog):
            if wanted(message):
                return self.backlog.pop(index)
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                message = self.inbox.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                raise AssertionError(f"no answer for {what} within {TIMEOUT}s; server log:\n{self.stderr()}") from None
            if message is None:
                self.inbox.put(None)
                raise AssertionError(f"the server closed its output waiting for {what}; log:\n{self.stderr()}")
            if "method" in message and "id" in message:  # a request from the server: answer it
                self.server_requests.append(message["method"])
                self.server_params.append(message.get("params"))
                self.send({"id": message["id"], "result": None})
            elif wanted(message):
                return message
            else:
                self.backlog.append(message)

    def stderr(self) -> str:
        self.log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(TIMEOUT)
        self.reader.join(TIMEOUT)  # it has read EOF: its stream can be closed
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        self.log.close()


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., tuple[Client, dict[str, Any]]]]:
    """Start a server and initialize it with the given client capabilities."""
    clients: list[Client] = []

    def start(capabilities: Optional[dict[str, Any]] = None) -> tuple[Client, dict[str, Any]]:
        client = Client(tmp_path / f"server{len(clients)}.log")
        clients.append(client)
        result = client.request("initialize", {
            "processId": os.getpid(), "rootUri": tmp_path.as_uri(), "capabilities": capabilities or {},
        })
        client.notify("initialized", {})
        return client, result

    yield start
    for client in clients:
        client.close()


def units(line: str, byte_col: int, encoding: str) -> int:
    """Code units of ``encoding`` in the first ``byte_col`` UTF-8 bytes of ``line``, char by char."""
    count = consumed = 0
    for char in line:
        if consumed >= byte_col:
            break
        size = len(char.encode("utf-8"))
        consumed += size
        count += {"utf-8": size, "utf-16": 2 if ord(char) > 0xFFFF else 1, "utf-32": 1}[encoding]
    return count


def expected(text: str, encoding: str = "utf-16", path: Optional[Path] = None) -> list[dict[str, Any]]:
    """The LSP diagnostics the engine's findings (``# noqa`` and the config at ``path`` applied) map to."""
    lines = re.split(r"\r\n|\r|\n", text)
    config = load_config(path) if path else None

    def position(line: int, col: int) -> dict[str, int]:
        return {"line": line - 1, "character": units(lines[line - 1], col, encoding)}

    return [
        {
            "range": {"start": position(d.line, d.col), "end": position(d.end_line, d.end_col)},
            "message": d.text(),
            "severity": SEVERITY[d.severity],
            "code": d.code,
            "codeDescription": {"href": d.rule.doc_url},
            "source": "tf2lint",
        }
        for d in lint_source(text)
        if config is None or config.selects(d.code)
    ]


def codes(params: dict[str, Any]) -> list[str]:
    return [d["code"] for d in params["diagnostics"]]


def open_document(client: Client, uri: str, text: str, version: int = 1) -> dict[str, Any]:
    client.notify("textDocument/didOpen", {
        "textDocument": {"uri": uri, "languageId": "python", "version": version, "text": text},
    })
    return client.diagnostics(uri)


def change_document(client: Client, uri: str, version: int, change: dict[str, Any]) -> dict[str, Any]:
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": version}, "contentChanges": [change],
    })
    return client.diagnostics(uri)


def test_editor_session(start: Callable[..., tuple[Client, dict[str, Any]]], tmp_path: Path) -> None:
    client, result = start()
    assert result["serverInfo"]["name"] == "tf2lint"
    assert result["capabilities"]["positionEncoding"] == "utf-16"
    sync = result["capabilities"]["textDocumentSync"]
    assert sync["openClose"] and sync["save"] and sync["change"] == 2  # incremental

    path = tmp_path / "train.py"
    path.write_text(TF1, encoding="utf-8")
    uri = path.as_uri()
    published = open_document(client, uri, TF1)
    assert codes(published) == ["TF306"]
    assert published["diagnostics"] == expected(TF1)
    assert published["version"] == 1

    # full sync: another TF1 idiom appears
    text = TF1 + "with tf.Session() as sess:\n    sess.run(x)\n"
    published = change_document(client, uri, 2, {"text": text})
    assert {"TF301", "TF302", "TF306"} <= set(codes(published))
    assert published["diagnostics"] == expected(text)
    assert published["version"] == 2

    # incremental sync: replace the placeholder line (0-based line 2) with TF2 code
    lines = text.split("\n")
    new_line = "x = tf.constant([1.0, 2.0, 3.0])"
    edit = {"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": len(lines[2])}},
            "text": new_line}
    text = "\n".join([*lines[:2], new_line, *lines[3:]])
    published = change_document(client, uri, 3, edit)
    assert "TF306" not in codes(published) and "TF301" in codes(published)
    assert published["diagnostics"] == expected(text)

    path.write_text(text, encoding="utf-8")
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    assert client.diagnostics(uri)["diagnostics"] == expected(text)

    # non-ASCII text before the finding: LSP characters are UTF-16 code units, not bytes or code points
    other = (tmp_path / "unicode.py").as_uri()
    published = open_document(client, other, NON_ASCII)
    assert codes(published) == ["TF306"]
    assert published["diagnostics"] == expected(NON_ASCII)
    finding = lint_source(NON_ASCII)[0]
    assert published["diagnostics"][0]["range"]["start"]["character"] not in (
        finding.col, units(NON_ASCII.split("\r\n")[1], finding.col, "utf-32"))

    # a document that does not parse: nothing published (the Python server reports syntax errors), no crash
    broken = (tmp_path / "broken.py").as_uri()
    assert open_document(client, broken, "import tensorflow as tf\nx = tf.placeholder(\n")["diagnostics"] == []
    fixed = "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
    assert change_document(client, broken, 2, {"text": fixed})["diagnostics"] == expected(fixed) != []

    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert client.diagnostics(uri)["diagnostics"] == []

    assert client.request("shutdown") is None
    client.notify("exit")
    assert client.process.wait(TIMEOUT) == 0
    assert client.server_requests == []  # it never asked the editor for anything, edits included


@pytest.mark.parametrize("encoding", ["utf-8", "utf-32"])
def test_negotiated_position_encoding(start: Callable[..., tuple[Client, dict[str, Any]]], tmp_path: Path,
                                      encoding: str) -> None:
    client, result = start({"general": {"positionEncodings": [encoding]}})
    assert result["capabilities"]["positionEncoding"] == encoding
    published = open_document(client, (tmp_path / "unicode.py").as_uri(), NON_ASCII)
    assert published["diagnostics"] == expected(NON_ASCII, encoding)


def test_each_finding_has_its_own_severity(start: Callable[..., tuple[Client, dict[str, Any]]],
                                           tmp_path: Path) -> None:
    """``tf.Session`` raises AttributeError in TF 2.x (Error), ``tf.compat.v1.Session`` runs (Warning)."""
    client, _ = start()
    text = "import tensorflow as tf\na = tf.Session()\nb = tf.compat.v1.Session()\n"
    published = open_document(client, (tmp_path / "sessions.py").as_uri(), text)
    assert [(d["code"], d["severity"]) for d in published["diagnostics"]] == [("TF301", 1), ("TF301", 2)]


def test_config_and_noqa(start: Callable[..., tuple[Client, dict[str, Any]]], tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.tf2lint]\nignore = ["TF306"]\n', encoding="utf-8")
    path = tmp_path / "pkg" / "model.py"
    path.parent.mkdir()
    text = ("import tensorflow as tf\n"
            "x = tf.placeholder(tf.float32)\n"
            "w = tf.get_variable('w', [3])  # noqa\n"
            "sess = tf.Session()\n")
    path.write_text(text, encoding="utf-8")
    client, _ = start()

    published = open_document(client, path.as_uri(), text)
    assert codes(published) == ["TF301"]
    assert published["diagnostics"] == expected(text, path=path)

    # no file, no pyproject.toml: the defaults
    assert codes(open_document(client, "untitled:Untitled-1", text)) == ["TF306", "TF301"]


def test_excluded_files_get_nothing(start: Callable[..., tuple[Client, dict[str, Any]]], tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.tf2lint]\nextend-exclude = ["generated"]\n', encoding="utf-8")
    client, _ = start()
    assert codes(open_document(client, (tmp_path / "generated" / "ops.py").as_uri(), TF1)) == []
    assert codes(open_document(client, (tmp_path / "src" / "ops.py").as_uri(), TF1)) == ["TF306"]


def test_per_file_ignores_hold(start: Callable[..., tuple[Client, dict[str, Any]]], tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.tf2lint]\nper-file-ignores = {"legacy/*" = ["TF3"]}\n',
                                             encoding="utf-8")
    client, _ = start()
    assert codes(open_document(client, (tmp_path / "legacy" / "ops.py").as_uri(), TF1)) == []
    assert codes(open_document(client, (tmp_path / "src" / "ops.py").as_uri(), TF1)) == ["TF306"]


def test_broken_config_is_shown_once(start: Callable[..., tuple[Client, dict[str, Any]]], tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.tf2lint]\nselect = 3\n", encoding="utf-8")
    client, _ = start()
    for name in ("a.py", "b.py"):
        assert codes(open_document(client, (tmp_path / name).as_uri(), TF1)) == ["TF306"]
    shown = [m for m in client.backlog if m.get("method") == "window/showMessage"]
    assert len(shown) == 1 and shown[0]["params"]["type"] == 2 and "select" in shown[0]["params"]["message"]
    for version in (2, 3):  # edits do not show it again
        change_document(client, (tmp_path / "a.py").as_uri(), version, {"text": TF1})
    assert len([m for m in client.backlog if m.get("method") == "window/showMessage"]) == 1


def send_raw(client: Client, data: bytes) -> None:
    assert client.process.stdin is not None
    client.process.stdin.write(data)
    client.process.stdin.flush()


def did_open_body(uri: str, text: str) -> bytes:
    return json.dumps({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "python", "version": 1, "text": text}}}).encode("utf-8")


@pytest.mark.parametrize("length", ["huge", "larger than the body"])
def test_wrong_content_length(start: Callable[..., tuple[Client, dict[str, Any]]], tmp_path: Path,
                              length: str) -> None:
    """A wrong Content-Length is reported; the server reads on from the next message and keeps serving."""
    client, _ = start()
    first, second = (tmp_path / "first.py").as_uri(), (tmp_path / "second.py").as_uri()
    body = did_open_body(first, TF1)
    size = 99_999_999_999 if length == "huge" else len(body) + 50
    send_raw(client, b"Content-Length: %d\r\n\r\n%s" % (size, body))
    assert codes(open_document(client, second, TF1)) == ["TF306"]  # a later message is not lost
    assert codes(client.diagnostics(first)) == ["TF306"]  # and the body that ended early was read
    assert "Content-Length" in client.stderr()
    assert client.request("shutdown") is None
    client.notify("exit")
    assert client.process.wait(TIMEOUT) == 0


def test_a_burst_of_changes_is_linted_once(start: Callable[..., tuple[Client, dict[str, Any]]],
                                           tmp_path: Path) -> None:
    client, _ = start()
    uri = (tmp_path / "large.py").as_uri()
    text = TF1 + "".join(f"y{i} = tf.placeholder(tf.float32)\n" for i in range(2_000))
    open_document(client, uri, text)
    began = time.monotonic()
    for version in range(2, 202):
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                 "contentChanges": [{"text": text + f"z = {version}\n"}]})
    published = client.wait(lambda m: m.get("method") == PUBLISH and m["params"]["version"] == 201, "version 201")
    assert time.monotonic() - began < TIMEOUT
    assert len(published["params"]["diagnostics"]) == 2_001
    time.sleep(0.5)  # anything still coming is in the backlog now
    while not client.inbox.empty():
        message = client.inbox.get()
        if message is not None:
            client.backlog.append(message)
    assert len([m for m in client.backlog if m.get("method") == PUBLISH]) <= 5  # not 200 times


def test_a_burst_of_keystrokes_ends_with_the_last_versions_diagnostics(
        start: Callable[..., tuple[Client, dict[str, Any]]], tmp_path: Path) -> None:
    """20 incremental changes, a few milliseconds apart, each adding a finding, on a document whose lint takes
    longer than that (lints the changes overtake are stopped): the versions published only go up, the last one
    is the last version with all its findings, and the server logs no error."""
    client, _ = start()
    uri = (tmp_path / "typed.py").as_uri()
    text = TF1 + "".join(f"def f{i}(x):\n    return tf.nn.relu(x) + {i}\n" for i in range(1_500))
    lines = len(text.split("\n")) - 1
    assert codes(open_document(client, uri, text)) == ["TF306"]
    for version in range(2, 22):
        line = lines + version - 2
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [
            {"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
             "text": "y = tf.placeholder(tf.float32)\n"}]})
        time.sleep(0.005)
    published = [client.diagnostics(uri)]
    while published[-1]["version"] != 21:
        published.append(client.diagnostics(uri))
    versions = [params["version"] for params in published]
    assert versions == sorted(versions), versions
    assert published[-1]["diagnostics"] == expected(text + "y = tf.placeholder(tf.float32)\n" * 20)
    assert "Traceback" not in client.stderr() and "error" not in client.stderr().lower()


NOTEBOOK_CELLS = ["import tensorflow as tf\n%matplotlib inline", "x = tf.placeholder(tf.float32)\n"]


def test_notebook_documents(start: Callable[..., tuple[Client, dict[str, Any]]], tmp_path: Path) -> None:
    """An editor's notebook: the code cells are linted as one module, each cell gets its own diagnostics."""
    client, result = start({"notebookDocument": {"synchronization": {}}})
    selector = result["capabilities"]["notebookDocumentSync"]["notebookSelector"]
    assert selector == [{"notebook": "*", "cells": [{"language": "python"}]}]
    notebook = (tmp_path / "train.ipynb").as_uri()
    cells = [f"vscode-notebook-cell:{tmp_path / 'train.ipynb'}#cell{index}" for index in range(3)]
    client.notify("notebookDocument/didOpen", {
        "notebookDocument": {"uri": notebook, "notebookType": "jupyter-notebook", "version": 1, "cells": [
            {"kind": 2, "document": cells[0]}, {"kind": 1, "document": cells[1]}, {"kind": 2, "document": cells[2]},
        ]},
        "cellTextDocuments": [
            {"uri": cells[0], "languageId": "python", "version": 1, "text": NOTEBOOK_CELLS[0]},
            {"uri": cells[1], "languageId": "markdown", "version": 1, "text": "tf.Session()"},
            {"uri": cells[2], "languageId": "python", "version": 1, "text": NOTEBOOK_CELLS[1]},
        ],
    })
    assert client.diagnostics(cells[0])["diagnostics"] == []
    wanted = expected("import tensorflow as tf\n" + NOTEBOOK_CELLS[1])  # the import of cell 1 counts
    for diagnostic in wanted:  # on the cell's own lines
        diagnostic["range"]["start"]["line"] -= 1
        diagnostic["range"]["end"]["line"] -= 1
    assert [d["code"] for d in wanted] == ["TF306"]
    assert client.diagnostics(cells[2])["diagnostics"] == wanted
    published = [d for d in client.backlog if d.get("method") == PUBLISH]
    assert all(m["params"]["uri"] != cells[1] for m in published)  # markdown is not linted

    client.notify("notebookDocument/didChange", {
        "notebookDocument": {"uri": notebook, "version": 2},
        "change": {"cells": {"textContent": [{"document": {"uri": cells[2], "version": 2}, "changes": [
            {"text": "sess = tf.Session()\n"}]}]}},
    })
    assert client.diagnostics(cells[0])["diagnostics"] == []
    assert codes(client.diagnostics(cells[2])) == ["TF301"]


def test_a_tensorflow_1_pin_makes_tf1_code(start: Callable[..., tuple[Client, dict[str, Any]]],
                                           tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = x\n", encoding="utf-8")
    pin = tmp_path / "requirements.txt"
    pin.write_text("tensorflow==1.15\n", encoding="utf-8")
    text = 'import tensorflow as tf\ntf.summary.scalar("loss", loss)\n'
    client, _ = start()
    uri = (tmp_path / "model.py").as_uri()
    [finding] = open_document(client, uri, text)["diagnostics"]
    assert (finding["code"], finding["severity"]) == ("TF903", 1)
    assert finding["message"].endswith("(TF1 code: `tensorflow==1.15` on line 1 of requirements.txt)")
    pin.write_text("tensorflow>=2\n", encoding="utf-8")  # read again once changed
    assert codes(change_document(client, uri, 2, {"text": text + "\n"})) == []


def test_tf1_evidence_in_a_later_cell(start: Callable[..., tuple[Client, dict[str, Any]]], tmp_path: Path) -> None:
    client, _ = start({"notebookDocument": {"synchronization": {}}})
    notebook = (tmp_path / "train.ipynb").as_uri()
    cells = [f"vscode-notebook-cell:{tmp_path / 'train.ipynb'}#cell{index}" for index in range(2)]
    texts = ['import tensorflow as tf\ntf.summary.scalar("loss", loss)\n', "x = 1\nsess = tf.Session()\n"]
    client.notify("notebookDocument/didOpen", {
        "notebookDocument": {"uri": notebook, "notebookType": "jupyter-notebook", "version": 1, "cells": [
            {"kind": 2, "document": cell} for cell in cells]},
        "cellTextDocuments": [{"uri": cell, "languageId": "python", "version": 1, "text": text}
                              for cell, text in zip(cells, texts)],
    })
    [finding] = client.diagnostics(cells[0])["diagnostics"]
    assert finding["code"] == "TF903"
    assert finding["message"].endswith("(TF1 code: `tf.Session` in code cell 2 on line 2)")
    assert codes(client.diagnostics(cells[1])) == ["TF301"]


SHIM_USER = "from compat import tf\n\nx = tf.placeholder(tf.float32)\nsess = tf.Session()\n"
WATCHING = {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}}


def test_findings_follow_a_shim_changed_on_disk(start: Callable[..., tuple[Client, dict[str, Any]]],
                                                tmp_path: Path) -> None:
    """The server asks to watch modules and project files; a shim changed on disk (a git checkout) clears its
    importer's findings when the editor says so, without a restart."""
    (tmp_path / "compat.py").write_text("import tensorflow as tf\n", encoding="utf-8")
    main = tmp_path / "main.py"
    main.write_text(SHIM_USER, encoding="utf-8")
    client, _ = start(WATCHING)
    assert sorted(codes(open_document(client, main.as_uri(), SHIM_USER))) == ["TF301", "TF306"]
    [registration] = client.server_params[0]["registrations"]
    assert client.server_requests == ["client/registerCapability"]
    assert registration["method"] == "workspace/didChangeWatchedFiles"
    patterns = {watcher["globPattern"] for watcher in registration["registerOptions"]["watchers"]}
    assert {"**/*.py", "**/pyproject.toml", "**/setup.cfg", "**/setup.py", "**/requirements*.txt", "**/Pipfile",
            "**/environment.yml", "**/.gitignore"} <= patterns
    (tmp_path / "compat.py").write_text("import numpy as tf\n", encoding="utf-8")
    client.notify("workspace/didChangeWatchedFiles",
                  {"changes": [{"uri": (tmp_path / "compat.py").as_uri(), "type": 2}]})
    assert codes(client.diagnostics(main.as_uri())) == []
    (tmp_path / "compat.py").write_text("import tensorflow as tf\n", encoding="utf-8")
    client.notify("workspace/didChangeWatchedFiles",
                  {"changes": [{"uri": (tmp_path / "compat.py").as_uri(), "type": 2}]})
    assert sorted(codes(client.diagnostics(main.as_uri()))) == ["TF301", "TF306"]


@pytest.mark.parametrize("then", ["save", "edit"])
def test_a_shim_changed_on_disk_without_file_events(start: Callable[..., tuple[Client, dict[str, Any]]],
                                                    tmp_path: Path, then: str) -> None:
    """An editor that watches nothing: saving or editing the importer reads the changed shim again."""
    (tmp_path / "compat.py").write_text("import tensorflow as tf\n", encoding="utf-8")
    main = tmp_path / "main.py"
    main.write_text(SHIM_USER, encoding="utf-8")
    client, _ = start()
    assert sorted(codes(open_document(client, main.as_uri(), SHIM_USER))) == ["TF301", "TF306"]
    (tmp_path / "compat.py").write_text("import numpy as tf\n", encoding="utf-8")
    if then == "save":
        client.notify("textDocument/didSave", {"textDocument": {"uri": main.as_uri()}})
        assert codes(client.diagnostics(main.as_uri())) == []
    else:
        assert codes(change_document(client, main.as_uri(), 2, {"text": SHIM_USER + "\n"})) == []
    assert client.server_requests == []  # no watchers asked of a client that cannot register them


def test_a_nul_in_a_document_uri_is_said_once(start: Callable[..., tuple[Client, dict[str, Any]]],
                                              tmp_path: Path) -> None:
    client, _ = start()
    uri = tmp_path.as_uri() + "/a%00b.py"
    assert codes(open_document(client, uri, TF1)) == ["TF306"]  # linted, without a file
    assert codes(change_document(client, uri, 2, {"text": TF1 + "\n"})) == ["TF306"]
    shown = [m["params"]["message"] for m in client.backlog if m.get("method") == "window/showMessage"]
    assert len(shown) == 1 and "NUL" in shown[0] and "%00" in shown[0]
    assert codes(open_document(client, (tmp_path / "ok.py").as_uri(), TF1)) == ["TF306"]  # and goes on


def test_a_keystroke_in_a_widely_imported_module_publishes_at_once(
        start: Callable[..., tuple[Client, dict[str, Any]]], tmp_path: Path) -> None:
    """2,000 modules import ``base``, all of them indexed (through ``hub``): a keystroke in ``base`` is answered
    in well under a second, whether or not it changes what ``base`` exports; ``hub`` follows."""
    modules = 2_000
    (tmp_path / "base.py").write_text("import tensorflow as tf\n", encoding="utf-8")
    for number in range(modules):
        (tmp_path / f"m{number}.py").write_text(f"from base import tf\nx{number} = tf.compat.v1\n", encoding="utf-8")
    hub = "".join(f"from m{number} import x{number}\n" for number in range(modules)) + "x0.Session()\n"
    (tmp_path / "hub.py").write_text(hub, encoding="utf-8")
    client, _ = start()
    assert codes(open_document(client, (tmp_path / "hub.py").as_uri(), hub)) == ["TF301"]
    base = (tmp_path / "base.py").as_uri()
    open_document(client, base, "import tensorflow as tf\n")
    for version, text in ((2, "import tensorflow as tf\n# a comment\n"), (3, "import numpy as tf\n")):
        began = time.monotonic()
        published = change_document(client, base, version, {"text": text})
        assert published["version"] == version and time.monotonic() - began < 1.0
    assert codes(client.diagnostics((tmp_path / "hub.py").as_uri())) == []  # `x0` is numpy's now


def test_the_state_without_a_transport(tmp_path: Path) -> None:
    """The server's state, driven directly: documents, the index, pending lints, files changed on disk."""
    from tf2lint.lsp import ServerState

    published: dict[str, list[str]] = {}
    state = ServerState(lambda uri, diagnostics, version: published.__setitem__(uri, [
        str(d.code) for d in diagnostics]))
    (tmp_path / "compat.py").write_text("import tensorflow as tf\n", encoding="utf-8")
    main, compat = (tmp_path / "main.py").as_uri(), (tmp_path / "compat.py").as_uri()
    state.open(main, SHIM_USER, 1)
    assert sorted(published[main]) == ["TF301", "TF306"]
    state.change(main, SHIM_USER.replace("x = tf.placeholder(tf.float32)\n", ""), 2)
    assert list(state.pending) == [main] and sorted(published[main]) == ["TF301", "TF306"]
    state.flush()
    assert published[main] == ["TF301"] and not state.pending
    assert state.dependents(tmp_path / "compat.py") == {tmp_path / "main.py"}
    state.open(compat, "import numpy as tf\n", 1)  # unsaved: what the editor holds counts
    assert list(state.pending) == [main]
    state.flush()
    assert published[main] == []
    state.close(compat)  # the file as saved counts again
    state.flush()
    assert published[main] == ["TF301"] and published[compat] == []
    (tmp_path / "compat.py").write_text("import numpy as tf\n", encoding="utf-8")
    state.files_changed([(compat, 2)])
    state.flush()
    assert published[main] == []


def test_a_nul_in_a_file_name_is_the_names_fault() -> None:
    with pytest.raises(ValueError, match="file name 'a\\\\x00b' holds a NUL character"):
        lint_source(TF1, "a\0b")


def test_project_files_and_new_modules_relint_every_open_document(tmp_path: Path) -> None:
    """A module created where an import looked in vain, and a pyproject.toml changed: the open documents are
    linted again with what is on disk now."""
    from tf2lint.lsp import ServerState

    published: dict[str, list[str]] = {}
    state = ServerState(lambda uri, diagnostics, version: published.__setitem__(uri, [
        str(d.code) for d in diagnostics]))
    main, compat = (tmp_path / "main.py").as_uri(), (tmp_path / "compat.py").as_uri()
    state.open(main, SHIM_USER, 1)
    assert published[main] == []  # `compat` is not there: nothing resolves to TensorFlow
    (tmp_path / "compat.py").write_text("import tensorflow as tf\n", encoding="utf-8")
    state.files_changed([(compat, 1)])
    state.flush()
    assert sorted(published[main]) == ["TF301", "TF306"]
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.tf2lint]\nignore = ["TF306"]\n', encoding="utf-8")
    state.files_changed([(pyproject.as_uri(), 1)])
    assert list(state.pending) == [main]
    state.flush()
    assert published[main] == ["TF301"]


def test_a_notebook_follows_the_projects_modules(tmp_path: Path) -> None:
    """An editor's notebook imports a project module: linted through the index, again when the module changes."""
    from tf2lint.lsp import Document, ServerState

    published: dict[str, list[str]] = {}
    state = ServerState(lambda uri, diagnostics, version: published.__setitem__(uri, [
        str(d.code) for d in diagnostics]))
    (tmp_path / "compat.py").write_text("import tensorflow as tf\n", encoding="utf-8")
    notebook = (tmp_path / "explore.ipynb").as_uri()
    cells = [Document(f"{notebook}#cell{number}", text, 1)
             for number, text in enumerate(["from compat import tf\n", "sess = tf.Session()\n"])]
    state.open_notebook(notebook, cells)
    assert published[cells[1].uri] == ["TF301"] and published[cells[0].uri] == []
    (tmp_path / "compat.py").write_text("import numpy as tf\n", encoding="utf-8")
    state.files_changed([((tmp_path / "compat.py").as_uri(), 2)])
    state.flush()
    assert published[cells[1].uri] == []
