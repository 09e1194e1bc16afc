// Benchmark (e): extension-core activation without VS Code. In a fresh Node process, a stub
// `vscode` module (every API a no-op returning a disposable) is registered, then the timer
// covers `require('dist/extension.js')` (the bundle: core modules, yaml, ajv… — the DuckDB
// engine is not loaded, it starts in its own process on the first run) and `activate()`
// with a stub context. Not measured: VS Code's own extension-host work and the real API
// calls' cost. Prints one JSON line.
import * as path from 'path';
import { performance } from 'perf_hooks';
import * as fs from 'fs';
import * as os from 'os';
import Module from 'module';

/** A value on which any property is a callable stub, so every vscode API call succeeds. */
function stub(name: string): unknown {
  const fn = function () {
    /* no-op */
  };
  return new Proxy(fn, {
    get(_target, prop) {
      if (prop === Symbol.iterator)
        return function* () {
          /* empty */
        };
      if (prop === Symbol.toPrimitive) return () => name;
      if (prop === 'then') return undefined;
      if (prop === 'length') return 0;
      return stub(`${name}.${String(prop)}`);
    },
    apply: () => stub(`${name}()`),
    construct: () => stub(`new ${name}`) as object,
  });
}

function main(): void {
  const bundle = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', '..', 'dist', 'extension.js'));
  const fsText = fs.readFileSync(bundle, 'utf8');
  // The bundle copies the module's own properties (esbuild's ESM interop): list the names
  // it uses, each a stub: the properties read on the variables the bundle holds the module in
  // (`vscode2.window` as built, `et.window` minified: `et=O(require("vscode"))`).
  const holders = new Set([
    ...[...fsText.matchAll(/([A-Za-z_$][\w$]*)\s*=\s*(?:[A-Za-z_$][\w$]*\()?require\("vscode"\)/g)].map((m) => m[1]),
    ...[...fsText.matchAll(/\b(vscode\d*)\./g)].map((m) => m[1]),
  ]);
  const names = new Set<string>();
  for (const holder of holders) {
    const escaped = holder.replace(/\$/g, '\\$');
    for (const m of fsText.matchAll(new RegExp(`(?<![\\w$.])${escaped}\\.([A-Za-z_$][\\w$]*)`, 'g'))) names.add(m[1]);
  }
  const vscodeStub: Record<string, unknown> = {};
  for (const n of names) vscodeStub[n] = stub(`vscode.${n}`);
  const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const original = loader._load;
  loader._load = (request, parent, isMain) => (request === 'vscode' ? vscodeStub : original(request, parent, isMain));
  const before = new Set(Object.keys(require.cache));
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading the bundle is what is measured
  const ext = require(bundle) as { activate(context: unknown): void };
  const loaded = performance.now();
  const storage = { fsPath: path.join(os.tmpdir(), 'kpilens-bench-storage') };
  ext.activate({
    subscriptions: [],
    extensionPath: path.dirname(path.dirname(bundle)),
    storageUri: storage,
    globalStorageUri: storage,
  });
  const activated = performance.now();
  const modules = Object.keys(require.cache).filter((m) => !before.has(m));
  process.stdout.write(
    JSON.stringify({
      requireMs: loaded - t0,
      activateMs: activated - loaded,
      totalMs: activated - t0,
      duckdbLoaded: modules.some((m) => m.includes('@duckdb')),
      modulesLoaded: modules.length,
    }) + '\n',
  );
}

main();
