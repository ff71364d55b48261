// The panels' pure parts: MLflow's smoothing, chart axes, the compare table's diffs and best values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompareRun, Series } from '../../webview/shared/protocol';
import { emaSmooth, smoothingWeight } from '../../webview/charts/smoothing';
import { formatSeconds, stepRange, toPoints } from '../../webview/charts/axes';
import { bestIndices, compareRows, differs, lowerIsBetter, numericValues } from '../../webview/compare/model';

describe('emaSmooth (MLflow line-chart smoothing)', () => {
  it('leaves the curve alone at 0 and 1, as MLflow does', () => {
    assert.deepEqual(emaSmooth([1, 5, 2], 0), [1, 5, 2]);
    assert.deepEqual(emaSmooth([1, 5, 2], 1), [1, 5, 2]);
  });

  it('maps the 0-100 slider to weight s/101', () => {
    assert.equal(smoothingWeight(50), 50 / 101);
    assert.equal(smoothingWeight(250), 100 / 101);
    assert.equal(smoothingWeight(-3), 0);
  });

  it('corrects the bias: a constant stays constant from its first point', () => {
    for (const value of emaSmooth([4, 4, 4, 4], 90)) assert.ok(Math.abs(value! - 4) < 1e-12);
  });

  it('is the debiased EMA: second point = (w·(1-w)·a + (1-w)·b) / (1 - w²)', () => {
    const w = smoothingWeight(60);
    const [first, second] = emaSmooth([10, 20], 60) as number[];
    assert.ok(Math.abs(first - 10) < 1e-12);
    assert.ok(Math.abs(second - (w * (1 - w) * 10 + (1 - w) * 20) / (1 - w * w)) < 1e-12);
  });

  it('keeps gaps as gaps without resetting the average', () => {
    const smoothed = emaSmooth([1, null, 1, 100], 50);
    assert.equal(smoothed[1], null);
    assert.ok(Math.abs(smoothed[2]! - 1) < 1e-12);
    assert.ok(smoothed[3]! > 1 && smoothed[3]! < 100);
  });

  it('flattens noise the more, the higher the slider', () => {
    const noisy = Array.from({ length: 200 }, (_, i) => (i % 2 ? 1 : -1));
    const spread = (values: (number | null)[]) => Math.max(...(values.slice(100) as number[])) - Math.min(...(values.slice(100) as number[]));
    assert.ok(spread(emaSmooth(noisy, 90)) < spread(emaSmooth(noisy, 30)));
    assert.ok(spread(emaSmooth(noisy, 30)) < spread(noisy));
  });
});

describe('toPoints (chart x axes)', () => {
  const series: Series = { runId: 'r', steps: [0, 10, 20], values: [1, 0, null], timestamps: [5000, 7000, 9000] };
  it('step, wall time and relative time (seconds from the run start)', () => {
    assert.deepEqual(toPoints(series, 'step', series.values, undefined, false).map((p) => p.x), [0, 10, 20]);
    assert.deepEqual(toPoints(series, 'wall', series.values, undefined, false).map((p) => p.x), [5000, 7000, 9000]);
    assert.deepEqual(toPoints(series, 'relative', series.values, 4000, false).map((p) => p.x), [1, 3, 5]);
    assert.deepEqual(toPoints(series, 'relative', series.values, undefined, false).map((p) => p.x), [0, 2, 4]);
  });
  it('null stays a gap; on a log scale so does zero', () => {
    assert.deepEqual(toPoints(series, 'step', series.values, undefined, false).map((p) => p.y), [1, 0, null]);
    assert.deepEqual(toPoints(series, 'step', series.values, undefined, true).map((p) => p.y), [1, null, null]);
  });
  it('a zoom on a time axis asks for the steps of the points it covers, one beyond each edge', () => {
    const other: Series = { runId: 'o', steps: [0, 100, 200], values: [1, 1, 1], timestamps: [4000, 6000, 8000] };
    const noStart = () => undefined;
    assert.deepEqual(stepRange([series], 'step', noStart, { min: 3, max: 12 }), { min: 3, max: 12 }, 'the step axis is the range itself');
    assert.deepEqual(stepRange([series], 'wall', noStart, { min: 6000, max: 6500 }), { min: 0, max: 10 }, 'a window between two points: both');
    assert.deepEqual(stepRange([series], 'wall', noStart, { min: 6000, max: 8000 }), { min: 0, max: 20 });
    assert.deepEqual(stepRange([series], 'relative', () => 4000, { min: 2.5, max: 3.5 }), { min: 0, max: 20 }, 'relative seconds from the run start');
    assert.deepEqual(stepRange([series, other], 'wall', noStart, { min: 8500, max: 9000 }), { min: 10, max: 20 }, 'only series that reach the window');
    assert.deepEqual(stepRange([series, other], 'wall', noStart, { min: 4500, max: 5500 }), { min: 0, max: 100 }, 'the union of the series\' steps');
    assert.equal(stepRange([series], 'wall', noStart, { min: 10_000, max: 11_000 }), undefined, 'nothing in the window');
  });
  it('relative ticks read as durations', () => {
    assert.equal(formatSeconds(12.34), '12.3s');
    assert.equal(formatSeconds(125), '2m5s');
    assert.equal(formatSeconds(7260), '2h1m');
  });
});

