// ESLint flat config: typescript-eslint's recommended rules on every TypeScript source.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'build/**', 'dist-vsix/**', 'node_modules/**', 'bin/**', 'test/reporter.js', 'esbuild.mjs', 'eslint.config.mjs'] },
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
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts', 'src/lsp/**/*.ts', 'src/mcp/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core, src/cli, src/lsp and src/mcp never import vscode.' }] }],
    },
  },
  {
    // The report webview builds DOM only through src/webview/dom.ts (text nodes, allow-listed attributes).
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The webview talks to VS Code through acquireVsCodeApi only.' }], patterns: ['node:*', 'fs', 'path', 'child_process'] }],
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
