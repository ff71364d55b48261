import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FileStore } from '../../src/mlflow/filestore/fileStore';
import { failure } from '../fixtures/sqliteFixture';
import { copyFileStore, EXPERIMENT_IDS, FIXTURE_MLRUNS, fileRunId, openFixture } from '../fixtures/file-store/fixture';

const WINE = EXPERIMENT_IDS['wine-quality'];
const DEEP = EXPERIMENT_IDS['deep-net-training'];
const IRIS = EXPERIMENT_IDS['iris-classification'];

describe('FileStore on the MLflow 3.11 fixture: histories, artifacts, logged models, registry', () => {
  let store: FileStore;
  before(async () => {
    store = await openFixture();
  });
  after(() => store.dispose());

  it('returns the full 5,000-step loss history in step order', async () => {
    const loss = await store.getMetricHistory({ runId: fileRunId('mlp-adam-5000steps'), metricKey: 'loss' });
    assert.equal(loss.length, 5000);
    assert.ok(loss.every((p, i) => p.step === i && p.key === 'loss'));
    const lr = await store.getMetricHistory({ runId: fileRunId('mlp-adam-5000steps'), metricKey: 'learning_rate' });
    assert.equal(lr.length, 500);
    assert.equal(lr.at(-1)?.step, 4990);
    assert.equal(lr.at(-1)?.value, 6.25e-5);
  });

  it('restricts to a step range and samples keeping the ends and the extremes', async () => {
    const request = { runId: fileRunId('mlp-adam-5000steps'), metricKey: 'val_loss' };
    const slice = await store.getMetricHistory({ ...request, startStep: 100, endStep: 199 });
    assert.deepEqual([slice.length, slice[0].step, slice[99].step], [100, 100, 199]);
    const full = await store.getMetricHistory(request);
    const sampled = await store.getMetricHistory({ ...request, maxPoints: 320 });
    assert.ok(sampled.length <= 320 && sampled.length > 300, String(sampled.length));
    assert.deepEqual([sampled[0], sampled.at(-1)], [full[0], full.at(-1)]);
    const values = full.map((p) => p.value);
    assert.ok(sampled.some((p) => p.value === Math.min(...values)));
    assert.ok(sampled.some((p) => p.value === Math.max(...values)));
  });

  it('drops the lines FileStore writes twice when a run logs a model, as the SQLite store has them once', async () => {
    const metricsDir = (name: string, key: string) => path.join(FIXTURE_MLRUNS, name === 'iris-random-forest' ? IRIS : WINE, fileRunId(name), 'metrics', key);
    // The files really hold the duplicates.
    assert.equal(readFileSync(metricsDir('train-v1', 'rmse'), 'utf8').trim().split('\n').length, 2);
    assert.equal(readFileSync(metricsDir('iris-random-forest', 'feature_importance'), 'utf8').trim().split('\n').length, 5);
    const rmse = await store.getMetricHistory({ runId: fileRunId('train-v1'), metricKey: 'rmse' });
    assert.deepEqual(rmse, [{ key: 'rmse', value: 0.7221995496295961, timestamp: 1795383708602, step: 0 }]);
    // The second step-0 point comes last in the file: ordered by step, then deduplicated.
    const importance = await store.getMetricHistory({ runId: fileRunId('iris-random-forest'), metricKey: 'feature_importance' });
    assert.deepEqual(importance.map((p) => p.step), [0, 1, 2, 3]);
    const run = await store.getRun(fileRunId('iris-random-forest'));
    assert.equal(run.data.metrics.find((m) => m.key === 'feature_importance')?.step, 3);
  });

  it('returns the NaN last point of a diverged run as NaN, sampled or not', async () => {
    const request = { runId: fileRunId('mlp-adam-lr-too-high'), metricKey: 'loss' };
    const loss = await store.getMetricHistory(request);
    assert.equal(loss.length, 121);
    assert.ok(Number.isNaN(loss[120].value));
    assert.ok(loss.slice(0, 120).every((p) => Number.isFinite(p.value)));
    assert.ok(Number.isNaN((await store.getMetricHistory({ ...request, maxPoints: 10 })).at(-1)?.value ?? 0));
  });

  it('returns nothing for a metric the run never logged, NOT_FOUND for an unknown run', async () => {
    assert.deepEqual(await store.getMetricHistory({ runId: fileRunId('killed-by-user'), metricKey: 'rmse' }), []);
    assert.deepEqual(await store.getMetricHistory({ runId: fileRunId('train-v1'), metricKey: '../params/alpha' }), []);
    assert.equal((await failure(store.getMetricHistory({ runId: 'f'.repeat(32), metricKey: 'loss' }))).code, 'NOT_FOUND');
  });

  it('lists and reads artifacts relative to the store, whose recorded file:// paths do not exist here', async () => {
    const id = fileRunId('mlp-adam-5000steps');
    const local = path.join(FIXTURE_MLRUNS, DEEP, id, 'artifacts');
    assert.equal(await store.localArtifactDirectory(id), local);
    assert.deepEqual((await store.listArtifacts(id)).map((e) => e.path), ['checkpoints', 'config', 'data', 'plots', 'reports', 'summary.txt']);
    assert.deepEqual((await store.listArtifacts(id, 'reports/deep/a/b/c')).map((e) => e.path), ['reports/deep/a/b/c/leaf.txt']);
    const png = await store.readArtifact(id, 'plots/loss_curve.png');
    assert.ok(Buffer.from(png).equals(readFileSync(path.join(local, 'plots', 'loss_curve.png'))));
    assert.deepEqual([...(await store.readArtifact(id, 'plots/loss_curve.png', 4))], [0x89, 0x50, 0x4e, 0x47]);
    assert.equal((await failure(store.readArtifact(id, '../meta.yaml'))).code, 'NOT_FOUND');
    assert.deepEqual(await store.listArtifacts(fileRunId('killed-by-user')), []);
    assert.deepEqual((await store.listArtifacts(fileRunId('train-v1'), 'analysis')).map((e) => [e.path, e.fileSize]), [['analysis/feature_importance.csv', 233]]);
  });

  it('finds artifacts of a store copied under another folder name than mlruns', async () => {
    const copy = copyFileStore('old-runs');
    const moved = await openFixture(copy.mlruns);
    try {
      const id = fileRunId('failed-oom');
      assert.equal(await moved.localArtifactDirectory(id), path.join(copy.mlruns, WINE, id, 'artifacts'));
      assert.deepEqual((await moved.listArtifacts(id)).map((e) => e.path), ['error.txt']);
    } finally {
      await moved.dispose();
      copy.cleanup();
    }
  });

  it('lists the 4 logged models, newest first, with params, tags and all metric points', async () => {
    const models = await store.searchLoggedModels(Object.values(EXPERIMENT_IDS));
    assert.deepEqual(
      models.map((m) => [m.modelId, m.name, m.experimentId, m.sourceRunId, m.status]),
      [
        ['m-ad1651c13ba844698a7075069fb45767', 'rf-model', IRIS, fileRunId('iris-random-forest'), 'READY'],
        ['m-397338f9d66347aa8415beb7e6da124b', 'model', WINE, fileRunId('train-v3'), 'READY'],
        ['m-b4717a29e12d4213a936a309d1e46503', 'model', WINE, fileRunId('train-v2'), 'READY'],
        ['m-3e69397743194e76a8c52f1b99000b90', 'model', WINE, fileRunId('train-v1'), 'READY'],
      ],
    );
    const v1 = models[3];
    assert.deepEqual(Object.fromEntries(v1.params.map((p) => [p.key, p.value])), { alpha: '0.5', l1_ratio: '0.5', max_iter: '2000', n_train: '1199' });
    assert.equal(v1.tags.find((t) => t.key === 'mlflow.modelVersions')?.value, '[{"name": "wine-quality", "version": 1}]');
    // Logged-model metric lines carry the run id as a 4th field.
    assert.deepEqual(v1.metrics.map((m) => m.key), ['mae', 'r2', 'rmse']);
    assert.equal(v1.metrics.find((m) => m.key === 'rmse')?.value, 0.7221995496295961);
    assert.equal(v1.modelType, undefined);
    assert.deepEqual(await store.searchLoggedModels([DEEP]), []);
  });

  it('lists registered models with aliases, tags and the latest version per stage', async () => {
    const models = await store.searchRegisteredModels();
    assert.deepEqual(models.map((m) => m.name), ['iris-classifier', 'wine-quality']);
    const [iris, wine] = models;
    assert.deepEqual(wine.aliases, [
      { alias: 'challenger', version: '3' },
      { alias: 'champion', version: '2' },
    ]);
    assert.deepEqual(wine.tags, [
      { key: 'owner', value: 'data-science' },
      { key: 'task', value: 'regression' },
    ]);
    assert.equal(wine.description, 'ElasticNet regressor predicting red-wine quality (3-8).');
    assert.deepEqual(wine.latestVersions.map((v) => [v.version, v.currentStage]), [['1', 'Archived'], ['2', 'Production'], ['3', 'Staging']]);
    assert.deepEqual(iris.aliases, [{ alias: 'prod', version: '1' }]);
    assert.deepEqual(iris.latestVersions.map((v) => [v.version, v.currentStage, v.aliases]), [['1', 'None', ['prod']]]);
    assert.deepEqual((await store.searchRegisteredModels("name LIKE 'wine%'")).map((m) => m.name), ['wine-quality']);
    assert.deepEqual((await store.searchRegisteredModels("tags.task = 'regression'")).map((m) => m.name), ['wine-quality']);
  });

  it('lists the versions of a model newest first, with aliases, tags and the logged model', async () => {
    const versions = await store.searchModelVersions('wine-quality');
    assert.deepEqual(
      versions.map((v) => [v.version, v.currentStage, v.aliases, v.runId]),
      [
        ['3', 'Staging', ['challenger'], fileRunId('train-v3')],
        ['2', 'Production', ['champion'], fileRunId('train-v2')],
        ['1', 'Archived', [], fileRunId('train-v1')],
      ],
    );
    const v2 = versions[1];
    assert.deepEqual(v2.tags.map((t) => t.key), ['approved_by', 'validation_status']);
    assert.equal(v2.modelId, 'm-b4717a29e12d4213a936a309d1e46503');
    assert.equal(v2.source, 'models:/m-b4717a29e12d4213a936a309d1e46503');
    assert.equal(v2.status, 'READY');
    assert.deepEqual((await store.searchModelVersions('iris-classifier')).map((v) => [v.version, v.aliases]), [['1', ['prod']]]);
    assert.deepEqual(await store.searchModelVersions('no-such-model'), []);
    assert.deepEqual(await store.searchModelVersions('../models/wine-quality'), []);
  });
});
