// Loading the core does no costly work up front: the modules every command, language server
// and extension host loads create no Intl object when they load (the first one initialises
// ICU, about 25 ms) and do not load ajv (the schema's validator is compiled at build time; ajv
// is only needed without it). Each module is loaded in a fresh Node process whose Intl
// constructors count their calls.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';

const OUT = path.join(__dirname, '..', '..', '..');

/** Loads `modules` (paths under out/) in a fresh process: the Intl objects made and whether ajv was loaded. */
function loadFresh(modules: string[]): { intl: string[]; ajv: boolean } {
  const script = `
    const made = [];
    for (const name of ['NumberFormat', 'DateTimeFormat', 'Segmenter', 'PluralRules', 'Collator']) {
      const Real = Intl[name];
      Intl[name] = new Proxy(Real, { construct(target, args) { made.push(name); return Reflect.construct(target, args); } });
    }
    for (const m of ${JSON.stringify(modules.map((m) => path.join(OUT, m)))}) require(m);
    const ajv = Object.keys(require.cache).some((k) => k.split(require('path').sep).join('/').includes('/node_modules/ajv/'));
    process.stdout.write(JSON.stringify({ intl: made, ajv }));
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as {
    intl: string[];
    ajv: boolean;
  };
}

describe('startup: loading the core does no costly work up front', function () {
  this.timeout(30_000);

  it('the number and text formatting modules create no Intl object when loaded', () => {
    const loaded = loadFresh(['src/core/report/formatValue.js', 'src/core/report/render/textWidth.js']);
    assert.deepEqual(loaded.intl, []);
  });

  it('the schema validation module does not load ajv when loaded', () => {
    const loaded = loadFresh(['src/core/kpifile/schemaValidation.js']);
    assert.equal(loaded.ajv, false);
  });

  it('the KPI file check and the run load neither', () => {
    const loaded = loadFresh(['src/core/kpifile/checkFile.js', 'src/core/run/runKpiFile.js']);
    assert.deepEqual(loaded, { intl: [], ajv: false });
  });

  it("the CLI's locale reads the system's (ICU) only when no option or variable names one", () => {
    const made = (args: string[], env: Record<string, string>) => {
      const script = `
        const made = [];
        const Real = Intl.DateTimeFormat;
        Intl.DateTimeFormat = new Proxy(Real, { apply(t, self, a) { made.push('DateTimeFormat'); return Reflect.apply(t, self, a); }, construct(t, a) { made.push('DateTimeFormat'); return Reflect.construct(t, a); } });
        const { applyCliLocale } = require(${JSON.stringify(path.join(OUT, 'src/cli/locale.js'))});
        const locale = applyCliLocale(${JSON.stringify(args)}, ${JSON.stringify(env)});
        process.stdout.write(JSON.stringify({ locale, made }));
      `;
      return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as {
        locale: string;
        made: string[];
      };
    };
    assert.deepEqual(made(['run', 'x'], { LANG: 'fr_FR.UTF-8' }), { locale: 'fr-FR', made: [] });
    assert.deepEqual(made(['run', 'x', '--format', 'json'], {}), { locale: 'en', made: [] });
    assert.deepEqual(made(['run', 'x'], { LANG: 'C.UTF-8' }), { locale: 'en', made: [] });
    // Nothing names one: the system's locale is read (Node's default here is English).
    assert.deepEqual(made(['run', 'x'], {}).made, ['DateTimeFormat']);
  });

  it('formatting still works once asked (the objects are made on first use; validation: every check test)', () => {
    const script = `
      const { formatCompact } = require(${JSON.stringify(path.join(OUT, 'src/core/report/formatValue.js'))});
      const { displayWidth } = require(${JSON.stringify(path.join(OUT, 'src/core/report/render/textWidth.js'))});
      process.stdout.write(JSON.stringify([formatCompact(250000), formatCompact(1234567), displayWidth('中é')]));
    `;
    assert.deepEqual(JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })), [
      '250K',
      '1.2M',
      3,
    ]);
  });
});
