// `kpilens diff --sql`: each affected KPI's SQL (as the engine ran it, both versions at one
// as_of) as a unified diff. Adding `status = 'paid'` to revenue changes exactly its
// aggregate line (a FILTER; a sum over a column the reader typed as a number runs no
// skipped-rows count); orders' SQL is the same: no diff.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import { diffKpiFile, renderDiff } from '../../../src/core/diff';
import type { SpecDiff } from '../../../src/core/diff';
import { shopFolder, shopSpec } from './diffFixture';

describe('diff --sql: the changed SQL as a unified diff (real DuckDB)', () => {
  let dir: string;
  let diff: SpecDiff;
  before(async () => {
    const folder = shopFolder('kpilens-diff-sql-');
    dir = folder.dir;
    diff = await diffKpiFile(folder.file, shopSpec(), shopSpec({ paid: true }), {
      dataRoot: dir,
      displayPath: 'shop.kpi.yaml',
      sql: true,
      baseLabel: 'main',
      headLabel: 'working tree',
    });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('revenue: the sum gains FILTER (WHERE ("status" = \'paid\')); nothing else changes', () => {
    const patch = diff.kpis.find((k) => k.name === 'revenue')?.sqlDiff ?? '';
    assert.match(patch, /^--- revenue\.sql\tmain\n\+\+\+ revenue\.sql\tworking tree\n/m);
    const removed = patch.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---'));
    const added = patch.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++'));
    // One statement changes, the values scan; its line differs only by the filter.
    assert.equal(removed.length, 1);
    assert.equal(added.length, 1);
    assert.equal(
      added[0],
      removed[0]
        .replace(
          'coalesce(sum((CASE WHEN isfinite(TRY_CAST("amount" AS DOUBLE)) THEN TRY_CAST("amount" AS DOUBLE) END)), 0)',
          'coalesce(sum((CASE WHEN isfinite(TRY_CAST("amount" AS DOUBLE)) THEN TRY_CAST("amount" AS DOUBLE) END)) FILTER (WHERE ("status" = \'paid\')), 0)',
        )
        .replace(/^-/, '+'),
    );
  });

  it('a KPI with the same SQL has none; the Markdown shows each patch in a collapsed diff block', () => {
    assert.equal(diff.kpis.find((k) => k.name === 'orders')?.sqlDiff, undefined);
    // average_basket runs revenue's aggregate as its numerator: its SQL changes too.
    assert.ok(diff.kpis.find((k) => k.name === 'average_basket')?.sqlDiff);
    const md = renderDiff(diff, 'md');
    assert.ok(md.includes('### Changed SQL\n\n<details>\n<summary>revenue</summary>\n\n```diff\n'), md);
    const json = JSON.parse(renderDiff(diff, 'json')) as { kpis: { name: string; sql_diff?: string }[] };
    assert.equal(
      json.kpis.find((k) => k.name === 'revenue')?.sql_diff,
      diff.kpis.find((k) => k.name === 'revenue')?.sqlDiff,
    );
  });
});
