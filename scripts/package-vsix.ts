// Builds one VSIX per platform (`npm run package`, after `tsc` and `esbuild --production`):
// for each target a staging folder build/vsix/<target>/ with the bundle (dist/), the schema,
// the sample, the media, README/CHANGELOG/LICENSE, a trimmed package.json and a node_modules
// holding only what the bundle loads at run time (scripts/packaging/vsixRules.ts), then
// `vsce package --dependencies --target <t>` into dist-vsix/ (vsce's `--no-dependencies` leaves
// node_modules out entirely; with `--dependencies` it takes what `npm list --production` finds
// in the staged node_modules, which holds the run-time packages only). The target's DuckDB binding
// comes from `npm pack` (cached outside git in $KPILENS_BINDINGS_CACHE, default
// ~/.cache/kpilens-duckdb-bindings); macOS's universal libduckdb.dylib is thinned to the
// target's architecture. Fails (exit 1) when a native file outside the allow-list appears, a
// VSIX holds a path outside the allow-list, misses a required file, or weighs 30 MB or more.
// Both npm runs (`npm pack`, vsce's `npm list`) get an environment without what an outer
// `npm run package` exported (scripts/npmEnv.ts).
// Usage: node out/scripts/package-vsix.js [--target <t>]...   Writes dist-vsix/sizes.json.
// Exit codes: 0 packaged and checked, 1 a check or a step failed, 2 wrong usage.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { thinUniversal } from './packaging/machO';
import {
  bindingPackage,
  checkNativeFiles,
  checkVsixEntries,
  DUCKDB_BINDINGS_VERSION,
  duckdbLibrary,
  isTarget,
  type Manifest,
  MAX_VSIX_BYTES,
  missingVsixEntries,
  readmeBaseUrls,
  runtimePackages,
  stagedManifest,
  type Target,
  TARGETS,
  vsixName,
} from './packaging/vsixRules';
import { zipEntries } from './packaging/zipEntries';
import { cleanNpmEnv } from './npmEnv';

const REPO = path.resolve(__dirname, '..', '..');
const STAGING = path.join(REPO, 'build', 'vsix');
const OUT_DIR = path.join(REPO, 'dist-vsix');
const CACHE = process.env.KPILENS_BINDINGS_CACHE || path.join(os.homedir(), '.cache', 'kpilens-duckdb-bindings');

/** The files and folders of the repository copied into every staging folder. */
const COPIED = [
  'dist/extension.js',
  'dist/duckdbWorker.js',
  'dist/exceljs.js',
  'dist/iconv-lite.js',
  'dist/pg.js',
  'dist/jsonc-parser.js',
  'dist/kpi-schema-validator.js',
  'dist/webview',
  'schemas',
  'samples/loyalty.kpi.yaml',
  'samples/data',
  'media',
  'l10n',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
];

/** Left out of every VSIX: source maps, TypeScript declarations, the folders' notes for developers, the icon's source. */
const VSCODEIGNORE = ['**/*.map', '**/*.ts', '**/CONTEXT.md', 'media/icon.svg', '.vscodeignore', ''].join('\n');

class PackagingError extends Error {}
/** A wrong command line: exit 2. */
class UsageError extends PackagingError {}

function say(line: string): void {
  process.stdout.write(`package: ${line}\n`);
}

function filesUnder(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(full, base));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

