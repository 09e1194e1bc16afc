// The French bundle matches the code: every `l10n.t('…')` / `vscode.l10n.t('…')` text of
// src/core, src/cli, src/webview and src/extension (found with the TypeScript compiler API, so
// comments and strings that merely look like calls do not count) has a French entry with the
// same {n} placeholders, its first argument is a literal (a computed key could never be
// looked up), and every French entry is used somewhere.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { REPO_ROOT } from '../helpers';

const SCANNED = ['core', 'cli', 'webview', 'extension'].map((d) => path.join(REPO_ROOT, 'src', d));

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** True for `l10n.t` and `vscode.l10n.t`. */
function isTranslateCall(node: ts.CallExpression): boolean {
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 't') return false;
  const owner = callee.expression;
  if (ts.isIdentifier(owner)) return owner.text === 'l10n';
  return ts.isPropertyAccessExpression(owner) && owner.name.text === 'l10n' && ts.isIdentifier(owner.expression) && owner.expression.text === 'vscode';
}

interface Use {
  key: string;
  where: string;
}

/** The literal keys of every translate call, and the places whose first argument is not a literal. */
export function scanTranslateCalls(files: readonly string[]): { uses: Use[]; nonLiteral: string[] } {
  const uses: Use[] = [];
  const nonLiteral: string[] = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && isTranslateCall(node)) {
        const first = node.arguments[0];
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        const where = `${path.relative(REPO_ROOT, file)}:${line + 1}`;
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) uses.push({ key: first.text, where });
        else nonLiteral.push(where);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { uses, nonLiteral };
}

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\d+)\}/g)].map((m) => m[1]))].sort();
}

describe('French bundle ↔ translate calls', () => {
  const bundleText = fs.readFileSync(path.join(REPO_ROOT, 'l10n', 'bundle.l10n.fr.json'), 'utf8');
  const fr = JSON.parse(bundleText) as Record<string, string>;
  const { uses, nonLiteral } = scanTranslateCalls(SCANNED.flatMap(sourceFiles));

  it('finds the translate calls of the core (the scanner works)', () => {
    assert.ok(uses.some((u) => u.where.startsWith('src/core/spec/')), 'no l10n.t call found in src/core/spec');
    assert.ok(uses.length >= 100, `${uses.length} calls`);
  });

  it('every translate call has a literal first argument', () => {
    assert.deepEqual(nonLiteral, []);
  });

  it('every text has a French entry with the same placeholders', () => {
    const missing = uses.filter((u) => fr[u.key] === undefined).map((u) => `${u.where}: ${u.key}`);
    assert.deepEqual([...new Set(missing)], [], 'texts without a French entry');
    const differ = uses.filter((u) => fr[u.key] !== undefined && placeholders(fr[u.key]).join() !== placeholders(u.key).join()).map((u) => `${u.where}: ${u.key}`);
    assert.deepEqual(differ, [], 'placeholders differ between English and French');
  });

  it('every French entry is used', () => {
    const used = new Set(uses.map((u) => u.key));
    assert.deepEqual(Object.keys(fr).filter((k) => !used.has(k)), [], 'French entries no code uses');
  });

  it('French typography in the messages of the core\'s checks, expressions, data, engine, tests and diffs', () => {
    // Non-breaking spaces (U+00A0) before : ; ? ! % and inside « », the typographic apostrophe ’.
    const core = /^src\/core\/(spec|expr|data|engine|kpis|testing|diff|stats|util)\//;
    const keys = new Set(uses.filter((u) => core.test(u.where)).map((u) => u.key));
    for (const key of keys) {
      const value = fr[key] ?? '';
      assert.ok(!/ [:;?!»%]/.test(value) && !/« /.test(value), `${key}: a plain space where French needs a non-breaking one: ${value}`);
      assert.ok(!/[A-Za-zÀ-ÿ]'[A-Za-zÀ-ÿ]/.test(value), `${key}: a straight apostrophe: ${value}`);
    }
  });
});
