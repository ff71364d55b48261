import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isRegistryWritableStore } from '../../src/mlflow/store';
import { closeChecked, openReplay, rejection, SERVER_RUNS, type Replay } from '../support/restFixture';

const MODEL = 'rest-sandbox-model-1795383814';
const RENAMED = `${MODEL}-renamed`;
const LOGGED = 'm-d3eda0f541394149ab28cec316dffe29';

describe('RestStore registry writes, replayed in the order MLflow 3.11 recorded them', () => {
  let replay: Replay;
  before(async () => {
    replay = await openReplay();
  });
  after(() => closeChecked(replay));

  const sent = (path: string) => replay.server.to(`/api/2.0/mlflow/${path}`).map((r) => [r.method, r.json]);

  it('is a registry-writable store', () => {
    assert.ok(isRegistryWritableStore(replay.store));
  });

  it('creates a model, edits its description and sets and deletes a tag', async () => {
    const { registryWrites: registry } = replay.store;
    const created = await registry.createRegisteredModel(MODEL, 'created by recorder', [{ key: 'team', value: 'rest' }]);
    assert.equal(created.name, MODEL);
    assert.equal(created.description, 'created by recorder');
    await registry.updateRegisteredModel(MODEL, 'updated description');
    await registry.setRegisteredModelTag(MODEL, 'env', 'test');
    await registry.deleteRegisteredModelTag(MODEL, 'env');
    assert.deepEqual(sent('registered-models/update'), [['PATCH', { name: MODEL, description: 'updated description' }]]);
    assert.deepEqual(sent('registered-models/delete-tag'), [['DELETE', { name: MODEL, key: 'env' }]]);
  });

  it('registers a logged model and a run artifact folder as versions 1 and 2', async () => {
    const { registryWrites: registry } = replay.store;
    const v1 = await registry.createModelVersion({
      name: MODEL,
      source: `models:/${LOGGED}`,
      runId: SERVER_RUNS.trainV2,
      modelId: LOGGED,
      description: 'v1 via REST',
      tags: [{ key: 'validated', value: 'false' }],
    });
    assert.equal(v1.version, '1');
    const v2 = await registry.createModelVersion({ name: MODEL, source: `runs:/${SERVER_RUNS.trainV2}/model`, runId: SERVER_RUNS.trainV2 });
    assert.equal(v2.version, '2');
    assert.equal(v2.source, `runs:/${SERVER_RUNS.trainV2}/model`);
  });

  it("edits a version's description and tags, and moves it through the (deprecated) stages", async () => {
    const { registryWrites: registry } = replay.store;
    await registry.updateModelVersion(MODEL, '1', 'better description');
    await registry.setModelVersionTag(MODEL, '1', 'validated', 'true');
    await registry.deleteModelVersionTag(MODEL, '1', 'validated');
    assert.equal((await registry.transitionStage(MODEL, '1', 'Staging', false)).currentStage, 'Staging');
    assert.equal((await registry.transitionStage(MODEL, '2', 'Staging', true)).currentStage, 'Staging');
    assert.deepEqual(sent('model-versions/delete-tag'), [['DELETE', { name: MODEL, version: '1', key: 'validated' }]]);
  });

  it('sets, reads back and deletes an alias', async () => {
    const { store } = replay;
    await store.registryWrites.setAlias(MODEL, 'champion', '1');
    await store.registryWrites.deleteAlias(MODEL, 'champion');
    assert.deepEqual(sent('registered-models/alias').filter(([method]) => method !== 'GET'), [
      ['POST', { name: MODEL, alias: 'champion', version: '1' }],
      ['DELETE', { name: MODEL, alias: 'champion' }],
    ]);
  });

  it('renames the model, deletes a version and then the model', async () => {
    const { registryWrites: registry } = replay.store;
    assert.equal((await registry.renameRegisteredModel(MODEL, RENAMED)).name, RENAMED);
    await registry.deleteModelVersion(RENAMED, '2');
    await registry.deleteRegisteredModel(RENAMED);
    assert.deepEqual(sent('registered-models/delete'), [['DELETE', { name: RENAMED }]]);
  });

  it('rejects what the server refuses, each write sent once', async () => {
    const { registryWrites: registry } = replay.store;
    const duplicate = await rejection(registry.createRegisteredModel('wine-quality'));
    assert.equal(duplicate.mlflowErrorCode, 'RESOURCE_ALREADY_EXISTS');
    assert.match(duplicate.message, /Registered Model \(name=wine-quality\) already exists/);
    assert.equal((await rejection(registry.setAlias('wine-quality', 'x', '99'))).code, 'NOT_FOUND');
    const reserved = await rejection(registry.setAlias('wine-quality', 'latest', '1'));
    assert.equal(reserved.mlflowErrorCode, 'INVALID_PARAMETER_VALUE');
    assert.match(reserved.message, /'latest' alias name \(case insensitive\) is reserved/);
    assert.match((await rejection(registry.transitionStage('wine-quality', '1', 'Prod', false))).message, /Invalid Model Version stage: Prod/);
    assert.equal((await rejection(registry.deleteRegisteredModel(RENAMED))).code, 'NOT_FOUND');
    assert.equal(replay.server.to('/api/2.0/mlflow/registered-models/create').filter((r) => (r.json as { name: string }).name === 'wine-quality').length, 1);
  });
});
