// The pure parts of `npm run package` (scripts/packaging): the native-dependency guard, the
// allow-list of paths in a VSIX, the staged package.json, the ZIP directory reader and the
// thinning of macOS universal binaries, on hand-made inputs.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CPU_TYPES, fatSlices, thinUniversal } from '../../../scripts/packaging/machO';
import {
  bindingPackage,
  checkNativeFiles,
  checkVsixEntries,
  DUCKDB_BINDINGS_VERSION,
  isNativeFile,
  missingVsixEntries,
  readmeBaseUrls,
  runtimePackages,
  stagedManifest,
  TARGETS,
  vsixName,
} from '../../../scripts/packaging/vsixRules';
import { zipEntries } from '../../../scripts/packaging/zipEntries';
import { REPO_ROOT } from '../helpers';

/** What the staged node_modules of linux-x64 holds (paths relative to node_modules). */
const LINUX_NODE_MODULES = [
  '@duckdb/node-api/package.json',
  '@duckdb/node-api/lib/index.js',
  '@duckdb/node-bindings/package.json',
  '@duckdb/node-bindings/duckdb.js',
  '@duckdb/node-bindings-linux-x64/package.json',
  '@duckdb/node-bindings-linux-x64/duckdb.node',
  '@duckdb/node-bindings-linux-x64/libduckdb.so',
  'detect-libc/package.json',
  'detect-libc/lib/detect-libc.js',
];

describe('packaging: native-dependency guard', () => {
  it('accepts exactly the target binding and its DuckDB library', () => {
    assert.deepEqual(checkNativeFiles(LINUX_NODE_MODULES, 'linux-x64'), []);
    assert.deepEqual(
      checkNativeFiles(
        ['@duckdb/node-bindings-win32-x64/duckdb.node', '@duckdb/node-bindings-win32-x64/duckdb.dll'],
        'win32-x64',
      ),
      [],
    );
    assert.deepEqual(
      checkNativeFiles(
        ['@duckdb/node-bindings-darwin-arm64/duckdb.node', '@duckdb/node-bindings-darwin-arm64/libduckdb.dylib'],
        'darwin-arm64',
      ),
      [],
    );
  });

  it('fails on a new addon, a build file, a prebuild, another platform binding', () => {
    const problems = checkNativeFiles(
      [
        ...LINUX_NODE_MODULES,
        'keytar/build/Release/keytar.node',
        'sharp/binding.gyp',
        'foo/prebuilds/linux-x64/foo.node',
        'bar/prebuilds/linux-x64/libbar.so.1',
        '@duckdb/node-bindings-linux-arm64/duckdb.node',
      ],
      'linux-x64',
    );
    assert.equal(problems.length, 5);
    assert.match(
      problems[0],
      /unexpected native file node_modules\/keytar\/build\/Release\/keytar\.node in the linux-x64 package/,
    );
    assert.match(problems[1], /sharp\/binding\.gyp/);
    assert.match(problems[4], /node-bindings-linux-arm64\/duckdb\.node/);
  });

  it('fails when the binding is missing', () => {
    assert.deepEqual(checkNativeFiles(['@duckdb/node-api/package.json'], 'darwin-x64'), [
      'missing node_modules/@duckdb/node-bindings-darwin-x64/duckdb.node in the darwin-x64 package',
      'missing node_modules/@duckdb/node-bindings-darwin-x64/libduckdb.dylib in the darwin-x64 package',
    ]);
  });

  it('tells native files from the rest', () => {
    for (const f of [
      'a/b.node',
      'binding.gyp',
      'x/prebuilds/y/z.txt',
      'l/libx.so',
      'l/libx.so.6',
      'w/x.dll',
      'm/x.dylib',
      'w/tool.exe',
    ])
      assert.ok(isNativeFile(f), f);
    for (const f of ['a/node.js', 'a/nodes.json', 'a/so.js', 'lib/dll.md']) assert.ok(!isNativeFile(f), f);
  });
});

