// The files generated from the code stay equal to it (`npm run docs`): the docs of KPI types
// and diagnostic codes, the language reference (from the JSON Schema) and the README's settings.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { headingAnchor, languageDoc } from '../../../scripts/languageDoc';
import { SETTINGS_END, SETTINGS_START, settingsTable, withSettings } from '../../../scripts/settingsDoc';
import { diagnosticsDoc, kpisDoc } from '../../../scripts/write-docs';
import { expressionsDoc } from '../../../scripts/expressionsDoc';
import { FUNCTIONS } from '../../../src/core/expr/functions';
import { buildSchema } from '../../../src/core/kpifile/buildSchema';
import { ALL_DIAGNOSTIC_CODES, ALL_RUN_DIAGNOSTIC_CODES } from '../../../src/core/kpifile/codes';
import { REPO_ROOT } from '../helpers';

describe('generated reference docs', () => {
  it('docs/kpis.md is up to date and gives every formula', () => {
    const onDisk = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'kpis.md'), 'utf8');
    assert.equal(onDisk, kpisDoc());
    assert.match(onDisk, /100 × \(#responses ≥ 9 − #responses ≤ 6\) \/ #valid responses/);
  });

  it('docs/diagnostics.md is up to date and lists every code', () => {
    const onDisk = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'diagnostics.md'), 'utf8');
    assert.equal(onDisk, diagnosticsDoc());
    for (const code of [...ALL_DIAGNOSTIC_CODES, ...ALL_RUN_DIAGNOSTIC_CODES])
      assert.ok(onDisk.includes(`\`${code}\``), code);
  });

  it('docs/expressions.md is up to date and gives the meaning of every function', () => {
    const onDisk = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'expressions.md'), 'utf8');
    assert.equal(onDisk, expressionsDoc());
    for (const f of FUNCTIONS) assert.match(onDisk, new RegExp(`^\\| \`[^|]*\\b${f.name}\\(`, 'm'), f.name);
    // The division of each dialect is a floating-point one: (CAST(a AS DOUBLE PRECISION) / NULLIF(b, 0)) in PostgreSQL.
    assert.ok(onDisk.includes('| PostgreSQL | `(CAST("a" AS DOUBLE PRECISION) / NULLIF("b", 0))` |'));
  });

  it('docs/language.md is up to date with the schema and names every section and field of it', () => {
    const onDisk = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'language.md'), 'utf8');
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', 'kpi.schema.json'), 'utf8')) as {
      properties: Record<string, unknown>;
      definitions: Record<string, { properties?: Record<string, unknown> }>;
    };
    assert.equal(onDisk, languageDoc(buildSchema()));
    assert.equal(onDisk, languageDoc(schema), 'the committed schema gives the same reference');
    const fieldRows = (name: string) => Object.keys(schema.definitions[name].properties ?? {});
    for (const key of Object.keys(schema.properties))
      assert.match(onDisk, new RegExp(`^\\| \`${key}\``, 'm'), `top-level ${key}`);
    for (const def of ['source', 'period', 'segment', 'defaults', 'target']) {
      for (const field of fieldRows(def)) assert.ok(onDisk.includes(`| \`${field}\``), `${def}.${field}`);
    }
    for (const [name, def] of Object.entries(schema.definitions).filter(([n]) => n.startsWith('kpi_'))) {
      const type = name.slice('kpi_'.length);
      const section = onDisk.slice(onDisk.indexOf(`#### \`${type}\``));
      assert.ok(section.length < onDisk.length, `a section for ${type}`);
      const next = section.indexOf('\n#### ', 1);
      const own = next < 0 ? section : section.slice(0, next);
      for (const field of Object.keys(def.properties ?? {}).filter((f) => f !== 'type'))
        assert.ok(own.includes(`\`${field}\``), `${type}.${field}`);
    }
  });

  it('docs/language.md links each KPI type to its heading in docs/kpis.md', () => {
    const language = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'language.md'), 'utf8');
    const anchors = new Set(
      fs
        .readFileSync(path.join(REPO_ROOT, 'docs', 'kpis.md'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('#'))
        .map((l) => headingAnchor(l.replace(/^#+ /, ''))),
    );
    const links = [...language.matchAll(/\(kpis\.md#([^)]+)\)/g)].map((m) => m[1]);
    assert.equal(links.length, 28);
    for (const l of links) assert.ok(anchors.has(l), l);
    assert.equal(headingAnchor('`nps` — Net Promoter Score'), 'nps--net-promoter-score');
  });

  it("README's Settings list every contributes.configuration property with its default, as `npm run docs` writes them", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default: unknown }> } };
    };
    const nls = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
    assert.equal(readme, withSettings(readme, settingsTable(manifest, nls)));
    assert.ok(!/%config\./.test(readme), 'the README shows the English texts, not the placeholders');
    const section = readme.slice(readme.indexOf(SETTINGS_START), readme.indexOf(SETTINGS_END));
    const props = Object.entries(manifest.contributes.configuration.properties);
    assert.ok(props.length >= 5);
    for (const [name, p] of props)
      assert.match(
        section,
        new RegExp(`^\\| \`${name.replace(/\./g, '\\.')}\` \\|.*\\| \`${JSON.stringify(p.default)}\``, 'm'),
        name,
      );
  });
});
