#!/usr/bin/env python3
"""Generate docs/rules.md from tf2lint's rule table (any working directory):

    python3 scripts/gen_rules_doc.py          # write docs/rules.md
    python3 scripts/gen_rules_doc.py --check  # exit 1 if docs/rules.md is out of date
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the checkout's tf2lint, installed or not

from tf2lint.docs import render_rules_markdown  # noqa: E402

RULES_DOC = ROOT / "docs" / "rules.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check that docs/rules.md is up to date")
    args = parser.parse_args()
    text = render_rules_markdown()
    current = RULES_DOC.read_text(encoding="utf-8") if RULES_DOC.is_file() else None
    if args.check:
        if current != text:
            print(f"{RULES_DOC.relative_to(ROOT)} is out of date: run python3 scripts/gen_rules_doc.py",
                  file=sys.stderr)
            return 1
        return 0
    if current != text:
        RULES_DOC.parent.mkdir(exist_ok=True)
        with RULES_DOC.open("w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        print(f"wrote {RULES_DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
