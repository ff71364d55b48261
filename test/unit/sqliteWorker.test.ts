import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { WorkerClient } from '../../src/mlflow/sqlite/client';
import type { SqliteStore } from '../../src/mlflow/sqlite/sqliteStore';
import { failure, FIXTURE_DB, openStore, REPO_ROOT, runId } from '../fixtures/sqliteFixture';

const clientOf = (store: SqliteStore) => (store as unknown as { client: WorkerClient }).client;

describe('SqliteStore worker: off the main thread, cancellable, restarted after a crash', () => {
  it('keeps the calling thread free while the worker queries', async () => {
    const store = await openStore();
    try {
      let ticks = 0;
      let done = false;
      const spin = () => {
        ticks++;
        if (!done) setImmediate(spin);
      };
      setImmediate(spin);
      const queries = Array.from({ length: 5 }, () => store.getMetricHistory({ runId: runId('mlp-adam-5000steps'), metricKey: 'val_loss' }));
      const results = await Promise.all(queries);
      done = true;
      assert.ok(results.every((r) => r.length === 5000));
      assert.ok(ticks > 10, `the event loop turned only ${ticks} times during the queries`);
    } finally {
      await store.dispose();
    }
  });

  it('answers many concurrent calls, each with its own result', async () => {
    const store = await openStore();
    try {
      const names = ['train-v1', 'train-v2', 'train-v3', 'failed-oom', 'knn-k3', 'mlp-sgd'];
      const runs = await Promise.all([...names, ...names].map((name) => store.getRun(runId(name))));
      assert.deepEqual(runs.map((r) => r.info.runName), [...names, ...names]);
    } finally {
      await store.dispose();
    }
  });

  it('rejects a cancelled call with CANCELLED and keeps working', async () => {
    const store = await openStore();
    try {
      const before = new AbortController();
      before.abort();
      assert.equal((await failure(store.getRun(runId('train-v1'), { signal: before.signal }))).code, 'CANCELLED');
      const during = new AbortController();
      const pending = store.getMetricHistory({ runId: runId('mlp-adam-5000steps'), metricKey: 'loss' }, { signal: during.signal });
      during.abort();
      assert.equal((await failure(pending)).code, 'CANCELLED');
      assert.equal((await store.getRun(runId('train-v1'))).info.runName, 'train-v1');
    } finally {
      await store.dispose();
    }
  });

  it('fails the calls of a crashed worker clearly, and restarts it on the next call', async () => {
    const store = await openStore();
    try {
      const crash = clientOf(store).call('crashForTesting', {});
      const queued = store.getRun(runId('train-v2'));
      const [crashError, queuedError] = [await failure(crash), await failure(queued)];
      for (const error of [crashError, queuedError]) {
        assert.equal(error.code, 'INTERNAL');
        assert.match(error.message, /stopped unexpectedly \(crash requested\).*restarts on the next request/);
      }
      assert.equal((await store.getRun(runId('train-v2'))).info.runName, 'train-v2');
      assert.equal((await store.searchExperiments({})).items.length, 4);
    } finally {
      await store.dispose();
    }
  });

  it('cannot be used after dispose', async () => {
    const store = await openStore();
    await store.dispose();
    assert.equal((await failure(store.getRun(runId('train-v1')))).code, 'CANCELLED');
  });

  it('names the worker it could not start', async () => {
    const missing = path.join(REPO_ROOT, 'out', 'no-such-worker.js');
    const error = await failure(openStore(FIXTURE_DB, { workerPath: missing }));
    assert.equal(error.code, 'INTERNAL');
    assert.match(error.message, /no-such-worker\.js/);
  });
});