describe('packaging: paths in a VSIX', () => {
  const good = [
    'extension.vsixmanifest',
    '[Content_Types].xml',
    'extension/package.json',
    'extension/package.nls.json',
    'extension/package.nls.fr.json',
    'extension/readme.md',
    'extension/changelog.md',
    'extension/LICENSE.txt',
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
    'extension/l10n/bundle.l10n.fr.json',
    ...LINUX_NODE_MODULES.map((f) => `extension/node_modules/${f}`),
  ];

  it('accepts the allow-list and finds nothing missing', () => {
    assert.deepEqual(checkVsixEntries(good, 'linux-x64'), []);
    assert.deepEqual(missingVsixEntries(good, 'linux-x64'), []);
  });

  it('rejects sources, maps, dev files and packages that are not run-time ones', () => {
    assert.deepEqual(
      checkVsixEntries(
        [
          ...good,
          'extension/src/core/x.ts',
          'extension/dist/extension.js.map',
          'extension/.env',
          'extension/node_modules/ajv/package.json',
          'extension/node_modules/@duckdb/node-bindings-linux-arm64/package.json',
          'other/file',
        ],
        'linux-x64',
      ),
      [
        'unexpected file extension/src/core/x.ts',
        'unexpected source or map file extension/dist/extension.js.map',
        'unexpected file extension/.env',
        `unexpected package ajv in extension/node_modules/ajv/package.json (allowed: ${runtimePackages('linux-x64').join(', ')})`,
        `unexpected package @duckdb/node-bindings-linux-arm64 in extension/node_modules/@duckdb/node-bindings-linux-arm64/package.json (allowed: ${runtimePackages('linux-x64').join(', ')})`,
        'unexpected file other/file outside extension/',
      ],
    );
  });

  it('rejects a native file outside the target binding, even in an allowed folder or package', () => {
    assert.deepEqual(
      checkVsixEntries(
        [
          ...good,
          'extension/dist/helper.node',
          'extension/node_modules/@duckdb/node-api/lib/extra.so',
          'extension/node_modules/@duckdb/node-bindings-linux-x64/libduckdb.dylib',
        ],
        'linux-x64',
      ),
      [
        'unexpected native file extension/dist/helper.node',
        'unexpected native file extension/node_modules/@duckdb/node-api/lib/extra.so',
        'unexpected native file extension/node_modules/@duckdb/node-bindings-linux-x64/libduckdb.dylib',
      ],
    );
  });

  it('names what a VSIX lacks', () => {
    assert.deepEqual(
      missingVsixEntries(
        good.filter(
          (e) =>
            !e.endsWith('duckdbWorker.js') &&
            !e.endsWith('exceljs.js') &&
            !e.endsWith('pg.js') &&
            !e.endsWith('kpi-schema-validator.js') &&
            !e.endsWith('libduckdb.so'),
        ),
        'linux-x64',
      ),
      [
        'extension/dist/duckdbWorker.js',
        'extension/dist/exceljs.js',
        'extension/dist/pg.js',
        'extension/dist/kpi-schema-validator.js',
        'extension/node_modules/@duckdb/node-bindings-linux-x64/libduckdb.so',
      ],
    );
  });

  it('names each VSIX by version and target', () => {
    assert.equal(vsixName('0.1.0', 'win32-x64'), 'kpilens-0.1.0-win32-x64.vsix');
  });
});

describe('packaging: the staged package.json', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;

  it('keeps the extension manifest and drops scripts, dev dependencies, the CLI entry and bundled dependencies', () => {
    const staged = stagedManifest(manifest);
    for (const k of ['scripts', 'devDependencies', 'bin', 'mocha']) assert.equal(staged[k], undefined, k);
    assert.deepEqual(staged.dependencies, { '@duckdb/node-api': DUCKDB_BINDINGS_VERSION });
    for (const k of [
      'name',
      'publisher',
      'version',
      'main',
      'engines',
      'contributes',
      'activationEvents',
      'icon',
      'repository',
      'license',
    ])
      assert.deepEqual(staged[k], manifest[k], k);
  });

  it("bases the README's relative links on the repository's raw files", () => {
    assert.deepEqual(readmeBaseUrls(manifest), {
      content: 'https://example.invalid/kpilens/kpilens/blob/HEAD/',
      images: 'https://example.invalid/kpilens/kpilens/raw/HEAD/',
    });
    assert.deepEqual(readmeBaseUrls({ repository: { url: 'git+https://github.com/acme/kpilens.git' } }), {
      content: 'https://github.com/acme/kpilens/blob/HEAD/',
      images: 'https://github.com/acme/kpilens/raw/HEAD/',
    });
    assert.throws(
      () => readmeBaseUrls({ repository: 'git@github.com:acme/kpilens.git' }),
      /repository\.url must be an https address/,
    );
  });

  it('pins the DuckDB binding every target ships at the version @duckdb/node-bindings asks for', () => {
    const bindings = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'node_modules', '@duckdb', 'node-bindings', 'package.json'), 'utf8'),
    ) as { version: string; optionalDependencies: Record<string, string> };
    assert.equal(bindings.version, DUCKDB_BINDINGS_VERSION);
    for (const t of TARGETS) assert.equal(bindings.optionalDependencies[bindingPackage(t)], DUCKDB_BINDINGS_VERSION, t);
    // Every binding DuckDB publishes has its VSIX target.
    assert.deepEqual(Object.keys(bindings.optionalDependencies).sort(), TARGETS.map(bindingPackage).sort());
  });

  it('musl Linux (Alpine) and Windows on arm64: their own bindings, libraries and README rows', () => {
    assert.equal(bindingPackage('alpine-x64'), '@duckdb/node-bindings-linux-x64-musl');
    assert.equal(bindingPackage('alpine-arm64'), '@duckdb/node-bindings-linux-arm64-musl');
    assert.equal(bindingPackage('win32-arm64'), '@duckdb/node-bindings-win32-arm64');
    assert.deepEqual(
      checkNativeFiles(
        ['@duckdb/node-bindings-linux-x64-musl/duckdb.node', '@duckdb/node-bindings-linux-x64-musl/libduckdb.so'],
        'alpine-x64',
      ),
      [],
    );
    assert.deepEqual(
      checkNativeFiles(
        ['@duckdb/node-bindings-win32-arm64/duckdb.node', '@duckdb/node-bindings-win32-arm64/duckdb.dll'],
        'win32-arm64',
      ),
      [],
    );
    // The glibc binding in an Alpine VSIX is refused.
    assert.equal(
      checkNativeFiles(
        [
          '@duckdb/node-bindings-linux-x64/duckdb.node',
          '@duckdb/node-bindings-linux-x64-musl/duckdb.node',
          '@duckdb/node-bindings-linux-x64-musl/libduckdb.so',
        ],
        'alpine-x64',
      ).length,
      1,
    );
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    for (const t of TARGETS) assert.ok(readme.includes(`| \`${vsixName('<version>', t)}\` |`), `README row for ${t}`);
  });
});

