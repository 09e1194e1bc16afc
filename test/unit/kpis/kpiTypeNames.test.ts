// KPI types carry their own rules (src/core/kpis/CONTEXT.md): outside src/core/kpis no code
// compares a KPI's type with a type's name — `kpi.type === 'clv'`, `case 'ratio':` on a type,
// `['nps', 'ces'].includes(kpi.type)` — it reads what the type declares instead. Read with the
// TypeScript compiler, so YAML node types, Intl part types and count kinds are told apart.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { KPI_TYPES, kpiType } from '../../../src/core/kpis/registry';
import { REPO_ROOT } from '../helpers';

const NAMES = new Set([...KPI_TYPES.map((t) => t.type), 'customer_revenue']);
const KPIS_DIR = path.join(REPO_ROOT, 'src', 'core', 'kpis');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return full === KPIS_DIR ? [] : sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

const isTypeName = (n: ts.Node): boolean => ts.isStringLiteralLike(n) && NAMES.has(n.text);

/** `x.type`, `x?.type` or a variable named `type`. */
const isTypeAccess = (n: ts.Node): boolean =>
  (ts.isPropertyAccessExpression(n) && n.name.text === 'type') || (ts.isIdentifier(n) && n.text === 'type');

/** An array literal (or `new Set([...])`) holding a KPI type's name. */
function namesList(n: ts.Node | undefined): boolean {
  if (!n) return false;
  if (ts.isArrayLiteralExpression(n)) return n.elements.some(isTypeName);
  if (ts.isNewExpression(n) && n.arguments?.length === 1) return namesList(n.arguments[0]);
  if (ts.isAsExpression(n) || ts.isParenthesizedExpression(n)) return namesList(n.expression);
  return false;
}

/** Where a file compares a KPI's type with a type's name, as `file:line: text`. */
export function typeNameComparisons(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const lists = new Set<string>();
  const out: string[] = [];
  const at = (n: ts.Node) =>
    `${path.relative(REPO_ROOT, file)}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}: ${n.getText().slice(0, 80)}`;
  const collect = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && namesList(n.initializer)) lists.add(n.name.text);
    ts.forEachChild(n, collect);
  };
  const visit = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n)) {
      const op = n.operatorToken.kind;
      const equality =
        op === ts.SyntaxKind.EqualsEqualsEqualsToken ||
        op === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
        op === ts.SyntaxKind.EqualsEqualsToken ||
        op === ts.SyntaxKind.ExclamationEqualsToken;
      if (equality && ((isTypeName(n.left) && isTypeAccess(n.right)) || (isTypeName(n.right) && isTypeAccess(n.left))))
        out.push(at(n));
    }
    if (ts.isSwitchStatement(n) && isTypeAccess(n.expression)) {
      for (const clause of n.caseBlock.clauses)
        if (ts.isCaseClause(clause) && isTypeName(clause.expression)) out.push(at(clause));
    }
    if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      ['includes', 'has'].includes(n.expression.name.text) &&
      n.arguments.length === 1 &&
      isTypeAccess(n.arguments[0])
    ) {
      const list = n.expression.expression;
      if (namesList(list) || (ts.isIdentifier(list) && lists.has(list.text))) out.push(at(n));
    }
    ts.forEachChild(n, visit);
  };
  collect(source);
  visit(source);
  return out;
}

describe('KPI types carry their own rules', () => {
  it('no code outside src/core/kpis compares a KPI type with a name', () => {
    const found = sourceFiles(path.join(REPO_ROOT, 'src')).flatMap((f) =>
      typeNameComparisons(f, fs.readFileSync(f, 'utf8')),
    );
    assert.deepEqual(found, [], `declare the rule on the KPI type (src/core/kpis/CONTEXT.md):\n${found.join('\n')}`);
  });

  it('the guard finds each kind of comparison, and leaves other `type` values alone', () => {
    const text = [
      "if (kpi.type === 'clv') x();",
      "if ('ratio' !== r.kpi.type) x();",
      "switch (k.type) { case 'funnel': break; case 'other': break; }",
      "const SCORES = ['nps', 'ces'];",
      'if (SCORES.includes(kpi.type)) x();',
      "if (new Set(['sum', 'count']).has(k.type)) x();",
      // Not KPI types: a YAML node, a count kind, a KPI name in a message, an Intl part.
      "if (node.type === 'PLAIN') x();",
      "if (counts.kind === 'nps') x();",
      "if (p.type === 'integer') x();",
      "const fields = ['numerator', 'denominator'];",
    ].join('\n');
    const found = typeNameComparisons(path.join(REPO_ROOT, 'src', 'toy.ts'), text).map((s) => s.split(':')[1]);
    // Lines 1, 2, 3 (the case 'funnel'), 5 and 6.
    assert.deepEqual(found, ['1', '2', '3', '5', '6']);
  });

  it('every derived type declares its inputs and value; the rules read generically are declared where they apply', () => {
    for (const def of KPI_TYPES) {
      const evaluation = def.evaluation;
      if (evaluation?.kind === 'derived') {
        assert.equal(typeof evaluation.inputs, 'function', def.type);
        assert.equal(typeof evaluation.value, 'function', def.type);
      }
      if (def.segmentSourceField !== undefined)
        assert.equal(def.fields[def.segmentSourceField]?.ref?.kind, 'source', `${def.type}.segmentSourceField`);
      for (const f of def.identifierFields ?? []) assert.equal(def.fields[f]?.ref?.kind, 'column', `${def.type}.${f}`);
      if (def.quotient)
        for (const f of [def.quotient.numerator, def.quotient.denominator])
          assert.equal(def.fields[f]?.ref?.kind, 'kpi', `${def.type}.quotient.${f}`);
    }
    assert.ok(kpiType('clv')?.evaluationFor?.({ method: 'predictive' })?.kind === 'predictive-clv');
  });
});
