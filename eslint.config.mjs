// ESLint flat config: typescript-eslint's recommended rules on every TypeScript source.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'build/**',
      'dist-vsix/**',
      'node_modules/**',
      'bin/**',
      'test/reporter.js',
      'esbuild.mjs',
      'eslint.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [] }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core and src/cli never import vscode.' }],
          patterns: [{ group: ['**/extension/*', '**/webview/*'], message: 'The CLI uses the core only.' }],
        },
      ],
    },
  },
  {
    // The language server and the MCP server adapt the core (and the CLI's helpers) to their protocols.
    files: ['src/lsp/**/*.ts', 'src/mcp/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core, src/cli, src/lsp and src/mcp never import vscode.' }],
          patterns: [
            {
              group: ['**/extension/*', '**/webview/*'],
              message: 'The servers use the core (and the CLI helpers) only.',
            },
          ],
        },
      ],
    },
  },
  {
    // The core's import directions (src/core/CONTEXT.md): it knows nothing of the CLI, the editor or the view.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core and src/cli never import vscode.' }],
          patterns: [
            {
              group: ['**/cli/*', '**/extension/*', '**/webview/*'],
              message: 'The core never imports the CLI, the extension or the webview.',
            },
          ],
        },
      ],
    },
  },
  {
    // The DuckDB worker starts without translations (src/core/engine/CONTEXT.md).
    files: [
      'src/core/engine/backends/duckdbWorker.ts',
      'src/core/engine/backends/engineProtocol.ts',
      'src/core/engine/backends/engine.ts',
      'src/core/engine/sql/sqlText.ts',
      'src/core/expr/dates.ts',
      'src/core/expr/decimal.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core and src/cli never import vscode.' }],
          patterns: [
            {
              group: ['**/l10n/*', '**/cli/*', '**/extension/*', '**/webview/*'],
              message: 'The DuckDB worker and what it imports stay free of l10n (and of everything outside the core).',
            },
          ],
        },
      ],
    },
  },
  {
    // The report webview builds DOM only through src/webview/dom.ts (text nodes, allow-listed attributes).
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The webview talks to VS Code through acquireVsCodeApi only.' }],
          patterns: ['node:*', 'fs', 'path', 'child_process'],
        },
      ],
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Data must never become markup: build nodes with dom.ts.' },
        { property: 'outerHTML', message: 'Data must never become markup: build nodes with dom.ts.' },
        { property: 'insertAdjacentHTML', message: 'Data must never become markup: build nodes with dom.ts.' },
        { object: 'document', property: 'write', message: 'Data must never become markup: build nodes with dom.ts.' },
      ],
    },
  },
);