/** A ZIP central directory with the given names, then its end record (no file data: the reader does not need it). */
function centralDirectoryOnly(names: { name: string; size: number; compressed: number }[]): Buffer {
  const records = names.map(({ name, size, compressed }) => {
    const r = Buffer.alloc(46 + Buffer.byteLength(name));
    r.writeUInt32LE(0x02014b50, 0);
    r.writeUInt32LE(compressed, 20);
    r.writeUInt32LE(size, 24);
    r.writeUInt16LE(Buffer.byteLength(name), 28);
    r.write(name, 46, 'utf8');
    return r;
  });
  const lead = Buffer.from('local file data would be here');
  const cd = Buffer.concat(records);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(names.length, 8);
  eocd.writeUInt16LE(names.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(lead.length, 16);
  return Buffer.concat([lead, cd, eocd]);
}

describe('packaging: ZIP entries', () => {
  it('reads names and sizes from the central directory', () => {
    const zip = centralDirectoryOnly([
      { name: 'extension.vsixmanifest', size: 1200, compressed: 400 },
      { name: 'extension/dist/é.js', size: 10, compressed: 10 },
    ]);
    assert.deepEqual(zipEntries(zip), [
      { name: 'extension.vsixmanifest', size: 1200, compressedSize: 400 },
      { name: 'extension/dist/é.js', size: 10, compressedSize: 10 },
    ]);
  });

  it('says when a file is not a ZIP', () => {
    assert.throws(() => zipEntries(Buffer.from('not a zip at all, just some text of some length')), /not a ZIP file/);
  });
});

describe('packaging: macOS universal binaries', () => {
  /** A fat header with two slices: x86_64 "XXXX" at 64 (4 bytes), arm64 "AAAAAA" at 128 (6 bytes). */
  function fat(): Buffer {
    const b = Buffer.alloc(134);
    b.writeUInt32BE(0xcafebabe, 0);
    b.writeUInt32BE(2, 4);
    b.writeUInt32BE(CPU_TYPES.x64, 8);
    b.writeUInt32BE(64, 16);
    b.writeUInt32BE(4, 20);
    b.writeUInt32BE(CPU_TYPES.arm64, 28);
    b.writeUInt32BE(128, 36);
    b.writeUInt32BE(6, 40);
    b.write('XXXX', 64);
    b.write('AAAAAA', 128);
    return b;
  }

  it('keeps only the slice of the architecture asked for', () => {
    assert.deepEqual(fatSlices(fat()), [
      { cpuType: CPU_TYPES.x64, offset: 64, size: 4 },
      { cpuType: CPU_TYPES.arm64, offset: 128, size: 6 },
    ]);
    assert.equal(thinUniversal(fat(), 'arm64').toString(), 'AAAAAA');
    assert.equal(thinUniversal(fat(), 'x64').toString(), 'XXXX');
  });

  it('leaves a thin Mach-O file as it is, and rejects a truncated fat one', () => {
    const thin = Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 1, 2, 3, 4, 5]);
    assert.equal(thinUniversal(thin, 'arm64'), thin);
    assert.throws(() => thinUniversal(fat().subarray(0, 130), 'arm64'), /slice 2 ends past the end/);
  });
});
