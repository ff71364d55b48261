import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REST_FIXTURES } from '../support/replayServer';
import { closeChecked, openReplay, rejection, SERVER_RUNS, type Replay } from '../support/restFixture';

describe('RestStore reads, replayed from MLflow 3.11', () => {
  let replay: Replay;
  before(async () => {
    replay = await openReplay();
  });
  after(() => closeChecked(replay));

  it('detects the server: version and store type from /version and server-info', () => {
    const { store, server } = replay;
    assert.deepEqual(store.description, {
      kind: 'rest',
      label: server.url,
      location: server.url,
      details: { serverVersion: '3.11.2.dev0', storeType: 'SqlStore' },
    });
    assert.deepEqual(store.capabilities, { writable: true, serverSideSampling: true, registry: true, loggedModels: true, datasets: true });
    assert.deepEqual(server.requests.map((r) => r.path).sort(), ['/api/3.0/mlflow/server-info', '/health', '/version']);
  });

  it('searches experiments, always sending max_results, and follows the page token', async () => {
    const { store, server } = replay;
    const first = await store.searchExperiments({ maxResults: 2 });
    assert.deepEqual(first.items.map((e) => e.name), ['mlproject-runs', 'iris-classification']);
    assert.deepEqual(first.items[1].tags, [
      { key: 'team', value: 'ml-platform' },
      { key: 'dataset', value: 'iris' },
    ]);
    assert.deepEqual(first.items[0].tags, [], 'omitted tags are an empty list');
    const second = await store.searchExperiments({ maxResults: 2, pageToken: first.nextPageToken });
    assert.deepEqual(second.items.map((e) => e.experimentId), ['2', '1']);
    const sent = server.to('/api/2.0/mlflow/experiments/search').map((r) => r.json);
    assert.deepEqual(sent, [{ max_results: 2 }, { max_results: 2, page_token: 'eyJvZmZzZXQiOiAyfQ==' }]);
  });

  it('sends view types only when they differ from the default', async () => {
    const { store, server } = replay;
    const deleted = await store.searchExperiments({ viewType: 'DELETED_ONLY', maxResults: 100 });
    assert.deepEqual(deleted.items.map((e) => [e.name, e.lifecycleStage]), [['scratch-to-delete', 'deleted']]);
    const all = await store.searchExperiments({ viewType: 'ALL', maxResults: 100 });
    assert.deepEqual(all.items.map((e) => e.experimentId), ['5', '4', '3', '2', '1', '0']);
    assert.equal(all.nextPageToken, undefined);
    assert.deepEqual(server.to('/api/2.0/mlflow/experiments/search').slice(-2).map((r) => r.json), [
      { max_results: 100, view_type: 'DELETED_ONLY' },
      { max_results: 100, view_type: 'ALL' },
    ]);
  });

  it('gets an experiment by id and by name, with its note', async () => {
    const byId = await replay.store.getExperiment('1');
    const byName = await replay.store.getExperimentByName('wine-quality');
    assert.deepEqual(byId, byName);
    assert.equal(byId.artifactLocation, 'mlflow-artifacts:/1');
    assert.equal(byId.creationTime, 1795383740719);
    assert.match(byId.tags.find((t) => t.key === 'mlflow.note.content')?.value ?? '', /^# Wine quality\n/);
  });

  it('pages through the runs of an experiment with the tokens the server issued', async () => {
    const { store, server } = replay;
    const first = await store.searchRuns({ experimentIds: ['1'], maxResults: 5 });
    const second = await store.searchRuns({ experimentIds: ['1'], maxResults: 5, pageToken: first.nextPageToken });
    assert.deepEqual(first.items.map((r) => r.info.runName), ['train-v3', 'train-v2', 'train-v1', 'still-running', 'killed-by-user']);
    assert.deepEqual(second.items.map((r) => r.info.runName), ['failed-oom', 'alpha=1.0,l1_ratio=0.2', 'alpha=0.5,l1_ratio=0.5', 'cv-fold-1', 'cv-fold-0']);
    assert.equal(second.nextPageToken, 'eyJvZmZzZXQiOiAxMH0=');
    assert.equal(first.items[3].info.status, 'RUNNING');
    assert.equal(first.items[3].info.endTime, undefined);
    assert.deepEqual(server.to('/api/2.0/mlflow/runs/search').at(-1)?.json, { experiment_ids: ['1'], max_results: 5, page_token: 'eyJvZmZzZXQiOiA1fQ==' });
  });

  it('sends filter, order_by and run_view_type as MLflow names them, with max_results', async () => {
    const { store, server } = replay;
    const filtered = await store.searchRuns({ experimentIds: ['1'], filter: "metrics.rmse < 1.0 and params.l1_ratio = '0.5'", orderBy: ['metrics.rmse ASC'] });
    assert.deepEqual(filtered.items.map((r) => r.info.runName), ['train-v3', 'train-v2', 'alpha=0.1,l1_ratio=0.5', 'train-v1', 'alpha=0.5,l1_ratio=0.5']);
    const deleted = await store.searchRuns({ experimentIds: ['1'], viewType: 'DELETED_ONLY' });
    assert.deepEqual(deleted.items.map((r) => [r.info.runName, r.info.lifecycleStage]), [['oops-wrong-data', 'deleted']]);
    const sent = server.to('/api/2.0/mlflow/runs/search').slice(-2).map((r) => r.json);
    assert.deepEqual(sent, [
      { experiment_ids: ['1'], max_results: 1000, filter: "metrics.rmse < 1.0 and params.l1_ratio = '0.5'", order_by: ['metrics.rmse ASC'] },
      { experiment_ids: ['1'], max_results: 1000, run_view_type: 'DELETED_ONLY' },
    ]);
  });

  it('maps a run with its dataset input and MLflow 3 model output', async () => {
    const run = await replay.store.getRun(SERVER_RUNS.trainV2);
    assert.equal(run.info.runId, SERVER_RUNS.trainV2);
    assert.equal(run.info.runName, 'train-v2');
    assert.equal(run.info.experimentId, '1');
    assert.deepEqual(run.data.params.map((p) => `${p.key}=${p.value}`), ['alpha=0.1', 'l1_ratio=0.5', 'max_iter=2000', 'n_train=1199']);
    assert.deepEqual(run.data.metrics[0], { key: 'rmse', value: 0.6624066895454747, timestamp: 1795383749105, step: 0 });
    assert.equal(run.inputs.datasetInputs[0].dataset.name, 'winequality-red');
    assert.equal(run.inputs.datasetInputs[0].dataset.sourceType, 'code');
    assert.deepEqual(run.inputs.datasetInputs[0].tags, [{ key: 'mlflow.data.context', value: 'training' }]);
    assert.deepEqual(run.outputs.modelOutputs, [{ modelId: 'm-bd15e877fa5a43a2bba62d38f2dbe188', step: 0 }]);
  });

  it('reads a full history in pages of 25,000 and turns "NaN" into NaN', async () => {
    const { store, server } = replay;
    const loss = await store.getMetricHistory({ runId: SERVER_RUNS.mlpAdam, metricKey: 'loss' });
    assert.equal(loss.length, 5000);
    assert.deepEqual(loss[0], { key: 'loss', value: 2.3525146044218674, timestamp: 1795210945811, step: 0 });
    const nan = await store.getMetricHistory({ runId: SERVER_RUNS.lrTooHigh, metricKey: 'loss' });
    assert.equal(nan.length, 121);
    assert.ok(Number.isNaN(nan[120].value));
    assert.equal(nan[120].step, 120);
    for (const request of server.to('/api/2.0/mlflow/metrics/get-history').slice(-2)) {
      assert.equal(request.query.get('max_results'), '25000');
    }
  });

  it('answers an unknown metric with no points', async () => {
    replay.server.alias(
      { method: 'GET', path: '/api/2.0/mlflow/metrics/get-history', query: { run_id: SERVER_RUNS.mlpAdam, metric_key: 'no_such_metric', max_results: 25000 } },
      '091-metrics-get-history-nonexistent-key.json',
    );
    assert.deepEqual(await replay.store.getMetricHistory({ runId: SERVER_RUNS.mlpAdam, metricKey: 'no_such_metric' }), []);
  });

  it('lists artifacts one level at a time, with sizes; a missing folder is empty', async () => {
    const { store } = replay;
    const root = await store.listArtifacts(SERVER_RUNS.mlpAdam);
    assert.deepEqual(root.at(-1), { path: 'summary.txt', isDir: false, fileSize: 63 });
    assert.deepEqual(root.filter((e) => e.isDir).map((e) => e.path), ['checkpoints', 'config', 'data', 'plots', 'reports']);
    const sub = await store.listArtifacts(SERVER_RUNS.mlpAdam, 'checkpoints');
    assert.deepEqual(sub.map((e) => e.path), ['checkpoints/epoch_001', 'checkpoints/epoch_005', 'checkpoints/epoch_010']);
    assert.deepEqual(await store.listArtifacts(SERVER_RUNS.mlpAdam, 'nope'), []);
  });

  it('downloads artifacts through /get-artifact, whole or cut at maxBytes', async () => {
    const { store, server } = replay;
    const text = await store.readArtifact(SERVER_RUNS.mlpAdam, 'summary.txt');
    assert.equal(Buffer.from(text).toString('utf8'), 'Run mlp-adam-5000steps\nfinal loss=0.0166\nfinal val_loss=0.2121\n');
    const png = readFileSync(path.join(REST_FIXTURES, 'downloads', 'loss_curve.png'));
    assert.deepEqual(Buffer.from(await store.readArtifact(SERVER_RUNS.mlpAdam, 'plots/loss_curve.png')), png);
    const head = await store.readArtifact(SERVER_RUNS.mlpAdam, 'plots/loss_curve.png', 100);
    assert.deepEqual(Buffer.from(head), png.subarray(0, 100));
    assert.deepEqual([...server.to('/get-artifact').at(-1)!.query.entries()], [
      ['path', 'plots/loss_curve.png'],
      ['run_uuid', SERVER_RUNS.mlpAdam],
    ]);
  });

  it('rejects a missing artifact with NOT_FOUND and MLflow\'s message', async () => {
    const error = await rejection(replay.store.readArtifact(SERVER_RUNS.mlpAdam, 'nope.txt'));
    assert.equal(error.code, 'NOT_FOUND');
    assert.match(error.message, /answered 404 NOT FOUND for get-artifact: RESOURCE_DOES_NOT_EXIST: No such artifact/i);
  });

  it('searches logged models, registered models and model versions (GET for the registry)', async () => {
    const { store, server } = replay;
    // The recordings asked for pages of 10; with 3 models that is the whole answer, as it is for 100.
    server.alias({ method: 'POST', path: '/api/2.0/mlflow/logged-models/search', body: { experiment_ids: ['1'], max_results: 100 } }, '123-logged-models-search.json');
    server.alias({ method: 'GET', path: '/api/2.0/mlflow/registered-models/search', query: { max_results: 1000 } }, '140-registered-models-search.json');
    server.alias({ method: 'GET', path: '/api/2.0/mlflow/model-versions/search', query: { filter: "name='wine-quality'", max_results: 10000 } }, '164-model-versions-search.json');
    const models = await store.searchLoggedModels(['1']);
    assert.equal(models.length, 3);
    assert.equal(models[0].modelId, 'm-d3eda0f541394149ab28cec316dffe29');
    assert.equal(models[0].status, 'READY');
    assert.equal(models[0].creationTimestamp, 1795383753965);
    assert.deepEqual(models[0].params[0], { key: 'alpha', value: '0.05' });
    const registered = await store.searchRegisteredModels();
    assert.deepEqual(registered.map((m) => m.name), ['iris-classifier', 'wine-quality']);
    assert.deepEqual(registered[0].aliases, [{ alias: 'prod', version: '1' }]);
    assert.equal(registered[0].latestVersions[0].currentStage, 'None');
    const versions = await store.searchModelVersions('wine-quality');
    assert.deepEqual(versions.map((v) => [v.version, v.currentStage]), [['3', 'Staging'], ['2', 'Production'], ['1', 'Archived']]);
    assert.equal(typeof versions[0].version, 'string');
    assert.deepEqual(server.to('/api/2.0/mlflow/model-versions/search').map((r) => r.method), ['GET']);
  });
});
