import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunSummary } from '../../src/mlflow/entities';
import type { FileStore } from '../../src/mlflow/filestore/fileStore';
import { openFileStore } from '../../src/mlflow/filestore/fileStore';
import { failure } from '../fixtures/sqliteFixture';
import { EXPERIMENT_IDS, FIXTURE_MLRUNS, fileRunId, openFixture } from '../fixtures/file-store/fixture';

const ALL_EXPERIMENTS = Object.values(EXPERIMENT_IDS);
const WINE = EXPERIMENT_IDS['wine-quality'];
const names = (runs: RunSummary[]) => runs.map((r) => r.info.runName);
const tag = (run: RunSummary, key: string) => run.data.tags.find((t) => t.key === key)?.value;

describe('FileStore on the MLflow 3.11 fixture: store, experiments and runs', () => {
  let store: FileStore;
  const logged: string[] = [];
  before(async () => {
    store = await openFixture(FIXTURE_MLRUNS, { log: (m) => logged.push(m) });
  });
  after(() => store.dispose());

  const search = async (request: Partial<Parameters<FileStore['searchRuns']>[0]>) =>
    (await store.searchRuns({ experimentIds: ALL_EXPERIMENTS, maxResults: 1000, ...request })).items;

  it('declares a read-only store with registry, logged models and datasets', () => {
    assert.deepEqual(store.capabilities, { writable: false, serverSideSampling: false, registry: true, loggedModels: true, datasets: true });
    assert.equal(store.description.kind, 'file');
    assert.equal(store.description.location, FIXTURE_MLRUNS);
  });

  it('lists 4 active experiments newest first, and the deleted one from .trash', async () => {
    const active = (await store.searchExperiments({})).items;
    assert.deepEqual(active.map((e) => e.name), ['iris-classification', 'deep-net-training', 'wine-quality', 'Default']);
    const deleted = (await store.searchExperiments({ viewType: 'DELETED_ONLY' })).items;
    assert.deepEqual(deleted.map((e) => [e.name, e.experimentId, e.lifecycleStage]), [['scratch-to-delete', EXPERIMENT_IDS['scratch-to-delete'], 'deleted']]);
    // Tags given at creation live in meta.yaml, later ones in tags/.
    assert.deepEqual(deleted[0].tags, [{ key: 'temporary', value: 'true' }]);
    const wine = await store.getExperiment(WINE);
    assert.equal(wine.name, 'wine-quality');
    assert.equal(wine.artifactLocation, `file:///home/ml/wine-demo/file-store/mlruns/${WINE}`);
    assert.deepEqual(wine.tags.map((t) => t.key).sort(), ['mlflow.note.content', 'project', 'team']);
    assert.equal((await failure(store.getExperiment('42'))).code, 'NOT_FOUND');
  });

  it('filters and pages experiments', async () => {
    assert.deepEqual((await store.searchExperiments({ filter: "name LIKE 'wine%'" })).items.map((e) => e.name), ['wine-quality']);
    assert.deepEqual((await store.searchExperiments({ filter: "tags.project = 'wine'" })).items.map((e) => e.name), ['wine-quality']);
    assert.equal((await store.searchExperiments({ viewType: 'ALL', filter: 'creation_time > 0' })).items.length, 5);
    const first = await store.searchExperiments({ maxResults: 3 });
    assert.equal(first.items.length, 3);
    const second = await store.searchExperiments({ maxResults: 3, pageToken: first.nextPageToken });
    assert.deepEqual(second.items.map((e) => e.name), ['Default']);
    assert.equal(second.nextPageToken, undefined);
    assert.equal((await failure(store.searchExperiments({ filter: "name = 'a' OR name = 'b'" }))).code, 'INVALID_FILTER');
  });

  it('counts 27 runs: 25 active, 2 deleted (one by itself, one with its experiment)', async () => {
    assert.equal((await search({ viewType: 'ALL' })).length, 27);
    assert.equal((await search({})).length, 25);
    assert.deepEqual(names(await search({ viewType: 'DELETED_ONLY' })).sort(), ['oops-wrong-data', 'scratch-run']);
    assert.deepEqual(logged, []);
  });

  it('pages runs with opaque tokens, without gaps or repeats', async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let pageToken: string | undefined;
    do {
      const page = await store.searchRuns({ experimentIds: [WINE], maxResults: 5, pageToken });
      sizes.push(page.items.length);
      seen.push(...names(page.items));
      pageToken = page.nextPageToken;
    } while (pageToken);
    assert.deepEqual(sizes, [5, 5, 3]);
    assert.deepEqual(seen, names(await search({ experimentIds: [WINE] })));
    assert.equal((await failure(store.searchRuns({ experimentIds: [WINE], pageToken: 'nonsense' }))).code, 'INVALID_FILTER');
  });

  it('nests runs through mlflow.parentRunId, across experiments too', async () => {
    const children = (parent: string) => search({ filter: `tags.mlflow.parentRunId = '${fileRunId(parent)}'` });
    assert.deepEqual(names(await children('elasticnet-sweep')).sort(), [
      'alpha=0.05,l1_ratio=0.2', 'alpha=0.1,l1_ratio=0.5', 'alpha=0.5,l1_ratio=0.5', 'alpha=1.0,l1_ratio=0.2',
    ]);
    assert.deepEqual(names(await children('sweep-child-1')).sort(), ['cv-fold-0', 'cv-fold-1']);
    const knn = await children('knn-grid-search');
    assert.deepEqual(names(knn).sort(), ['knn-k11', 'knn-k3', 'knn-k7']);
    assert.deepEqual([...new Set(knn.map((r) => r.info.experimentId))], ['0']);
    assert.equal((await store.getRun(fileRunId('knn-grid-search'))).info.experimentId, EXPERIMENT_IDS['iris-classification']);
  });

  it('maps the status numbers of meta.yaml and keeps users and end times', async () => {
    const byName = new Map((await search({ experimentIds: [WINE] })).map((r) => [r.info.runName, r.info]));
    assert.equal(byName.get('failed-oom')?.status, 'FAILED');
    assert.equal(byName.get('failed-oom')?.userId, 'bob');
    assert.equal(byName.get('killed-by-user')?.status, 'KILLED');
    assert.equal(byName.get('still-running')?.status, 'RUNNING');
    assert.equal(byName.get('still-running')?.endTime, undefined);
    assert.equal(byName.get('elasticnet-sweep')?.status, 'FINISHED');
    assert.equal(byName.get('elasticnet-sweep')?.userId, 'alice');
  });

  it('returns a run with params, tags, latest metrics, dataset inputs and model outputs', async () => {
    const run = await store.getRun(fileRunId('train-v1'));
    assert.deepEqual(run.info, {
      runId: fileRunId('train-v1'),
      runName: 'train-v1',
      experimentId: WINE,
      userId: 'ml',
      status: 'FINISHED',
      startTime: 1795383708560,
      endTime: 1795383711666,
      artifactUri: `file:///home/ml/wine-demo/file-store/mlruns/${WINE}/${fileRunId('train-v1')}/artifacts`,
      lifecycleStage: 'active',
    });
    const params = Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
    assert.deepEqual(params, { alpha: '0.5', l1_ratio: '0.5', max_iter: '2000', n_train: '1199' });
    const metrics = Object.fromEntries(run.data.metrics.map((m) => [m.key, [m.value, m.step, m.timestamp]]));
    assert.deepEqual(metrics, {
      rmse: [0.7221995496295961, 0, 1795383708602],
      mae: [0.6096566229013402, 0, 1795383708602],
      r2: [0.11446905933179852, 0, 1795383708602],
    });
    assert.equal(tag(run, 'stage'), 'candidate');
    assert.equal(run.data.tags.length, 7);
    const [input] = run.inputs.datasetInputs;
    assert.equal(run.inputs.datasetInputs.length, 1);
    assert.equal(input.dataset.name, 'winequality-red');
    assert.equal(input.dataset.digest, '5c8b3604');
    assert.equal(input.dataset.sourceType, 'code');
    assert.match(input.dataset.schema ?? '', /"name": "fixed_acidity"/);
    assert.equal(input.dataset.profile, '{"num_rows": 1599, "num_elements": 19188}');
    assert.deepEqual(input.tags, [{ key: 'mlflow.data.context', value: 'training' }]);
    assert.deepEqual(run.outputs.modelOutputs, [{ modelId: 'm-3e69397743194e76a8c52f1b99000b90', step: 0 }]);
    assert.deepEqual(run.inputs.modelInputs, []);
  });

  it('keeps 300-character params, multi-line tags and the NaN latest metric of a diverged run', async () => {
    const adam = await store.getRun(fileRunId('mlp-adam-5000steps'));
    assert.equal(adam.data.params.find((p) => p.key === 'long_param')?.value, 'x'.repeat(300));
    assert.equal(tag(adam, 'mlflow.source.git.branch'), 'feature/long-training');
    assert.match(tag(adam, 'mlflow.note.content') ?? '', /\n/);
    const diverged = await store.getRun(fileRunId('mlp-adam-lr-too-high'));
    const loss = diverged.data.metrics.find((m) => m.key === 'loss');
    assert.ok(loss && Number.isNaN(loss.value));
    assert.equal(loss.step, 120);
  });

  it('reads a run of a deleted experiment, and rejects unknown runs and bad filters', async () => {
    const scratch = await store.getRun(fileRunId('scratch-run (in deleted experiment)'));
    assert.equal(scratch.info.lifecycleStage, 'deleted');
    assert.equal(scratch.info.runName, 'scratch-run');
    assert.equal((await failure(store.getRun('0'.repeat(32)))).code, 'NOT_FOUND');
    assert.equal((await failure(store.getRun('../..'))).code, 'NOT_FOUND');
    assert.equal((await failure(search({ filter: "params.alpha = '0.5' OR params.alpha = '0.1'" }))).code, 'INVALID_FILTER');
    assert.equal((await failure(store.searchRuns({ experimentIds: [WINE], maxResults: 0 }))).code, 'INVALID_FILTER');
  });

  it('stops a cancelled request with CANCELLED', async () => {
    const controller = new AbortController();
    controller.abort();
    const options = { signal: controller.signal };
    assert.equal((await failure(store.searchRuns({ experimentIds: ALL_EXPERIMENTS }, options))).code, 'CANCELLED');
    assert.equal((await failure(store.getMetricHistory({ runId: fileRunId('mlp-sgd'), metricKey: 'loss' }, options))).code, 'CANCELLED');
    assert.equal((await failure(store.searchExperiments({}, options))).code, 'CANCELLED');
  });

  it('refuses folders that are not file stores', async () => {
    assert.equal((await failure(openFileStore(`${FIXTURE_MLRUNS}/does-not-exist`))).code, 'UNREADABLE');
    assert.equal((await failure(openFileStore(`${FIXTURE_MLRUNS}/${WINE}/${fileRunId('train-v1')}/params`))).code, 'NOT_A_STORE');
  });
});
