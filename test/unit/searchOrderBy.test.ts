import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FilterError } from '../../src/mlflow/errors';
import { parseOrderBy } from '../../src/mlflow/search/orderBy';

function fails(items: string[], item: string, offset: number, ...fragments: string[]): void {
  assert.throws(
    () => parseOrderBy(items),
    (error: unknown) => {
      assert.ok(error instanceof FilterError, `expected a FilterError for ${items.join(' | ')}, got ${String(error)}`);
      assert.equal(error.code, 'INVALID_FILTER');
      assert.equal(error.filter, item);
      assert.equal(error.offset, offset, error.message);
      assert.ok(error.message.startsWith(`Invalid order_by "${item}" at position ${offset}`), error.message);
      for (const fragment of fragments) assert.ok(error.message.includes(fragment), `"${error.message}" lacks "${fragment}"`);
      return true;
    },
  );
}

test('no order_by gives no clauses (the compiler adds the default order)', () => {
  assert.deepEqual(parseOrderBy(undefined), []);
  assert.deepEqual(parseOrderBy([]), []);
});

test('fields of every kind, ascending unless DESC', () => {
  assert.deepEqual(
    parseOrderBy(['metrics.rmse ASC', 'attributes.start_time DESC', 'params.alpha', 'metrics.`val loss` desc', 'tags."mlflow.user" Desc']),
    [
      { entity: 'metric', key: 'rmse', ascending: true },
      { entity: 'attribute', key: 'start_time', ascending: false },
      { entity: 'param', key: 'alpha', ascending: true },
      { entity: 'metric', key: 'val loss', ascending: false },
      { entity: 'tag', key: 'mlflow.user', ascending: false },
    ],
  );
  assert.deepEqual(parseOrderBy(['  end_time   asc  ']), [{ entity: 'attribute', key: 'end_time', ascending: true }]);
  assert.deepEqual(parseOrderBy(['tags.mlflow.user']), [{ entity: 'tag', key: 'mlflow.user', ascending: true }]);
  assert.deepEqual(parseOrderBy(['parameters.lr DESC']), [{ entity: 'param', key: 'lr', ascending: false }]);
});

test('every orderable attribute, with the created alias', () => {
  for (const key of ['run_id', 'run_name', 'user_id', 'status', 'start_time', 'end_time', 'artifact_uri']) {
    assert.deepEqual(parseOrderBy([`run.${key}`]), [{ entity: 'attribute', key, ascending: true }]);
  }
  assert.deepEqual(parseOrderBy(['created DESC']), [{ entity: 'attribute', key: 'start_time', ascending: false }]);
  assert.deepEqual(parseOrderBy(['Created']), [{ entity: 'attribute', key: 'start_time', ascending: true }]);
});

test('malformed items fail with the item and the position', () => {
  fails(['metrics.rmse up'], 'metrics.rmse up', 13, 'expected ASC or DESC', '"up"');
  fails(['metrics.rmse ASC, params.alpha'], 'metrics.rmse ASC, params.alpha', 16, 'one field per order_by item');
  fails(['metrics.rmse ASC NULLS LAST'], 'metrics.rmse ASC NULLS LAST', 17, 'after ASC');
  fails(['metrics.rmse', '  '], '  ', 0, 'the item is empty');
  fails(['foo.bar ASC'], 'foo.bar ASC', 0, 'unknown prefix "foo"');
  fails(['metrics.val-loss'], 'metrics.val-loss', 8, 'metrics.`val-loss`');
  fails(['> 1'], '> 1', 0, 'expected a field');
});

test('fields MLflow cannot order by are rejected', () => {
  fails(['experiment_id'], 'experiment_id', 0, 'not an orderable attribute', 'run_id, run_name');
  fails(['attributes.lifecycle_stage DESC'], 'attributes.lifecycle_stage DESC', 11, 'not an orderable attribute');
  fails(['datasets.name'], 'datasets.name', 0, 'cannot be ordered by dataset fields');
  // MLflow accepts the "run name" spelling only in filters.
  fails(['`run name`'], '`run name`', 0, 'not an orderable attribute');
});

test('a field may appear only once, aliases included', () => {
  fails(['start_time', 'created DESC'], 'created DESC', 0, 'same field as "start_time"');
  fails(['metrics.rmse', 'metric.rmse DESC'], 'metric.rmse DESC', 0, 'same field');
  // Same key, different entities: allowed.
  assert.equal(parseOrderBy(['metrics.alpha', 'params.alpha']).length, 2);
});
