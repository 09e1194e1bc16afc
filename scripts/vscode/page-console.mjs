// The workbench page's console for run-tests.mjs: the test run's own lines (marked by
// test/vscode/index.ts's OUTPUT_MARK) relayed to stdout, everything else (and page errors) into
// D/browser-console.log, every message also as JSON lines when KPILENS_VSCODE_RAW_CONSOLE is set.
import fs from 'node:fs';
import process from 'node:process';
import util from 'node:util';

/** printf-like formatting of a console call's arguments, %c (CSS) dropped. */
function formatConsole(values) {
  if (values.length === 0) return '';
  return util.format(...values.map((v) => (v === undefined ? 'undefined' : v)));
}

/** The prefix of the test run's own lines (test/vscode/index.ts's OUTPUT_MARK). */
const OUTPUT_MARK = '[vscode-test] ';

/**
 * The extension host's console output reaches the page console among the workbench's own
 * logs, as `console.log('%c INFO', css, ...args)`. The tests' lines are those whose text
 * starts with OUTPUT_MARK: returns that text without the mark, else undefined.
 */
function testOutput(values) {
  if (values.length < 3 || typeof values[0] !== 'string' || !/^%c\s*INFO\s*$/.test(values[0])) return undefined;
  const text = formatConsole(values.slice(2));
  return text.startsWith(OUTPUT_MARK) ? text.slice(OUTPUT_MARK.length) : undefined;
}

/**
 * Relays the page's console as above, `rawLog` (a file or undefined) receiving every message.
 * Messages are handled in order (each one's values are fetched asynchronously): the function
 * returned gives the promise of the messages received so far all handled.
 */
export function relayPageConsole(page, browserLog, rawLog) {
  let consoleQueue = Promise.resolve();
  page.on('console', (msg) => {
    consoleQueue = consoleQueue
      .then(async () => {
        const values = await Promise.all(msg.args().map((a) => a.jsonValue().catch(() => a.toString())));
        if (rawLog) fs.appendFileSync(rawLog, JSON.stringify({ type: msg.type(), values }) + '\n');
        const text = testOutput(values);
        if (text !== undefined) process.stdout.write(`${text}\n`);
        else {
          const where = msg.type() === 'error' && msg.location()?.url ? ` (${msg.location().url})` : '';
          fs.appendFileSync(
            browserLog,
            `[${msg.type()}] ${values.length ? formatConsole(values) : msg.text()}${where}\n`,
          );
        }
      })
      .catch((err) => fs.appendFileSync(browserLog, `[run-tests] console relay failed: ${err}\n`));
  });
  page.on('pageerror', (err) => fs.appendFileSync(browserLog, `[pageerror] ${err.stack ?? err}\n`));
  return () => consoleQueue;
}
