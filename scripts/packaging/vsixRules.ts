// The rules of a platform VSIX (`npm run package`), pure so unit tests can check them: the
// targets, the run-time packages each one ships in node_modules, the native files allowed
// there (the guard against an unexpected native dependency), the paths allowed inside the
// VSIX, the size limit, and the package.json written for the staging folder.

/**
 * The platforms a VSIX is built for (the ones DuckDB publishes a binding package for), named as
 * VS Code names them: `alpine-*` are the musl Linux targets (Alpine), whose bindings are DuckDB's
 * `linux-<arch>-musl` packages.
 */
export const TARGETS = [
  'linux-x64',
  'linux-arm64',
  'alpine-x64',
  'alpine-arm64',
  'darwin-arm64',
  'darwin-x64',
  'win32-x64',
  'win32-arm64',
] as const;
export type Target = (typeof TARGETS)[number];

/** The version of `@duckdb/node-bindings-<target>` shipped (= what `@duckdb/node-api` pins). */
export const DUCKDB_BINDINGS_VERSION = '1.5.6-r.1';

/** The Marketplace's practical limit for us: every VSIX must stay under it. */
export const MAX_VSIX_BYTES = 30 * 1024 * 1024;

export function isTarget(name: string): name is Target {
  return (TARGETS as readonly string[]).includes(name);
}

/** The npm package holding DuckDB's native binding for a target. */
export function bindingPackage(target: Target): string {
  if (target.startsWith('alpine-')) return `@duckdb/node-bindings-linux-${target.slice('alpine-'.length)}-musl`;
  return `@duckdb/node-bindings-${target}`;
}

/**
 * The packages the bundle loads at run time, so the only ones in the VSIX's node_modules:
 * `@duckdb/node-api` (external in esbuild.mjs), its `@duckdb/node-bindings` (which requires
 * `detect-libc` on Linux to tell glibc from musl) and the target's binding.
 */
export function runtimePackages(target: Target): string[] {
  return ['@duckdb/node-api', '@duckdb/node-bindings', bindingPackage(target), 'detect-libc'];
}

/** DuckDB's shared library in the binding package, by operating system. */
export function duckdbLibrary(target: Target): string {
  if (target.startsWith('win32-')) return 'duckdb.dll';
  if (target.startsWith('darwin-')) return 'libduckdb.dylib';
  return 'libduckdb.so';
}

/** The native files allowed in node_modules (paths relative to it, with `/`). */
export function allowedNativeFiles(target: Target): string[] {
  return [`${bindingPackage(target)}/duckdb.node`, `${bindingPackage(target)}/${duckdbLibrary(target)}`];
}

/** A file that is (or builds, or ships) native code: a Node addon, a build file, a prebuild, a shared library, an executable. */
export function isNativeFile(relPath: string): boolean {
  const p = relPath.replace(/\\/g, '/');
  const base = p.slice(p.lastIndexOf('/') + 1);
  return (
    /\.node$/i.test(base) ||
    base === 'binding.gyp' ||
    /(^|\/)prebuilds\//.test(p) ||
    /\.(so(\.\d+)*|dylib|dll|exe)$/i.test(base)
  );
}

/**
 * The native-dependency guard: problems (empty when fine) with the files found under the
 * staged node_modules — a native file that is not allowed for the target, or an allowed one missing.
 */
export function checkNativeFiles(nodeModulesFiles: readonly string[], target: Target): string[] {
  const allowed = allowedNativeFiles(target);
  const files = nodeModulesFiles.map((f) => f.replace(/\\/g, '/'));
  const problems = files
    .filter((f) => isNativeFile(f) && !allowed.includes(f))
    .map((f) => `unexpected native file node_modules/${f} in the ${target} package (allowed: ${allowed.join(', ')})`);
  for (const f of allowed) {
    if (!files.includes(f)) problems.push(`missing node_modules/${f} in the ${target} package`);
  }
  return problems;
}

/** Files allowed at the top of `extension/` in the VSIX (vsce writes readme.md and changelog.md in lower case). */
const TOP_FILES = ['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', 'LICENSE'];
/** Folders allowed at the top of `extension/` in the VSIX. */
const TOP_DIRS = ['dist', 'schemas', 'samples', 'media', 'l10n'];

