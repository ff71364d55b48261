import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Run } from '../../src/mlflow/entities';
import type { FileStore } from '../../src/mlflow/filestore/fileStore';
import { compareRuns, evaluateRunSearch, latestMetrics, likeMatcher, type SearchSemantics } from '../../src/mlflow/search/evaluate';
import { parseRunFilter } from '../../src/mlflow/search/filter';
import { parseOrderBy } from '../../src/mlflow/search/orderBy';
import { EXPERIMENT_IDS, fileRunId, openFixture } from '../fixtures/file-store/fixture';

// The cases of searchSql.test.ts (SQLite, checked against MLflow by hand and against recordings),
// run through the in-memory evaluator on the file-store copy of the same content: same run
// names, except the NaN and newline corners where MLflow's FileStore itself answers otherwise.
// Experiments are numbered as in the SQLite fixture.
const EXPERIMENTS = ['Default', 'wine-quality', 'deep-net-training', 'iris-classification'].map((name) => EXPERIMENT_IDS[name]);
let store: FileStore;
let allRuns: Run[];

before(async () => {
  store = await openFixture();
  allRuns = (await store.searchRuns({ experimentIds: Object.values(EXPERIMENT_IDS), viewType: 'ALL', maxResults: 1000 })).items;
  assert.equal(allRuns.length, 27);
});

after(() => store.dispose());

interface Search {
  order?: string[];
  experiments?: readonly number[];
  stages?: readonly string[];
  semantics?: SearchSemantics;
}

function search(filter: string, { order, experiments = [1], stages = ['active'], semantics = 'file' }: Search = {}): string[] {
  const ids = new Set(experiments.map((i) => EXPERIMENTS[i]));
  const runs = allRuns.filter((r) => ids.has(r.info.experimentId) && stages.includes(r.info.lifecycleStage));
  return evaluateRunSearch(runs, parseRunFilter(filter), parseOrderBy(order), semantics).map((r) => r.info.runName);
}

const sorted = (names: string[]) => [...names].sort();

const EXP1_ACTIVE_BY_START_DESC = [
  'train-v3', 'train-v2', 'train-v1', 'still-running', 'killed-by-user', 'failed-oom', 'alpha=1.0,l1_ratio=0.2',
  'alpha=0.5,l1_ratio=0.5', 'cv-fold-1', 'cv-fold-0', 'alpha=0.1,l1_ratio=0.5', 'alpha=0.05,l1_ratio=0.2', 'elasticnet-sweep',
];
const SWEEP_CHILDREN = ['alpha=0.05,l1_ratio=0.2', 'alpha=0.1,l1_ratio=0.5', 'alpha=0.5,l1_ratio=0.5', 'alpha=1.0,l1_ratio=0.2'];
const TRAINS = ['train-v3', 'train-v2', 'train-v1'];

test('no filter and no order: every run, newest first', () => {
  assert.deepEqual(search(''), EXP1_ACTIVE_BY_START_DESC);
});

test('metrics compare the latest value; runs without the metric never match', () => {
  assert.deepEqual(sorted(search('metrics.rmse < 0.7')), sorted(['alpha=0.05,l1_ratio=0.2', 'train-v3', 'alpha=0.1,l1_ratio=0.5', 'train-v2']));
  assert.deepEqual(search('metrics.rmse = 0.93'), ['failed-oom']);
  assert.deepEqual(sorted(search('metrics.train_rmse >= 0.719')), sorted(['alpha=0.5,l1_ratio=0.5', 'alpha=1.0,l1_ratio=0.2', 'still-running']));
  assert.deepEqual(sorted(search('metrics.loss > 0', { experiments: [1, 2] })), sorted(['mlp-adam-5000steps', 'mlp-sgd', 'mlp-rmsprop']));
});

test('a NaN latest point: 0 under sqlite semantics, a real NaN under the file store', () => {
  const sqlite = { experiments: [2], semantics: 'sqlite' } as const;
  assert.deepEqual(search('metrics.loss = 0', sqlite), ['mlp-adam-lr-too-high']);
  assert.deepEqual(sorted(search('metrics.loss < 0.05', sqlite)), sorted(['mlp-adam-lr-too-high', 'mlp-adam-5000steps']));
  assert.deepEqual(sorted(search('metrics.loss != 0', { ...sqlite, experiments: [1, 2] })), sorted(['mlp-adam-5000steps', 'mlp-sgd', 'mlp-rmsprop']));
  // MLflow's FileStore compares float('nan'): only != holds.
  assert.deepEqual(search('metrics.loss = 0', { experiments: [2] }), []);
  assert.deepEqual(search('metrics.loss < 0.05', { experiments: [2] }), ['mlp-adam-5000steps']);
  assert.deepEqual(sorted(search('metrics.loss != 0', { experiments: [1, 2] })), sorted(['mlp-adam-5000steps', 'mlp-sgd', 'mlp-rmsprop', 'mlp-adam-lr-too-high']));
  assert.deepEqual(sorted(search('metrics.loss != 1', { experiments: [1, 2] })), sorted(['mlp-adam-5000steps', 'mlp-sgd', 'mlp-rmsprop', 'mlp-adam-lr-too-high']));
});

