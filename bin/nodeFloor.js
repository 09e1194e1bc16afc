// The oldest Node.js the CLI runs on, read from package.json's `engines.node` (`>=22.12.0`: the
// bundled commander 15 and the tests' require() of ES modules need it), and the one line
// bin/kpilens.js prints instead of a crash when an older Node runs it. Plain CommonJS without
// newer syntax, so that any old Node parses this file. The text is English or French by the
// CLI's rule (src/cli/locale.ts: --locale, KPILENS_LOCALE, LC_ALL, LC_MESSAGES, LANG, LANGUAGE,
// then the system's locale); it cannot go through l10n.t, which lives in the bundle that this
// check keeps old Nodes from loading.
'use strict';

/** `[major, minor, patch]` of a `>=X.Y.Z` range (`>=22`, `>=22.12` too); undefined otherwise. */
function floorOf(range) {
  const m = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(String(range).trim());
  return m ? [Number(m[1]), Number(m[2] || 0), Number(m[3] || 0)] : undefined;
}

/** True when `version` (`v20.20.2` or `20.20.2`) is at least `floor`. */
function satisfies(version, floor) {
  const parts = String(version).replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const have = parts[i] || 0;
    if (have !== floor[i]) return have > floor[i];
  }
  return true;
}

/** The CLI's language for this command line and environment: 'fr' or 'en'. */
function languageOf(argv, env) {
  let option;
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    if (argv[i] === '--locale') option = argv[i + 1];
    else if (argv[i].indexOf('--locale=') === 0) option = argv[i].slice('--locale='.length);
  }
  const language = (env.LANGUAGE || '').split(':').filter((l) => l.trim() !== '')[0];
  let system;
  try {
    system = Intl.DateTimeFormat().resolvedOptions().locale;
  } catch (e) {
    system = undefined;
  }
  const chosen = [option, env.KPILENS_LOCALE, env.LC_ALL, env.LC_MESSAGES, env.LANG, language, system].filter(
    (v) => v !== undefined && v !== '',
  )[0];
  return /^fr([-_.@]|$)/i.test(String(chosen || '')) ? 'fr' : 'en';
}

/**
 * The line to print when this Node is older than `range` (package.json's engines.node), or
 * undefined when it is recent enough (or the range is not a plain `>=`).
 */
function nodeFloorProblem(range, version, execPath, argv, env) {
  const floor = floorOf(range);
  if (floor === undefined || satisfies(version, floor)) return undefined;
  const need = floor.join('.');
  if (languageOf(argv, env) === 'fr')
    return (
      'kpilens\u00a0: Node.js ' +
      need +
      ' ou plus récent est nécessaire, celui-ci est ' +
      version +
      ' (' +
      execPath +
      ')\u00a0; installez un Node.js plus récent (dans le dépôt de KPI Lens, `npm run` et `npx` prennent celui que `npm install` y installe)'
    );
  return (
    'kpilens: needs Node.js ' +
    need +
    ' or later, this is ' +
    version +
    ' (' +
    execPath +
    '); install a newer Node.js (in the KPI Lens repository, `npm run` and `npx` use the one `npm install` puts there)'
  );
}

module.exports = { floorOf, satisfies, languageOf, nodeFloorProblem };
