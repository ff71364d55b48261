import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openRestStore } from '../../src/mlflow/rest/restStore';
import { endlessBytes, htmlError, textError } from '../support/faults';
import { ReplayServer } from '../support/replayServer';
import { closeChecked, openReplay, rejection, SERVER_RUNS, type Replay } from '../support/restFixture';

describe('RestStore: single models, proxied artifacts, long downloads, older servers', () => {
  let replay: Replay;
  before(async () => {
    replay = await openReplay();
  });
  after(() => closeChecked(replay));

  it('gets a logged model, a registered model and a model version', async () => {
    const { store } = replay;
    const model = await store.getLoggedModel('m-d3eda0f541394149ab28cec316dffe29');
    assert.equal(model.experimentId, '1');
    assert.equal(model.artifactLocation, 'mlflow-artifacts:/1/models/m-d3eda0f541394149ab28cec316dffe29/artifacts');
    const registered = await store.getRegisteredModel('wine-quality');
    assert.deepEqual(registered.latestVersions.map((v) => v.currentStage).sort(), ['Archived', 'Production', 'Staging']);
    const version = await store.getModelVersion('wine-quality', '2');
    assert.deepEqual([version.version, version.currentStage, version.source], ['2', 'Production', 'models:/m-bd15e877fa5a43a2bba62d38f2dbe188']);
    assert.equal((await rejection(store.getModelVersion('wine-quality', '999'))).code, 'NOT_FOUND');
  });

  it("lists and reads a logged model's own files", async () => {
    const { store } = replay;
    const files = await store.listLoggedModelArtifacts('m-d3eda0f541394149ab28cec316dffe29');
    assert.deepEqual(files[0], { path: 'MLmodel', isDir: false, fileSize: 1739 });
    assert.ok(files.some((f) => f.path === 'model.pkl'));
    const mlmodel = Buffer.from(await store.readLoggedModelArtifact('m-d3eda0f541394149ab28cec316dffe29', 'MLmodel')).toString('utf8');
    assert.match(mlmodel, /^artifact_path: mlflow-artifacts:\/1\/models\/m-d3eda0f541394149ab28cec316dffe29\/artifacts\nflavors:/);
  });

  it('downloads through the proxied artifact service when /get-artifact is not routed', async () => {
    const { store, server } = replay;
    server.inject('GET', '/get-artifact', htmlError(404, '404 Not Found'));
    const text = await store.readArtifact(SERVER_RUNS.mlpAdam, 'summary.txt');
    assert.equal(Buffer.from(text).toString('utf8'), 'Run mlp-adam-5000steps\nfinal loss=0.0166\nfinal val_loss=0.2121\n');
    assert.deepEqual(
      server.requests.slice(-3).map((r) => r.path),
      ['/get-artifact', '/api/2.0/mlflow/runs/get', `/api/2.0/mlflow-artifacts/artifacts/2/${SERVER_RUNS.mlpAdam}/artifacts/summary.txt`],
    );
  });

  it('stops reading an endless artifact at maxBytes', async () => {
    replay.server.inject('GET', '/get-artifact', endlessBytes);
    const bytes = await replay.store.readArtifact(SERVER_RUNS.mlpAdam, 'huge.bin', 100_000);
    assert.equal(bytes.byteLength, 100_000);
    assert.ok(bytes.every((b) => b === 0x61));
  });

  it('does not ask an MLflow 2 server for logged models', async () => {
    const server = await ReplayServer.start();
    try {
      server.inject('GET', '/version', textError(200, '2.9.2'));
      server.inject('GET', '/api/3.0/mlflow/server-info', htmlError(404, '404 Not Found'));
      const store = await openRestStore({ baseUrl: server.url });
      assert.equal(store.description.details.serverVersion, '2.9.2');
      assert.equal(store.capabilities.loggedModels, false);
      assert.deepEqual(await store.searchLoggedModels(['1']), []);
      assert.equal(server.to('/api/2.0/mlflow/logged-models/search').length, 0);
    } finally {
      await server.close();
    }
  });

  it('asks for at most 100 runs per bulk-interval request', async () => {
    const { store, server } = replay;
    const runIds = Array.from({ length: 150 }, (_, i) => i.toString(16).padStart(32, '0'));
    server.inject('GET', '/api/2.0/mlflow/metrics/get-history-bulk-interval', (_req, res) => res.writeHead(200).end('{}'), 2);
    const byRun = await store.getSampledHistories({ runIds, metricKey: 'loss', maxPoints: 5000 });
    assert.equal(byRun.size, 150);
    const requests = server.to('/api/2.0/mlflow/metrics/get-history-bulk-interval').slice(-2);
    assert.deepEqual(requests.map((r) => r.query.getAll('run_ids').length), [100, 50]);
    assert.deepEqual(requests.map((r) => r.query.get('max_results')), ['2500', '2500'], 'clamped to the server limit');
  });

  it('gives up at once when Retry-After is longer than it will wait', async () => {
    const impatient = await openReplay({ maxRetryAfterMs: 100 });
    try {
      impatient.server.inject('GET', '/api/2.0/mlflow/experiments/get', (_req, res) => res.writeHead(429, { 'retry-after': '3600' }).end());
      const error = await rejection(impatient.store.getExperiment('1'));
      assert.equal(error.status, 429);
      assert.match(error.message, /rate-limiting; try again later/);
      assert.equal(impatient.server.to('/api/2.0/mlflow/experiments/get').length, 1);
    } finally {
      await impatient.close();
    }
  });
});