test('params and tags compare as strings; != needs the key to exist', () => {
  assert.deepEqual(sorted(search("params.alpha = '0.1'")), sorted(['alpha=0.1,l1_ratio=0.5', 'train-v2']));
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
  assert.deepEqual(search("attributes.run_name LIKE 'train-%'", { order: ['attributes.start_time DESC'] }), TRAINS);
  assert.deepEqual(search("run_name LIKE 'TRAIN-%'"), []);
  assert.deepEqual(sorted(search("run_name ILIKE 'TRAIN-%'")), sorted(TRAINS));
  assert.deepEqual(sorted(search("run_name LIKE 'alpha=0._,%'")), sorted(['alpha=0.1,l1_ratio=0.5', 'alpha=0.5,l1_ratio=0.5']));
  assert.deepEqual(sorted(search("tags.mlflow.note.content LIKE 'Training%'")), sorted(TRAINS));
  assert.deepEqual(search("tags.mlflow.note.content LIKE 'training%'"), []);
  // Regular-expression and GLOB characters are literal.
  assert.deepEqual(search("tags.mlflow.note.content LIKE '%**v1**%'"), ['train-v1']);
  assert.deepEqual(search("tags.mlflow.note.content LIKE '%run *v%'"), []);
  assert.deepEqual(search("run_name LIKE '*'"), []);
  assert.deepEqual(search("run_name LIKE 'train-v?'"), []);
  assert.deepEqual(search("run_name LIKE '[t]rain-v1'"), []);
  assert.deepEqual(search("run_name LIKE 'train.v1'"), []);
  const trainV3 = fileRunId('train-v3');
  assert.deepEqual(search(`artifact_uri LIKE '%/${EXPERIMENTS[1]}/${trainV3}/%'`), ['train-v3']);
});

test("% crosses newlines under sqlite semantics; in the file store's only a trailing one does", () => {
  // The mlp-sgd note is "## mlp-sgd\nOptimizer `sgd`, lr=0.01, 400 steps."
  const multiLine = "tags.mlflow.note.content LIKE '## mlp-sgd%steps.'";
  assert.deepEqual(search(multiLine, { experiments: [2], semantics: 'sqlite' }), ['mlp-sgd']);
  assert.deepEqual(search(multiLine, { experiments: [2] }), []);
  // A trailing % leaves the end open (Python's re.match), so both stores match.
  assert.deepEqual(search("tags.mlflow.note.content LIKE '## mlp-sgd%'", { experiments: [2] }), ['mlp-sgd']);
  // A leading % cannot reach past the first line in the file store.
  assert.deepEqual(search("tags.mlflow.note.content LIKE '%400 steps.'", { experiments: [2] }), []);
  assert.deepEqual(search("tags.mlflow.note.content LIKE '%400 steps.'", { experiments: [2], semantics: 'sqlite' }), ['mlp-rmsprop', 'mlp-sgd']);
});

test('run_name filters read the mlflow.runName tag', () => {
  assert.deepEqual(search("attributes.`Run Name` = 'train-v1'"), ['train-v1']);
  assert.deepEqual(search("run_name != 'train-v1'"), EXP1_ACTIVE_BY_START_DESC.filter((n) => n !== 'train-v1'));
  const [run] = allRuns.filter((r) => r.info.runName === 'train-v1');
  const renamed: Run = { ...run, data: { ...run.data, tags: run.data.tags.map((t) => (t.key === 'mlflow.runName' ? { ...t, value: 'renamed' } : t)) } };
  assert.deepEqual(evaluateRunSearch([renamed], parseRunFilter("run_name = 'renamed'"), [], 'file').length, 1);
  assert.deepEqual(evaluateRunSearch([renamed], parseRunFilter("run_name = 'train-v1'"), [], 'file').length, 0);
});

