// Tests of renderResult: every output format is reachable by its name.
import { strict as assert } from 'assert';
import { isOutputFormat, OUTPUT_FORMATS, renderResult } from '../../../src/core/report/render/index';
import { renderCsv } from '../../../src/core/report/render/csv';
import { renderHtml } from '../../../src/core/report/render/html';
import { renderJson } from '../../../src/core/report/render/json';
import { renderMarkdown } from '../../../src/core/report/render/markdown';
import { renderTable } from '../../../src/core/report/render/table';
import { loyalty } from './sampleResults';

describe('report renderResult', () => {
  it('lists the formats of `kpilens run --format`', () => {
    assert.deepEqual([...OUTPUT_FORMATS], ['table', 'json', 'csv', 'md', 'html']);
    assert.equal(isOutputFormat('md'), true);
    assert.equal(isOutputFormat('markdown'), false);
  });

  it('dispatches to each renderer', () => {
    const result = loyalty();
    assert.equal(renderResult(result, 'table'), renderTable(result));
    assert.equal(renderResult(result, 'table', { color: true }), renderTable(result, { color: true }));
    assert.equal(renderResult(result, 'json'), renderJson(result));
    assert.equal(renderResult(result, 'csv'), renderCsv(result));
    assert.equal(renderResult(result, 'md'), renderMarkdown(result));
    assert.equal(renderResult(result, 'html'), renderHtml(result));
  });
});
