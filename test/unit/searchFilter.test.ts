import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FilterError } from '../../src/mlflow/errors';
import { parseRunFilter } from '../../src/mlflow/search/filter';
import type { FilterClause } from '../../src/mlflow/search/ast';

/** Parses a single-clause filter and drops the offset, which most tests do not care about. */
function one(text: string): Omit<FilterClause, 'offset'> {
  const clauses = parseRunFilter(text);
  assert.equal(clauses.length, 1, `expected one clause from ${text}`);
  const { entity, key, comparator, value } = clauses[0];
  return { entity, key, comparator, value };
}

/** Asserts the filter fails at `offset` with a message containing every fragment. */
function fails(text: string, offset: number, ...fragments: string[]): void {
  assert.throws(
    () => parseRunFilter(text),
    (error: unknown) => {
      assert.ok(error instanceof FilterError, `expected a FilterError for ${text}, got ${String(error)}`);
      assert.equal(error.code, 'INVALID_FILTER');
      assert.equal(error.filter, text);
      assert.equal(error.offset, offset, `offset for ${text}: ${error.message}`);
      assert.match(error.message, new RegExp(`^Invalid filter at position ${offset} `));
      for (const fragment of fragments) assert.ok(error.message.includes(fragment), `"${error.message}" lacks "${fragment}"`);
      return true;
    },
  );
}

test('no filter means no clauses; a blank one is an error', () => {
  assert.deepEqual(parseRunFilter(undefined), []);
  assert.deepEqual(parseRunFilter(''), []);
  fails('   ', 0, 'only whitespace');
  fails('\t\n', 0, 'only whitespace');
});

test('every prefix spelling maps to its entity; no prefix means attribute', () => {
  const cases: [string, FilterClause['entity']][] = [
    ['metric.m > 1', 'metric'],
    ['metrics.m > 1', 'metric'],
    ["param.m = 'x'", 'param'],
    ["params.m = 'x'", 'param'],
    ["parameter.m = 'x'", 'param'],
    ["parameters.m = 'x'", 'param'],
    ["tag.m = 'x'", 'tag'],
    ["tags.m = 'x'", 'tag'],
    ["datasets.name = 'x'", 'dataset'],
    ["dataset.name = 'x'", 'dataset'],
    ["`metrics`.m > 1", 'metric'],
  ];
  for (const [text, entity] of cases) assert.equal(one(text).entity, entity, text);
  for (const prefix of ['attribute.', 'attributes.', 'attr.', 'run.', '']) {
    assert.deepEqual(one(`${prefix}status = 'FAILED'`), { entity: 'attribute', key: 'status', comparator: '=', value: 'FAILED' });
  }
});

test('everything after the first dot is the key, quoted or not', () => {
  for (const text of ["tags.mlflow.user = 'ml'", "tags.`mlflow.user` = 'ml'", 'tags."mlflow.user" = \'ml\'']) {
    assert.equal(one(text).key, 'mlflow.user', text);
  }
  assert.equal(one('metrics.`val loss` < 2').key, 'val loss');
  assert.equal(one('metrics.`val-loss` < 2').key, 'val-loss');
  assert.equal(one('metrics."train/loss" < 2').key, 'train/loss');
  assert.equal(one('metrics.1st_epoch < 2').key, '1st_epoch');
  assert.equal(one("params.größe = 'x'").key, 'größe');
});

test('attribute aliases resolve to the canonical names', () => {
  assert.equal(one('created > 5').key, 'start_time');
  assert.equal(one('attributes.Created > 5').key, 'start_time');
  for (const alias of ['run name', 'Run name', 'Run Name']) assert.equal(one(`attributes.\`${alias}\` = 'x'`).key, 'run_name');
  for (const key of ['run_id', 'run_name', 'user_id', 'status', 'artifact_uri']) assert.equal(one(`${key} = 'x'`).key, key);
  assert.equal(one('end_time >= 0').key, 'end_time');
});

