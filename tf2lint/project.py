"""The project index under its earlier name: the front ends import it from here or from :mod:`tf2lint.index`,
where it lives (finding modules, reading their exports, ordering them)."""
from __future__ import annotations

from tf2lint.index import (
    EMPTY, MAX_PROJECT_FILES, ROOT_MARKERS, Exports, Facts, ProjectIndex, find_root, is_folder, module_name,
    package_root, project_files, read_module, stamp,
)

__all__ = ["EMPTY", "MAX_PROJECT_FILES", "ROOT_MARKERS", "Exports", "Facts", "ProjectIndex", "find_root", "is_folder",
           "module_name", "package_root", "project_files", "read_module", "stamp"]
