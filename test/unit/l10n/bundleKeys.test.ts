// The French bundle against the code, read with the TypeScript compiler: every `l10n.t('…')`
// (core, CLI, LSP and MCP servers, webview) and `vscode.l10n.t('…')` (extension) text has a French entry in
// l10n/bundle.l10n.fr.json with the same {n} placeholders, its first argument is a literal
// (a computed key could never be translated), and no French entry is left unused.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { REPO_ROOT } from '../helpers';

interface Use {
  file: string;
  line: number;
  key: string | undefined;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every `l10n.t(…)` / `vscode.l10n.t(…)` call of a file, with its literal key (undefined when not a literal). */
function usesOf(file: string): Use[] {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const uses: Use[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 't'
    ) {
      const target = node.expression.expression.getText(source);
      if (target === 'l10n' || target === 'vscode.l10n') {
        const first = node.arguments[0];
        const key =
          first !== undefined && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))
            ? first.text
            : undefined;
        uses.push({
          file: path.relative(REPO_ROOT, file),
          line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
          key,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort();
}

describe('French bundle against the code', () => {
  const uses = ['core', 'cli', 'webview', 'extension', 'lsp', 'mcp']
    .flatMap((d) => sourceFiles(path.join(REPO_ROOT, 'src', d)))
    .flatMap(usesOf);
  const fr = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'l10n', 'bundle.l10n.fr.json'), 'utf8')) as Record<
    string,
    string
  >;

  it('finds the translated texts of every part', () => {
    for (const part of [
      'src/core/report',
      'src/core/language',
      'src/cli',
      'src/webview',
      'src/extension',
      'src/lsp',
      'src/mcp',
    ]) {
      assert.ok(
        uses.some((u) => u.file.startsWith(part)),
        `no l10n.t call under ${part}`,
      );
    }
  });

  it('every key is a literal with a French entry and the same placeholders', () => {
    const problems: string[] = [];
    for (const u of uses) {
      if (u.key === undefined) problems.push(`${u.file}:${u.line}: the text of l10n.t is not a literal`);
      else if (fr[u.key] === undefined) problems.push(`${u.file}:${u.line}: no French for ${JSON.stringify(u.key)}`);
      else if (placeholders(fr[u.key]).join() !== placeholders(u.key).join())
        problems.push(`${u.file}:${u.line}: placeholders differ in ${JSON.stringify(u.key)}`);
    }
    assert.deepEqual(problems, []);
  });

  it('the build lists the texts of the report view (an export carries only theirs)', function () {
    const file = path.join(REPO_ROOT, 'dist', 'webview', 'l10n-keys.json');
    if (!fs.existsSync(file)) this.skip(); // `npm test` builds it before mocha
    const listed = JSON.parse(fs.readFileSync(file, 'utf8')) as string[];
    for (const key of ['Run again', 'All', 'Period', 'vs previous period', 'D{0}', '{0} CI {1} – {2}'])
      assert.ok(listed.includes(key), key);
    for (const key of ['Usage:', 'wrote {0}', 'Report: {0}']) assert.ok(!listed.includes(key), key);
    const viewKeys = new Set(
      uses.filter((u) => u.file.startsWith('src/webview') || u.file.startsWith('src/core')).map((u) => u.key),
    );
    assert.deepEqual(
      listed.filter((k) => !viewKeys.has(k)),
      [],
    );
  });

  it('no key appears twice in the file (JSON.parse would keep the last silently)', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'l10n', 'bundle.l10n.fr.json'), 'utf8');
    const keys = [...text.matchAll(/^ {2}("(?:[^"\\]|\\.)*"):/gm)].map((m) => JSON.parse(m[1]) as string);
    assert.equal(keys.length, Object.keys(fr).length);
    assert.deepEqual(
      keys.filter((k, i) => keys.indexOf(k) !== i),
      [],
    );
  });

  it('no French entry is unused', () => {
    const used = new Set(uses.map((u) => u.key));
    assert.deepEqual(
      Object.keys(fr).filter((k) => !used.has(k)),
      [],
    );
  });

  it('French texts use the typographic apostrophe and a space before « : ; ? ! »', () => {
    const problems: string[] = [];
    for (const [key, value] of Object.entries(fr)) {
      // Outside placeholders, code and quoted names: ' should be ’, and "x :" needs U+00A0 before the sign.
      // YAML written as in the English text (`type: clv`, `method:`) is code, not prose.
      const prose = value
        .replace(/\{\d+\}/g, '')
        .replace(/`[^`]*`/g, '')
        .replace(/«[^»]*»/g, '«»')
        .replace(/\b[a-z_]+: ?[a-z_]+\b/g, (m) => (key.includes(m) ? '' : m))
        .replace(/\b[a-z_]+:/g, (m) => (key.includes(m) ? '' : m));
      if (/[A-Za-zÀ-ÿ]'[A-Za-zÀ-ÿ]/.test(prose)) problems.push(`${JSON.stringify(key)}: ' instead of ’`);
      if (
        /[^\u00A0\u202F\s][;?!]|[^\u00A0\u202F\s]:(\s|$)/.test(
          prose.replace(/https?:\/\//g, '').replace(/\b[a-z_]+:[a-z]/g, ''),
        )
      )
        problems.push(`${JSON.stringify(key)}: no space before : ; ? ! in ${JSON.stringify(value)}`);
    }
    assert.deepEqual(problems, []);
  });

  it('non-breaking spaces in every French text: U+00A0 before : ; ? ! % » and after «', () => {
    const keys = Object.keys(fr);
    assert.ok(keys.length >= 500, `${keys.length} texts`);
    const problems: string[] = [];
    for (const key of keys) {
      const value = fr[key] ?? '';
      if (/ [:;?!»%]/.test(value) || /« /.test(value))
        problems.push(`${JSON.stringify(key)}: a plain space where French needs a non-breaking one: ${value}`);
      if (/[A-Za-zÀ-ÿ]'[A-Za-zÀ-ÿ]/.test(value))
        problems.push(`${JSON.stringify(key)}: a straight apostrophe: ${value}`);
    }
    assert.deepEqual(problems, []);
  });
});
