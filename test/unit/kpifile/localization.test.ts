// The extension speaks English and French: every `%key%` of package.json has its English text
// (package.nls.json) and its French one (package.nls.fr.json), and every message the extension
// passes to vscode.l10n.t has a French translation in l10n/bundle.l10n.fr.json with the same
// {n} placeholders. Messages shown to users (showXxxMessage, progress titles, quick picks) go
// through vscode.l10n.t, never as a bare string.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../helpers';

const read = (...p: string[]) => fs.readFileSync(path.join(REPO_ROOT, ...p), 'utf8');
const json = (...p: string[]) => JSON.parse(read(...p)) as Record<string, string>;

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort();
}

function extensionSources(): Array<{ file: string; text: string }> {
  const dir = path.join(REPO_ROOT, 'src', 'extension');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

describe('localization (English, French)', () => {
  it('every %key% of package.json is in package.nls.json and package.nls.fr.json, and nothing else is', () => {
    const keys = [...read('package.json').matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length >= 25, `${keys.length} keys`);
    const en = json('package.nls.json');
    const fr = json('package.nls.fr.json');
    for (const k of keys) {
      assert.ok(en[k], `package.nls.json lacks ${k}`);
      assert.ok(fr[k], `package.nls.fr.json lacks ${k}`);
      assert.notEqual(fr[k], en[k] === 'KPI Lens' ? '' : en[k], `${k} is not translated`);
    }
    assert.deepEqual(Object.keys(fr).sort(), Object.keys(en).sort());
    assert.deepEqual([...new Set(keys)].sort(), Object.keys(en).sort());
    // Every command title is a placeholder: the palette shows them in the user's language.
    const manifest = JSON.parse(read('package.json')) as { contributes: { commands: Array<{ title: string }> } };
    for (const c of manifest.contributes.commands) assert.match(c.title, /^%command\.[A-Za-z]+\.title%$/);
  });

  it('every vscode.l10n.t message of the extension has a French translation with the same placeholders', () => {
    const fr = json('l10n', 'bundle.l10n.fr.json');
    const used = new Set<string>();
    for (const { file, text } of extensionSources()) {
      for (const m of text.matchAll(/vscode\.l10n\.t\(\s*('((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g)) {
        const message = m[2] ?? m[3];
        used.add(message);
        assert.ok(fr[message] !== undefined, `${file}: no French for '${message}'`);
        assert.deepEqual(placeholders(fr[message]), placeholders(message), `${file}: placeholders of '${message}'`);
      }
      assert.ok(
        !/vscode\.l10n\.t\(\s*`/.test(text),
        `${file}: a template literal as an l10n key (use {0} placeholders)`,
      );
    }
    assert.ok(used.size >= 30, `${used.size} messages`);
    // Unused translations are found over every source (core, CLI, webview too) by test/unit/l10n/bundleKeys.test.ts.
  });

  it('user-facing messages of the extension go through vscode.l10n.t', () => {
    for (const { file, text } of extensionSources()) {
      for (const m of text.matchAll(/show(?:Information|Warning|Error)Message\(\s*(['"`])/g))
        assert.fail(`${file}: ${m[0]}… is not localized`);
      for (const m of text.matchAll(/\b(?:placeHolder|prompt|tooltip): (['"`])/g))
        assert.fail(`${file}: ${m[0]}… is not localized`);
      for (const m of text.matchAll(/\btitle: `KPI Lens/g)) assert.fail(`${file}: ${m[0]}… is not localized`);
    }
  });
});
