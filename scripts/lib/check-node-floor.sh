#!/usr/bin/env bash
# Prints which Node.js the npm scripts of this repository run on, and exits 1 when it is older
# than package.json's engines.node (the check of bin/kpilens.js, bin/nodeFloor.js). Run it
# through npm so that it sees the scripts' PATH:
#   npm exec --call 'bash scripts/lib/check-node-floor.sh'
# (.ci/run does, right after `npm ci`). The machine's Node may be older: the devDependency `node`
# puts a Node 22 first on that PATH (node_modules/.bin/node). This catches an install that
# skipped that package's preinstall script (`--ignore-scripts`, a denied allowScripts entry),
# which would otherwise leave every script on the machine's Node without a word.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
node -e '
const { floorOf, satisfies } = require("./bin/nodeFloor");
const range = require("./package.json").engines.node;
const floor = floorOf(range);
const where = process.version + " (" + process.execPath + ")";
if (floor === undefined) {
  console.error("check-node-floor: engines.node " + JSON.stringify(range) + " is not a plain >=X.Y.Z range");
  process.exit(1);
}
if (!satisfies(process.version, floor)) {
  console.error("check-node-floor: error: npm scripts run on Node.js " + where + ", older than engines.node " + range +
    ": node_modules/node/bin/node is missing (its install script skipped?); run npm ci again with install scripts allowed");
  process.exit(1);
}
console.log("check-node-floor: npm scripts run on Node.js " + where + ", engines.node " + range);
'
