// Bundles the deliverables with esbuild: the CLI (dist/cli.js), the VS Code extension
// (dist/extension.js, `vscode` external), the DuckDB engine's child process
// (dist/duckdbWorker.js, next to them so both find it) and the report webview
// (dist/webview/webview.js + webview.css, browser, always minified and without a source map:
// the exported HTML report inlines both, and the webview may load nothing else). `@duckdb/node-api` stays external: its per-platform native
// binding cannot be bundled and ships in node_modules.
// `node esbuild.mjs --watch` rebuilds on change; `--production` minifies.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
};

const node = { ...common, platform: 'node', target: 'node20', format: 'cjs', external: ['@duckdb/node-api'] };
const builds = [
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' },
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', '@duckdb/node-api'] },
  { ...node, entryPoints: ['src/core/engine/duckdbWorker.ts'], outfile: 'dist/duckdbWorker.js' },
];
if (existsSync('src/webview/main.ts')) {
  builds.push({ ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview/webview.js', platform: 'browser', target: 'es2022', format: 'iife', minify: true, sourcemap: false });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
