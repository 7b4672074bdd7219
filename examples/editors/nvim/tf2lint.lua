-- tf2lint diagnostics in Neovim's built-in LSP client, from `tf2lint server`
-- (`python3 -m pip install 'tf2lint[lsp]'` in an environment on Neovim's PATH).
-- Load it from init.lua, e.g. `dofile(vim.fn.stdpath("config") .. "/tf2lint.lua")`.
local server = {
  cmd = { "tf2lint", "server", "--stdio" },
  filetypes = { "python" },
  root_markers = { "pyproject.toml", ".git" },
  -- Let the server watch modules and project files, so findings follow `git checkout` and the like
  -- (Neovim leaves file watching off on Linux unless asked).
  capabilities = { workspace = { didChangeWatchedFiles = { dynamicRegistration = true } } },
}

if vim.lsp.config then -- Neovim 0.11+
  vim.lsp.config("tf2lint", server)
  vim.lsp.enable("tf2lint")
else -- Neovim 0.10
  vim.api.nvim_create_autocmd("FileType", {
    pattern = server.filetypes,
    callback = function(args)
      vim.lsp.start({
        name = "tf2lint",
        cmd = server.cmd,
        capabilities = server.capabilities,
        root_dir = vim.fs.root(args.buf, server.root_markers),
      })
    end,
  })
end
