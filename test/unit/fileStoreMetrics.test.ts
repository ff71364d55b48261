import assert from 'node:assert/strict';
import { test } from 'node:test';
import { historyOf, parseMetricFile, parseMetricLine } from '../../src/mlflow/filestore/metrics';

test('metric lines of 2, 3, 4 and 5 fields, with Python float spellings', () => {
  assert.deepEqual(parseMetricLine('m', '1700000000000 0.5'), { key: 'm', value: 0.5, timestamp: 1700000000000, step: 0 });
  assert.deepEqual(parseMetricLine('m', '1700000000000 0.5 7'), { key: 'm', value: 0.5, timestamp: 1700000000000, step: 7 });
  assert.deepEqual(parseMetricLine('m', '1700000000000 1e-05 3 0123456789abcdef0123456789abcdef'), { key: 'm', value: 1e-5, timestamp: 1700000000000, step: 3 });
  assert.deepEqual(parseMetricLine('m', '1700000000000 2 4 eval-set 5c8b3604'), { key: 'm', value: 2, timestamp: 1700000000000, step: 4 });
  assert.ok(Number.isNaN(parseMetricLine('m', '1 nan 0')?.value));
  assert.equal(parseMetricLine('m', '1 inf 0')?.value, Infinity);
  assert.equal(parseMetricLine('m', '1 -inf 0')?.value, -Infinity);
  assert.equal(parseMetricLine('m', '1 -5 -1')?.step, -1);
});

test('damaged lines are rejected: truncated, not numbers, fractional steps', () => {
  for (const line of ['1700000000000', '17000 0.5x 1', 'abc 0.5 1', '1 0.5 1.5', '1  ', '1 nope']) {
    assert.equal(parseMetricLine('m', line), undefined, line);
  }
});

test('a file keeps its good points and reports how many lines it skipped', async () => {
  const logged: string[] = [];
  const points = await parseMetricFile('m', '1 0.1 0\n2 0.2 1\n3 zz 2\n\n4 0.4', 'm-file', (message) => logged.push(message));
  assert.deepEqual(points.map((p) => p.value), [0.1, 0.2, 0.4]);
  assert.deepEqual(logged, ['Skipped 1 damaged line of m-file.']);
});

test('histories are ordered by step then timestamp, without points repeated exactly', () => {
  const point = (timestamp: number, value: number, step: number) => ({ key: 'm', timestamp, value, step });
  const history = historyOf([point(5, 0.5, 1), point(1, 0.1, 0), point(5, 0.5, 1), point(2, Number.NaN, 2), point(2, Number.NaN, 2), point(6, 0.6, 1)]);
  assert.deepEqual(
    history.map((p) => [p.step, p.timestamp, p.value]),
    [[0, 1, 0.1], [1, 5, 0.5], [1, 6, 0.6], [2, 2, Number.NaN]],
  );
  // Same step and time but another value is a different point (MLflow's key includes the value).
  assert.equal(historyOf([point(1, 0.1, 0), point(1, 0.2, 0)]).length, 2);
});
