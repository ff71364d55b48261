import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunSummary } from '../../src/mlflow/entities';
import { buildRunForest, formatDuration, formatMetricValue, runDescription, runTooltip, statusAppearance } from '../../src/experiments/model';

function run(id: string, options: { parent?: string; status?: RunSummary['info']['status']; start?: number; end?: number; metrics?: Record<string, number>; params?: Record<string, string> } = {}): RunSummary {
  return {
    info: {
      runId: id,
      runName: `name-${id}`,
      experimentId: '1',
      userId: 'alice',
      status: options.status ?? 'FINISHED',
      startTime: options.start ?? 1_000,
      endTime: options.end,
      artifactUri: `/tmp/${id}`,
      lifecycleStage: 'active',
    },
    data: {
      metrics: Object.entries(options.metrics ?? {}).map(([key, value]) => ({ key, value, step: 0, timestamp: 0 })),
      params: Object.entries(options.params ?? {}).map(([key, value]) => ({ key, value })),
      tags: options.parent ? [{ key: 'mlflow.parentRunId', value: options.parent }] : [],
    },
    inputs: { datasetInputs: [], modelInputs: [] },
    outputs: { modelOutputs: [] },
  };
}

test('children nest under a loaded parent, three levels deep, in load order', () => {
  const forest = buildRunForest([run('c1', { parent: 'p' }), run('g1', { parent: 'c1' }), run('p'), run('c2', { parent: 'p' })]);
  assert.deepEqual(forest.roots.map((r) => r.info.runId), ['p']);
  assert.deepEqual(forest.children.get('p')?.map((r) => r.info.runId), ['c1', 'c2']);
  assert.deepEqual(forest.children.get('c1')?.map((r) => r.info.runId), ['g1']);
});

test('a run whose parent is not loaded (another experiment or page) stays a root', () => {
  const forest = buildRunForest([run('k3', { parent: 'elsewhere' }), run('solo')]);
  assert.deepEqual(forest.roots.map((r) => r.info.runId), ['k3', 'solo']);
  assert.equal(forest.children.size, 0);
});

test('parent cycles in corrupt data do not hide runs', () => {
  const forest = buildRunForest([run('a', { parent: 'b' }), run('b', { parent: 'a' }), run('self', { parent: 'self' })]);
  const shown = new Set([...forest.roots, ...[...forest.children.values()].flat()].map((r) => r.info.runId));
  assert.deepEqual([...shown].sort(), ['a', 'b', 'self']);
  assert.ok(forest.roots.length >= 2);
});

test('durations read like a person would write them', () => {
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(59_400), '59s');
  assert.equal(formatDuration(61_000), '1m 1s');
  assert.equal(formatDuration(3_600_000 * 2 + 60_000 * 5), '2h 5m');
  assert.equal(formatDuration(86_400_000 * 3 + 3_600_000), '3d 1h');
  assert.equal(formatDuration(-5), '');
});

test('metric values keep four significant digits, NaN and infinities stay visible', () => {
  assert.equal(formatMetricValue(0.123456), '0.1235');
  assert.equal(formatMetricValue(42), '42');
  assert.equal(formatMetricValue(1.5e-7), '1.500e-7');
  assert.equal(formatMetricValue(Number.NaN), 'NaN');
  assert.equal(formatMetricValue(1.797e308), '1.797e+308');
  assert.equal(formatMetricValue(Number.NEGATIVE_INFINITY), '-∞');
});

test('the description shows the highlighted value and the duration; a running run counts up', () => {
  const finished = run('f', { start: 0, end: 90_000, metrics: { rmse: 0.71234 }, params: { alpha: '0.1' } });
  assert.equal(runDescription(finished, 1e9, { entity: 'metric', key: 'rmse' }), 'rmse=0.7123 · 1m 30s');
  assert.equal(runDescription(finished, 1e9, { entity: 'param', key: 'alpha' }), 'alpha=0.1 · 1m 30s');
  assert.equal(runDescription(finished, 1e9, { entity: 'metric', key: 'missing' }), 'missing=— · 1m 30s');
  const running = run('r', { status: 'RUNNING', start: 0 });
  assert.equal(runDescription(running, 5_000), 'running 5s');
  const killed = run('k', { status: 'KILLED' });
  assert.equal(runDescription(killed, 5_000), 'killed');
});

test('each status has its own icon', () => {
  const icons = new Set(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'].map((s) => statusAppearance(s as never).icon));
  assert.equal(icons.size, 5);
  assert.equal(statusAppearance('FAILED').icon, 'error');
});

test('the tooltip summarises status, user, params and metrics, capped with a count of the rest', () => {
  const params = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`p${i}`, 'x'.repeat(100)]));
  const tooltip = runTooltip(run('t', { start: 0, end: 1000, params, metrics: { rmse: 0.5 }, parent: 'p' }), 0);
  assert.equal(tooltip.title, 'name-t');
  assert.deepEqual(tooltip.facts.find(([label]) => label === 'User'), ['User', 'alice']);
  assert.deepEqual(tooltip.facts.find(([label]) => label === 'Parent run'), ['Parent run', 'p']);
  assert.equal(tooltip.params.length, 8);
  assert.equal(tooltip.more.params, 2);
  assert.ok(tooltip.params[0][1].length <= 60);
  assert.deepEqual(tooltip.metrics, [['rmse', '0.5']]);
});
