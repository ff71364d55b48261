import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MLFLOW_TAGS } from '../../src/mlflow/entities';
import { isWritableStore } from '../../src/mlflow/store';
import { closeChecked, openReplay, rejection, SERVER_RUNS, type Replay } from '../support/restFixture';

const SANDBOX = '6';
const NAME = 'rest-sandbox-renamed-1795383814';

describe('RestStore writes, replayed in the order MLflow 3.11 recorded them', () => {
  let replay: Replay;
  before(async () => {
    replay = await openReplay();
  });
  after(() => closeChecked(replay));

  const sent = (path: string) => replay.server.to(`/api/2.0/mlflow/${path}`).map((r) => [r.method, r.headers['content-type'], r.json]);

  it('is a WritableStore', () => {
    assert.equal(replay.store.capabilities.writable, true);
    assert.ok(isWritableStore(replay.store));
  });

  it('creates an experiment and returns its id', async () => {
    assert.equal(await replay.store.createExperiment('rest-sandbox-artloc-1795383814', 'mlflow-artifacts:/custom-location'), '7');
    assert.deepEqual(sent('experiments/create'), [
      ['POST', 'application/json', { name: 'rest-sandbox-artloc-1795383814', artifact_location: 'mlflow-artifacts:/custom-location' }],
    ]);
  });

  it('renames an experiment and sets, notes and deletes its tags', async () => {
    const { store } = replay;
    await store.renameExperiment(SANDBOX, NAME);
    await store.setExperimentTag(SANDBOX, 'purpose', 'recording');
    await store.setExperimentTag(SANDBOX, MLFLOW_TAGS.note, '# Sandbox\nmarkdown description');
    await store.deleteExperimentTag(SANDBOX, 'purpose');
    assert.deepEqual(sent('experiments/update'), [['POST', 'application/json', { experiment_id: SANDBOX, new_name: NAME }]]);
    assert.deepEqual(sent('experiments/delete-experiment-tag'), [['POST', 'application/json', { experiment_id: SANDBOX, key: 'purpose' }]]);
    const experiment = await store.getExperiment(SANDBOX);
    assert.equal(experiment.name, NAME);
    assert.deepEqual(experiment.tags.find((t) => t.key === MLFLOW_TAGS.note)?.value, '# Sandbox\nmarkdown description');
  });

  it('deletes and restores an experiment', async () => {
    const { store } = replay;
    await store.deleteExperiment(SANDBOX);
    assert.equal((await store.getExperiment(SANDBOX)).lifecycleStage, 'deleted');
    await store.restoreExperiment(SANDBOX);
    assert.deepEqual(sent('experiments/restore'), [['POST', 'application/json', { experiment_id: SANDBOX }]]);
  });

  it("sets and deletes a run's tags, including its note", async () => {
    const { store } = replay;
    await store.setRunTag(SERVER_RUNS.sandbox, 'team', 'x');
    await store.setRunTag(SERVER_RUNS.sandbox, MLFLOW_TAGS.note, 'run **description**');
    await store.deleteRunTag(SERVER_RUNS.sandbox, 'team');
    assert.deepEqual(sent('runs/set-tag').map(([, , body]) => body), [
      { run_id: SERVER_RUNS.sandbox, key: 'team', value: 'x' },
      { run_id: SERVER_RUNS.sandbox, key: 'mlflow.note.content', value: 'run **description**' },
    ]);
    const run = await store.getRun(SERVER_RUNS.sandbox);
    assert.equal(run.data.tags.find((t) => t.key === MLFLOW_TAGS.note)?.value, 'run **description**');
    assert.equal(run.data.tags.find((t) => t.key === 'team'), undefined);
  });

  it('deletes and restores a run', async () => {
    const { store } = replay;
    await store.deleteRun(SERVER_RUNS.sandbox);
    assert.equal((await store.getRun(SERVER_RUNS.sandbox)).info.lifecycleStage, 'deleted');
    await store.restoreRun(SERVER_RUNS.sandbox);
    assert.deepEqual(sent('runs/restore'), [['POST', 'application/json', { run_id: SERVER_RUNS.sandbox }]]);
  });

  it('rejects writes the server refuses, each sent once', async () => {
    const { store } = replay;
    const duplicate = await rejection(store.createExperiment('wine-quality'));
    assert.equal(duplicate.code, 'HTTP');
    assert.equal(duplicate.mlflowErrorCode, 'RESOURCE_ALREADY_EXISTS');
    assert.match(duplicate.message, /answered 400 Bad Request for experiments\/create: RESOURCE_ALREADY_EXISTS: Experiment\(name=wine-quality\) already exists/);
    assert.equal((await rejection(store.deleteExperiment('424242'))).code, 'NOT_FOUND');
    assert.equal((await rejection(store.deleteRunTag(SERVER_RUNS.sandbox, 'nope'))).code, 'NOT_FOUND');
    assert.equal(replay.server.to('/api/2.0/mlflow/experiments/delete').filter((r) => (r.json as { experiment_id: string }).experiment_id === '424242').length, 1);
  });
});
