// The core speaks French when asked: `kpilens check --locale fr` on real files (a YAML error, an
// unknown key with its did-you-mean, a wrong type, an unknown column with its suggestion, an
// unknown function in a filter, a missing data file), `kpilens test --locale fr` on a failing
// expectation run by the real engine, a definition change in words, the quick-fix titles — and
// the same runs in English are unchanged. The line format (`path:line:column: error: … [code]`)
// keeps `error` and the code in English in every language (DSL.md, contract).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { applyCliLocale } from '../../../src/cli/locale';
import { useLocale } from '../../../src/core/l10n/l10n';
import { compareSpecs } from '../../../src/core/diff/compareSpecs';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { EngineError } from '../../../src/core/engine/backends/engine';
import { buildModel } from '../../../src/core/kpifile/model';
import { YamlDocument } from '../../../src/core/kpifile/yamlDocument';
import { diagnose, isolatedWorkerCopy, lines, runCli } from '../helpers';

/** U+00A0, the non-breaking space French puts before « : ; ? ! » and inside « ». */
const NB = '\u00a0';
/** Readable expectations: `~` stands for a non-breaking space. */
const fr = (text: string): string => text.replace(/~/g, NB);

const ERRORS = lines(
  'kpilens: 1',
  'titel: Shop',
  'sources:',
  '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
  '  returns: { file: data/returns.csv, time: returned_at }',
  'periods:',
  '  monthly: { grain: month, last: 3 }',
  'defaults:',
  '  period: monthly',
  'kpis:',
  '  revenue: { type: sum, source: orders, column: amout, decimals: two }',
  `  paid_orders: { type: count, source: orders, where: "status = 'paid' and lenght(channel) > 2" }`,
  '  returned: { type: count, source: returns }',
);
const BROKEN = lines('kpilens: 1', 'kpis:', '  a: { type: count', '  b: 2');