/**
 * Problems (empty when fine) with the entries of a VSIX: each must be vsce's manifest, a file
 * or folder of the allow-list under `extension/`, or in node_modules one of the run-time
 * packages; and no native file but the target's binding, wherever it is.
 */
export function checkVsixEntries(entries: readonly string[], target: Target): string[] {
  const packages = runtimePackages(target);
  const problems: string[] = [];
  for (const entry of entries) {
    if (entry.endsWith('/')) continue; // a folder entry
    if (entry === 'extension.vsixmanifest' || entry === '[Content_Types].xml') continue;
    if (!entry.startsWith('extension/')) {
      problems.push(`unexpected file ${entry} outside extension/`);
      continue;
    }
    const rel = entry.slice('extension/'.length);
    const parts = rel.split('/');
    if (isNativeFile(rel) && !allowedNativeFiles(target).some((f) => rel === `node_modules/${f}`)) {
      problems.push(`unexpected native file ${entry}`);
      continue;
    }
    if (parts.length === 1) {
      if (!TOP_FILES.includes(rel) && !/^package\.nls(\.[a-z-]+)?\.json$/.test(rel))
        problems.push(`unexpected file ${entry}`);
      continue;
    }
    if (parts[0] === 'node_modules') {
      const pkg = parts[1].startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1];
      if (!packages.includes(pkg))
        problems.push(`unexpected package ${pkg} in ${entry} (allowed: ${packages.join(', ')})`);
      continue;
    }
    if (!TOP_DIRS.includes(parts[0])) problems.push(`unexpected file ${entry}`);
    else if (/\.(map|ts)$/.test(rel)) problems.push(`unexpected source or map file ${entry}`);
  }
  return problems;
}

/** The entries the VSIX must hold for the extension to run. */
export const REQUIRED_VSIX_ENTRIES = [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/dist/duckdbWorker.js',
  'extension/dist/exceljs.js',
  'extension/dist/iconv-lite.js',
  'extension/dist/pg.js',
  'extension/dist/jsonc-parser.js',
  'extension/dist/kpi-schema-validator.js',
  'extension/dist/webview/webview.js',
  'extension/schemas/kpi.schema.json',
  'extension/samples/loyalty.kpi.yaml',
  'extension/media/icon.png',
  'extension/package.nls.json',
  'extension/package.nls.fr.json',
  'extension/l10n/bundle.l10n.fr.json',
];

export function missingVsixEntries(entries: readonly string[], target: Target): string[] {
  const required = [...REQUIRED_VSIX_ENTRIES, ...allowedNativeFiles(target).map((f) => `extension/node_modules/${f}`)];
  return required.filter((r) => !entries.includes(r));
}

export type Manifest = Record<string, unknown>;

/**
 * The package.json of the staging folder: no scripts (vsce would run `vscode:prepublish`),
 * no devDependencies, no CLI entry, no test config; as dependencies only `@duckdb/node-api`
 * (everything else is bundled into dist/).
 */
export function stagedManifest(manifest: Manifest): Manifest {
  const out: Manifest = { ...manifest };
  for (const key of ['scripts', 'devDependencies', 'bin', 'mocha', 'optionalDependencies']) delete out[key];
  const deps = (manifest.dependencies ?? {}) as Record<string, string>;
  const api = deps['@duckdb/node-api'];
  if (!api) throw new Error('package.json: no dependency @duckdb/node-api');
  out.dependencies = { '@duckdb/node-api': api };
  return out;
}

/** The VSIX file name of a target. */
export function vsixName(version: string, target: Target): string {
  return `kpilens-${version}-${target}.vsix`;
}

/**
 * The bases of the README's relative links and images in the VSIX (vsce makes them absolute):
 * the repository's pages and raw files, from package.json's `repository.url` (an
 * example.invalid address until the project has a public home, so images show only once it has one).
 */
export function readmeBaseUrls(manifest: Manifest): { content: string; images: string } {
  const repo = manifest.repository as { url?: string } | string | undefined;
  const url = (typeof repo === 'string' ? repo : (repo?.url ?? '')).replace(/^git\+/, '').replace(/\.git$/, '');
  if (!/^https:\/\//.test(url))
    throw new Error(`package.json: repository.url must be an https address (it is '${url}')`);
  return { content: `${url}/blob/HEAD/`, images: `${url}/raw/HEAD/` };
}
