// A minimal French language pack for code-server, built and installed by run-tests.mjs for the
// `fr` suites (KPILENS_VSCODE_SUITE=fr / fr-vsix) into the run's temp dir D, never into the
// user's own VS Code or code-server folders.
//
// Why a pack is needed at all. code-server 4.139 (VS Code 1.139) resolves the display language
// like this (lib/vscode/out/server-main.js):
//   1. the workbench page: locale = --locale, else argv.json's "locale", else the
//      vscode.nls.locale cookie, else the browser's Accept-Language, else "en";
//   2. for a locale other than en, the translations come from
//      <user-data-dir>/languagepacks.json: an entry for that locale (or its prefix, fr-ca →
//      fr) whose translations.vscode file exists; VS Code merges it over nls.keys.json into
//      <user-data-dir>/clp/<hash>.fr/<commit>/nls.messages.json and the page loads that with
//      `_VSCODE_NLS_LANGUAGE = "fr"`;
//   3. with no such entry it falls back to English: the page's language stays "en", the
//      remote extension host is started with VSCODE_NLS_CONFIG.resolvedLanguage = "en", so
//      vscode.env.language === 'en', extensions' manifests use package.nls.json (not
//      package.nls.fr.json) and vscode.l10n loads no bundle. `--locale fr` alone, without a
//      pack, changes nothing (what the last session saw).
// With the pack below, the same chain yields "fr" everywhere: the workbench, the manifest
// (package.nls.fr.json, looked up by the server's extension scanner for the client's
// language) and the extension host (vscode.env.language === 'fr', l10n/bundle.l10n.fr.json).
//
// Why not Microsoft's French pack (MS-CEINTL.vscode-language-pack-fr): it is published on the
// VS Code Marketplace and Open VSX only, and this machine reaches the npm registry only. The one
// French VS Code translation on npm, @codingame/monaco-vscode-language-pack-fr (checked with
// `npm view` / `npm pack`, 25.1.2), is not a VS Code extension: its main translations are a
// bare array indexed by monaco-vscode-api's own build of VS Code 1.108 (the keys are gone), so
// it cannot be mapped onto code-server 1.139's nls.keys.json.
//
// Why languagepacks.json is written here: `code-server --install-extension` installs the pack
// (what a user does) but, run as a CLI, does not update languagepacks.json (only the running
// server's language-pack service does, on an install from the UI; coder/code-server#4735).
// code-server's own display-language e2e test writes that file in its setup too. We write it
// the way VS Code's LanguagePacksCache does: { fr: { hash, extensions, translations, label } },
// hash = md5 of the pack's id and version.
//
// What the pack translates: a handful of workbench strings only (see WORKBENCH_TRANSLATIONS),
// enough for the tests to tell "the workbench runs in French" from "KPI Lens is translated".
// Everything KPI Lens shows comes from its own package.nls.fr.json and l10n bundle.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { promisify } from 'node:util';

const run = promisify(execFile);
// vsce without what an outer `npm run` exported (scripts/npmEnv.ts; compiled before the suites run).
const { cleanNpmEnv } = createRequire(import.meta.url)('../../out/scripts/npmEnv.js');

export const LANGUAGE_PACK_ID = 'kpilens-tests.kpilens-test-language-pack-fr';
const VERSION = '1.0.0';

/**
 * Workbench strings of VS Code 1.139 (module → key → French), in French typography (a space
 * before the colon). The keys are those of lib/vscode/out/nls.keys.json.
 */
export const WORKBENCH_TRANSLATIONS = {
  // The command palette's "Category: Title" label.
  'vs/workbench/contrib/quickaccess/browser/commandsQuickAccess': { commandWithCategory: '{0} : {1}' },
  // The walkthrough picker's title ("Open Walkthrough...").
  'vs/workbench/contrib/welcomeGettingStarted/browser/gettingStarted': {
    pickWalkthroughs: 'Ouvrir la procédure pas à pas...',
  },
  'vs/workbench/contrib/welcomeGettingStarted/browser/gettingStarted.contribution': {
    'welcome.showAllWalkthroughs': 'Ouvrir la procédure pas à pas...',
    pickWalkthroughs: 'Sélectionner une procédure pas à pas à ouvrir',
  },
};

function manifest() {
  return {
    name: 'kpilens-test-language-pack-fr',
    displayName: 'KPI Lens tests: French language pack',
    description:
      'A minimal French language pack built by the KPI Lens test harness (scripts/vscode/french-language-pack.mjs).',
    publisher: 'kpilens-tests',
    version: VERSION,
    license: 'MIT',
    engines: { vscode: '^1.100.0' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [
        {
          languageId: 'fr',
          languageName: 'French',
          localizedLanguageName: 'français',
          translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
        },
      ],
    },
  };
}

/** Writes the pack's folder and packs it into a VSIX with the repository's vsce. */
async function buildVsix(repo, dir) {
  const src = path.join(dir, 'language-pack-fr');
  fs.mkdirSync(path.join(src, 'translations'), { recursive: true });
  fs.writeFileSync(path.join(src, 'package.json'), JSON.stringify(manifest(), null, 2));
  fs.writeFileSync(
    path.join(src, 'translations', 'main.i18n.json'),
    JSON.stringify({ version: VERSION, contents: WORKBENCH_TRANSLATIONS }, null, 2),
  );
  fs.writeFileSync(path.join(src, 'README.md'), '# French language pack for the KPI Lens tests\n');
  fs.writeFileSync(path.join(src, 'LICENSE'), 'MIT\n');
  const vsix = path.join(dir, 'language-pack-fr.vsix');
  const vsce = path.join(repo, 'node_modules', '@vscode', 'vsce', 'vsce');
  await run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', vsix], {
    cwd: src,
    env: cleanNpmEnv(process.env),
  });
  return vsix;
}

/** languagepacks.json as VS Code's LanguagePacksCache writes it for the installed pack. */
function languagePacksJson(installedDir) {
  const hash = createHash('md5').update(LANGUAGE_PACK_ID).update(VERSION).digest('hex');
  return {
    fr: {
      hash,
      extensions: [{ extensionIdentifier: { id: LANGUAGE_PACK_ID }, version: VERSION }],
      translations: { vscode: path.join(installedDir, 'translations', 'main.i18n.json') },
      label: 'français',
    },
  };
}

/**
 * Builds the pack in `dirs.D`, installs it with `code-server --install-extension` into
 * `dirs.extensions` and writes `dirs.userData`/languagepacks.json. `install(vsix)` is the
 * harness's bounded `--install-extension` run; it returns the installed folder's name.
 */
export async function installFrenchLanguagePack({ repo, dirs, install }) {
  const vsix = await buildVsix(repo, dirs.D);
  const installed = await install(vsix, 'kpilens-tests.kpilens-test-language-pack-fr-');
  const installedDir = path.join(dirs.extensions, installed);
  if (!fs.existsSync(path.join(installedDir, 'translations', 'main.i18n.json'))) {
    throw new Error(`the French language pack installed into ${installedDir} has no translations/main.i18n.json`);
  }
  fs.writeFileSync(path.join(dirs.userData, 'languagepacks.json'), JSON.stringify(languagePacksJson(installedDir)));
  return installed;
}
