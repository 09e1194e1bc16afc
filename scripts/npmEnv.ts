// The environment for an npm that a script of ours runs itself (`npm pack`, vsce's `npm
// list`): what an outer `npm run` exported is removed, so the inner npm configures itself
// from npm's own config files as it would from a shell. The rule and its reasons are those of
// scripts/lib/npm-env.sh (install.sh's inner `npm install`); test/unit/packaging/npmEnv.test.ts
// checks that both give the same environment.

/** Lowercase `npm_config_*` keys that survive: where and how to reach the registry. */
const KEEP =
  /^npm_config_(registry|@[^:]+:registry|proxy|https_proxy|http_proxy|noproxy|cafile|ca|cert|key|strict_ssl|userconfig|globalconfig|cache|offline|prefer_offline|prefer_online|fetch_retries|fetch_retry_mintimeout|fetch_retry_maxtimeout|fetch_timeout)$/;

/** PATH entries that `npm run` prepends. */
function addedByNpmRun(entry: string): boolean {
  return entry.endsWith('/node_modules/.bin') || entry.endsWith('/@npmcli/run-script/lib/node-gyp-bin');
}

/** A copy of `env` without what an outer `npm run` put in it. */
export function cleanNpmEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('npm_') && !KEEP.test(name)) continue;
    if (name === 'NODE' || name === 'INIT_CWD') continue;
    out[name] = value;
  }
  if (out.PATH !== undefined)
    out.PATH = out.PATH.split(':')
      .filter((e) => !addedByNpmRun(e))
      .join(':');
  return out;
}