describe('the core in French', function () {
  this.timeout(60000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-fr-'));
    fs.mkdirSync(path.join(dir, 'data'));
    fs.writeFileSync(
      path.join(dir, 'data', 'orders.csv'),
      lines('order_id,customer_id,order_date,amount,channel,status', '1,c1,2025-01-05,50.00,web,paid'),
    );
    fs.writeFileSync(path.join(dir, 'errors.kpi.yaml'), ERRORS);
    fs.writeFileSync(path.join(dir, 'broken.kpi.yaml'), BROKEN);
    fs.writeFileSync(
      path.join(dir, 'data', 'survey.csv'),
      lines('id,customer_id,answered_on,score', '1,c1,2025-03-01,9', '2,c2,not a date,7', '3,c3,2025-03-05,12'),
    );
    fs.writeFileSync(path.join(dir, 'data', 'empty.csv'), '\n');
    fs.writeFileSync(
      path.join(dir, 'survey.kpi.yaml'),
      lines(
        'kpilens: 1',
        'sources:',
        '  survey: { file: data/survey.csv, time: answered_on }',
        '  blank: { file: data/empty.csv, time: day }',
        'periods:',
        '  march: { from: 2025-03-01, to: 2025-03-31 }',
        'defaults:',
        '  period: march',
        'kpis:',
        '  nps: { type: nps, source: survey, column: score }',
      ),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(() => useLocale('en', undefined));

  it('kpilens check --locale fr: each kind of error in French, codes and severities in English', async () => {
    const r = await runCli(['check', 'errors.kpi.yaml', 'broken.kpi.yaml', '--locale', 'fr'], dir);
    assert.equal(r.code, 1);
    assert.equal(
      r.out,
      lines(
        fr(
          'errors.kpi.yaml:2:1: error: clé inconnue «~titel~» au premier niveau d’un fichier KPI~; vouliez-vous dire «~title~»~? [unknown-key]',
        ),
        fr(
          `errors.kpi.yaml:5:20: error: aucun fichier de données ne correspond à «~data/returns.csv~» (recherché dans ${dir}) [missing-file]`,
        ),
        fr(
          'errors.kpi.yaml:11:49: error: la colonne «~amout~» n’existe pas dans la source «~orders~» (data/orders.csv), lue par le KPI «~revenue~»~; vouliez-vous dire «~amount~»~? [unknown-column]',
        ),
        fr(
          'errors.kpi.yaml:11:66: error: «~decimals~» dans le KPI «~revenue~» doit être un nombre entier, pas «~two~» [invalid-type]',
        ),
        fr('errors.kpi.yaml:12:75: error: fonction inconnue «~lenght~» [expr-unknown-function]'),
        fr(
          'broken.kpi.yaml:4:3: error: syntaxe YAML~: un dictionnaire entre accolades doit être assez indenté et se terminer par «~}~» [yaml-syntax]',
        ),
      ),
    );
  });

  it('kpilens check in English is unchanged', async () => {
    const r = await runCli(['check', 'errors.kpi.yaml', 'broken.kpi.yaml', '--locale', 'en'], dir);
    assert.equal(r.code, 1);
    assert.equal(
      r.out,
      lines(
        "errors.kpi.yaml:2:1: error: unknown key 'titel' at the top level of a KPI file; did you mean 'title'? [unknown-key]",
        `errors.kpi.yaml:5:20: error: no data file matches 'data/returns.csv' (looked in ${dir}) [missing-file]`,
        "errors.kpi.yaml:11:49: error: column 'amout' is not in source 'orders' (data/orders.csv), read by KPI 'revenue'; did you mean 'amount'? [unknown-column]",
        "errors.kpi.yaml:11:66: error: 'decimals' in KPI 'revenue' must be a whole number, not 'two' [invalid-type]",
        "errors.kpi.yaml:12:75: error: unknown function 'lenght' [expr-unknown-function]",
        'broken.kpi.yaml:4:3: error: YAML syntax: flow map in block collection must be sufficiently indented and end with a } [yaml-syntax]',
      ),
    );
  });

  it('data and run messages in French: an unreadable file, a row without a date, a score off the scale', async () => {
    // survey.csv: row 2's answered_on is not a date (1 row left out); row 3's score 12 is not
    // an integer 0..10 (1 answer skipped, example 12). empty.csv has no header line.
    const check = await runCli(['check', 'survey.kpi.yaml', '--locale', 'fr'], dir);
    assert.equal(
      check.out,
      lines(
        fr('survey.kpi.yaml:4:3: warning: la source «~blank~» n’est utilisée par aucun KPI [unused-source]'),
        fr(
          'survey.kpi.yaml:4:18: error: impossible de lire les colonnes de «~data/empty.csv~» au format csv~: le fichier est vide~: la première ligne doit nommer les colonnes [unreadable-file]',
        ),
      ),
    );
    fs.writeFileSync(
      path.join(dir, 'run.kpi.yaml'),
      fs
        .readFileSync(path.join(dir, 'survey.kpi.yaml'), 'utf8')
        .replace('  blank: { file: data/empty.csv, time: day }\n', ''),
    );
    const run = await runCli(['run', 'run.kpi.yaml', '--locale', 'fr'], dir);
    // survey.csv line 3 (the header is line 1) holds 'not a date'.
    assert.ok(
      run.out.includes(
        fr(
          'run.kpi.yaml:3:42: warning: 1 valeur de la colonne «~answered_on~» de la source «~survey~» n’est pas une date (AAAA-MM-JJ) («~not a date~» en survey.csv:3)~: elle est lue comme vide~; les lignes sans date sont laissées de côté par les KPI~; si les dates sont écrites autrement, indiquez «~date_format~» ou «~timestamp_format~» dans la source (par ex. «~%d/%m/%Y~») [invalid-values]\n',
        ),
      ),
      run.out,
    );
    assert.ok(
      run.out.includes(
        fr(
          'run.kpi.yaml:9:45: warning: KPI «~nps~», du 2025-03-01 au 2025-03-05~: 1 réponse(s) ignorée(s), pas un entier de 0 à 10~: «~12~» en survey.csv:4 [invalid-values]\n',
        ),
      ),
      run.out,
    );
    const english = await runCli(['run', 'run.kpi.yaml', '--locale', 'en'], dir);
    assert.ok(
      english.out.includes(
        "run.kpi.yaml:9:45: warning: KPI 'nps', 2025-03-01..2025-03-05: 1 answer(s) skipped, not an integer 0..10: '12' at survey.csv:4 [invalid-values]\n",
      ),
      english.out,
    );
  });

  it('semantic checks, expression syntax and types, and quick-fix titles in French', async () => {
    applyCliLocale(['--locale', 'fr'], {});
    const diags = await diagnose(
      lines(
        'kpilens: 1',
        'sources:',
        '  orders: { file: data/orders.csv, time: order_date }',
        'periods:',
        '  monthly: { grain: month, last: 3, from: 2025-01-01 }',
        'kpis:',
        '  a: { type: count, source: ordres, period: monthly }',
        '  b: { type: count, source: orders, period: monthly, where: "amount > = 3" }',
        '  c: { type: count, source: orders, period: monthly, where: "amount + 1" }',
        '  d: { type: sum, source: orders, column: amount, period: monthly, target: { min: 5, max: 1 } }',
      ),
    );
    const messages = diags.map((d) => `${d.code}: ${d.message}`);
    assert.deepEqual(messages, [
      fr(
        'period-conflict: la période «~monthly~» a à la fois «~last~» et «~from~»~: utilisez «~last: N~» ou un intervalle from/to, pas les deux',
      ),
      fr('unknown-source: source inconnue «~ordres~»~; vouliez-vous dire «~orders~»~?'),
      fr('expr-syntax: valeur attendue après «~>~» au lieu de «~=~»'),
      fr(
        'expr-type: cette expression donne un nombre, mais elle doit donner true ou false pour chaque ligne (un filtre)',
      ),
      fr('target-range: la cible ne peut pas être atteinte pour le KPI «~d~»~: min (5) est supérieur à max (1)'),
    ]);
    const fix = diags.find((d) => d.code === 'unknown-source')?.fixes?.[0];
    assert.equal(fix?.title, fr('Remplacer par «~orders~»'));
  });

  it('kpilens test --locale fr: a failing expectation, expected against actual, in French', async () => {
    const file = 'test/fixtures/kpi-tests/failing.kpi.yaml';
    const french = await runCli(['test', file, '--locale', 'fr']);
    assert.equal(french.code, 1);
    // Scores 10, 9, 2: 2 promoters and 1 detractor of 3 → NPS = 100 × (2 − 1)/3 = 33.33…; expected 40.
    assert.ok(
      french.out.includes(
        fr(
          `      ${file}:30:12: nps (2025-03, toute la population)~: attendu 40, réel 33.33333333 (écart -6.666666667)\n`,
        ),
      ),
      french.out,
    );
    const english = await runCli(['test', file, '--locale', 'en']);
    assert.ok(
      english.out.includes(
        `      ${file}:30:12: nps (2025-03, whole population): expected 40, actual 33.33333333 (off by -6.666666667)\n`,
      ),
      english.out,
    );
  });

  it('a DuckDB worker that cannot load DuckDB: the parent words its failure in French (the worker has no translations)', async () => {
    // A copy of the compiled worker where `@duckdb/node-api` cannot be resolved: it must also
    // load without the l10n module (the worker's files stay free of it).
    const { workerPath, files } = isolatedWorkerCopy(path.join(dir, 'isolated'));
    assert.deepEqual(
      files.filter((f) => f.startsWith('l10n')),
      [],
      'the worker requires no l10n module',
    );
    applyCliLocale(['--locale', 'fr'], {});
    const engine = new DuckDbEngine({ allowedDirectories: [dir], workerPath });
    try {
      await assert.rejects(engine.query('SELECT 1'), (err: unknown) => {
        assert.ok(err instanceof EngineError && err.kind === 'unavailable', String(err));
        assert.match(err.message, new RegExp(`^${fr('le moteur DuckDB n’a pas pu être chargé~: ')}.*@duckdb/node-api`));
        return true;
      });
    } finally {
      await engine.close();
    }
  });

  it('a definition change in French words; the same change in English', () => {
    const model = (text: string) => buildModel('x.kpi.yaml', new YamlDocument('x.kpi.yaml', text).value);
    const base = lines(
      'kpilens: 1',
      'sources:',
      '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
      'periods:',
      '  monthly: { grain: month, last: 3 }',
      '  quarterly: { grain: quarter, last: 1 }',
      'segments:',
      '  channel: { by: channel }',
      'kpis:',
      '  revenue: { type: sum, source: orders, column: amount, period: monthly }',
      '  orders: { type: count, source: orders, period: monthly, segments: [channel] }',
    );
    const head = base
      .replace('column: amount, period: monthly }', `column: net_amount, period: quarterly, where: "status = 'paid'" }`)
      .replace('segments: [channel] }', 'segments: [] }');
    const words = () => compareSpecs(model(base), model(head)).kpis.map((k) => [k.name, k.changes]);
    const english = words();
    applyCliLocale(['--locale', 'fr'], {});
    assert.deepEqual(words(), [
      [
        'revenue',
        [fr(`filtre (ajout)~: status = 'paid'`), 'period monthly → quarterly', 'column (colonne) amount → net_amount'],
      ],
      ['orders', [fr('segments (suppression)~: channel')]],
    ]);
    // A presentation change (a description) leaves the KPIs that read it alone in French too: the change
    // line still starts with its label ("description (ajout) : …"), which is how presentation is told apart.
    const ratio = lines('  basket: { type: ratio, numerator: revenue, denominator: orders, period: monthly }');
    const titled = compareSpecs(
      model(base + ratio),
      model(
        base.replace(
          'column: amount, period: monthly }',
          'column: amount, period: monthly, description: Paid orders }',
        ) + ratio,
      ),
    );
    assert.deepEqual(
      titled.kpis.filter((k) => k.kind !== 'unchanged').map((k) => [k.name, k.kind, k.changes]),
      [['revenue', 'changed', [fr('description (ajout)~: Paid orders')]]],
    );
    useLocale('en', undefined);
    assert.deepEqual(english, [
      ['revenue', [`filter added: status = 'paid'`, 'period monthly → quarterly', 'column column amount → net_amount']],
      ['orders', ['segments removed: channel']],
    ]);
  });
});
