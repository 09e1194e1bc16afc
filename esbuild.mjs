// Bundles the deliverables with esbuild: the CLI (dist/cli.js), the VS Code extension
// (dist/extension.js, `vscode` external), the DuckDB engine's child process
// (dist/duckdbWorker.js, next to them so both find it) and the report webview
// (dist/webview/webview.js + webview.css, browser, always minified and without a source map:
// the exported HTML report inlines both, and the webview may load nothing else; l10n-keys.json lists
// the texts it translates). `@duckdb/node-api` stays external: its per-platform native
// binding cannot be bundled and ships in node_modules.
// `node esbuild.mjs --watch` rebuilds on change; `--production` minifies.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  // Without comments and indentation even in a development build (names are kept; the source
  // map still points into src/): dist/cli.js is 1.8 MB instead of 2.4 MB, and every `kpilens`
  // command starts about 20 ms sooner (the bundle read and compiled on each start; issue 21).
  minifyWhitespace: true,
  logLevel: 'info',
  legalComments: 'none',
};

/**
 * Packages only some runs need are bundled each on its own into dist/<name>.js and required
 * from there on first use, so starting the CLI or the extension (its activation) never reads or
 * parses them: exceljs (the .xlsx reader, ~3.4 MB; `await import('exceljs')` in
 * src/core/data/xlsxWorkbook.ts), iconv-lite (text encodings other than UTF-8 and Latin-1,
 * ~550 kB; src/core/data/textEncodings.ts), pg (the PostgreSQL client, ~185 kB;
 * src/core/engine/backends/postgresEngine.ts) and jsonc-parser (finds the line of a refused JSON
 * value; src/core/engine/sources/fileValuePlaces.ts).
 */
const APART = ['exceljs', 'iconv-lite', 'pg', 'jsonc-parser'];
const packagesApart = {
  name: 'packages-apart',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(${APART.join('|')})$`) }, (args) => ({
      path: `./${args.path}.js`,
      external: true,
    }));
    // So is the schema validator compiled at build time (writeSchemaValidator below).
    build.onResolve({ filter: /^\.\/kpi-schema-validator\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};
/**
 * The MCP server (`kpilens mcp`: the MCP SDK and zod, ~2.4 MB) is bundled on its own into
 * dist/mcp.js and required by dist/cli.js only when that command runs, so the other commands
 * never parse it. (The LSP server, `kpilens lsp`, stays in dist/cli.js: ~0.5 MB.)
 */
const mcpApart = {
  name: 'mcp-apart',
  setup(build) {
    build.onResolve({ filter: /\/mcp\/server$/ }, () => ({ path: './mcp.js', external: true }));
  },
};

/**
 * The CLI leaves the spare DuckDB child's module (spareWorker.ts) to dist/spareWorker.js, so that
 * bin/kpilens.js can fork the child before it reads the 2 MB bundle and the bundle then takes
 * that same child (one module, one spare): DuckDB loads while the CLI starts (issue 21).
 */
const spareWorkerApart = {
  name: 'spare-worker-apart',
  setup(build) {
    build.onResolve({ filter: /\/spareWorker$/ }, () => ({ path: './spareWorker.js', external: true }));
  },
};

/**
 * Packages published as ES modules (tinyglobby's fdir, get-east-asian-width) may read
 * `import.meta.url`, which a CommonJS bundle does not have: it is defined as the bundle file's URL.
 */
const importMetaUrl = {
  banner: { js: "const __kpilensImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__kpilensImportMetaUrl' },
};
const node = {
  ...common,
  ...importMetaUrl,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  external: ['@duckdb/node-api'],
};
const builds = [
  {
    ...node,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    plugins: [packagesApart, mcpApart, spareWorkerApart],
  },
  { ...node, entryPoints: ['src/core/engine/backends/spareWorker.ts'], outfile: 'dist/spareWorker.js' },
  { ...node, entryPoints: ['src/mcp/server.ts'], outfile: 'dist/mcp.js', plugins: [packagesApart] },
  {
    ...node,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode', '@duckdb/node-api'],
    plugins: [packagesApart],
  },
  { ...node, entryPoints: ['src/core/engine/backends/duckdbWorker.ts'], outfile: 'dist/duckdbWorker.js' },
  ...APART.map((name) => ({
    ...node,
    entryPoints: [name],
    outfile: `dist/${name}.js`,
    // jsonc-parser's `main` is a UMD build whose inner requires esbuild cannot follow: its ES module build is bundled.
    ...(name === 'jsonc-parser' ? { mainFields: ['module', 'main'] } : {}),
  })),
];
/**
 * The texts the webview bundle translates: every literal `l10n.t('…')` of the sources esbuild put in it,
 * written to dist/webview/l10n-keys.json, so an exported HTML report carries only the translations the
 * view needs (test/unit/l10n/bundleKeys.test.ts keeps every key a literal).
 */
const webviewL10nKeys = {
  name: 'webview-l10n-keys',
  setup(build) {
    build.onEnd((result) => {
      if (!result.metafile) return;
      const keys = new Set();
      for (const input of Object.keys(result.metafile.inputs)) {
        if (!/^src\/.*\.ts$/.test(input)) continue;
        const code = readFileSync(input, 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/^\s*\/\/.*$/gm, ''); // not the examples in comments
        for (const m of code.matchAll(/\bl10n\.t\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g)) {
          keys.add(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : JSON.parse(`"${m[2]}"`));
        }
      }
      mkdirSync(path.dirname(build.initialOptions.outfile), { recursive: true });
      writeFileSync(
        path.join(path.dirname(build.initialOptions.outfile), 'l10n-keys.json'),
        `${JSON.stringify([...keys].sort(), null, 1)}\n`,
      );
    });
  },
};

if (existsSync('src/webview/main.ts')) {
  builds.push({
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview/webview.js',
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    minify: true,
    sourcemap: false,
    metafile: true,
    plugins: [webviewL10nKeys],
  });
}

/**
 * The KPI file schema's ajv validator, compiled ahead of time into dist/kpi-schema-validator.js
 * (scripts/schemaValidatorCode.ts, bundled and run here; ajv's runtime helpers bundled in): the
 * bundles require it on their first check instead of compiling the schema (about 250 ms) when
 * they start. In watch mode it is removed, so that the bundles compile the schema as it is now.
 */
const VALIDATOR_OUT = 'dist/kpi-schema-validator.js';
async function writeSchemaValidator() {
  const tmp = path.join(os.tmpdir(), `kpilens-schema-validator-code-${process.pid}.cjs`);
  try {
    await esbuild.build({
      ...node,
      entryPoints: ['scripts/schemaValidatorCode.ts'],
      outfile: tmp,
      sourcemap: false,
      logLevel: 'warning',
    });
    const code = createRequire(import.meta.url)(tmp).schemaValidatorCode();
    await esbuild.build({
      ...node,
      stdin: {
        contents: code,
        resolveDir: path.dirname(fileURLToPath(import.meta.url)),
        loader: 'js',
        sourcefile: 'kpi-schema-validator.js',
      },
      outfile: VALIDATOR_OUT,
      sourcemap: false,
      minify: true,
    });
  } finally {
    rmSync(tmp, { force: true });
  }
}

if (watch) {
  rmSync(VALIDATOR_OUT, { force: true });
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all([...builds.map((b) => esbuild.build(b)), writeSchemaValidator()]);
}