test('each comparator, in any case, with the value type it takes', () => {
  for (const op of ['=', '!=', '<', '<=', '>', '>=']) {
    assert.deepEqual(one(`metrics.rmse ${op} 0.5`), { entity: 'metric', key: 'rmse', comparator: op, value: 0.5 });
    assert.equal(one(`start_time${op}1795383711283`).value, 1795383711283);
  }
  assert.deepEqual(one("params.optimizer like 'ad%'"), { entity: 'param', key: 'optimizer', comparator: 'LIKE', value: 'ad%' });
  assert.deepEqual(one("tags.stage ILike 'CAND%'"), { entity: 'tag', key: 'stage', comparator: 'ILIKE', value: 'CAND%' });
  assert.deepEqual(one("tags.stage != 'candidate'").comparator, '!=');
  assert.deepEqual(one("attributes.run_id in ('a', \"b\")"), { entity: 'attribute', key: 'run_id', comparator: 'IN', value: ['a', 'b'] });
  assert.deepEqual(one("run_id Not In ('a')"), { entity: 'attribute', key: 'run_id', comparator: 'NOT IN', value: ['a'] });
  assert.deepEqual(one("datasets.context IN ('training','eval')").value, ['training', 'eval']);
  assert.deepEqual(one("datasets.digest NOT IN ('x')").comparator, 'NOT IN');
  assert.deepEqual(one('tags.note is null'), { entity: 'tag', key: 'note', comparator: 'IS NULL', value: null });
  assert.deepEqual(one('params.lr IS  NOT\tNULL'), { entity: 'param', key: 'lr', comparator: 'IS NOT NULL', value: null });
});

test('numbers: integers, floats, negatives, exponents', () => {
  const cases: [string, number][] = [
    ['3', 3],
    ['-3', -3],
    ['0.25', 0.25],
    ['-0.25', -0.25],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['1.5E-3', 0.0015],
    ['-2e+2', -200],
  ];
  for (const [raw, value] of cases) assert.equal(one(`metrics.m > ${raw}`).value, value, raw);
});

test('strings keep what is between the outer quotes, as MLflow does', () => {
  assert.equal(one("params.p = 'a b'").value, 'a b');
  assert.equal(one('params.p = "a b"').value, 'a b');
  assert.equal(one('params.p = "it\'s"').value, "it's");
  assert.equal(one("params.p = ''").value, '');
  // sqlparse lets these escapes through, and MLflow compares the text as written.
  assert.equal(one("params.p = 'it''s'").value, "it''s");
  assert.equal(one("params.p = 'a\\'b'").value, "a\\'b");
  assert.equal(one("params.p = 'ends with \\'").value, 'ends with \\');
  assert.equal(one("params.p = 'x AND y = 1'").value, 'x AND y = 1');
});

test('clauses are joined by AND in any case; stray ANDs are accepted', () => {
  const clauses = parseRunFilter("metrics.rmse < 1 and params.alpha = '0.1' AnD tags.x = 'y'");
  assert.deepEqual(
    clauses.map((c) => [c.entity, c.offset]),
    [
      ['metric', 0],
      ['param', 21],
      ['tag', 46],
    ],
  );
  assert.equal(parseRunFilter('AND metrics.a > 1').length, 1);
  assert.equal(parseRunFilter('metrics.a > 1 AND').length, 1);
  assert.equal(parseRunFilter('metrics.a > 1 AND and metrics.b < 2').length, 2);
  assert.equal(parseRunFilter('metrics.a>1 AND metrics.b<2').length, 2);
});

test('logical operators other than AND are errors at their position', () => {
  fails('metrics.a > 1 OR metrics.b < 2', 14, 'OR is not supported', 'AND');
  fails('OR metrics.b < 2', 0, 'OR is not supported');
  fails('NOT metrics.a > 1', 0, 'NOT is not supported');
  fails('(metrics.a > 1)', 0, 'parentheses are not supported');
  fails('metrics.a > 1 AND (metrics.b < 2)', 18, 'parentheses');
  fails('metrics.a > 1)', 13, 'parentheses');
  fails('metrics.a BETWEEN 1 AND 2', 10, 'BETWEEN is not supported', 'metrics.a >= 1 AND metrics.a <= 2');
  fails('metrics.a <> 1', 10, 'use !=');
  fails('metrics.a == 1', 10, 'use =');
  fails('metrics.a <<< 1', 10, 'unknown operator "<<<"');
  fails("params.a NOT LIKE 'x'", 9, 'NOT LIKE is not supported');
  fails('metrics.a > 1 metrics.b < 2', 14, 'expected AND');
});

