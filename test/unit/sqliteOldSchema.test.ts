import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SqliteStore } from '../../src/mlflow/sqlite/sqliteStore';
import { failure, openStore, sqlite3, tempDir } from '../fixtures/sqliteFixture';

/** The tracking tables as early MLflow 1.x created them: no registry, no datasets, no logged models, no workspaces. */
const OLD_SCHEMA = `
CREATE TABLE experiments (experiment_id INTEGER NOT NULL, name VARCHAR(256) NOT NULL, artifact_location VARCHAR(256),
  lifecycle_stage VARCHAR(32), PRIMARY KEY (experiment_id), UNIQUE (name));
CREATE TABLE runs (run_uuid VARCHAR(32) NOT NULL, name VARCHAR(250), source_type VARCHAR(20), source_name VARCHAR(500),
  entry_point_name VARCHAR(50), user_id VARCHAR(256), status VARCHAR(20), start_time BIGINT, end_time BIGINT,
  source_version VARCHAR(50), lifecycle_stage VARCHAR(20), artifact_uri VARCHAR(200), experiment_id INTEGER, PRIMARY KEY (run_uuid));
CREATE TABLE params (key VARCHAR(250) NOT NULL, value VARCHAR(250) NOT NULL, run_uuid VARCHAR(32) NOT NULL, PRIMARY KEY (key, run_uuid));
CREATE TABLE tags (key VARCHAR(250) NOT NULL, value VARCHAR(250), run_uuid VARCHAR(32) NOT NULL, PRIMARY KEY (key, run_uuid));
CREATE TABLE metrics (key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT NOT NULL, run_uuid VARCHAR(32) NOT NULL,
  step BIGINT DEFAULT '0' NOT NULL, is_nan BOOLEAN DEFAULT '0' NOT NULL, PRIMARY KEY (key, timestamp, step, run_uuid, value, is_nan));
CREATE TABLE latest_metrics (key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT, step BIGINT NOT NULL,
  is_nan BOOLEAN NOT NULL, run_uuid VARCHAR(32) NOT NULL, PRIMARY KEY (key, run_uuid));
INSERT INTO experiments VALUES (0, 'Default', '/old/mlruns/0', 'active'), (1, 'legacy', '/old/mlruns/1', 'active');
INSERT INTO runs VALUES
  ('aaaa', 'first', 'LOCAL', 'train.py', NULL, 'eve', 'FINISHED', 1000, 2000, NULL, 'active', '/old/mlruns/1/aaaa/artifacts', 1),
  ('bbbb', '', 'LOCAL', 'train.py', NULL, 'eve', 'FAILED', 3000, 4000, NULL, 'active', '/old/mlruns/1/bbbb/artifacts', 1),
  ('cccc', 'gone', 'LOCAL', 'train.py', NULL, 'eve', 'FINISHED', 5000, 6000, NULL, 'deleted', '/old/mlruns/1/cccc/artifacts', 1);
INSERT INTO params VALUES ('lr', '0.1', 'aaaa'), ('lr', '0.01', 'bbbb');
INSERT INTO tags VALUES ('mlflow.runName', 'second', 'bbbb');
INSERT INTO metrics VALUES ('loss', 0.9, 1100, 'aaaa', 0, 0), ('loss', 0.5, 1200, 'aaaa', 1, 0),
  ('loss', 0.7, 3100, 'bbbb', 0, 0), ('loss', 0, 3200, 'bbbb', 1, 1);
INSERT INTO latest_metrics VALUES ('loss', 0.5, 1200, 1, 0, 'aaaa'), ('loss', 0, 3200, 1, 1, 'bbbb');
`;

describe('SqliteStore on a store from an old MLflow (tracking tables only)', () => {
  const temp = tempDir();
  const db = path.join(temp.dir, 'mlflow.db');
  let store: SqliteStore;
  before(async () => {
    sqlite3(db, OLD_SCHEMA);
    store = await openStore(db);
  });
  after(async () => {
    await store.dispose();
    temp.cleanup();
  });

  it('opens, with the missing features off', () => {
    assert.deepEqual(store.capabilities, { writable: false, serverSideSampling: false, registry: false, loggedModels: false, datasets: false });
    assert.match(store.description.details.schemaVersion, /unknown/);
  });

  it('lists experiments (by id, without creation times or tags)', async () => {
    const page = await store.searchExperiments({});
    assert.deepEqual(page.items.map((e) => [e.experimentId, e.name, e.creationTime, e.tags]), [
      ['0', 'Default', undefined, []],
      ['1', 'legacy', undefined, []],
    ]);
    assert.equal((await store.getExperiment('1')).artifactLocation, '/old/mlruns/1');
    assert.equal((await failure(store.searchExperiments({ filter: 'creation_time > 0' }))).code, 'INVALID_FILTER');
  });

  it('searches runs with filters and orderings, names from runs.name or the tag', async () => {
    const all = await store.searchRuns({ experimentIds: ['1'], viewType: 'ALL' });
    assert.deepEqual(all.items.map((r) => r.info.runName), ['gone', 'second', 'first']);
    const filtered = await store.searchRuns({ experimentIds: ['1'], filter: "params.lr = '0.1'" });
    assert.deepEqual(filtered.items.map((r) => r.info.runId), ['aaaa']);
    const ordered = await store.searchRuns({ experimentIds: ['1'], orderBy: ['metrics.loss ASC'] });
    assert.deepEqual(ordered.items.map((r) => r.info.runId), ['aaaa', 'bbbb']);
    const error = await failure(store.searchRuns({ experimentIds: ['1'], filter: "datasets.name = 'x'" }));
    assert.equal(error.code, 'INVALID_FILTER');
    assert.match(error.message, /no table/);
  });

  it('returns runs with empty inputs and outputs, and NaN latest metrics', async () => {
    const run = await store.getRun('bbbb');
    assert.deepEqual(run.inputs, { datasetInputs: [], modelInputs: [] });
    assert.deepEqual(run.outputs, { modelOutputs: [] });
    assert.equal(run.data.params[0].value, '0.01');
    assert.ok(Number.isNaN(run.data.metrics[0].value));
    const history = await store.getMetricHistory({ runId: 'bbbb', metricKey: 'loss' });
    assert.deepEqual(history.map((p) => p.step), [0, 1]);
    assert.ok(Number.isNaN(history[1].value));
  });

  it('answers the missing features with empty lists', async () => {
    assert.deepEqual(await store.searchLoggedModels(['0', '1']), []);
    assert.deepEqual(await store.searchRegisteredModels(), []);
    assert.deepEqual(await store.searchModelVersions('anything'), []);
  });

  it('computes latest metrics from the points when latest_metrics is missing too', async () => {
    const older = path.join(temp.dir, 'older.db');
    sqlite3(older, `${OLD_SCHEMA} DROP TABLE latest_metrics;`);
    const oldest = await openStore(older);
    try {
      const run = await oldest.getRun('aaaa');
      assert.deepEqual(run.data.metrics, [{ key: 'loss', value: 0.5, timestamp: 1200, step: 1 }]);
    } finally {
      await oldest.dispose();
    }
  });
});
