"""``tf2lint report``: the migration summary as one self-contained HTML file (needs Jinja2, the ``report``
extra). The page fetches nothing: styles, the sorting script and the SVG charts are inline, and its Content
Security Policy allows nothing else."""
from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Sequence, TextIO

from tf2lint.report import charts
from tf2lint.rules import SEVERITIES
from tf2lint.summary import Collected, Run, trend

if TYPE_CHECKING:
    from markupsafe import Markup

HERE = Path(__file__).parent

#: Okabe & Ito's colour-blind-safe palette: vermillion, orange, blue.
COLOURS = {"error": "#D55E00", "warning": "#E69F00", "info": "#0072B2"}


def available() -> bool:
    """Whether Jinja2 is installed."""
    return importlib.util.find_spec("jinja2") is not None


def code_spans(text: str) -> Markup:
    """``text`` escaped, with its `backtick` spans as ``<code>``."""
    from markupsafe import Markup, escape

    parts = str(escape(text)).split("`")
    if len(parts) % 2 == 0:  # an odd number of backticks: no spans
        return Markup("`".join(parts))
    return Markup("".join(f"<code>{part}</code>" if index % 2 else part for index, part in enumerate(parts)))


def _common_folder(paths: list[str]) -> str:
    """The folder all ``paths`` lie below, with a trailing ``/`` ("" for none): the report names files
    relative to it."""
    if len(paths) < 2:
        return ""
    common = posixpath.commonpath([posixpath.dirname(path) for path in paths])
    return common + "/" if common and common != "/" and all(p.startswith(common + "/") for p in paths) else ""


def _relative(path: str, prefix: str) -> str:
    """``path`` below ``prefix``; ``.`` for the folder itself."""
    if prefix and (path + "/").startswith(prefix):
        return path[len(prefix):] or "."
    return path


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render(document: dict[str, Any], history: Optional[dict[str, Any]] = None) -> str:
    """The report page of a summary ``document`` (and the ``history`` of :func:`tf2lint.summary.trend`)."""
    import jinja2
    from markupsafe import Markup

    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters["code"] = code_spans
    style = (HERE / "report.css").read_text(encoding="utf-8")
    script = (HERE / "report.js").read_text(encoding="utf-8")
    policy = (f"default-src 'none'; style-src {_csp_hash(style)}; script-src {_csp_hash(script)}; "
              "img-src 'none'; form-action 'none'; base-uri 'none'")
    findings: dict[str, list[dict[str, Any]]] = {}
    for finding in document["findings"]:
        findings.setdefault(finding["path"], []).append(finding)
    prefix = _common_folder([entry["path"] for entry in document["by_file"]])
    environment.filters["short"] = lambda path: _relative(path, prefix)
    return environment.get_template("report.html").render(
        prefix=prefix, doc=document, policy=policy, style=Markup(style), script=Markup(script), colours=COLOURS,
        severities=SEVERITIES, charts=charts, findings=findings, history=history,
        families=[family["family"] for family in document["by_family"]],
    )


def write(stream: TextIO, document: dict[str, Any], collected: Collected, runs: Sequence[Run],
          json_file: Optional[str]) -> None:
    """Write the report of a run to ``stream`` (and its JSON summary to ``json_file``)."""
    history = trend(document, collected, runs) if runs else None
    stream.write(render(document, history))
    if json_file:
        Path(json_file).write_text(json.dumps(document) + "\n", encoding="utf-8")
