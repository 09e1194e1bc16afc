// `kpilens check --format github` and `--format sarif`: GitHub workflow annotations with the
// runner's escape rules (so no text can end a property or inject a command), and a SARIF 2.1.0
// log whose structure, rules (the diagnostic codes) and 1-based regions code scanning reads.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ALL_DIAGNOSTIC_CODES, ALL_RUN_DIAGNOSTIC_CODES } from '../../../src/core/kpifile/codes';
import type { Diagnostic } from '../../../src/core/kpifile/diagnostic';
import {
  escapeAnnotationData,
  escapeAnnotationProperty,
  githubAnnotation,
} from '../../../src/core/kpifile/githubAnnotations';
import type { SarifLog } from '../../../src/core/kpifile/sarif';
import { pathToUri, toSarif } from '../../../src/core/kpifile/sarif';
import { SHOP, lines, runCli } from '../helpers';

const run = runCli;

const BROKEN = lines(
  'kpilens: 1',
  'sources:',
  '  orders:',
  '    file: data/orders.csv',
  '    time: order_date',
  'periods:',
  '  monthly: { grain: month, last: 3 }',
  'kpis:',
  '  revenue:',
  '    type: sum',
  '    source: orders',
  '    column: amout',
  '    period: monthly',
);

const diagnostic = (message: string, severity: Diagnostic['severity'] = 'error'): Diagnostic => ({
  file: 'x',
  severity,
  code: 'unknown-column',
  message,
  range: { startOffset: 0, endOffset: 5, start: { line: 3, column: 7 }, end: { line: 3, column: 12 } },
});

describe('check --format github and sarif', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-formats-'));
    fs.cpSync(path.join(SHOP, 'data'), path.join(dir, 'data'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'kpi files'));
    fs.writeFileSync(path.join(dir, 'kpi files', 'broken, 100%.kpi.yaml'), BROKEN.replace(/data\//g, '../data/'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('GitHub annotations', () => {
    it('escape %, CR and LF in the message; also : and , in properties', () => {
      assert.equal(escapeAnnotationData('100% done\r\nnext: a, b'), '100%25 done%0D%0Anext: a, b');
      assert.equal(escapeAnnotationProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
      // A message cannot start a second command on a new line.
      const text = githubAnnotation(diagnostic('bad\n::error::injected'), 'x.kpi.yaml');
      assert.equal(text.split('\n').length, 1);
      assert.equal(
        text,
        '::error file=x.kpi.yaml,line=3,col=7,endLine=3,endColumn=12,title=kpilens unknown-column::bad%0A::error::injected [unknown-column]',
      );
    });

    it('warnings and infos become warning and notice commands', () => {
      assert.match(githubAnnotation(diagnostic('w', 'warning'), 'x'), /^::warning file=x,/);
      assert.match(githubAnnotation(diagnostic('i', 'info'), 'x'), /^::notice file=x,/);
    });

    it('kpilens check --format github prints one command per problem, exit 1 on errors', async () => {
      const r = await run(['check', '--format', 'github', 'kpi files/broken, 100%.kpi.yaml'], dir);
      assert.equal(r.code, 1);
      assert.deepEqual(r.out.trimEnd().split('\n'), [
        // Line 12 `    column: amout`: the value starts at column 13 and ends before column 18.
        "::error file=kpi files/broken%2C 100%25.kpi.yaml,line=12,col=13,endLine=12,endColumn=18,title=kpilens unknown-column::column 'amout' is not in source 'orders' (../data/orders.csv), read by KPI 'revenue'; did you mean 'amount'? [unknown-column]",
      ]);
      assert.match(r.err, /checked 1 file: 1 error, 0 warnings/);
    });
  });

  describe('SARIF', () => {
    it('a 2.1.0 log with one run, the codes as rules and 1-based regions', async () => {
      const r = await run(['check', '--format', 'sarif', 'kpi files/broken, 100%.kpi.yaml'], dir);
      assert.equal(r.code, 1);
      const log = JSON.parse(r.out) as SarifLog;
      assert.equal(log.version, '2.1.0');
      assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
      assert.equal(log.runs.length, 1);
      const [run0] = log.runs;
      assert.equal(run0.tool.driver.name, 'kpilens');
      assert.equal(run0.columnKind, 'utf16CodeUnits');
      const ids = run0.tool.driver.rules.map((x) => x.id);
      assert.deepEqual(ids, [...ALL_DIAGNOSTIC_CODES, ...ALL_RUN_DIAGNOSTIC_CODES]);
      assert.equal(new Set(ids).size, ids.length);
      assert.ok(
        run0.tool.driver.rules.every((x) => x.shortDescription.text.length > 0 && /^[A-Z][A-Za-z0-9]*$/.test(x.name)),
      );
      assert.equal(run0.results.length, 1);
      const [res] = run0.results;
      assert.equal(res.ruleId, 'unknown-column');
      assert.equal(run0.tool.driver.rules[res.ruleIndex].id, 'unknown-column');
      assert.equal(res.level, 'error');
      assert.match(res.message.text, /^column 'amout' is not in source 'orders'/);
      assert.deepEqual(res.locations[0].physicalLocation, {
        artifactLocation: { uri: 'kpi%20files/broken%2C%20100%25.kpi.yaml' },
        region: { startLine: 12, startColumn: 13, endLine: 12, endColumn: 18 },
      });
    });

    it('warnings and infos map to warning and note; a clean file has no results', async () => {
      const log = toSarif([
        { diagnostic: diagnostic('w', 'warning'), file: 'a\\b.kpi.yaml' },
        { diagnostic: diagnostic('i', 'info'), file: 'c.kpi.yaml' },
      ]);
      assert.deepEqual(
        log.runs[0].results.map((x) => [x.level, x.locations[0].physicalLocation.artifactLocation.uri]),
        [
          ['warning', 'a/b.kpi.yaml'],
          ['note', 'c.kpi.yaml'],
        ],
      );
      assert.equal(pathToUri('x/#1?.kpi.yaml'), 'x/%231%3F.kpi.yaml');
      const clean = await run(
        ['check', '--format', 'sarif', path.join(SHOP, '..', '..', '..', 'samples', 'loyalty.kpi.yaml')],
        dir,
      );
      assert.equal(clean.code, 0);
      assert.deepEqual((JSON.parse(clean.out) as SarifLog).runs[0].results, []);
    });

    it('an unknown format is wrong usage', async () => {
      const r = await run(['check', '--format', 'xml', 'kpi files'], dir);
      assert.equal(r.code, 2);
      assert.equal(r.err, "kpilens: unknown format 'xml' for check: use text, json, github, sarif\n");
    });
  });
});
