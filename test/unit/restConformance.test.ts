/**
 * The REST recordings and the SQLite fixture hold the same generated content (experiment ids
 * 1-4; run ids and timestamps differ): both stores must answer the same questions alike.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MlflowStore } from '../../src/mlflow/store';
import type { Run } from '../../src/mlflow/entities';
import type { SqliteStore } from '../../src/mlflow/sqlite/sqliteStore';
import { openStore, runId } from '../fixtures/sqliteFixture';
import { openReplay, SERVER_RUNS, type Replay } from '../support/restFixture';

/** Pages of 5 through an experiment's runs, as many pages as asked. */
async function runNames(store: MlflowStore, experimentId: string, pages: number): Promise<string[]> {
  const names: string[] = [];
  let pageToken: string | undefined;
  for (let i = 0; i < pages; i++) {
    const page = await store.searchRuns({ experimentIds: [experimentId], maxResults: 5, pageToken });
    names.push(...page.items.map((r) => r.info.runName));
    pageToken = page.nextPageToken;
  }
  return names;
}

/** A run without what differs between the two stores: ids, times, locations. */
function comparable(run: Run) {
  const idFree = (value: string) => !/[0-9a-f]{32}|\/home\/ml\/|mlflow-artifacts:/.test(value);
  return {
    name: run.info.runName,
    status: run.info.status,
    userId: run.info.userId,
    params: run.data.params,
    metrics: run.data.metrics.map(({ key, value, step }) => ({ key, value, step })).sort((a, b) => a.key.localeCompare(b.key)),
    tags: run.data.tags.filter((t) => idFree(t.value)).sort((a, b) => a.key.localeCompare(b.key)),
    datasets: run.inputs.datasetInputs.map((d) => [d.dataset.name, d.dataset.digest]),
  };
}

describe('RestStore and SqliteStore answer alike on the same generated content', () => {
  let replay: Replay;
  let sqlite: SqliteStore;
  before(async () => {
    replay = await openReplay();
    sqlite = await openStore();
  });
  after(async () => {
    await sqlite.dispose();
    await replay.close();
  });

  it('lists the same experiments (the server has one more, made by `mlflow run`)', async () => {
    const strip = (items: { experimentId: string; name: string; lifecycleStage: string; tags: unknown }[]) =>
      items.filter((e) => e.name !== 'mlproject-runs').map(({ experimentId, name, lifecycleStage, tags }) => ({ experimentId, name, lifecycleStage, tags }));
    const rest = await replay.store.searchExperiments({ viewType: 'ALL', maxResults: 100 });
    const local = await sqlite.searchExperiments({ viewType: 'ALL', maxResults: 100 });
    assert.equal(rest.items.length, 6);
    assert.deepEqual(strip(rest.items), strip(local.items));
  });

  it('lists the runs of the experiment named wine-quality in the same order', async () => {
    const rest = await replay.store.getExperimentByName('wine-quality');
    const local = (await sqlite.searchExperiments({ filter: "name = 'wine-quality'" })).items[0];
    assert.equal(rest.experimentId, local.experimentId);
    const names = await runNames(replay.store, rest.experimentId, 2);
    assert.equal(names.length, 10);
    assert.deepEqual(names, await runNames(sqlite, local.experimentId, 2));
  });

  it('filters and orders runs alike', async () => {
    const request = { experimentIds: ['1'], filter: "metrics.rmse < 1.0 and params.l1_ratio = '0.5'", orderBy: ['metrics.rmse ASC'] };
    const rest = await replay.store.searchRuns(request);
    const local = await sqlite.searchRuns(request);
    assert.equal(rest.items.length, 5);
    assert.deepEqual(rest.items.map(comparable), local.items.map(comparable));
  });

  it('has the same params, metrics, tags and dataset for train-v2', async () => {
    const rest = comparable(await replay.store.getRun(SERVER_RUNS.trainV2));
    const local = comparable(await sqlite.getRun(runId('train-v2')));
    assert.ok(rest.tags.length >= 3);
    assert.deepEqual(rest, local);
  });

  it('has the same 5,000-point loss history for mlp-adam-5000steps', async () => {
    const rest = await replay.store.getMetricHistory({ runId: SERVER_RUNS.mlpAdam, metricKey: 'loss' });
    const local = await sqlite.getMetricHistory({ runId: runId('mlp-adam-5000steps'), metricKey: 'loss' });
    assert.equal(rest.length, 5000);
    assert.equal(rest.length, local.length);
    assert.deepEqual(rest.map((p) => [p.step, p.value]), local.map((p) => [p.step, p.value]));
  });
});
