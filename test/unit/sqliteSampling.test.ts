import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MetricPoint } from '../../src/mlflow/entities';
import { downsampleMetric } from '../../src/mlflow/sampling';

const series = (values: number[]): MetricPoint[] => values.map((value, step) => ({ key: 'm', value, step, timestamp: 1000 + step }));

describe('downsampleMetric (shared by every backend)', () => {
  it('returns short histories unchanged (as a copy)', () => {
    const points = series([3, 1, 2]);
    const sampled = downsampleMetric(points, 3);
    assert.deepEqual(sampled, points);
    assert.notEqual(sampled, points);
  });

  it('keeps the first and last points and stays within the limit', () => {
    const points = series(Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 50)));
    for (const max of [2, 3, 10, 320, 9_999]) {
      const sampled = downsampleMetric(points, max);
      assert.ok(sampled.length <= max, `${sampled.length} > ${max}`);
      assert.equal(sampled[0], points[0]);
      assert.equal(sampled.at(-1), points.at(-1));
    }
  });

  it('keeps a one-step spike and a one-step dip that a stride would skip', () => {
    const values = Array.from({ length: 1000 }, () => 1);
    values[437] = 50;
    values[812] = -7;
    const sampled = downsampleMetric(series(values), 20);
    assert.ok(sampled.some((p) => p.step === 437 && p.value === 50));
    assert.ok(sampled.some((p) => p.step === 812 && p.value === -7));
  });

  it('returns points in step order, each at most once', () => {
    const points = series(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 101));
    const steps = downsampleMetric(points, 100).map((p) => p.step);
    assert.deepEqual(steps, [...new Set(steps)].sort((a, b) => a - b));
  });

  it('never picks NaN as an extreme, but keeps a NaN-only stretch visible', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i >= 40 && i < 60 ? Number.NaN : i));
    const sampled = downsampleMetric(series(values), 12);
    assert.ok(sampled.some((p) => Number.isNaN(p.value)), 'the gap disappeared');
    const buckets = sampled.filter((p) => p.step > 0 && p.step < 99);
    assert.ok(buckets.filter((p) => Number.isNaN(p.value)).length <= 1);
    const last = series([1, 2, 3, 4, 5, 6, 7, Number.NaN]);
    assert.ok(Number.isNaN(downsampleMetric(last, 4).at(-1)?.value ?? 0));
  });
});
