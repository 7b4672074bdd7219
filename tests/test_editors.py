"""The editor examples with the real editors: Neovim loads ``examples/editors/nvim/tf2lint.lua`` (on whatever
version is installed: Debian 12's 0.7.2 here), starts ``tf2lint server --stdio`` for a Python buffer and shows its
findings, without a Lua error."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parent.parent / "examples" / "editors" / "nvim" / "tf2lint.lua"

#: Waits for the server's diagnostics on the buffer, prints them and the attached clients, quits.
CHECK = """\
vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 100)
local codes = {}
for _, d in ipairs(vim.diagnostic.get(0)) do table.insert(codes, tostring(d.code)) end
local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = 0 }) or vim.lsp.buf_get_clients(0)
local names = {}
for _, client in pairs(clients) do table.insert(names, client.name) end
io.stdout:write("clients=" .. table.concat(names, ",") .. " codes=" .. table.concat(codes, ",") .. "\\n")
vim.cmd("qa!")
"""


@pytest.mark.skipif(shutil.which("nvim") is None, reason="needs Neovim (apt-get install neovim)")
def test_neovim_example_starts_the_server(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    (tmp_path / "a.py").write_text("import tensorflow as tf\nsess = tf.Session()\n", encoding="utf-8")
    (tmp_path / "check.lua").write_text(CHECK, encoding="utf-8")
    scripts = os.path.dirname(sys.executable)  # the tf2lint command of this environment
    env = {**os.environ, "PATH": scripts + os.pathsep + os.environ.get("PATH", ""), "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_STATE_HOME": str(tmp_path / "state"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    run = subprocess.run(["nvim", "--headless", "-n", "-i", "NONE", "-u", str(EXAMPLE), "a.py",
                          "+luafile check.lua"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=90,
                         stdin=subprocess.DEVNULL, check=False)
    output = run.stdout + run.stderr
    assert "Error" not in output and run.returncode == 0, output
    assert "clients=tf2lint codes=TF301" in output, output
