// An unclosed quote (`key: "member_id` and the rest of the file after it) is reported where
// the quote opens, with the end of the file — where the parser gave up — as related
// information; the editor's incremental checker says the same.
import { strict as assert } from 'assert';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { IncrementalChecker } from '../../../src/core/kpifile/incrementalCheck';
import { lines, REPO_ROOT } from '../helpers';

const FILE = path.join(REPO_ROOT, 'samples', 'unclosed.kpi.yaml');

describe('an unclosed quote is reported where it opens', () => {
  for (const quote of ['"', "'"]) {
    it(`${quote}: at the quote (line 7, column 10), the end of the file as related information`, async () => {
      const text = lines(
        'kpilens: 1',
        'sources:',
        '  members: { file: data/members.csv, time: joined }',
        'kpis:',
        '  active:',
        '    type: count_distinct',
        `    key: ${quote}member_id`,
        '    source: members',
        '    period: monthly',
      );
      const check = await checkKpiFile(FILE, text, { data: false });
      const syntax = check.diagnostics.filter((d) => d.code === 'yaml-syntax');
      assert.ok(syntax.length >= 1, JSON.stringify(check.diagnostics));
      const d = syntax[0];
      // Line 7 is `    key: "member_id`: the quote is its 10th character, the line ends after the 19th.
      assert.deepEqual(d.range.start, { line: 7, column: 10 });
      assert.deepEqual(d.range.end, { line: 7, column: 20 });
      assert.match(d.message, /missing closing/);
      // The end of the file: after the last line's newline (line 10, column 1).
      assert.equal(d.related?.length, 1);
      assert.deepEqual(d.related?.[0].range.start, { line: 10, column: 1 });
      assert.equal(d.related?.[0].message, 'the quoted text runs on to here');
      const incremental = await new IncrementalChecker().check(FILE, text, { data: false });
      assert.deepEqual(incremental.diagnostics, check.diagnostics);
    });
  }
});
