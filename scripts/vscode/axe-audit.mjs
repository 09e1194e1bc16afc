// The accessibility audit of the user-level e2e suite (e2e-report.mjs, e2e-report-export.mjs):
// axe-core's source read from the repo's node_modules, and a check that runs it with the WCAG 2.1
// AA rules over a page or a frame and throws Expect with every violation found.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Expect } from './workbench.mjs';

/** The rules of the accessibility audit: axe-core's WCAG 2.0 and 2.1, levels A and AA. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe-core's minified source (the devDependency `axe-core` of the repo), to inject. */
export function readAxeSource(repo) {
  const require = createRequire(import.meta.url);
  return fs.readFileSync(require.resolve('axe-core/axe.min.js', { paths: [repo] }), 'utf8');
}

/**
 * Runs axe-core (injected into the frame or page, whatever its CSP: DevTools evaluation) with the
 * WCAG 2.1 AA rules over the whole document, every <details> opened first so the tables behind the
 * charts are audited too. Throws with each violation's rule, impact, the elements and why.
 */
export async function expectNoAxeViolations(target, axeSource, what) {
  await target.evaluate(() => {
    for (const d of globalThis.document.querySelectorAll('details')) d.open = true;
  });
  await target.evaluate(axeSource);
  const violations = await target.evaluate(async (tags) => {
    const result = await globalThis.axe.run(globalThis.document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
      examples: v.nodes.slice(0, 8).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`),
    }));
  }, AXE_TAGS);
  if (violations.length > 0)
    throw new Expect(
      `${what}: ${violations.length} axe-core WCAG 2.1 AA violation(s): ${JSON.stringify(violations, null, 1)}`,
    );
}
