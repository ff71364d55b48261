import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SqliteStore } from '../../src/mlflow/sqlite/sqliteStore';
import { failure, openStore } from '../fixtures/sqliteFixture';

describe('SqliteStore on the MLflow 3.11 fixture: store and experiments', () => {
  let store: SqliteStore;
  before(async () => {
    store = await openStore();
  });
  after(() => store.dispose());

  it('describes a read-only store with the schema version and every feature of 3.11', () => {
    assert.equal(store.description.kind, 'sqlite');
    assert.equal(store.description.label, 'mlflow.db (sqlite-store)');
    assert.equal(store.description.details.schemaVersion, '7d34483879f0');
    assert.deepEqual(store.capabilities, {
      writable: false,
      serverSideSampling: false,
      registry: true,
      loggedModels: true,
      datasets: true,
    });
  });

  it('lists the 4 active experiments newest first, as MLflow orders them', async () => {
    const page = await store.searchExperiments({});
    assert.deepEqual(
      page.items.map((e) => e.name),
      ['iris-classification', 'deep-net-training', 'wine-quality', 'Default'],
    );
    assert.equal(page.nextPageToken, undefined);
  });

  it('lists the deleted experiment alone with DELETED_ONLY, and all 5 with ALL', async () => {
    const deleted = await store.searchExperiments({ viewType: 'DELETED_ONLY' });
    assert.deepEqual(deleted.items.map((e) => [e.experimentId, e.name, e.lifecycleStage]), [['4', 'scratch-to-delete', 'deleted']]);
    const all = await store.searchExperiments({ viewType: 'ALL' });
    assert.deepEqual(all.items.map((e) => e.experimentId), ['4', '3', '2', '1', '0']);
  });

  it('returns experiments with their tags and recorded artifact location', async () => {
    const wine = await store.getExperiment('1');
    assert.equal(wine.name, 'wine-quality');
    assert.equal(wine.artifactLocation, '/home/ml/wine-demo/sqlite-store/mlruns/1');
    assert.equal(wine.creationTime, 1795383710847);
    assert.deepEqual(
      wine.tags.filter((t) => t.key !== 'mlflow.note.content'),
      [
        { key: 'team', value: 'ml-platform' },
        { key: 'project', value: 'wine' },
      ],
    );
    assert.match(wine.tags.find((t) => t.key === 'mlflow.note.content')?.value ?? '', /^# Wine quality\nPredict red-wine/);
    assert.deepEqual((await store.getExperiment('0')).tags, []);
  });

  it('rejects unknown experiments with NOT_FOUND', async () => {
    assert.equal((await failure(store.getExperiment('42'))).code, 'NOT_FOUND');
    assert.equal((await failure(store.getExperiment('not-a-number'))).code, 'NOT_FOUND');
  });

  it('pages experiments with an opaque token', async () => {
    const first = await store.searchExperiments({ viewType: 'ALL', maxResults: 2 });
    assert.deepEqual(first.items.map((e) => e.name), ['scratch-to-delete', 'iris-classification']);
    assert.ok(first.nextPageToken);
    const second = await store.searchExperiments({ viewType: 'ALL', maxResults: 2, pageToken: first.nextPageToken });
    assert.deepEqual(second.items.map((e) => e.name), ['deep-net-training', 'wine-quality']);
    const third = await store.searchExperiments({ viewType: 'ALL', maxResults: 2, pageToken: second.nextPageToken });
    assert.deepEqual(third.items.map((e) => e.name), ['Default']);
    assert.equal(third.nextPageToken, undefined);
    assert.equal((await failure(store.searchExperiments({ pageToken: 'garbage' }))).code, 'INVALID_FILTER');
  });

  it('filters experiments by name (LIKE is case-sensitive, ILIKE is not) and by tag', async () => {
    const names = async (filter: string) => (await store.searchExperiments({ filter, viewType: 'ALL' })).items.map((e) => e.name);
    assert.deepEqual(await names("name LIKE '%-%'"), ['scratch-to-delete', 'iris-classification', 'deep-net-training', 'wine-quality']);
    assert.deepEqual(await names("name LIKE 'WINE%'"), []);
    assert.deepEqual(await names("name ILIKE 'WINE%'"), ['wine-quality']);
    assert.deepEqual(await names("tags.team = 'ml-platform'"), ['iris-classification', 'wine-quality']);
    assert.deepEqual(await names("tags.team = 'ml-platform' AND name != 'wine-quality'"), ['iris-classification']);
    assert.deepEqual(await names('creation_time > 1795383740000'), ['scratch-to-delete', 'iris-classification']);
  });

  it('reports a malformed experiment filter with its position', async () => {
    const error = (await failure(store.searchExperiments({ filter: "name = 'a' OR name = 'b'" }))) as { code?: string; offset?: number };
    assert.equal(error.code, 'INVALID_FILTER');
    assert.equal(error.offset, 11);
    assert.equal((await failure(store.searchExperiments({ filter: "owner = 'x'" }))).code, 'INVALID_FILTER');
  });
});
