"""Retired and renamed codes: what each stands for now, so that ``--explain``, ``select`` / ``ignore`` (in
``[tool.tf2lint]`` and on the command line) and ``# noqa`` / ``# tf2lint: noqa`` comments written for an old code
keep working, as ruff's redirects do. A released code is never given to another rule: a retired one stays here.

Keys are old codes (``TF1xx``) or old symbols (lowercase, also pylint symbols with their ``tf2lint-`` prefix);
values are the current codes. Since 0.1.0 no code or symbol has been renamed or retired (checked against the
history of ``tf2lint/rules``), so the table is empty.
"""
from __future__ import annotations

from typing import Optional

REDIRECTS: dict[str, str] = {}


def redirect(name: str) -> Optional[str]:
    """The current code of a retired or renamed code or symbol (any case); None for any other name."""
    name = name.strip()
    return REDIRECTS.get(name.upper()) or REDIRECTS.get(name.lower())
