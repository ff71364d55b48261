// `--baseline <git revision>` of the SQLite bench: the store's worker as another revision built
// it, so a change to the store is timed next to what it replaces, in the same run and process.
// The revision's `src/mlflow/` is extracted to `$TMPDIR/mlflow-workbench-baseline-<commit>/`
// (outside the checkout, so neither tsc nor eslint sees it) and bundled the way esbuild.mjs
// bundles the worker, its packages resolved from this checkout's node_modules.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { readOnlySqlitePlugin } from '../scripts/esbuild-readonly-sqlite.mjs';

/** Builds (or reuses) the worker of `revision`; returns its path and the short commit. */
export async function baselineWorker(root, revision) {
  const commit = execFileSync('git', ['rev-parse', '--short', `${revision}^{commit}`], { cwd: root, encoding: 'utf8' }).trim();
  const dir = path.join(os.tmpdir(), `mlflow-workbench-baseline-${commit}`);
  const worker = path.join(dir, 'sqliteWorker.js');
  if (existsSync(worker)) return { worker, commit };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = path.join(dir, 'src.tar');
  execFileSync('git', ['archive', '--output', archive, commit, 'src/mlflow'], { cwd: root });
  execFileSync('tar', ['-xf', archive, '-C', dir]);
  await esbuild.build({
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    plugins: [readOnlySqlitePlugin],
    entryPoints: { sqliteWorker: path.join(dir, 'src/mlflow/sqlite/worker.ts') },
    outdir: dir,
    nodePaths: [path.join(root, 'node_modules')],
  });
  copyFileSync(path.join(root, 'node_modules/node-sqlite3-wasm/dist/node-sqlite3-wasm.wasm'), path.join(dir, 'node-sqlite3-wasm.wasm'));
  return { worker, commit };
}