test('attributes compare the run info', () => {
  assert.deepEqual(search("attributes.status = 'FAILED'", { experiments: [1, 2] }), ['mlp-adam-lr-too-high', 'failed-oom']);
  assert.deepEqual(sorted(search("user_id = 'bob'")), ['failed-oom', 'killed-by-user']);
  assert.deepEqual(sorted(search("user_id = 'bob'", { stages: ['active', 'deleted'] })), ['failed-oom', 'killed-by-user', 'oops-wrong-data']);
  // Start times differ from the SQLite fixture's (a separate generation): read train-v2's here.
  const v2Start = allRuns.find((r) => r.info.runName === 'train-v2')?.info.startTime as number;
  assert.deepEqual(search(`attributes.start_time > ${v2Start - 1}`), ['train-v3', 'train-v2']);
  assert.deepEqual(search(`created >= ${v2Start}`), ['train-v3', 'train-v2']);
  assert.deepEqual(search(`created < ${v2Start}`).slice(0, 2), ['train-v1', 'still-running']);
  assert.deepEqual(search('end_time > 0'), EXP1_ACTIVE_BY_START_DESC.filter((n) => n !== 'still-running'));
  assert.deepEqual(search('end_time != 1'), EXP1_ACTIVE_BY_START_DESC.filter((n) => n !== 'still-running'));
});

test('run_id IN / NOT IN', () => {
  const ids = `('${fileRunId('train-v3')}', '${fileRunId('train-v2')}')`;
  assert.deepEqual(search(`attributes.run_id IN ${ids}`), ['train-v3', 'train-v2']);
  assert.deepEqual(search(`run_id NOT IN ${ids}`), EXP1_ACTIVE_BY_START_DESC.slice(2));
  assert.deepEqual(search(`run_id = '${fileRunId('train-v2')}'`), ['train-v2']);
});

test('datasets match through the run inputs', () => {
  assert.deepEqual(search("datasets.name = 'winequality-red'"), TRAINS);
  assert.deepEqual(search("datasets.digest = '5c8b3604'"), TRAINS);
  assert.deepEqual(search("datasets.context = 'training'"), TRAINS);
  assert.deepEqual(search("datasets.context IN ('eval', 'training')"), TRAINS);
  assert.deepEqual(search("datasets.name LIKE 'winequality-%'"), TRAINS);
  assert.deepEqual(search("datasets.name ILIKE 'WINEQUALITY-RED'"), TRAINS);
  assert.deepEqual(search("datasets.name NOT IN ('winequality-white')"), TRAINS);
  assert.deepEqual(search("datasets.name != 'winequality-red'"), []);
  assert.deepEqual(search("datasets.context = 'eval'"), []);
});

test('clauses combine with AND, ordered by a metric (recorded from the real server)', () => {
  assert.deepEqual(search("metrics.rmse < 1.0 and params.l1_ratio = '0.5'", { order: ['metrics.rmse ASC'] }), [
    'train-v3', 'train-v2', 'alpha=0.1,l1_ratio=0.5', 'train-v1', 'alpha=0.5,l1_ratio=0.5',
  ]);
});

test('ordering by a metric puts runs without it last in both directions', () => {
  const missing = ['still-running', 'killed-by-user', 'cv-fold-1', 'cv-fold-0', 'elasticnet-sweep'];
  assert.deepEqual(search('', { order: ['metrics.rmse ASC'] }), [
    'alpha=0.05,l1_ratio=0.2', 'train-v3', 'train-v2', 'alpha=0.1,l1_ratio=0.5', 'alpha=1.0,l1_ratio=0.2', 'train-v1',
    'alpha=0.5,l1_ratio=0.5', 'failed-oom', ...missing,
  ]);
  assert.deepEqual(search('', { order: ['metrics.rmse DESC'] }), [
    'failed-oom', 'train-v1', 'alpha=0.5,l1_ratio=0.5', 'alpha=1.0,l1_ratio=0.2', 'train-v2', 'alpha=0.1,l1_ratio=0.5',
    'train-v3', 'alpha=0.05,l1_ratio=0.2', ...missing,
  ]);
});

test('a NaN metric sorts after the numbers and before missing values, either way, in both semantics', () => {
  for (const semantics of ['file', 'sqlite'] as const) {
    const order = (direction: string) => search('', { experiments: [1, 2], order: [`metrics.loss ${direction}`], semantics }).slice(0, 5);
    assert.deepEqual(order('ASC'), ['mlp-adam-5000steps', 'mlp-sgd', 'mlp-rmsprop', 'mlp-adam-lr-too-high', 'train-v3']);
    assert.deepEqual(order('DESC'), ['mlp-rmsprop', 'mlp-sgd', 'mlp-adam-5000steps', 'mlp-adam-lr-too-high', 'train-v3']);
  }
});

