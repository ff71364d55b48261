import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunSummary } from '../../src/mlflow/entities';
import type { SqliteStore } from '../../src/mlflow/sqlite/sqliteStore';
import { failure, openStore, runId } from '../fixtures/sqliteFixture';

const ALL_EXPERIMENTS = ['0', '1', '2', '3', '4'];
const names = (runs: RunSummary[]) => runs.map((r) => r.info.runName);
const tag = (run: RunSummary, key: string) => run.data.tags.find((t) => t.key === key)?.value;

describe('SqliteStore on the MLflow 3.11 fixture: runs', () => {
  let store: SqliteStore;
  before(async () => {
    store = await openStore();
  });
  after(() => store.dispose());

  const search = async (request: Partial<Parameters<SqliteStore['searchRuns']>[0]>) =>
    (await store.searchRuns({ experimentIds: ALL_EXPERIMENTS, maxResults: 1000, ...request })).items;

  it('counts 27 runs: 25 active, 2 deleted (one by itself, one with its experiment)', async () => {
    assert.equal((await search({ viewType: 'ALL' })).length, 27);
    assert.equal((await search({})).length, 25);
    assert.deepEqual(names(await search({ viewType: 'DELETED_ONLY' })).sort(), ['oops-wrong-data', 'scratch-run']);
  });

  it('orders by start time, newest first, by default', async () => {
    const runs = await search({ experimentIds: ['1'] });
    assert.deepEqual(names(runs), [
      'train-v3', 'train-v2', 'train-v1', 'still-running', 'killed-by-user', 'failed-oom',
      'alpha=1.0,l1_ratio=0.2', 'alpha=0.5,l1_ratio=0.5', 'cv-fold-1', 'cv-fold-0',
      'alpha=0.1,l1_ratio=0.5', 'alpha=0.05,l1_ratio=0.2', 'elasticnet-sweep',
    ]);
  });

  it('pages runs with opaque tokens, without gaps or repeats', async () => {
    const seen: string[] = [];
    let pageToken: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await store.searchRuns({ experimentIds: ['1'], maxResults: 5, pageToken });
      sizes.push(page.items.length);
      seen.push(...names(page.items));
      pageToken = page.nextPageToken;
    } while (pageToken);
    assert.deepEqual(sizes, [5, 5, 3]);
    assert.deepEqual(seen, names(await search({ experimentIds: ['1'] })));
  });

  it('defaults to pages of 100 runs', async () => {
    const page = await store.searchRuns({ experimentIds: ALL_EXPERIMENTS });
    assert.equal(page.items.length, 25);
    assert.equal(page.nextPageToken, undefined);
  });

  it('nests runs through mlflow.parentRunId, across experiments too', async () => {
    const children = (parent: string) => search({ filter: `tags.mlflow.parentRunId = '${runId(parent)}'` });
    assert.deepEqual(names(await children('elasticnet-sweep')).sort(), [
      'alpha=0.05,l1_ratio=0.2', 'alpha=0.1,l1_ratio=0.5', 'alpha=0.5,l1_ratio=0.5', 'alpha=1.0,l1_ratio=0.2',
    ]);
    assert.deepEqual(names(await children('sweep-child-1')).sort(), ['cv-fold-0', 'cv-fold-1']);
    const knn = await children('knn-grid-search');
    assert.deepEqual(names(knn).sort(), ['knn-k11', 'knn-k3', 'knn-k7']);
    assert.deepEqual([...new Set(knn.map((r) => r.info.experimentId))], ['0']);
    assert.equal((await store.getRun(runId('knn-grid-search'))).info.experimentId, '3');
  });

  it('reports statuses, users and end times as recorded', async () => {
    const byName = new Map((await search({ experimentIds: ['1'] })).map((r) => [r.info.runName, r.info]));
    assert.equal(byName.get('failed-oom')?.status, 'FAILED');
    assert.equal(byName.get('failed-oom')?.userId, 'bob');
    assert.equal(byName.get('killed-by-user')?.status, 'KILLED');
    const running = byName.get('still-running');
    assert.equal(running?.status, 'RUNNING');
    assert.equal(running?.endTime, undefined);
    assert.equal(running?.startTime, 1795380110799);
    assert.equal(byName.get('elasticnet-sweep')?.userId, 'alice');
  });

  it('returns a run with params, tags, latest metrics, dataset inputs and model outputs', async () => {
    const run = await store.getRun(runId('train-v1'));
    assert.deepEqual(run.info, {
      runId: '2c84161a052543c68a13c6eb0b2de300',
      runName: 'train-v1',
      experimentId: '1',
      userId: 'ml',
      status: 'FINISHED',
      startTime: 1795383711283,
      endTime: 1795383716115,
      artifactUri: '/home/ml/wine-demo/sqlite-store/mlruns/1/2c84161a052543c68a13c6eb0b2de300/artifacts',
      lifecycleStage: 'active',
    });
    const params = Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
    assert.deepEqual(params, { alpha: '0.5', l1_ratio: '0.5', max_iter: '2000', n_train: '1199' });
    const metrics = Object.fromEntries(run.data.metrics.map((m) => [m.key, [m.value, m.step, m.timestamp]]));
    assert.deepEqual(metrics, {
      // Full-precision values, as Python's sqlite3 reads them from the fixture.
      rmse: [0.7221995496295961, 0, 1795383711330],
      mae: [0.6096566229013402, 0, 1795383711330],
      r2: [0.11446905933179852, 0, 1795383711330],
    });
    assert.equal(tag(run, 'stage'), 'candidate');
    assert.equal(run.data.tags.length, 7);
    assert.equal(run.inputs.datasetInputs.length, 1);
    const [input] = run.inputs.datasetInputs;
    assert.equal(input.dataset.name, 'winequality-red');
    assert.equal(input.dataset.digest, '5c8b3604');
    assert.equal(input.dataset.sourceType, 'code');
    assert.match(input.dataset.schema ?? '', /"name": "fixed_acidity"/);
    assert.equal(input.dataset.profile, '{"num_rows": 1599, "num_elements": 19188}');
    assert.deepEqual(input.tags, [{ key: 'mlflow.data.context', value: 'training' }]);
    assert.deepEqual(run.outputs.modelOutputs, [{ modelId: 'm-805773840768422cb51e4487369bffc3', step: 0 }]);
    assert.deepEqual(run.inputs.modelInputs, []);
  });

  it('gives the dataset input to train-v1..3 only', async () => {
    const withDataset = (await search({})).filter((r) => r.inputs.datasetInputs.length > 0);
    assert.deepEqual(names(withDataset).sort(), ['train-v1', 'train-v2', 'train-v3']);
  });

  it('keeps 300-character params and the NaN latest metric of a diverged run', async () => {
    const adam = await store.getRun(runId('mlp-adam-5000steps'));
    assert.equal(adam.data.params.find((p) => p.key === 'long_param')?.value, 'x'.repeat(300));
    assert.equal(tag(adam, 'mlflow.source.git.branch'), 'feature/long-training');
    const diverged = await store.getRun(runId('mlp-adam-lr-too-high'));
    const loss = diverged.data.metrics.find((m) => m.key === 'loss');
    assert.ok(loss && Number.isNaN(loss.value));
    assert.equal(loss.step, 120);
  });

  it('filters and orders with MLflow semantics (ties by start time, then id)', async () => {
    const ranked = await search({ experimentIds: ['1'], filter: 'metrics.rmse < 0.9', orderBy: ['metrics.rmse ASC'] });
    assert.deepEqual(names(ranked), [
      'alpha=0.05,l1_ratio=0.2', 'train-v3', 'train-v2', 'alpha=0.1,l1_ratio=0.5',
      'alpha=1.0,l1_ratio=0.2', 'train-v1', 'alpha=0.5,l1_ratio=0.5',
    ]);
    assert.deepEqual(names(await search({ filter: "params.alpha = '0.5' AND attributes.user_id = 'ml'" })), ['train-v1']);
    assert.deepEqual(names(await search({ filter: "attributes.run_name LIKE 'knn-k%'" })), ['knn-k11', 'knn-k7', 'knn-k3']);
    assert.deepEqual(names(await search({ filter: "datasets.name = 'winequality-red'", orderBy: ['attributes.run_name ASC'] })), [
      'train-v1', 'train-v2', 'train-v3',
    ]);
  });

  it('rejects bad filters with INVALID_FILTER and unknown runs with NOT_FOUND', async () => {
    assert.equal((await failure(search({ filter: "params.alpha = '0.5' OR params.alpha = '0.1'" }))).code, 'INVALID_FILTER');
    assert.equal((await failure(store.getRun('0'.repeat(32)))).code, 'NOT_FOUND');
    assert.equal((await failure(store.searchRuns({ experimentIds: ['1'], maxResults: 0 }))).code, 'INVALID_FILTER');
  });
});
