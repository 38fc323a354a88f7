-- Headless Neovim (0.7+) as an LSP client of `nnet lsp --stdio`, with its built-in client only:
--   nvim --headless -u NONE -i NONE -c "luafile test/neovim/test.lua"
-- Environment: NNET_CLI (bin/nnet.js), NNET_XOR (heaton-xor.nnet), NNET_BROKEN (a file with
-- errors), NNET_RESULT (where the JSON findings go). test/neovim/neovim.test.ts asserts on them.
local found = { diagnostics = {}, lenses = {}, resolved = {}, shown = {}, hover = '', errors = {} }

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(found) }, os.getenv('NNET_RESULT'))
  vim.lsp.stop_client(vim.lsp.get_active_clients())
  vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = 'nnet',
    cmd = { 'node', os.getenv('NNET_CLI'), 'lsp', '--stdio' },
    root_dir = vim.fn.fnamemodify(os.getenv('NNET_XOR'), ':h'),
    -- Neovim 0.7 neither answers workspace/configuration nor sends didChangeConfiguration by itself:
    -- the settings go in initializationOptions (the server reads both).
    init_options = { settings = { precision = 6 } },
    settings = { nnet = { precision = 6 } },
  })
  assert(client_id, 'start_client failed')

  -- Diagnostics of a broken file.
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('NNET_BROKEN')))
  local broken = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(broken, client_id)
  vim.wait(15000, function() return #vim.diagnostic.get(broken) > 0 end, 50)
  for _, d in ipairs(vim.diagnostic.get(broken)) do
    table.insert(found.diagnostics, { lnum = d.lnum, col = d.col, message = d.message, code = d.user_data and d.user_data.lsp and d.user_data.lsp.code or vim.NIL, severity = d.severity })
  end

  -- Lenses and the hover derivation on Heaton's XOR.
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('NNET_XOR')))
  local xor = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(xor, client_id)
  local params = { textDocument = { uri = vim.uri_from_bufnr(xor) } }
  local lenses
  -- The server computes on open; wait until the δ lenses are there.
  vim.wait(15000, function()
    local response = vim.lsp.buf_request_sync(xor, 'textDocument/codeLens', params, 5000)
    lenses = response and response[client_id] and response[client_id].result or {}
    for _, lens in ipairs(lenses) do
      if lens.command and lens.command.title:find('^δ') then return true end
    end
    return false
  end, 200)
  for _, lens in ipairs(lenses) do
    table.insert(found.lenses, { line = lens.range.start.line, title = lens.command and lens.command.title or vim.NIL })
    if not lens.command then
      local r = vim.lsp.buf_request_sync(xor, 'codeLens/resolve', lens, 5000)
      local resolved = r and r[client_id] and r[client_id].result
      if resolved and resolved.command then table.insert(found.resolved, { line = resolved.range.start.line, title = resolved.command.title }) end
    end
  end

  -- Neovim's own lens display (it resolves pending lenses itself).
  vim.lsp.codelens.refresh()
  vim.wait(10000, function()
    for _, lens in ipairs(vim.lsp.codelens.get(xor)) do
      if lens.range.start.line == 14 and lens.command and lens.command.title ~= '' then return true end
    end
    return false
  end, 100)
  for _, lens in ipairs(vim.lsp.codelens.get(xor)) do
    if lens.command then table.insert(found.shown, { line = lens.range.start.line, title = lens.command.title }) end
  end

  local hover = vim.lsp.buf_request_sync(xor, 'textDocument/hover', { textDocument = params.textDocument, position = { line = 14, character = 12 } }, 10000)
  local result = hover and hover[client_id] and hover[client_id].result
  if result and result.contents then found.hover = result.contents.value or '' end
end)
if not ok then table.insert(found.errors, tostring(err)) end
finish()
