-- tf2lint diagnostics in Neovim's built-in LSP client, from `tf2lint server`
-- (`python3 -m pip install 'tf2lint[lsp]'` in an environment on Neovim's PATH).
-- Load it from init.lua, e.g. `dofile(vim.fn.stdpath("config") .. "/tf2lint.lua")`.
-- Works on Neovim 0.7 and later (Debian 12 ships 0.7.2).
local server = {
  cmd = { "tf2lint", "server", "--stdio" },
  filetypes = { "python" },
  root_markers = { "pyproject.toml", ".git" },
  -- Let the server watch modules and project files, so findings follow `git checkout` and the like
  -- (Neovim leaves file watching off on Linux unless asked).
  capabilities = { workspace = { didChangeWatchedFiles = { dynamicRegistration = true } } },
}

-- The nearest folder above the buffer's file holding a root marker (else the file's folder).
local function root_dir(buf)
  local folder = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ":p:h")
  local best = nil
  for _, marker in ipairs(server.root_markers) do
    for _, find in ipairs({ vim.fn.findfile, vim.fn.finddir }) do
      local found = find(marker, folder .. ";")
      if found ~= "" then
        local root = vim.fn.fnamemodify((vim.fn.fnamemodify(found, ":p"):gsub("/$", "")), ":h")
        if best == nil or #root > #best then
          best = root
        end
      end
    end
  end
  return best or folder
end

if vim.lsp.config then -- Neovim 0.11+
  vim.lsp.config("tf2lint", server)
  vim.lsp.enable("tf2lint")
else -- Neovim 0.7 to 0.10
  local clients = {} -- Neovim 0.7: one client per root, started here
  vim.api.nvim_create_autocmd("FileType", {
    pattern = server.filetypes,
    callback = function(args)
      local config = {
        name = "tf2lint",
        cmd = server.cmd,
        -- before 0.11, capabilities given replace the client's: add ours to them
        capabilities = vim.tbl_deep_extend("force", vim.lsp.protocol.make_client_capabilities(), server.capabilities),
        root_dir = root_dir(args.buf),
      }
      if vim.lsp.start then -- 0.8+: starts or reuses the client of this root
        vim.lsp.start(config, { bufnr = args.buf })
        return
      end
      local id = clients[config.root_dir]
      if id == nil or vim.lsp.get_client_by_id(id) == nil then
        id = vim.lsp.start_client(config)
        clients[config.root_dir] = id
      end
      if id ~= nil then
        vim.lsp.buf_attach_client(args.buf, id)
      end
    end,
  })
end
