// Which run a launched project created, on a real SQLite store written by the sqlite3 CLI the way
// a training process writes: the newest run of the launch's experiment started since the launch.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LaunchedRunLookup, type ExperimentRef } from '../../src/mlflow/project/launched';
import type { MlflowStore } from '../../src/mlflow/store';
import type { SqliteStore } from '../../src/mlflow/sqlite/sqliteStore';
import { copyStore, openStore, sqlite3, type TempStore } from '../fixtures/sqliteFixture';

function logRun(db: string, runId: string, experimentId: string, startTime: number): void {
  sqlite3(
    db,
    `INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, source_version, lifecycle_stage, artifact_uri, experiment_id)
     VALUES ('${runId}', '${runId}', 'PROJECT', '', 'main', 'tester', 'RUNNING', ${startTime}, '', 'active', '/tmp/artifacts', ${experimentId});`,
  );
}

/** A lookup asked once, as when a task ends. */
function launchedRun(store: MlflowStore, experiment: ExperimentRef, since: number) {
  return new LaunchedRunLookup(experiment, since).find(store);
}

/** The store, counting its experiment listings. */
function counting(store: MlflowStore): { store: MlflowStore; listings: () => number } {
  let listings = 0;
  const counted = new Proxy(store, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (key === 'searchExperiments') return (...args: Parameters<MlflowStore['searchExperiments']>) => (listings++, target.searchExperiments(...args));
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: counted, listings: () => listings };
}

describe('launchedRun', () => {
  let copy: TempStore;
  let store: SqliteStore;
  const since = Date.now();
  before(async () => {
    copy = copyStore();
    store = await openStore(copy.db);
  });
  after(async () => {
    await store.dispose();
    copy.cleanup();
  });

  it('finds nothing before the launch has logged a run (the fixture runs are older)', async () => {
    assert.equal(await launchedRun(store, { name: 'wine-quality' }, since), undefined);
    assert.equal(await launchedRun(store, {}, since), undefined);
  });

  it("finds the newest run of the named experiment started since the launch, not another experiment's", async () => {
    logRun(copy.db, 'a0000000000000000000000000000001', '2', since + 10);
    assert.equal(await launchedRun(store, { name: 'wine-quality' }, since), undefined);
    logRun(copy.db, 'a0000000000000000000000000000002', '1', since + 20);
    logRun(copy.db, 'a0000000000000000000000000000003', '1', since + 30);
    assert.deepEqual(await launchedRun(store, { name: 'wine-quality' }, since), { runId: 'a0000000000000000000000000000003', experimentId: '1' });
    assert.deepEqual(await launchedRun(store, { id: '2' }, since), { runId: 'a0000000000000000000000000000001', experimentId: '2' });
  });

  it('a run older than the launch (beyond a second of clock skew) is not the launched one', async () => {
    logRun(copy.db, 'a0000000000000000000000000000004', '3', since - 5_000);
    assert.equal(await launchedRun(store, { name: 'iris-classification' }, since), undefined);
    logRun(copy.db, 'a0000000000000000000000000000005', '3', since - 500);
    assert.deepEqual(await launchedRun(store, { name: 'iris-classification' }, since), { runId: 'a0000000000000000000000000000005', experimentId: '3' });
  });

  it('without an experiment, the run lands in Default (id 0); a new experiment is found once the run created it', async () => {
    logRun(copy.db, 'a0000000000000000000000000000006', '0', since + 40);
    assert.deepEqual(await launchedRun(store, {}, since), { runId: 'a0000000000000000000000000000006', experimentId: '0' });
    assert.equal(await launchedRun(store, { name: 'brand new' }, since), undefined);
    sqlite3(copy.db, `INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (77, 'brand new', '/tmp/a', 'active', ${since}, ${since});`);
    logRun(copy.db, 'a0000000000000000000000000000007', '77', since + 50);
    assert.deepEqual(await launchedRun(store, { name: 'brand new' }, since), { runId: 'a0000000000000000000000000000007', experimentId: '77' });
  });

  it('asked again and again, lists experiments only until the experiment is there, then searches its runs alone', async () => {
    const { store: watched, listings } = counting(store);
    const lookup = new LaunchedRunLookup({ name: 'watched later' }, since);
    assert.equal(await lookup.find(watched), undefined);
    assert.equal(await lookup.find(watched), undefined);
    assert.equal(listings(), 2, 'the experiment does not exist yet: each question looks for it');
    sqlite3(copy.db, `INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (78, 'watched later', '/tmp/b', 'active', ${since}, ${since});`);
    assert.equal(await lookup.find(watched), undefined);
    assert.equal(listings(), 3);
    assert.equal(await lookup.find(watched), undefined);
    logRun(copy.db, 'a0000000000000000000000000000008', '78', since + 60);
    assert.deepEqual(await lookup.find(watched), { runId: 'a0000000000000000000000000000008', experimentId: '78' });
    assert.equal(listings(), 3, 'the experiment was listed again after it was found');
    // Another store (the user switched) is asked afresh.
    const { store: other, listings: otherListings } = counting(store);
    assert.deepEqual(await lookup.find(other), { runId: 'a0000000000000000000000000000008', experimentId: '78' });
    assert.equal(otherListings(), 1);
  });

  it('two launches into one experiment: the second does not take the run the first already follows', async () => {
    sqlite3(copy.db, `INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (79, 'twice', '/tmp/c', 'active', ${since}, ${since});`);
    const first = new LaunchedRunLookup({ name: 'twice' }, since);
    const second = new LaunchedRunLookup({ name: 'twice' }, since);
    logRun(copy.db, 'a0000000000000000000000000000009', '79', since + 70);
    const firstRun = await first.find(store);
    assert.equal(firstRun?.runId, 'a0000000000000000000000000000009');
    const claimed = new Set([firstRun!.runId]);
    assert.equal(await second.find(store, claimed), undefined, 'the only new run is taken');
    logRun(copy.db, 'a0000000000000000000000000000010', '79', since + 80);
    assert.deepEqual(await second.find(store, claimed), { runId: 'a0000000000000000000000000000010', experimentId: '79' });
    // Its own run stays the first launch's even once a newer one exists.
    assert.deepEqual(await first.find(store, new Set(['a0000000000000000000000000000010'])), { runId: 'a0000000000000000000000000000009', experimentId: '79' });
  });
});
