"""Python's cyclic garbage collector, held off while one file is linted in a host's process.

Linting allocates many short-lived containers per node; in a host that keeps large trees alive (pylint keeps
astroid's tree of every module), each collection the lint triggers walks the host's whole heap. What the lint
leaves in reference cycles is collected once the collector runs again.
"""
from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Hold the collector off for the block (as it was: a collector the host turned off stays off)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
