// The display locale: normalisation of what users and systems write, the CLI's order of sources,
// English as the fallback for languages without a bundle, and `t` translating through the bundle.
import * as assert from 'assert';
import * as l10n from '../../../src/core/l10n/l10n';
import { displayLocale, normalizeLocale, useLocale } from '../../../src/core/l10n/l10n';
import { applyCliLocale, localeOption, resolveCliLocale } from '../../../src/cli/locale';

describe('display locale', () => {
  afterEach(() => useLocale('en', undefined));

  it('normalises locale names', () => {
    assert.strictEqual(normalizeLocale('fr_FR.UTF-8'), 'fr-FR');
    assert.strictEqual(normalizeLocale('fr-fr'), 'fr-FR');
    assert.strictEqual(normalizeLocale('FR'), 'fr');
    assert.strictEqual(normalizeLocale('de_DE@euro'), 'de-DE');
    assert.strictEqual(normalizeLocale('C'), 'en');
    assert.strictEqual(normalizeLocale('POSIX'), 'en');
    assert.strictEqual(normalizeLocale(''), 'en');
    assert.strictEqual(normalizeLocale(undefined), 'en');
    assert.strictEqual(normalizeLocale('not a locale!'), 'en');
  });

  it('reads --locale first, then KPILENS_LOCALE, LC_ALL, LC_MESSAGES, LANG', () => {
    const env = { KPILENS_LOCALE: 'fr', LC_ALL: 'de_DE.UTF-8', LANG: 'en_US.UTF-8' };
    assert.strictEqual(resolveCliLocale(['run', 'x', '--locale', 'en'], env), 'en');
    assert.strictEqual(resolveCliLocale(['run', 'x', '--locale=fr_CA'], {}), 'fr-CA');
    assert.strictEqual(resolveCliLocale(['run', 'x'], env), 'fr');
    assert.strictEqual(
      resolveCliLocale(['run', 'x'], { LC_ALL: '', LC_MESSAGES: 'fr_FR.UTF-8', LANG: 'en_US' }),
      'fr-FR',
    );
    assert.strictEqual(resolveCliLocale(['run', 'x'], { LANG: 'C.UTF-8' }), 'en');
    assert.strictEqual(resolveCliLocale(['run', 'x'], {}), 'en');
    // Machine formats are the same in every language.
    assert.strictEqual(resolveCliLocale(['run', 'x', '--format', 'json', '--locale', 'fr'], {}), 'en');
    assert.strictEqual(resolveCliLocale(['check', '-f', 'sarif'], { LANG: 'fr_FR.UTF-8' }), 'en');
    assert.strictEqual(resolveCliLocale(['run', 'x', '--format=csv'], { KPILENS_LOCALE: 'fr' }), 'en');
    assert.strictEqual(resolveCliLocale(['run', 'x', '--format', 'md'], { KPILENS_LOCALE: 'fr' }), 'fr');
    assert.strictEqual(resolveCliLocale(['check', '--format', 'github'], { KPILENS_LOCALE: 'fr' }), 'fr');
    // After `--`, arguments are operands, not options.
    assert.strictEqual(localeOption(['run', '--', '--locale', 'fr']), undefined);
  });

  it('where LC_ALL, LC_MESSAGES and LANG are unset: LANGUAGE, then the system locale (Windows)', () => {
    // LANGUAGE is a list: its first language counts.
    assert.strictEqual(resolveCliLocale(['run', 'x'], { LANGUAGE: 'fr_FR:en' }, 'en-US'), 'fr-FR');
    assert.strictEqual(resolveCliLocale(['run', 'x'], { LANGUAGE: ':fr' }, 'en-US'), 'fr');
    // LANG set wins over both; set to C it means English, not "look further".
    assert.strictEqual(resolveCliLocale(['run', 'x'], { LANG: 'en_GB.UTF-8', LANGUAGE: 'fr' }, 'fr-FR'), 'en-GB');
    assert.strictEqual(resolveCliLocale(['run', 'x'], { LANG: 'C' }, 'fr-FR'), 'en');
    // Nothing in the environment (a Windows console): the system's locale as Intl reports it.
    assert.strictEqual(resolveCliLocale(['run', 'x'], {}, 'fr-FR'), 'fr-FR');
    assert.strictEqual(resolveCliLocale(['run', 'x'], { LANG: '' }, 'fr-CA'), 'fr-CA');
    assert.strictEqual(resolveCliLocale(['run', 'x'], {}, undefined), 'en');
    assert.strictEqual(applyCliLocale(['run', 'x'], {}, 'fr-FR'), 'fr-FR');
    assert.strictEqual(l10n.t('1 warning'), '1 avertissement');
    // Machine formats stay English whatever the system says.
    assert.strictEqual(resolveCliLocale(['run', 'x', '--format', 'json'], {}, 'fr-FR'), 'en');
  });

  it('translates through the French bundle and falls back to English for other languages', () => {
    assert.strictEqual(applyCliLocale(['--locale', 'fr'], {}), 'fr');
    assert.strictEqual(displayLocale(), 'fr');
    assert.strictEqual(l10n.t('1 warning'), '1 avertissement');
    assert.strictEqual(
      l10n.t('KPI Lens could not evaluate {0}: {1}', 'a.kpi.yaml', 'boom'),
      'KPI Lens n’a pas pu calculer a.kpi.yaml\u00a0: boom',
    );
    applyCliLocale(['--locale', 'de_DE'], {});
    assert.strictEqual(displayLocale(), 'en');
    assert.strictEqual(l10n.t('1 warning'), '1 warning');
    assert.strictEqual(
      l10n.t('KPI Lens could not evaluate {0}: {1}', 'a.kpi.yaml', 'boom'),
      'KPI Lens could not evaluate a.kpi.yaml: boom',
    );
  });
});
