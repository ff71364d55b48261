import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Database } from 'node-sqlite3-wasm';
import { parseRunFilter } from '../../src/mlflow/search/filter';
import { parseOrderBy } from '../../src/mlflow/search/orderBy';
import { compileRunSearch, likeToGlob } from '../../src/mlflow/search/sql';

// Expected names below were read from the fixture with `sqlite3 -readonly` and checked against
// MLflow's semantics by hand (and, where a recording exists, against the real server's answer).
const root = path.resolve(__dirname, '..');
const fixture = path.join(root, 'test/fixtures/sqlite-store/mlflow.db');
let dir: string;
let db: Database;

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'search-sql-'));
  copyFileSync(fixture, path.join(dir, 'mlflow.db'));
  db = new Database(path.join(dir, 'mlflow.db'), { readOnly: true });
});

after(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Search {
  order?: string[];
  experiments?: number[];
  stages?: string[];
}

/** Runs the statement exactly as the SQLite store writes it and returns run names in order. */
function search(filter: string, { order, experiments = [1], stages = ['active'] }: Search = {}): string[] {
  const c = compileRunSearch(parseRunFilter(filter), parseOrderBy(order));
  const stageParams = Object.fromEntries(stages.map((s, i) => [`:stage${i}`, s]));
  const sql =
    `SELECT runs.run_uuid, runs.name FROM runs ${c.joins} ` +
    `WHERE runs.experiment_id IN (${experiments.join(', ')}) AND runs.lifecycle_stage IN (${Object.keys(stageParams).join(', ')}) ` +
    `AND (${c.where}) ORDER BY ${c.orderBy} LIMIT :limit OFFSET :offset`;
  return db.all(sql, { ...c.params, ...stageParams, ':limit': 1000, ':offset': 0 }).map((row) => String(row.name));
}

function sorted(names: string[]): string[] {
  return [...names].sort();
}

const EXP1_ACTIVE_BY_START_DESC = [
  'train-v3',
  'train-v2',
  'train-v1',
  'still-running',
  'killed-by-user',
  'failed-oom',
  'alpha=1.0,l1_ratio=0.2',
  'alpha=0.5,l1_ratio=0.5',
  'cv-fold-1',
  'cv-fold-0',
  'alpha=0.1,l1_ratio=0.5',
  'alpha=0.05,l1_ratio=0.2',
  'elasticnet-sweep',
];
const SWEEP_CHILDREN = ['alpha=0.05,l1_ratio=0.2', 'alpha=0.1,l1_ratio=0.5', 'alpha=0.5,l1_ratio=0.5', 'alpha=1.0,l1_ratio=0.2'];

test('no filter and no order: every run, newest first', () => {
  const c = compileRunSearch([], []);
  assert.equal(c.where, '1');
  assert.equal(c.joins, '');
  assert.equal(c.orderBy, 'runs.start_time DESC, runs.run_uuid ASC');
  assert.deepEqual(search(''), EXP1_ACTIVE_BY_START_DESC);
});

test('metrics compare the latest value; runs without the metric never match', () => {
  assert.deepEqual(sorted(search('metrics.rmse < 0.7')), sorted(['alpha=0.05,l1_ratio=0.2', 'train-v3', 'alpha=0.1,l1_ratio=0.5', 'train-v2']));
  assert.deepEqual(search('metrics.rmse = 0.93'), ['failed-oom']);
  // train_rmse has 50 points; only the last (step 49) counts.
  assert.deepEqual(sorted(search('metrics.train_rmse >= 0.719')), sorted(['alpha=0.5,l1_ratio=0.5', 'alpha=1.0,l1_ratio=0.2', 'still-running']));
  // Experiment 1 has no `loss` at all, so it contributes nothing even to >, != ...
  assert.deepEqual(sorted(search('metrics.loss > 0', { experiments: [1, 2] })), sorted(['mlp-adam-5000steps', 'mlp-sgd', 'mlp-rmsprop']));
  assert.deepEqual(sorted(search('metrics.loss != 1', { experiments: [1, 2] })), sorted(['mlp-adam-5000steps', 'mlp-sgd', 'mlp-rmsprop', 'mlp-adam-lr-too-high']));
});

test("a NaN latest point is compared as the 0 MLflow's SQLite store keeps for it", () => {
  assert.deepEqual(search('metrics.loss = 0', { experiments: [2] }), ['mlp-adam-lr-too-high']);
  assert.deepEqual(sorted(search('metrics.loss < 0.05', { experiments: [2] })), sorted(['mlp-adam-lr-too-high', 'mlp-adam-5000steps']));
  assert.deepEqual(sorted(search('metrics.loss != 0', { experiments: [1, 2] })), sorted(['mlp-adam-5000steps', 'mlp-sgd', 'mlp-rmsprop']));
});

test('params and tags compare as strings; != needs the key to exist', () => {
  assert.deepEqual(sorted(search("params.alpha = '0.1'")), sorted(['alpha=0.1,l1_ratio=0.5', 'train-v2']));
  // '0.10' is a different string from '0.1'.
  assert.deepEqual(search("params.alpha = '0.10'"), []);
  assert.deepEqual(
    sorted(search("params.alpha != '0.5'")),
    sorted(['failed-oom', 'train-v3', 'alpha=0.05,l1_ratio=0.2', 'alpha=0.1,l1_ratio=0.5', 'train-v2', 'still-running', 'alpha=1.0,l1_ratio=0.2', 'killed-by-user']),
  );
  const alice = [...SWEEP_CHILDREN, 'elasticnet-sweep', 'cv-fold-0', 'cv-fold-1'];
  assert.deepEqual(sorted(search("tags.mlflow.user = 'alice'")), sorted(alice));
  assert.deepEqual(sorted(search("tags.`mlflow.user` = 'alice'")), sorted(alice));
  assert.deepEqual(sorted(search("tags.mlflow.user ILIKE 'ALICE'")), sorted(alice));
  assert.deepEqual(search("tags.mlflow.user = 'Alice'"), []);
});

test('IS NULL / IS NOT NULL test whether the key is set', () => {
  const topLevel = ['elasticnet-sweep', 'failed-oom', 'killed-by-user', 'still-running', 'train-v1', 'train-v2', 'train-v3'];
  assert.deepEqual(sorted(search('tags.mlflow.parentRunId IS NULL')), sorted(topLevel));
  assert.deepEqual(sorted(search('tags.mlflow.parentRunId IS NOT NULL')), sorted([...SWEEP_CHILDREN, 'cv-fold-0', 'cv-fold-1']));
  assert.deepEqual(sorted(search('params.alpha IS NULL')), sorted(['elasticnet-sweep', 'cv-fold-0', 'cv-fold-1']));
});

test('LIKE is case-sensitive and treats only % and _ as wildcards; ILIKE ignores case', () => {
  const trains = ['train-v1', 'train-v2', 'train-v3'];
  // Recorded from the real server: 046-runs-search-run-name-like.json.
  assert.deepEqual(search("attributes.run_name LIKE 'train-%'", { order: ['attributes.start_time DESC'] }), ['train-v3', 'train-v2', 'train-v1']);
  assert.deepEqual(search("run_name LIKE 'TRAIN-%'"), []);
  assert.deepEqual(sorted(search("run_name ILIKE 'TRAIN-%'")), trains);
  assert.deepEqual(sorted(search("run_name LIKE 'alpha=0._,%'")), sorted(['alpha=0.1,l1_ratio=0.5', 'alpha=0.5,l1_ratio=0.5']));
  assert.deepEqual(sorted(search("tags.mlflow.note.content LIKE 'Training%'")), trains);
  assert.deepEqual(search("tags.mlflow.note.content LIKE 'training%'"), []);
  // GLOB's wildcards are literal in a LIKE pattern; bare, each of these would match.
  assert.deepEqual(search("tags.mlflow.note.content LIKE '%**v1**%'"), ['train-v1']);
  assert.deepEqual(search("tags.mlflow.note.content LIKE '%run *v%'"), []);
  assert.deepEqual(search("run_name LIKE '*'"), []);
  assert.deepEqual(search("run_name LIKE 'train-v?'"), []);
  assert.deepEqual(search("run_name LIKE '[t]rain-v1'"), []);
  // SQLite's % crosses newlines; the notes of experiment 2 are multi-line.
  assert.deepEqual(search("tags.mlflow.note.content LIKE '## mlp-sgd%steps.'", { experiments: [2] }), ['mlp-sgd']);
  assert.deepEqual(search("artifact_uri LIKE '%/1/4036283a570e4a9eb32f847f0ea7b2b3/%'"), ['train-v3']);
});

test('run_name filters read the mlflow.runName tag', () => {
  const c = compileRunSearch(parseRunFilter("run_name = 'train-v1'"), []);
  assert.ok(Object.values(c.params).includes('mlflow.runName'), JSON.stringify(c));
  assert.deepEqual(search("attributes.`Run Name` = 'train-v1'"), ['train-v1']);
  assert.deepEqual(search("run_name != 'train-v1'"), EXP1_ACTIVE_BY_START_DESC.filter((n) => n !== 'train-v1'));
});

test('attributes compare the runs columns', () => {
  // Recorded from the real server: 044-runs-search-filter-status.json.
  assert.deepEqual(search("attributes.status = 'FAILED'", { experiments: [1, 2] }), ['mlp-adam-lr-too-high', 'failed-oom']);
  assert.deepEqual(sorted(search("user_id = 'bob'")), ['failed-oom', 'killed-by-user']);
  assert.deepEqual(sorted(search("user_id = 'bob'", { stages: ['active', 'deleted'] })), ['failed-oom', 'killed-by-user', 'oops-wrong-data']);
  assert.deepEqual(search('attributes.start_time > 1795383711283'), ['train-v3', 'train-v2']);
  assert.deepEqual(search('created >= 1795383711283'), ['train-v3', 'train-v2', 'train-v1']);
  // still-running has no end_time, so no comparison matches it.
  assert.deepEqual(search('end_time > 0'), EXP1_ACTIVE_BY_START_DESC.filter((n) => n !== 'still-running'));
  assert.deepEqual(search('end_time != 1'), EXP1_ACTIVE_BY_START_DESC.filter((n) => n !== 'still-running'));
});

test('run_id IN / NOT IN', () => {
  const ids = "('4036283a570e4a9eb32f847f0ea7b2b3', 'e3ad514767fa4e3db65537589950ab52')";
  assert.deepEqual(search(`attributes.run_id IN ${ids}`), ['train-v3', 'train-v2']);
  assert.deepEqual(search(`run_id NOT IN ${ids}`), EXP1_ACTIVE_BY_START_DESC.slice(2));
  assert.deepEqual(search("run_id = 'e3ad514767fa4e3db65537589950ab52'"), ['train-v2']);
});

test('datasets match through the run inputs', () => {
  const trains = ['train-v3', 'train-v2', 'train-v1'];
  assert.deepEqual(search("datasets.name = 'winequality-red'"), trains);
  assert.deepEqual(search("datasets.digest = '5c8b3604'"), trains);
  assert.deepEqual(search("datasets.context = 'training'"), trains);
  assert.deepEqual(search("datasets.context IN ('eval', 'training')"), trains);
  assert.deepEqual(search("datasets.name LIKE 'winequality-%'"), trains);
  assert.deepEqual(search("datasets.name ILIKE 'WINEQUALITY-RED'"), trains);
  assert.deepEqual(search("datasets.name NOT IN ('winequality-white')"), trains);
  // Runs without dataset inputs never match, and the trains' only dataset is the red one.
  assert.deepEqual(search("datasets.name != 'winequality-red'"), []);
  assert.deepEqual(search("datasets.context = 'eval'"), []);
});

test('clauses combine with AND, ordered by a metric (recorded from the real server)', () => {
  // 043-runs-search-filter-metrics-params.json: ties on rmse fall to start_time DESC.
  assert.deepEqual(search("metrics.rmse < 1.0 and params.l1_ratio = '0.5'", { order: ['metrics.rmse ASC'] }), [
    'train-v3',
    'train-v2',
    'alpha=0.1,l1_ratio=0.5',
    'train-v1',
    'alpha=0.5,l1_ratio=0.5',
  ]);
});

test('ordering by a metric puts runs without it last in both directions', () => {
  const missing = ['still-running', 'killed-by-user', 'cv-fold-1', 'cv-fold-0', 'elasticnet-sweep'];
  assert.deepEqual(search('', { order: ['metrics.rmse ASC'] }), [
    'alpha=0.05,l1_ratio=0.2',
    'train-v3',
    'train-v2',
    'alpha=0.1,l1_ratio=0.5',
    'alpha=1.0,l1_ratio=0.2',
    'train-v1',
    'alpha=0.5,l1_ratio=0.5',
    'failed-oom',
    ...missing,
  ]);
  assert.deepEqual(search('', { order: ['metrics.rmse DESC'] }), [
    'failed-oom',
    'train-v1',
    'alpha=0.5,l1_ratio=0.5',
    'alpha=1.0,l1_ratio=0.2',
    'train-v2',
    'alpha=0.1,l1_ratio=0.5',
    'train-v3',
    'alpha=0.05,l1_ratio=0.2',
    ...missing,
  ]);
});

test('a NaN metric sorts after the numbers and before missing values, either way', () => {
  const order = (direction: string): string[] => search('', { experiments: [1, 2], order: [`metrics.loss ${direction}`] }).slice(0, 5);
  assert.deepEqual(order('ASC'), ['mlp-adam-5000steps', 'mlp-sgd', 'mlp-rmsprop', 'mlp-adam-lr-too-high', 'train-v3']);
  assert.deepEqual(order('DESC'), ['mlp-rmsprop', 'mlp-sgd', 'mlp-adam-5000steps', 'mlp-adam-lr-too-high', 'train-v3']);
});

test('params order as strings, missing last, ties by start_time DESC', () => {
  // As numbers this would be 3, 7, 11.
  assert.deepEqual(search('', { experiments: [0], order: ['params.n_neighbors'] }), ['knn-k11', 'knn-k3', 'knn-k7']);
  assert.deepEqual(search('', { experiments: [0], order: ['params.n_neighbors DESC'] }), ['knn-k7', 'knn-k3', 'knn-k11']);
  assert.deepEqual(search('', { order: ['params.l1_ratio'] }), [
    'alpha=1.0,l1_ratio=0.2',
    'alpha=0.05,l1_ratio=0.2',
    'train-v3',
    'train-v2',
    'train-v1',
    'alpha=0.5,l1_ratio=0.5',
    'alpha=0.1,l1_ratio=0.5',
    'still-running',
    'killed-by-user',
    'failed-oom',
    'cv-fold-1',
    'cv-fold-0',
    'elasticnet-sweep',
  ]);
  assert.deepEqual(search('', { order: ['params.l1_ratio DESC'] }).slice(0, 2), ['still-running', 'train-v3']);
});

test('ordering by tags and attributes, and by several fields', () => {
  assert.deepEqual(search('', { experiments: [3], order: ['attributes.run_name'] }), ['knn', 'knn-grid-search', 'logreg', 'random-forest', 'svc']);
  assert.deepEqual(search('', { experiments: [3], order: ['run_name DESC'] }), ['svc', 'random-forest', 'logreg', 'knn-grid-search', 'knn']);
  // still-running has no end_time: last both ways.
  assert.equal(search('', { order: ['end_time ASC'] }).at(-1), 'still-running');
  assert.equal(search('', { order: ['end_time DESC'] }).at(-1), 'still-running');
  assert.deepEqual(search('', { order: ['created'] }), [...EXP1_ACTIVE_BY_START_DESC].reverse());
  // Commits end in ...01234 (v1), ...0123a (v2), ...012ab (v3): the opposite of start order.
  assert.deepEqual(search("tags.stage = 'candidate'", { order: ['tags.mlflow.source.git.commit'] }), ['train-v1', 'train-v2', 'train-v3']);
  // alpha '0.1': equal rmse, so start_time DESC; alpha '0.05': rmse ASC beats start_time DESC.
  assert.deepEqual(search('metrics.rmse < 0.7', { order: ['params.alpha DESC', 'metrics.rmse'] }), [
    'train-v2',
    'alpha=0.1,l1_ratio=0.5',
    'alpha=0.05,l1_ratio=0.2',
    'train-v3',
  ]);
});

test('every search ends with the start_time DESC, run id tiebreak', () => {
  const c = compileRunSearch(parseRunFilter("metrics.rmse < 1 AND params.alpha = '0.1'"), parseOrderBy(['metrics.rmse DESC', 'tags.x']));
  assert.match(c.orderBy, /, runs\.start_time DESC, runs\.run_uuid ASC$/);
  assert.match(compileRunSearch([], parseOrderBy(['start_time ASC'])).orderBy, /runs\.start_time ASC, runs\.run_uuid ASC$/);
  for (const name of Object.keys(c.params)) assert.match(name, /^:s\d+$/);
  for (const name of [...`${c.joins} ${c.where} ${c.orderBy}`.matchAll(/:\w+/g)].map((m) => m[0])) assert.ok(name in c.params, name);
});

test('keys and values are bound, never spliced into the SQL', () => {
  assert.deepEqual(search("tags.`it's\"; DROP TABLE runs; --` = 'x''); --'"), []);
  assert.deepEqual(search('params."a\'b" != "it\'s"'), []);
  const forged = { entity: 'attribute', key: 'toString', comparator: '=', value: 'x', offset: 0 } as const;
  assert.throws(() => compileRunSearch([forged], []), /unknown attribute toString/);
  assert.throws(() => compileRunSearch([{ ...forged, entity: 'dataset', key: 'source' }], []), /unknown dataset field source/);
});

test('LIKE patterns become GLOB patterns with GLOB wildcards made literal', () => {
  assert.equal(likeToGlob('train-%'), 'train-*');
  assert.equal(likeToGlob('a_c'), 'a?c');
  assert.equal(likeToGlob('*?[x]'), '[*][?][[]x]');
  assert.equal(likeToGlob('100\\%'), '100\\*');
});

test('filters and ordering joins use the primary keys and indexes, not table scans', () => {
  const filter = "metrics.rmse < 1 AND params.alpha = '0.1' AND tags.x != 'y' AND datasets.context = 'training'";
  const c = compileRunSearch(parseRunFilter(filter), parseOrderBy(['metrics.rmse', 'params.alpha']));
  const plan = db.all(`EXPLAIN QUERY PLAN SELECT runs.run_uuid FROM runs ${c.joins} WHERE runs.experiment_id IN (1) AND (${c.where}) ORDER BY ${c.orderBy} LIMIT 10`, c.params);
  const details = plan.map((row) => String(row.detail));
  // Aliases the compiler gives: f<i>/df<i>/tf<i> per filter clause, o<i> per order clause.
  const aliases = ['f0', 'f1', 'f2', 'f3', 'df3', 'tf3', 'o0', 'o1'];
  for (const alias of aliases) {
    const uses = details.filter((d) => d.split(' ')[1] === alias);
    assert.ok(uses.length > 0, `${alias} missing from plan: ${details.join(' | ')}`);
    for (const use of uses) assert.match(use, /^SEARCH \S+ (EXISTS )?USING (PRIMARY KEY|INDEX|COVERING INDEX) /, use);
  }
});
