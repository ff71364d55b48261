import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SqliteStore } from '../../src/mlflow/sqlite/sqliteStore';
import { failure, openStore, runId } from '../fixtures/sqliteFixture';

describe('SqliteStore on the MLflow 3.11 fixture: metric histories', () => {
  let store: SqliteStore;
  before(async () => {
    store = await openStore();
  });
  after(() => store.dispose());

  it('returns the full 5,000-step loss history in step order', async () => {
    const loss = await store.getMetricHistory({ runId: runId('mlp-adam-5000steps'), metricKey: 'loss' });
    assert.equal(loss.length, 5000);
    assert.deepEqual(loss[0], { key: 'loss', value: 2.3525146044218674, timestamp: 1795210916151, step: 0 });
    assert.deepEqual(loss[4999], { key: 'loss', value: 0.01664888967570729, timestamp: 1795212710490, step: 4999 });
    assert.ok(loss.every((p, i) => p.step === i));
  });

  it('returns the metric logged every 10 steps with its own steps', async () => {
    const lr = await store.getMetricHistory({ runId: runId('mlp-adam-5000steps'), metricKey: 'learning_rate' });
    assert.equal(lr.length, 500);
    assert.equal(lr.at(-1)?.step, 4990);
    assert.equal(lr.at(-1)?.value, 6.25e-5);
  });

  it('restricts to a step range', async () => {
    const slice = await store.getMetricHistory({ runId: runId('mlp-adam-5000steps'), metricKey: 'val_loss', startStep: 100, endStep: 199 });
    assert.equal(slice.length, 100);
    assert.equal(slice[0].step, 100);
    assert.equal(slice[99].step, 199);
  });

  it('samples in the worker, keeping the ends and the extremes', async () => {
    const request = { runId: runId('mlp-adam-5000steps'), metricKey: 'loss' };
    const full = await store.getMetricHistory(request);
    const sampled = await store.getMetricHistory({ ...request, maxPoints: 320 });
    assert.ok(sampled.length <= 320 && sampled.length > 300, String(sampled.length));
    assert.deepEqual(sampled[0], full[0]);
    assert.deepEqual(sampled.at(-1), full.at(-1));
    const values = full.map((p) => p.value);
    assert.ok(sampled.some((p) => p.value === Math.min(...values)));
    assert.ok(sampled.some((p) => p.value === Math.max(...values)));
  });

  it('returns the NaN last point of a diverged run as NaN, sampled or not', async () => {
    const request = { runId: runId('mlp-adam-lr-too-high'), metricKey: 'loss' };
    const loss = await store.getMetricHistory(request);
    assert.equal(loss.length, 121);
    assert.equal(loss[120].step, 120);
    assert.ok(Number.isNaN(loss[120].value));
    assert.ok(loss.slice(0, 120).every((p) => Number.isFinite(p.value)));
    assert.ok(Number.isNaN((await store.getMetricHistory({ ...request, maxPoints: 10 })).at(-1)?.value ?? 0));
  });

  it('returns nothing for a metric the run never logged, NOT_FOUND for an unknown run', async () => {
    assert.deepEqual(await store.getMetricHistory({ runId: runId('killed-by-user'), metricKey: 'rmse' }), []);
    assert.equal((await failure(store.getMetricHistory({ runId: 'f'.repeat(32), metricKey: 'loss' }))).code, 'NOT_FOUND');
  });
});