/** The target's binding package tarball, fetched once with `npm pack` into the cache. */
function bindingTarball(target: Target): string {
  // npm pack names it after the package: @duckdb/node-bindings-linux-x64-musl → duckdb-node-bindings-linux-x64-musl-<version>.tgz.
  const file = path.join(CACHE, `${bindingPackage(target).slice(1).replace('/', '-')}-${DUCKDB_BINDINGS_VERSION}.tgz`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(CACHE, { recursive: true });
    say(`npm pack ${bindingPackage(target)}@${DUCKDB_BINDINGS_VERSION} into ${CACHE}`);
    execFileSync('npm', ['pack', `${bindingPackage(target)}@${DUCKDB_BINDINGS_VERSION}`, '--silent'], {
      cwd: CACHE,
      env: cleanNpmEnv(process.env),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (!fs.existsSync(file)) throw new PackagingError(`npm pack did not write ${file}`);
  }
  return file;
}

function copyPackage(name: string, nodeModules: string): void {
  const from = path.join(REPO, 'node_modules', name);
  if (!fs.existsSync(path.join(from, 'package.json')))
    throw new PackagingError(`node_modules/${name} is missing: run 'npm ci'`);
  fs.cpSync(from, path.join(nodeModules, name), { recursive: true });
}

function packageVersion(dir: string): string {
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

function stage(target: Target, manifest: Manifest): string {
  const dir = path.join(STAGING, target);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const rel of COPIED) {
    const from = path.join(REPO, rel);
    if (!fs.existsSync(from))
      throw new PackagingError(`${rel} is missing (run 'npm run build' / 'npm run icon' first)`);
    fs.cpSync(from, path.join(dir, rel), { recursive: true });
  }
  for (const f of fs.readdirSync(REPO).filter((n) => /^package\.nls(\.[a-z-]+)?\.json$/.test(n)))
    fs.copyFileSync(path.join(REPO, f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(stagedManifest(manifest), null, 2) + '\n');
  fs.writeFileSync(path.join(dir, '.vscodeignore'), VSCODEIGNORE);

  const nodeModules = path.join(dir, 'node_modules');
  for (const name of runtimePackages(target).filter((n) => n !== bindingPackage(target)))
    copyPackage(name, nodeModules);
  const pinned = (manifest.dependencies as Record<string, string>)['@duckdb/node-api'];
  for (const name of ['@duckdb/node-api', '@duckdb/node-bindings']) {
    const v = packageVersion(path.join(nodeModules, name));
    if (v !== pinned || v !== DUCKDB_BINDINGS_VERSION)
      throw new PackagingError(
        `node_modules/${name} is ${v}, expected ${DUCKDB_BINDINGS_VERSION} (package.json pins ${pinned}): run 'npm ci'`,
      );
  }
  const binding = path.join(nodeModules, bindingPackage(target));
  fs.mkdirSync(binding, { recursive: true });
  execFileSync('tar', ['xzf', bindingTarball(target), '-C', binding, '--strip-components=1']);
  if (packageVersion(binding) !== DUCKDB_BINDINGS_VERSION)
    throw new PackagingError(
      `${bindingPackage(target)} is ${packageVersion(binding)}, expected ${DUCKDB_BINDINGS_VERSION}`,
    );
  if (target.startsWith('darwin-')) {
    const lib = path.join(binding, duckdbLibrary(target));
    fs.writeFileSync(lib, thinUniversal(fs.readFileSync(lib), target === 'darwin-arm64' ? 'arm64' : 'x64'));
  }
  const problems = checkNativeFiles(filesUnder(nodeModules), target);
  if (problems.length) throw new PackagingError(`native-dependency guard:\n  ${problems.join('\n  ')}`);
  return dir;
}

function runVsce(dir: string, target: Target, out: string, base: { content: string; images: string }): void {
  const vsce = path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(
    process.execPath,
    [
      vsce,
      'package',
      '--dependencies',
      '--target',
      target,
      '--out',
      out,
      '--baseContentUrl',
      base.content,
      '--baseImagesUrl',
      base.images,
    ],
    { cwd: dir, env: cleanNpmEnv(process.env), stdio: ['ignore', 'inherit', 'inherit'] },
  );
}

function verify(vsix: string, target: Target): number {
  const size = fs.statSync(vsix).size;
  const names = zipEntries(fs.readFileSync(vsix)).map((e) => e.name);
  const problems = [
    ...checkVsixEntries(names, target),
    ...missingVsixEntries(names, target).map((m) => `missing ${m}`),
  ];
  if (size >= MAX_VSIX_BYTES)
    problems.push(`${path.basename(vsix)} weighs ${size} bytes, the limit is ${MAX_VSIX_BYTES}`);
  if (problems.length) throw new PackagingError(`${path.basename(vsix)}:\n  ${problems.join('\n  ')}`);
  return size;
}

function parseTargets(argv: string[]): Target[] {
  const chosen: Target[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--target')
      throw new UsageError(`unknown argument ${argv[i]} (usage: package-vsix [--target <${TARGETS.join('|')}>]...)`);
    const t = argv[++i] ?? '';
    if (!isTarget(t)) throw new UsageError(`unknown target '${t}' (one of ${TARGETS.join(', ')})`);
    chosen.push(t);
  }
  return chosen.length ? chosen : [...TARGETS];
}

function main(): void {
  const targets = parseTargets(process.argv.slice(2));
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;
  const version = String(manifest.version);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const sizes: Record<string, number> = {};
  for (const target of targets) {
    const dir = stage(target, manifest);
    const vsix = path.join(OUT_DIR, vsixName(version, target));
    fs.rmSync(vsix, { force: true });
    runVsce(dir, target, vsix, readmeBaseUrls(manifest));
    sizes[target] = verify(vsix, target);
    say(`${path.relative(REPO, vsix)}: ${(sizes[target] / 1024 / 1024).toFixed(1)} MB, checked`);
  }
  const sizesFile = path.join(OUT_DIR, 'sizes.json');
  const previous = fs.existsSync(sizesFile)
    ? (JSON.parse(fs.readFileSync(sizesFile, 'utf8')) as Record<string, number>)
    : {};
  fs.writeFileSync(sizesFile, JSON.stringify({ ...previous, ...sizes }, null, 2) + '\n');
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    process.stderr.write(
      `package: error: ${err instanceof PackagingError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(err instanceof UsageError ? 2 : 1);
  }
}
