// The Neovim recipe of docs/editors.md, run as a user would: Debian's `neovim` headless with the
// recipe's exact Lua block as its init file (`nvim --headless -u recipe.lua shop.kpi.yaml`),
// `kpilens` on the PATH (a shim to the built bin/kpilens.js), and a Lua script that waits for
// the built-in LSP client's diagnostics and writes them to a file. Skipped, with the reason,
// only when no `nvim` is installed and none could be (`npm test` installs Debian's neovim first:
// scripts/install-neovim.sh).
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../helpers';

/** The Lua between the `recipe:neovim` markers of docs/editors.md. */
function neovimRecipe(): string {
  const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'editors.md'), 'utf8');
  const m = /<!-- recipe:neovim -->\n```lua\n([\s\S]*?)```\n<!-- \/recipe:neovim -->/.exec(doc);
  assert.ok(m, 'docs/editors.md has a lua block between <!-- recipe:neovim --> markers');
  return m[1];
}

const WAIT_LUA = `
local ok = vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local items = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  table.insert(items, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, severity = d.severity, source = d.source, code = code, message = d.message })
end
local f = assert(io.open(vim.env.KPILENS_NVIM_OUT, 'w'))
f:write(vim.fn.json_encode({ waited = ok, clients = #vim.lsp.get_active_clients(), diagnostics = items }))
f:close()
vim.cmd('qa!')
`;

const TEXT = [
  'kpilens: 1', //                        line 0
  'sources:', //                          line 1
  '  orders: { file: orders.csv, time: order_date }', // line 2
  'periods:', //                          line 3
  '  monthly: { grain: month, last: 2 }', // line 4
  'defaults: { period: monthly }', //     line 5
  'kpis:', //                             line 6
  '  revenue:', //                        line 7
  '    type: sum', //                     line 8
  '    source: orders', //                line 9
  '    column: amout', //                 line 10: `amout` at bytes 12..17 (4 spaces + `column: `)
  '',
].join('\n');

function nvimVersion(): string | undefined {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

describe('docs/editors.md: the Neovim recipe in a real headless Neovim', function () {
  this.timeout(90000);

  it("shows the server's diagnostics on a KPI file (built-in LSP client)", function () {
    const version = nvimVersion();
    if (version === undefined) {
      console.log('      skipped: no `nvim` on this machine (apt-get install -y neovim)');
      this.skip();
    }
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-nvim-')));
    try {
      fs.writeFileSync(path.join(dir, 'orders.csv'), 'order_date,customer_id,amount\n2025-01-05,c1,10.5\n');
      fs.writeFileSync(path.join(dir, 'shop.kpi.yaml'), TEXT);
      fs.writeFileSync(path.join(dir, 'recipe.lua'), neovimRecipe());
      fs.writeFileSync(path.join(dir, 'wait.lua'), WAIT_LUA);
      const bin = path.join(dir, 'bin');
      fs.mkdirSync(bin);
      fs.writeFileSync(
        path.join(bin, 'kpilens'),
        `#!/bin/sh\nexec "${process.execPath}" "${path.join(REPO_ROOT, 'bin', 'kpilens.js')}" "$@"\n`,
        { mode: 0o755 },
      );
      const out = path.join(dir, 'diagnostics.json');
      const r = spawnSync(
        'nvim',
        ['--headless', '-i', 'NONE', '-n', '-u', 'recipe.lua', 'shop.kpi.yaml', '-c', 'luafile wait.lua'],
        {
          cwd: dir,
          encoding: 'utf8',
          timeout: 80000,
          env: {
            ...process.env,
            PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
            KPILENS_LOCALE: 'en',
            KPILENS_NVIM_OUT: out,
            XDG_STATE_HOME: dir,
            XDG_DATA_HOME: dir,
            XDG_CACHE_HOME: dir,
          },
        },
      );
      assert.ok(fs.existsSync(out), `${version} wrote no diagnostics (status ${r.status}): ${r.stderr}${r.stdout}`);
      const got = JSON.parse(fs.readFileSync(out, 'utf8')) as {
        waited: boolean;
        clients: number;
        diagnostics: unknown[];
      };
      // One client (the recipe's), and the unknown column the server found in orders.csv's header.
      assert.deepStrictEqual(got, {
        waited: true,
        clients: 1,
        diagnostics: [
          {
            lnum: 10,
            col: 12,
            end_lnum: 10,
            end_col: 17,
            severity: 1,
            source: 'kpilens',
            code: 'unknown-column',
            message:
              "column 'amout' is not in source 'orders' (orders.csv), read by KPI 'revenue'; did you mean 'amount'?",
          },
        ],
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
