// Tests of the escapes: HTML, Markdown, CSV fields and formula guard, terminal text; and text widths.
import { strict as assert } from 'assert';
import {
  csvField,
  escapeHtml,
  escapeMarkdown,
  escapeTerminal,
  guardCsvFormula,
} from '../../../src/core/report/render/escape';
import { displayWidth, truncate } from '../../../src/core/report/render/textWidth';

describe('report escape', () => {
  it('escapes the five HTML characters', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&amp;</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    assert.equal(escapeHtml('plain é ≥'), 'plain é ≥');
  });

  it('escapes Markdown markup, HTML, autolinks and line breaks', () => {
    assert.equal(escapeMarkdown('a|b'), 'a\\|b');
    assert.equal(
      escapeMarkdown('*x* _y_ `z` [l](u) ![i](s) ~~s~~ #h $m$ \\'),
      '\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\!\\[i\\](s) \\~\\~s\\~\\~ \\#h \\$m\\$ \\\\',
    );
    assert.equal(escapeMarkdown('<b>&'), '&lt;b&gt;&amp;');
    assert.equal(
      escapeMarkdown('see https://x.example or WWW.x.example'),
      'see https\\://x.example or WWW\\.x.example',
    );
    assert.equal(escapeMarkdown('one\r\ntwo\nthree\rfour'), 'one two three four');
    assert.equal(escapeMarkdown('2025-01-01..2025-06-30 5.2 %'), '2025-01-01..2025-06-30 5.2 %');
  });

  it('quotes CSV fields only when needed (RFC 4180)', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('a\nb'), '"a\nb"');
    assert.equal(csvField('a\rb'), '"a\rb"');
    assert.equal(csvField(''), '');
  });

  it('guards cells a spreadsheet would read as a formula', () => {
    for (const text of ['=1+1', '+1', '-1', '@x', '\tx', '\rx', '\nx']) assert.equal(guardCsvFormula(text), `'${text}`);
    for (const text of ['a=1', 'web', '', "'=1", ' =1']) assert.equal(guardCsvFormula(text), text);
  });

  it('neutralises terminal control characters and bidi overrides', () => {
    assert.equal(escapeTerminal('a\x1b[31mb\x07c\x9bd\u202ee\u2066f'), 'a\ufffd[31mb\ufffdc\ufffdd\ufffde\ufffdf');
    assert.equal(escapeTerminal('é ≥ ▲ 中'), 'é ≥ ▲ 中');
  });

  it('counts terminal width by East Asian Width: wide and fullwidth two, ambiguous one, combining marks none', () => {
    assert.equal(displayWidth('≥ é ▲'), 5);
    assert.equal(displayWidth('e\u0301'), 1);
    // 中 (Wide), 東京 (2 × Wide), ｱ is halfwidth katakana (1), Ａ fullwidth Latin (2).
    assert.equal(displayWidth('中'), 2);
    assert.equal(displayWidth('東京 store'), 10);
    assert.equal(displayWidth('ｱ'), 1);
    assert.equal(displayWidth('Ａ'), 2);
    // Emoji: 😀 (Wide), ❤️ (❤ + U+FE0F, shown as a picture), a ZWJ family, a flag (two regional indicators): two each.
    assert.equal(displayWidth('😀'), 2);
    assert.equal(displayWidth('\u2764\ufe0f'), 2);
    assert.equal(displayWidth('👨\u200d👩\u200d👧'), 2);
    assert.equal(displayWidth('🇫🇷'), 2);
    assert.equal(displayWidth('\u200b'), 0);
    assert.equal(truncate('abcdef', 4), 'abc…');
    assert.equal(truncate('abcd', 4), 'abcd');
    assert.equal(truncate('éé\u0301éé', 3), 'éé\u0301…');
    // Cutting never splits a wide character: 中文字 (6 columns) to 4 → 中 (2) + … (1) = 3 columns.
    assert.equal(truncate('中文字', 4), '中…');
    assert.equal(truncate('👨\u200d👩\u200d👧xyz', 4), '👨\u200d👩\u200d👧x…');
  });
});