const run = (name: string, params: Record<string, string>, metrics: Record<string, number>): CompareRun => ({
  runId: name,
  name,
  status: 'FINISHED',
  params,
  metrics,
  tags: {},
});

describe('compare model', () => {
  const runs = [
    run('a', { alpha: '0.1', seed: '1' }, { rmse: 0.8, r2: 0.3 }),
    run('b', { alpha: '0.5', seed: '1' }, { rmse: 0.7, r2: 0.4 }),
    run('c', { alpha: '1.0', seed: '1', extra: 'x' }, { rmse: 0.7 }),
  ];

  it('rows are the union of keys, sorted, with a value per run and whether they differ', () => {
    assert.deepEqual(compareRows(runs, 'params'), [
      { key: 'alpha', values: ['0.1', '0.5', '1.0'], differs: true },
      { key: 'extra', values: [undefined, undefined, 'x'], differs: true },
      { key: 'seed', values: ['1', '1', '1'], differs: false },
    ]);
  });

  it('NaN equals NaN; a missing value differs from a present one', () => {
    assert.equal(differs([NaN, NaN]), false);
    assert.equal(differs([1, undefined]), true);
    assert.equal(differs(['x', 'x']), false);
  });

  it('loss- and error-like names are lower-is-better, the rest higher', () => {
    for (const name of ['loss', 'val_loss', 'rmse', 'mae', 'error_rate', 'train_time']) assert.ok(lowerIsBetter(name), name);
    for (const name of ['accuracy', 'r2', 'f1_macro', 'auc']) assert.ok(!lowerIsBetter(name), name);
  });

  it('best value: every index on a tie, nothing when all equal or fewer than two runs have it', () => {
    assert.deepEqual(bestIndices([0.8, 0.7, 0.7], true), [1, 2]);
    assert.deepEqual(bestIndices([0.3, 0.4, undefined], false), [1]);
    assert.deepEqual(bestIndices([0.3, NaN, 0.1], false), [0]);
    assert.deepEqual(bestIndices([1, 1], true), []);
    assert.deepEqual(bestIndices([1, undefined], true), []);
  });

  it('params plot as numbers only when every logged value is one', () => {
    assert.deepEqual(numericValues(['0.1', undefined, '1e-3']), [0.1, undefined, 0.001]);
    assert.equal(numericValues(['adam', '0.1']), undefined);
    assert.equal(numericValues([undefined]), undefined);
  });

  it('hundreds of params: building and diffing 500 params × 10 runs is quick', () => {
    const many = Array.from({ length: 10 }, (_, r) =>
      run(`r${r}`, Object.fromEntries(Array.from({ length: 500 }, (_, p) => [`p${p}`, String(p % 7 === 0 ? r : p)])), {}),
    );
    const started = performance.now();
    const rows = compareRows(many, 'params');
    const elapsed = performance.now() - started;
    assert.equal(rows.length, 500);
    assert.equal(rows.filter((row) => row.differs).length, 72);
    assert.ok(elapsed < 200, `${elapsed} ms`);
  });
});
