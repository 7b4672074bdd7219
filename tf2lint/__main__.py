"""``python -m tf2lint``: the tf2lint command."""
import sys

from tf2lint.cli import main

if __name__ == "__main__":
    sys.exit(main())
