import assert from 'node:assert/strict';
import { appendFileSync, cpSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { FileStore } from '../../src/mlflow/filestore/fileStore';
import { openFileStore } from '../../src/mlflow/filestore/fileStore';
import { copyFileStore, EXPERIMENT_IDS, fileRunId, type TempFileStore } from '../fixtures/file-store/fixture';

const WINE = EXPERIMENT_IDS['wine-quality'];

describe('FileStore live refresh and cache', () => {
  let copy: TempFileStore;
  let store: FileStore;
  const runDir = (name: string) => path.join(copy.mlruns, WINE, fileRunId(name));
  const wineRuns = async () => (await store.searchRuns({ experimentIds: [WINE], maxResults: 1000, viewType: 'ALL' })).items;

  /** Subscribes; `changed` resolves on the next onDidChange, once the watcher has its baseline. */
  const nextChange = async (): Promise<{ changed: Promise<void> }> => {
    const changed = new Promise<void>((resolve, reject) => {
      // The watcher's timers do not keep a process alive; this deadline does, and fails the test.
      const deadline = setTimeout(() => reject(new Error('no onDidChange within 10 s')), 10_000);
      const unsubscribe = store.onDidChange(() => {
        clearTimeout(deadline);
        unsubscribe();
        resolve();
      });
    });
    await store.whenWatching();
    return { changed };
  };

  before(() => {
    copy = copyFileStore();
  });
  after(() => copy.cleanup());
  beforeEach(async () => {
    store = await openFileStore(copy.mlruns, { pollIntervalMs: 100, debounceMs: 50 });
    await wineRuns();
  });
  afterEach(() => store.dispose());

  it('fires when a training script writes a new run folder, and the run appears', async () => {
    const { changed } = await nextChange();
    const newId = 'ab'.repeat(16);
    const target = path.join(copy.mlruns, WINE, newId);
    cpSync(runDir('train-v3'), target, { recursive: true });
    const meta = readFileSync(path.join(target, 'meta.yaml'), 'utf8').replaceAll(fileRunId('train-v3'), newId);
    writeFileSync(path.join(target, 'meta.yaml'), meta);
    writeFileSync(path.join(target, 'tags', 'mlflow.runName'), 'train-v4');
    await changed;
    const runs = await wineRuns();
    assert.equal(runs.length, 15);
    assert.equal(runs.find((r) => r.info.runName === 'train-v4')?.info.runId, newId);
  });

  it('fires when a running run appends a metric point, and shows the new latest value', async () => {
    const before = (await wineRuns()).find((r) => r.info.runName === 'still-running');
    assert.equal(before?.data.metrics.find((m) => m.key === 'train_rmse')?.step, 39);
    const { changed } = await nextChange();
    appendFileSync(path.join(runDir('still-running'), 'metrics', 'train_rmse'), '1795390000000 0.5 40\n');
    await changed;
    const after = (await wineRuns()).find((r) => r.info.runName === 'still-running');
    assert.deepEqual(after?.data.metrics.find((m) => m.key === 'train_rmse'), { key: 'train_rmse', value: 0.5, timestamp: 1795390000000, step: 40 });
  });

  it('fires when a finished run is deleted (its meta.yaml rewritten), and the run moves to the deleted view', async () => {
    const { changed } = await nextChange();
    const meta = path.join(runDir('failed-oom'), 'meta.yaml');
    writeFileSync(meta, readFileSync(meta, 'utf8').replace('lifecycle_stage: active', 'lifecycle_stage: deleted'));
    await changed;
    const run = (await wineRuns()).find((r) => r.info.runName === 'failed-oom');
    assert.equal(run?.info.lifecycleStage, 'deleted');
  });

  it('re-reads a finished run only when its folders or meta.yaml moved', async () => {
    const dir = runDir('train-v1');
    const paramsDir = path.join(dir, 'params');
    // Whole seconds, so that setting the time again restores it exactly.
    const fixed = 1_795_000_000;
    utimesSync(paramsDir, fixed, fixed);
    const param = async () => (await wineRuns()).find((r) => r.info.runName === 'train-v1')?.data.params.find((p) => p.key === 'alpha')?.value;
    assert.equal(await param(), '0.5');
    // A rewrite that moves no folder and no meta.yaml: the cached run is served.
    writeFileSync(path.join(paramsDir, 'alpha'), '0.75');
    utimesSync(paramsDir, fixed, fixed);
    assert.equal(await param(), '0.5');
    // Touching meta.yaml (as MLflow does when a run changes) invalidates it.
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(dir, 'meta.yaml'), later, later);
    assert.equal(await param(), '0.75');
  });

  it('stops watching when the last listener unsubscribes', async () => {
    let calls = 0;
    const unsubscribe = store.onDidChange(() => calls++);
    unsubscribe();
    const { changed } = await nextChange();
    writeFileSync(path.join(runDir('train-v2'), 'meta.yaml'), readFileSync(path.join(runDir('train-v2'), 'meta.yaml'), 'utf8') + '\n');
    await changed;
    assert.equal(calls, 0);
  });
});