test('params order as strings, missing last, ties by start_time DESC', () => {
  assert.deepEqual(search('', { experiments: [0], order: ['params.n_neighbors'] }), ['knn-k11', 'knn-k3', 'knn-k7']);
  assert.deepEqual(search('', { experiments: [0], order: ['params.n_neighbors DESC'] }), ['knn-k7', 'knn-k3', 'knn-k11']);
  assert.deepEqual(search('', { order: ['params.l1_ratio'] }), [
    'alpha=1.0,l1_ratio=0.2', 'alpha=0.05,l1_ratio=0.2', 'train-v3', 'train-v2', 'train-v1', 'alpha=0.5,l1_ratio=0.5',
    'alpha=0.1,l1_ratio=0.5', 'still-running', 'killed-by-user', 'failed-oom', 'cv-fold-1', 'cv-fold-0', 'elasticnet-sweep',
  ]);
  assert.deepEqual(search('', { order: ['params.l1_ratio DESC'] }).slice(0, 2), ['still-running', 'train-v3']);
});

test('ordering by tags and attributes, and by several fields', () => {
  assert.deepEqual(search('', { experiments: [3], order: ['attributes.run_name'] }), ['knn', 'knn-grid-search', 'logreg', 'random-forest', 'svc']);
  assert.deepEqual(search('', { experiments: [3], order: ['run_name DESC'] }), ['svc', 'random-forest', 'logreg', 'knn-grid-search', 'knn']);
  assert.equal(search('', { order: ['end_time ASC'] }).at(-1), 'still-running');
  assert.equal(search('', { order: ['end_time DESC'] }).at(-1), 'still-running');
  assert.deepEqual(search('', { order: ['created'] }), [...EXP1_ACTIVE_BY_START_DESC].reverse());
  assert.deepEqual(search("tags.stage = 'candidate'", { order: ['tags.mlflow.source.git.commit'] }), ['train-v1', 'train-v2', 'train-v3']);
  assert.deepEqual(search('metrics.rmse < 0.7', { order: ['params.alpha DESC', 'metrics.rmse'] }), [
    'train-v2', 'alpha=0.1,l1_ratio=0.5', 'alpha=0.05,l1_ratio=0.2', 'train-v3',
  ]);
});

test('ties fall to start_time DESC, then run id', () => {
  const base = allRuns.find((r) => r.info.runName === 'train-v1') as Run;
  const twin = (runId: string, startTime?: number): Run => ({ ...base, info: { ...base.info, runId, startTime } });
  const ids = (runs: Run[]) => runs.map((r) => r.info.runId);
  assert.deepEqual(ids([twin('b', 1), twin('a', 1), twin('c', 2), twin('d')].sort(compareRuns([]))), ['c', 'a', 'b', 'd']);
  assert.deepEqual(ids([twin('b', 1), twin('a', 1), twin('c', 2)].sort(compareRuns(parseOrderBy(['start_time ASC'])))), ['a', 'b', 'c']);
});

test('the latest point is the highest step, then the latest timestamp', () => {
  const point = (step: number, timestamp: number, value: number) => ({ key: 'm', step, timestamp, value });
  assert.equal(latestMetrics([point(5, 1, 1), point(3, 9, 2)]).get('m')?.value, 1);
  assert.equal(latestMetrics([point(5, 1, 1), point(5, 2, 2)]).get('m')?.value, 2);
  assert.ok(Number.isNaN(latestMetrics([point(1, 1, 1), point(2, 1, Number.NaN)]).get('m')?.value));
});

test('LIKE patterns: one character per _, literal punctuation, ASCII-only lowering under sqlite', () => {
  const like = (pattern: string, semantics: SearchSemantics = 'file', ignoreCase = false) => likeMatcher(pattern, { ignoreCase, semantics });
  assert.ok(like('a_c')('abc'));
  assert.ok(like('a_c')('aéc'));
  assert.ok(!like('a_c')('a\nc'));
  assert.ok(like('a_c', 'sqlite')('a\nc'));
  assert.ok(like('(x)+$')('(x)+$'));
  assert.ok(!like('(x)+$')('xx'));
  assert.ok(like('ÉTÉ', 'file', true)('été'));
  assert.ok(!like('ÉTÉ', 'sqlite', true)('été'));
  assert.ok(like('ABC', 'sqlite', true)('abc'));
  // Python's `$` accepts one final newline; a trailing % accepts anything.
  assert.ok(like('abc')('abc\n'));
  assert.ok(!like('abc', 'sqlite')('abc\n'));
  assert.ok(like('a%')('a\nb'));
  assert.ok(!like('%b')('a\nb'));
});
