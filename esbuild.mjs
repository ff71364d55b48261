// One bundle per runtime: the extension host, its SQLite worker, the language server and each
// webview; plus the test and benchmark bundles (built from the same sources, so tests exercise
// exactly what ships). `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readOnlySqlitePlugin } from './scripts/esbuild-readonly-sqlite.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const root = path.dirname(new URL(import.meta.url).pathname);
const wasm = path.join(root, 'node_modules/node-sqlite3-wasm/dist/node-sqlite3-wasm.wasm');

/** Node-side bundles share these options. */
const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  plugins: [readOnlySqlitePlugin],
};

async function filesIn(dir, suffix) {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((f) => f.endsWith(suffix)).map((f) => path.join(dir, f));
}

const builds = [
  // Extension host: `vscode` is provided by VS Code at run time.
  {
    ...node,
    entryPoints: { extension: 'src/extension.ts', sqliteWorker: 'src/mlflow/sqlite/worker.ts' },
    outdir: 'dist',
    external: ['vscode'],
  },
];

if (existsSync('server/index.ts')) {
  builds.push({ ...node, entryPoints: { server: 'server/index.ts' }, outdir: 'dist' });
}

for (const panel of await filesIn('webview', '/main.ts')) {
  builds.push({
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    entryPoints: { [`webview-${path.basename(path.dirname(panel))}`]: panel },
    outdir: 'dist',
  });
}

if (!production) {
  // Unit tests and benchmarks run in plain Node, flat in out/ beside the worker and the wasm.
  const unitTests = await filesIn('test/unit', '.test.ts');
  const benches = await filesIn('bench', '.ts');
  const entryPoints = Object.fromEntries(
    [...unitTests, ...benches].map((f) => [path.basename(f, '.ts'), f]),
  );
  entryPoints.sqliteWorker = 'src/mlflow/sqlite/worker.ts';
  // The replay server is also started by the Playwright UI tests (plain .mjs), which require it.
  if (existsSync('test/support/replayServer.ts')) entryPoints.replayServer = 'test/support/replayServer.ts';
  builds.push({ ...node, entryPoints, outdir: 'out' });
  // Integration tests run inside VS Code's extension host, loaded by test/vscode/index.ts.
  const vscodeTests = await filesIn('test/vscode/suite', '.test.ts');
  if (existsSync('test/vscode/suite/index.ts')) {
    builds.push({
      ...node,
      entryPoints: ['test/vscode/suite/index.ts', ...vscodeTests],
      outdir: 'out/vscode',
      external: ['vscode', 'mocha'],
    });
  }
}

async function copyWasm() {
  for (const dir of production ? ['dist'] : ['dist', 'out']) {
    await mkdir(dir, { recursive: true });
    await copyFile(wasm, path.join(dir, 'node-sqlite3-wasm.wasm'));
  }
}

if (watch) {
  await copyWasm();
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  if (production) await rm('dist', { recursive: true, force: true });
  await Promise.all(builds.map((options) => esbuild.build(options)));
  await copyWasm();
}
