"""The editor server's state under a burst of changes, driven without a transport: a changed document is linted
once no message is waiting to be read, and a lint that a change overtakes is stopped and done again."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Optional

import pytest

pytest.importorskip("pygls")

import tf2lint.lsp as lsp  # noqa: E402  (needs pygls)
from tf2lint.lsp import Interrupted, ServerState  # noqa: E402

TF1 = "import tensorflow as tf\n\nx = tf.placeholder(tf.float32)\n"


class Handle:
    def __init__(self, callback: Callable[[], None]) -> None:
        self.callback = callback
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class Loop:
    """An event loop's ``call_later`` whose callbacks run when the test says (delays are not waited)."""

    def __init__(self) -> None:
        self.handles: list[Handle] = []

    def later(self, delay: float, callback: Callable[[], None]) -> Handle:
        handle = Handle(callback)
        self.handles.append(handle)
        return handle

    def run(self) -> None:
        """Run the callbacks scheduled so far (not those they schedule)."""
        handles, self.handles = self.handles, []
        for handle in handles:
            if not handle.cancelled:
                handle.callback()


def state_with(loop: Optional[Loop] = None, waiting: Optional[Callable[[], bool]] = None
               ) -> tuple[ServerState, list[tuple[str, Optional[int], list[str]]]]:
    published: list[tuple[str, Optional[int], list[str]]] = []

    def publish(uri: str, diagnostics: list[Any], version: Optional[int]) -> None:
        published.append((uri, version, [str(d.code) for d in diagnostics]))

    return ServerState(publish, later=loop.later if loop else None, waiting=waiting), published


def test_a_burst_read_to_its_end_is_linted_once(tmp_path: Path) -> None:
    """20 changes, each handled while the next is already waiting to be read: one lint, of the last version."""
    loop = Loop()
    unread: list[str] = []
    state, published = state_with(loop, lambda: bool(unread))
    uri = (tmp_path / "a.py").as_uri()
    state.open(uri, TF1, 1)
    unread += [TF1 + "y = tf.placeholder(tf.float32)\n" * count for count in range(1, 21)]
    version = 1
    while unread:
        version += 1
        state.change(uri, unread.pop(0), version)
        loop.run()  # the lint waits while a message is waiting; after the last change, nothing is: linted at once
        loop.run()
        assert state.checks == (1 if unread else 2)
    assert published == [(uri, 1, ["TF306"]), (uri, 21, ["TF306"] * 21)] and not state.pending


def test_input_that_never_goes_quiet_delays_a_lint_only_so_long(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A message that stops halfway keeps bytes waiting: the changed document is linted after :data:`PATIENCE`."""
    loop = Loop()
    state, published = state_with(loop, lambda: True)
    uri = (tmp_path / "a.py").as_uri()
    state.open(uri, TF1, 1)
    state.change(uri, TF1 + "y = tf.placeholder(tf.float32)\n", 2)
    for _ in range(3):
        loop.run()
    assert state.checks == 1 and list(state.pending) == [uri]
    monkeypatch.setattr(lsp, "PATIENCE", 0.0)
    state.change(uri, TF1 + "y = tf.placeholder(tf.float32)\n", 3)
    loop.run()
    assert state.checks == 2 and published[-1] == (uri, 3, ["TF306", "TF306"])


def test_without_knowing_what_waits_a_change_is_debounced(tmp_path: Path) -> None:
    delays: list[float] = []
    state, published = state_with()
    state.later = lambda delay, callback: delays.append(delay) or Handle(callback)  # type: ignore[func-returns-value]
    uri = (tmp_path / "a.py").as_uri()
    state.open(uri, TF1, 1)
    state.change(uri, TF1 + "\n", 2)
    assert delays == [lsp.DEBOUNCE] and list(state.pending) == [uri]


def test_a_lint_overtaken_by_a_change_is_stopped_and_done_again(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The module ``main`` imports is being edited: its lint is stopped (as the signal's handler stops it) after
    the engine learned its new exports; nothing is published for that version, and the next lint still sees that
    its exports changed, so ``main`` is linted again."""
    (tmp_path / "compat.py").write_text("import tensorflow as tf\n", encoding="utf-8")
    loop = Loop()
    state, published = state_with(loop, lambda: False)
    main, compat = (tmp_path / "main.py").as_uri(), (tmp_path / "compat.py").as_uri()
    state.open(main, "from compat import tf\n\nsess = tf.Session()\n", 1)
    state.open(compat, "import tensorflow as tf\n", 1)
    assert published[0] == (main, 1, ["TF301"]) and state.checks == 2
    check = lsp.check_document
    stops = [True]

    def overtaken(*args: Any, **kwargs: Any) -> Any:
        found = check(*args, **kwargs)
        if stops and stops.pop():
            state.interrupt()  # what the handler of the signal does when a change arrives now
        return found

    monkeypatch.setattr(lsp, "check_document", overtaken)
    state.change(compat, "import numpy as tf\n", 2)
    loop.run()
    assert len(published) == 2 and state.checks == 3 and not state.linting  # stopped: nothing published
    assert list(state.pending) == [compat]  # linted again once nothing waits
    loop.run()
    assert published[2:] == [(compat, 2, [])] and state.checks == 4
    assert list(state.pending) == [main]  # its exports changed: the importer follows
    state.flush()
    assert published[3:] == [(main, 1, [])]


def test_a_lint_is_not_stopped_inside_a_read_of_the_index() -> None:
    state, _ = state_with()
    state.linting = True
    state.index.nested = 1  # reading an imported module: its state would be left half-made
    state.interrupt()
    assert state.linting
    state.index.nested = 0
    state.index.forgetting = 1  # forgetting a changed module and what came through it
    state.interrupt()
    assert state.linting
    state.index.forgetting = 0
    with pytest.raises(Interrupted):
        state.interrupt()
    assert not state.linting
    state.interrupt()  # not linting: nothing to stop
