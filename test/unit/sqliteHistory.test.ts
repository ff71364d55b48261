import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MetricPoint } from '../../src/mlflow/entities';
import { SLICE_POINTS } from '../../src/mlflow/sqlite/queries/history';
import type { SqliteStore } from '../../src/mlflow/sqlite/sqliteStore';
import { downsampleMetric } from '../../src/mlflow/sampling';
import { copyFileSync } from 'node:fs';
import * as path from 'node:path';
import { copyStore, openStore, runId, sqlite3, type TempStore } from '../fixtures/sqliteFixture';

const LONG = 2.5 * SLICE_POINTS;
const CROWDED = 1.2 * SLICE_POINTS;

/** Points in (step, timestamp) order, as MLflow returns them. */
function assertOrdered(points: MetricPoint[]): void {
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    assert.ok(a.step < b.step || (a.step === b.step && a.timestamp <= b.timestamp), `out of order at ${i}`);
  }
}

describe('SqliteStore metric histories longer than one read slice', () => {
  let copy: TempStore;
  let store: SqliteStore;
  const run = runId('train-v1');
  before(async () => {
    copy = copyStore();
    // `long`: one point per step, plus a second point at the steps around each slice boundary.
    // `crowded`: more points at step 0 than fit in a slice, then one at step 1.
    sqlite3(
      copy.db,
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${LONG - 1})
       INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) SELECT 'long', i * 0.5, 1000 + i, '${run}', i, 0 FROM n;
       INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES
         ('long', -1, 999999, '${run}', ${SLICE_POINTS - 1}, 0), ('long', -2, 999999, '${run}', ${SLICE_POINTS}, 0),
         ('long', -3, 999999, '${run}', ${2 * SLICE_POINTS - 2}, 0);
       WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${CROWDED - 1})
       INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) SELECT 'crowded', i, 1000 + i, '${run}', 0, 0 FROM n;
       INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ('crowded', 7, 5, '${run}', 1, 0);`,
    );
    store = await openStore(copy.db);
  });
  after(async () => {
    await store.dispose();
    copy.cleanup();
  });

  it('returns every point once, in order, across slices and steps logged twice', async () => {
    const points = await store.getMetricHistory({ runId: run, metricKey: 'long' });
    assert.equal(points.length, LONG + 3);
    assertOrdered(points);
    const atBoundary = points.filter((p) => p.step === SLICE_POINTS - 1 || p.step === SLICE_POINTS);
    assert.deepEqual(atBoundary.map((p) => p.value), [(SLICE_POINTS - 1) * 0.5, -1, SLICE_POINTS * 0.5, -2]);
    assert.deepEqual(points.at(-1), { key: 'long', step: LONG - 1, timestamp: 1000 + LONG - 1, value: (LONG - 1) * 0.5 });
  });

  it('returns a step holding more points than a slice, whole', async () => {
    const points = await store.getMetricHistory({ runId: run, metricKey: 'crowded' });
    assert.equal(points.length, CROWDED + 1);
    assertOrdered(points);
    assert.equal(points.filter((p) => p.step === 0).length, CROWDED);
    assert.deepEqual(points.at(-1), { key: 'crowded', step: 1, timestamp: 5, value: 7 });
  });

  it('restricts to a step range across a slice boundary, and samples long histories', async () => {
    const range = await store.getMetricHistory({ runId: run, metricKey: 'long', startStep: SLICE_POINTS - 5, endStep: SLICE_POINTS + 5 });
    assert.equal(range.length, 11 + 2);
    assert.equal(range[0].step, SLICE_POINTS - 5);
    assert.equal(range.at(-1)?.step, SLICE_POINTS + 5);
    const sampled = await store.getMetricHistory({ runId: run, metricKey: 'long', maxPoints: 500 });
    assert.ok(sampled.length <= 500);
    assert.equal(sampled[0].step, 0);
    assert.equal(sampled.at(-1)?.step, LONG - 1);
    assert.ok(sampled.some((p) => p.value === -3), 'the dip at a slice boundary was lost');
  });

  it('gives the same histories on stores without the (run_uuid, key, step) index (MLflow 2.x)', async () => {
    const older = path.join(copy.dir, 'mlflow-2x.db');
    copyFileSync(copy.db, older);
    sqlite3(older, 'DROP INDEX index_metrics_run_uuid_key_step;');
    const oldStore = await openStore(older);
    try {
      for (const metricKey of ['long', 'crowded']) {
        assert.deepEqual(await oldStore.getMetricHistory({ runId: run, metricKey }), await store.getMetricHistory({ runId: run, metricKey }));
      }
      // Without the index every slice would rescan the run's points: one read instead.
      const reads = async (s: SqliteStore) => {
        const before = (await s.stats()).reads;
        await s.getMetricHistory({ runId: run, metricKey: 'long' });
        return (await s.stats()).reads - before;
      };
      assert.equal(await reads(store), 3);
      assert.equal(await reads(oldStore), 1);
    } finally {
      await oldStore.dispose();
    }
  });
});

describe('SqliteStore metric histories keep the order of (step, timestamp, then as written)', () => {
  let copy: TempStore;
  let store: SqliteStore;
  const run = runId('train-v1');
  const STEPS = 2 * SLICE_POINTS + 321;
  const CROWDED_STEP = STEPS;
  before(async () => {
    copy = copyStore();
    sqlite3(
      copy.db,
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${STEPS - 1})
       INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan)
       SELECT 'ties', CASE WHEN i % 13 = 0 THEN 0 WHEN i % 17 = 0 THEN 9e999 WHEN i % 19 = 0 THEN -9e999 ELSE (i % 97) * 0.25 END,
              2000 + i * 10, '${run}', i, i % 13 = 0 FROM n;
       -- Written later, at earlier times of the same step (a clock set back, a resumed run).
       WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${STEPS - 1})
       INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan)
       SELECT 'ties', -(i % 5) - 0.5, 2000 + i * 10 - 3, '${run}', i, 0 FROM n WHERE i % 7 = 0;
       -- Equal in step and timestamp to the first point of the step, values not in ascending order.
       WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${STEPS - 1})
       INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan)
       SELECT 'ties', 100 - (i % 3), 2000 + i * 10, '${run}', i, 0 FROM n WHERE i % 11 = 0;
       WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${STEPS - 1})
       INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan)
       SELECT 'ties', 50 - (i % 3), 2000 + i * 10, '${run}', i, 0 FROM n WHERE i % 22 = 0;
       -- One step with more points than a slice, timestamps shuffled and repeated.
       WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${SLICE_POINTS + 100})
       INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan)
       SELECT 'ties', i, 5 + (i * 7919) % 1000, '${run}', ${CROWDED_STEP}, 0 FROM n;`,
    );
    store = await openStore(copy.db);
  });
  after(async () => {
    await store.dispose();
    copy.cleanup();
  });

  /** The points as the sqlite3 shell returns them for `order`. */
  function shell(order: string): Omit<MetricPoint, 'key'>[] {
    const text = sqlite3(
      copy.db,
      `SELECT step, timestamp, CASE WHEN is_nan = 1 THEN 'nan' WHEN value = 9e999 THEN 'inf' WHEN value = -9e999 THEN '-inf' ELSE value END
       FROM metrics WHERE run_uuid = '${run}' AND key = 'ties' ORDER BY ${order};`,
      true,
    );
    const number = (field: string) => ({ nan: Number.NaN, inf: Infinity, '-inf': -Infinity })[field] ?? Number(field);
    return text
      .trim()
      .split('\n')
      .map((line) => line.split('|'))
      .map(([step, timestamp, value]) => ({ step: Number(step), timestamp: Number(timestamp), value: number(value) }));
  }

  it('returns what ORDER BY step, timestamp returned, equal points in the order they were written', async () => {
    const expected = shell('step, timestamp, rowid');
    // What the store's former statement gave (SQLite's sort keeps the index's order on ties).
    assert.deepEqual(shell('step, timestamp'), expected);
    const points = (await store.getMetricHistory({ runId: run, metricKey: 'ties' })).map(({ step, timestamp, value }) => ({ step, timestamp, value }));
    assert.equal(points.length, expected.length);
    assert.deepEqual(points, expected);
    // The data holds what the test is about: every kind of value, and every kind of tie.
    assert.ok(points.some((p) => Number.isNaN(p.value)) && points.some((p) => p.value === Infinity) && points.some((p) => p.value === -Infinity));
    const tied = expected.filter((p, i) => i > 0 && p.step === expected[i - 1].step && p.timestamp === expected[i - 1].timestamp);
    assert.ok(tied.some((p, i) => i > 0 && p.step === tied[i - 1].step && p.value > tied[i - 1].value), 'ties written in descending value order');
    assert.notDeepEqual(shell('step, rowid'), expected, 'points written out of timestamp order');
  });

  it('orders step ranges and sampled histories the same way', async () => {
    const from = SLICE_POINTS - 7;
    const to = CROWDED_STEP;
    const range = await store.getMetricHistory({ runId: run, metricKey: 'ties', startStep: from, endStep: to });
    assert.deepEqual(
      range.map(({ step, timestamp, value }) => ({ step, timestamp, value })),
      shell('step, timestamp, rowid').filter((p) => p.step >= from && p.step <= to),
    );
    const sampled = await store.getMetricHistory({ runId: run, metricKey: 'ties', maxPoints: 300 });
    const full = await store.getMetricHistory({ runId: run, metricKey: 'ties' });
    assert.deepEqual(sampled, downsampleMetric(full, 300));
  });
});
