# Sourced by the install scripts that run npm themselves (scripts/vscode/install.sh).
# `clean_npm_env` removes from the current shell what an outer `npm run` put in the
# environment, so an inner `npm install` configures itself from npm's own config files as
# it would from a shell. Under `npm run`, npm exports its whole resolved configuration as
# lowercase `npm_config_*` variables, plus `npm_package_*`, `npm_lifecycle_*`, `npm_execpath`,
# `npm_node_execpath`, `NODE`, `INIT_CWD`, and puts `node_modules/.bin` and its node-gyp shim
# first on PATH. An inner npm reads those variables as its own configuration: the outer
# `npm_config_user_agent` ("npm/… node/v20 …") made code-server's postinstall refuse to
# install under Node 24. Kept: the registry, proxy, TLS, auth-file and cache settings (a user
# may have set them in the environment, and they say where and how to reach the registry),
# and every uppercase NPM_CONFIG_* variable (only a user sets those).
# The same rule in TypeScript: scripts/npmEnv.ts (test/unit/packaging/npmEnv.test.ts checks
# that both give the same environment).

# Lowercase npm_config_* keys that survive (`npm_config_@scope:registry` too).
NPM_ENV_KEEP_RE='^npm_config_(registry|@[^:]+:registry|proxy|https_proxy|http_proxy|noproxy|cafile|ca|cert|key|strict_ssl|userconfig|globalconfig|cache|offline|prefer_offline|prefer_online|fetch_retries|fetch_retry_mintimeout|fetch_retry_maxtimeout|fetch_timeout)$'

clean_npm_env() {
  local name
  while IFS= read -r name; do
    case "$name" in
      npm_*) [[ "$name" =~ $NPM_ENV_KEEP_RE ]] || unset "$name" ;;
      NODE|INIT_CWD) unset "$name" ;;
    esac
  done < <(compgen -e)
  # PATH entries that `npm run` prepends: every node_modules/.bin up the tree, and the
  # node-gyp shim of the outer npm.
  local out="" entry
  local IFS=':'
  for entry in $PATH; do
    case "$entry" in
      */node_modules/.bin|*/@npmcli/run-script/lib/node-gyp-bin) ;;
      *) out="${out:+$out:}$entry" ;;
    esac
  done
  PATH="$out"
  export PATH
}
