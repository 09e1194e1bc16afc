// Mocha reporter: mocha's "spec" output, then the plain closing line "N passed, N failed"
// (with ", N skipped") that CI reads to count the tests that ran.
'use strict';
const Mocha = require('mocha');
const { Spec } = Mocha.reporters;
const { EVENT_RUN_END } = Mocha.Runner.constants;

class KpiLensReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats || { passes: 0, failures: 0, pending: 0 };
      const skipped = s.pending ? `, ${s.pending} skipped` : '';
      process.stdout.write(`\ntests: ${s.passes} passed, ${s.failures} failed${skipped}\n`);
    });
  }
}
module.exports = KpiLensReporter;
