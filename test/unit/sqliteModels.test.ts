import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SqliteStore } from '../../src/mlflow/sqlite/sqliteStore';
import { openStore, runId } from '../fixtures/sqliteFixture';

describe('SqliteStore on the MLflow 3.11 fixture: logged models and the registry', () => {
  let store: SqliteStore;
  before(async () => {
    store = await openStore();
  });
  after(() => store.dispose());

  it('lists the 4 logged models, newest first, with params, tags and metrics', async () => {
    const models = await store.searchLoggedModels(['0', '1', '2', '3']);
    assert.deepEqual(
      models.map((m) => [m.modelId, m.name, m.experimentId, m.sourceRunId]),
      [
        ['m-7d1a4ebf3653465a9a5fc327fb78447a', 'rf-model', '3', runId('iris-random-forest')],
        ['m-5ccc98ba92e94cae97d97da8f0a82c38', 'model', '1', runId('train-v3')],
        ['m-ab8ba20412fa475bbe2043b5ed3dce9c', 'model', '1', runId('train-v2')],
        ['m-805773840768422cb51e4487369bffc3', 'model', '1', runId('train-v1')],
      ],
    );
    const v1 = models[3];
    assert.equal(v1.status, 'READY');
    assert.equal(v1.lifecycleStage, 'active');
    assert.equal(v1.artifactLocation, '/home/ml/wine-demo/sqlite-store/mlruns/1/models/m-805773840768422cb51e4487369bffc3/artifacts');
    assert.equal(v1.creationTimestamp, 1795383711389);
    assert.deepEqual(Object.fromEntries(v1.params.map((p) => [p.key, p.value])), { alpha: '0.5', l1_ratio: '0.5', max_iter: '2000', n_train: '1199' });
    assert.equal(v1.tags.find((t) => t.key === 'mlflow.modelVersions')?.value, '[{"name": "wine-quality", "version": 1}]');
    assert.deepEqual(v1.metrics.map((m) => m.key), ['mae', 'r2', 'rmse']);
    assert.equal(v1.metrics.find((m) => m.key === 'rmse')?.value, 0.7221995496295961);
    assert.deepEqual(await store.searchLoggedModels(['2']), []);
  });

  it('lists registered models by name with aliases, tags and the latest version per stage', async () => {
    const models = await store.searchRegisteredModels();
    assert.deepEqual(models.map((m) => m.name), ['iris-classifier', 'wine-quality']);
    const [iris, wine] = models;
    assert.deepEqual(wine.aliases, [
      { alias: 'challenger', version: '3' },
      { alias: 'champion', version: '2' },
    ]);
    assert.deepEqual(wine.tags, [
      { key: 'task', value: 'regression' },
      { key: 'owner', value: 'data-science' },
    ]);
    assert.equal(wine.description, 'ElasticNet regressor predicting red-wine quality (3-8).');
    assert.deepEqual(wine.latestVersions.map((v) => [v.version, v.currentStage]), [
      ['1', 'Archived'],
      ['2', 'Production'],
      ['3', 'Staging'],
    ]);
    assert.deepEqual(iris.aliases, [{ alias: 'prod', version: '1' }]);
    assert.deepEqual(iris.latestVersions.map((v) => [v.version, v.currentStage, v.aliases]), [['1', 'None', ['prod']]]);
  });

  it('filters registered models by name', async () => {
    assert.deepEqual((await store.searchRegisteredModels("name LIKE 'wine%'")).map((m) => m.name), ['wine-quality']);
    assert.deepEqual((await store.searchRegisteredModels("name = 'nothing'")).map((m) => m.name), []);
    assert.deepEqual((await store.searchRegisteredModels("tags.task = 'regression'")).map((m) => m.name), ['wine-quality']);
  });

  it('lists the versions of a model newest first, with aliases, tags and the logged model', async () => {
    const versions = await store.searchModelVersions('wine-quality');
    assert.deepEqual(
      versions.map((v) => [v.version, v.currentStage, v.aliases, v.runId]),
      [
        ['3', 'Staging', ['challenger'], runId('train-v3')],
        ['2', 'Production', ['champion'], runId('train-v2')],
        ['1', 'Archived', [], runId('train-v1')],
      ],
    );
    const v2 = versions[1];
    assert.deepEqual(v2.tags, [
      { key: 'validation_status', value: 'n/a' },
      { key: 'approved_by', value: 'alice' },
    ]);
    assert.equal(v2.source, 'models:/m-ab8ba20412fa475bbe2043b5ed3dce9c');
    assert.equal(v2.modelId, 'm-ab8ba20412fa475bbe2043b5ed3dce9c');
    assert.equal(v2.status, 'READY');
    assert.equal(v2.creationTimestamp, 1795383720834);
    const iris = await store.searchModelVersions('iris-classifier');
    assert.deepEqual(iris.map((v) => [v.version, v.aliases]), [['1', ['prod']]]);
    assert.deepEqual(await store.searchModelVersions('no-such-model'), []);
  });
});
