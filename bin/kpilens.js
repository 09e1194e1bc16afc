#!/usr/bin/env node
// The `kpilens` command: runs the bundled CLI (built by `npm run build` into dist/cli.js).
'use strict';
const path = require('path');
const fs = require('fs');
const { nodeFloorProblem } = require('./nodeFloor');
const problem = nodeFloorProblem(
  require('../package.json').engines.node,
  process.version,
  process.execPath,
  process.argv.slice(2),
  process.env,
);
if (problem !== undefined) {
  process.stderr.write(problem + '\n');
  process.exit(2);
}
// V8's compiled code of the bundle is kept between runs (in the system's temporary folder;
// NODE_DISABLE_COMPILE_CACHE=1 turns it off): every command starts about 30 ms sooner.
require('module').enableCompileCache?.();
const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('kpilens: dist/cli.js is missing; run `npm run build` first\n');
  process.exit(2);
}
// `kpilens run` forks DuckDB's child first: Node and DuckDB load in it while this process reads
// and compiles the bundle, which takes that child (dist/spareWorker.js, one module for both).
if (process.argv[2] === 'run') {
  try {
    require('../dist/spareWorker.js').prespawnWorker(path.join(__dirname, '..', 'dist', 'duckdbWorker.js'));
  } catch {
    // An older build without it: the bundle forks the child itself.
  }
}
// A reader that stops reading (`kpilens check | head -1`): the rest has nowhere to go. End
// quietly, as command-line tools do on a closed pipe, rather than with Node's EPIPE stack trace.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
require(bundle)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