test('params and tags compare as quoted strings', () => {
  fails("params.alpha > '0.5'", 13, '("> \'0.5\'")', 'params compare as strings; use =, !=, LIKE or ILIKE with a quoted value');
  fails("tags.x <= 'a'", 7, 'tags compare as strings');
  fails('params.alpha = 0.5', 15, "quote the value: '0.5'");
  fails('tags.x = adam', 9, "quote the value: 'adam'");
  fails('params.alpha = NULL', 15, 'IS NULL');
  fails("params.alpha IN ('0.5')", 13, 'IN works only for attributes.run_id and datasets.*');
  fails("params.alpha = ('0.5')", 15, 'use IN for a list');
});

test('metrics and numeric attributes compare as unquoted numbers', () => {
  fails("metrics.rmse > '0.5'", 15, 'remove the quotes: 0.5');
  fails("metrics.rmse = 'low'", 15, 'unquoted number');
  fails("metrics.rmse LIKE '1%'", 13, 'metrics compare as numbers', '<=');
  fails('metrics.rmse IS NULL', 13, 'metrics compare as numbers');
  fails("start_time = '5'", 13, 'start_time is a number', 'remove the quotes');
  fails('end_time IN (1)', 9, 'end_time is a number');
  fails('metrics.x = 1abc', 12, 'not a number');
  fails('metrics.x = -', 12, 'not a number');
});

test('string attributes take quoted values; lists only for run_id', () => {
  fails('status = FINISHED', 9, "status compares as a string; quote the value: 'FINISHED'");
  fails("attributes.status > 'A'", 18, 'status compares as a string');
  fails("attributes.status IN ('FAILED')", 18, 'IN works only for attributes.run_id');
  fails("user_id NOT IN ('bob')", 8, 'NOT IN works only');
  fails('attributes.run_name IS NULL', 20, 'IS NULL works only for params and tags');
  fails("run_id IN 'abc'", 10, 'takes a list in parentheses');
  fails('run_id IN ()', 10, 'the list is empty');
  fails("run_id IN ('a', 1)", 16, 'list items must be quoted strings');
  fails("run_id IN ('a'", 14, 'never closed');
  fails("run_id IN ('a' 'b')", 15, 'expected , or )');
});

test('unknown fields name what is allowed', () => {
  const allowed = 'run_id, run_name, user_id, status, start_time (or created), end_time, artifact_uri';
  fails("attributes.experiment_id = '1'", 11, '"experiment_id" is not a searchable attribute', allowed);
  fails("lifecycle_stage = 'active'", 0, 'view', allowed);
  fails('rmse < 1', 0, allowed, 'metrics.rmse');
  fails("attributes.name = 'x'", 11, 'use run_name');
  fails('foo.bar = 1', 0, 'unknown prefix "foo"', 'metrics., params., tags., attributes. or datasets.');
  fails('Metrics.rmse < 1', 0, 'prefixes are lowercase');
  fails('constructor.x = 1', 0, 'unknown prefix "constructor"');
  fails("toString = 'x'", 0, '"toString" is not a searchable attribute');
  fails("datasets.source = 'x'", 9, 'datasets.name, datasets.digest or datasets.context');
});

test('lexical errors point at the offending text', () => {
  fails("params.x = 'abc", 11, 'never closed');
  fails('tags.`abc = 1', 5, 'backtick is never closed');
  fails('metrics.val-loss > 1', 8, 'metrics.`val-loss`');
  fails('metrics.rmse', 12, 'at the end', 'expected a comparison after metrics.rmse');
  fails('metrics.rmse 5', 13, 'expected a comparison');
  fails('metrics.rmse >', 14, 'expected a value after >');
  fails('metrics. > 1', 8, 'expected a key after "metrics."');
  fails('= 1', 0, 'expected a field');
  fails("tags.`a`b = 'x'", 5, 'quote the whole key');
});
