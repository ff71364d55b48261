import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Experiment, Run } from '../../src/mlflow/entities';
import type { MlflowStore } from '../../src/mlflow/store';
import type { FileStore } from '../../src/mlflow/filestore/fileStore';
import type { SqliteStore } from '../../src/mlflow/sqlite/sqliteStore';
import { openStore } from '../fixtures/sqliteFixture';
import { openFixture } from '../fixtures/file-store/fixture';

// The SQLite and file fixtures were written by the same generator through MLflow 3.11's own
// stores: asked the same questions, both backends must give the same answers, up to ids and
// timestamps (the two stores were generated seconds apart) and the documented corners.
const ID = /\b(?:[0-9a-f]{32}|m-[0-9a-f]{32})\b/g;

interface Both {
  sqlite: SqliteStore;
  file: FileStore;
}

async function experimentsByName(store: MlflowStore): Promise<Map<string, Experiment>> {
  const page = await store.searchExperiments({ viewType: 'ALL', maxResults: 1000 });
  return new Map(page.items.map((e) => [e.name, e]));
}

async function runsOf(store: MlflowStore, experimentName: string, request: { filter?: string; orderBy?: string[] } = {}): Promise<Run[]> {
  const experiment = (await experimentsByName(store)).get(experimentName);
  assert.ok(experiment, experimentName);
  return (await store.searchRuns({ experimentIds: [experiment.experimentId], viewType: 'ALL', maxResults: 1000, ...request })).items;
}

/** What must agree about a run: everything but ids (replaced by the run names they point to) and times. */
function comparable(run: Run, namesById: Map<string, string>) {
  const unId = (text: string) => text.replace(ID, (id) => namesById.get(id) ?? '<id>');
  const pairs = (items: { key: string; value: string }[]) => items.map((t) => `${t.key}=${unId(t.value)}`).sort();
  return {
    name: run.info.runName,
    status: run.info.status,
    user: run.info.userId,
    stage: run.info.lifecycleStage,
    finished: run.info.endTime !== undefined,
    params: pairs(run.data.params),
    tags: pairs(run.data.tags),
    metrics: run.data.metrics.map((m) => `${m.key}@${m.step}=${m.value}`).sort(),
    datasets: run.inputs.datasetInputs.map((d) => `${d.dataset.name}:${d.dataset.digest}:${pairs(d.tags).join(',')}`),
    models: run.outputs.modelOutputs.length,
  };
}

async function artifactTree(store: MlflowStore, runId: string, folder?: string): Promise<string[]> {
  const entries = await store.listArtifacts(runId, folder);
  const nested = await Promise.all(entries.map(async (e) => (e.isDir ? artifactTree(store, runId, e.path) : [`${e.path} ${e.fileSize}`])));
  return nested.flat();
}

describe('FileStore answers as the SqliteStore on the same MLflow content', () => {
  const both = {} as Both;
  const runs = {} as Record<keyof Both, Run[]>;
  const namesById = new Map<string, string>();
  before(async () => {
    both.sqlite = await openStore(path.join(__dirname, '..', 'test/fixtures/sqlite-store/mlflow.db'));
    both.file = await openFixture();
    for (const kind of ['sqlite', 'file'] as const) {
      const ids = (await both[kind].searchExperiments({ viewType: 'ALL' })).items.map((e) => e.experimentId);
      runs[kind] = (await both[kind].searchRuns({ experimentIds: ids, viewType: 'ALL', maxResults: 1000 })).items;
      for (const run of runs[kind]) namesById.set(run.info.runId, run.info.runName);
    }
  });
  after(async () => {
    await both.sqlite.dispose();
    await both.file.dispose();
  });

  it('has the same experiments, stages and tags by name', async () => {
    const [sqlite, file] = await Promise.all([experimentsByName(both.sqlite), experimentsByName(both.file)]);
    assert.deepEqual([...file.keys()].sort(), [...sqlite.keys()].sort());
    for (const [name, experiment] of sqlite) {
      const twin = file.get(name) as Experiment;
      assert.equal(twin.lifecycleStage, experiment.lifecycleStage, name);
      const tags = (e: Experiment) => e.tags.map((t) => `${t.key}=${t.value}`).sort();
      assert.deepEqual(tags(twin), tags(experiment), name);
    }
  });

  it('has the same runs, with the same params, tags, latest metrics and inputs', () => {
    const byName = (kind: keyof Both) => runs[kind].map((r) => comparable(r, namesById)).sort((a, b) => (a.name < b.name ? -1 : 1));
    assert.equal(runs.file.length, 27);
    assert.deepEqual(byName('file'), byName('sqlite'));
  });

  for (const experiment of ['Default', 'wine-quality', 'deep-net-training', 'iris-classification', 'scratch-to-delete']) {
    it(`lists the runs of ${experiment} in the same default order`, async () => {
      const names = async (store: MlflowStore) => (await runsOf(store, experiment)).map((r) => r.info.runName);
      assert.deepEqual(await names(both.file), await names(both.sqlite));
    });
  }

  const searches: [string, string, string[]?][] = [
    ['wine-quality', "metrics.rmse < 1.0 and params.l1_ratio = '0.5'", ['metrics.rmse ASC']],
    ['wine-quality', '', ['metrics.rmse DESC']],
    ['wine-quality', '', ['params.l1_ratio', 'attributes.run_name DESC']],
    ['wine-quality', "tags.mlflow.user = 'alice' AND attributes.status = 'FINISHED'", ['run_name']],
    ['wine-quality', "datasets.context = 'training' AND run_name LIKE 'train-%'"],
    ['wine-quality', 'tags.mlflow.parentRunId IS NULL', ['end_time ASC']],
    ['deep-net-training', 'metrics.loss > 0', ['metrics.loss ASC']],
    ['deep-net-training', '', ['metrics.loss DESC']],
    ['deep-net-training', "tags.mlflow.note.content ILIKE '## MLP-%'", ['end_time DESC']],
    ['iris-classification', 'metrics.accuracy >= 0.9', ['metrics.f1_macro DESC']],
    ['Default', "params.n_neighbors != '7'", ['params.n_neighbors']],
  ];
  for (const [experiment, filter, orderBy] of searches) {
    it(`answers ${filter || '(no filter)'} ordered by ${orderBy?.join(', ') ?? 'default'} in ${experiment} alike`, async () => {
      const names = async (store: MlflowStore) => (await runsOf(store, experiment, { filter, orderBy })).map((r) => r.info.runName);
      const expected = await names(both.sqlite);
      assert.ok(expected.length > 0, 'a search that finds nothing compares nothing');
      assert.deepEqual(await names(both.file), expected);
    });
  }

  it('differs only in the documented NaN corner', async () => {
    const names = async (store: MlflowStore) => (await runsOf(store, 'deep-net-training', { filter: 'metrics.loss < 0.05' })).map((r) => r.info.runName).sort();
    assert.deepEqual(await names(both.sqlite), ['mlp-adam-5000steps', 'mlp-adam-lr-too-high']);
    assert.deepEqual(await names(both.file), ['mlp-adam-5000steps']);
  });

  it('has histories of the same lengths and values for every metric of every run', async () => {
    const fileByName = new Map(runs.file.map((r) => [r.info.runName, r]));
    let points = 0;
    for (const run of runs.sqlite) {
      const twin = fileByName.get(run.info.runName) as Run;
      for (const { key } of run.data.metrics) {
        const [expected, actual] = await Promise.all([
          both.sqlite.getMetricHistory({ runId: run.info.runId, metricKey: key }),
          both.file.getMetricHistory({ runId: twin.info.runId, metricKey: key }),
        ]);
        const values = (history: { step: number; value: number }[]) => history.map((p) => `${p.step}:${p.value}`);
        assert.deepEqual(values(actual), values(expected), `${run.info.runName} ${key}`);
        points += actual.length;
      }
    }
    assert.equal(points, 13_308);
  });

  it('lists the same artifact trees', async () => {
    const fileByName = new Map(runs.file.map((r) => [r.info.runName, r]));
    for (const run of runs.sqlite) {
      const twin = fileByName.get(run.info.runName) as Run;
      assert.deepEqual(await artifactTree(both.file, twin.info.runId), await artifactTree(both.sqlite, run.info.runId), run.info.runName);
    }
  });

  it('has the same logged models and registry, up to ids and times', async () => {
    const models = async (store: MlflowStore) => {
      const ids = (await store.searchExperiments({ viewType: 'ALL' })).items.map((e) => e.experimentId);
      return (await store.searchLoggedModels(ids)).map((m) => [m.name, m.status, namesById.get(m.sourceRunId ?? ''), m.params.length, m.tags.length, m.metrics.length]);
    };
    assert.deepEqual(await models(both.file), await models(both.sqlite));
    const registry = async (store: MlflowStore) =>
      Promise.all(
        (await store.searchRegisteredModels()).map(async (m) => ({
          name: m.name,
          description: m.description,
          aliases: m.aliases,
          tags: m.tags.map((t) => `${t.key}=${t.value}`).sort(),
          latest: m.latestVersions.map((v) => `${v.version}:${v.currentStage}`),
          versions: (await store.searchModelVersions(m.name)).map((v) => ({
            version: v.version,
            stage: v.currentStage,
            status: v.status,
            aliases: v.aliases,
            run: namesById.get(v.runId ?? ''),
            tags: v.tags.map((t) => `${t.key}=${t.value}`).sort(),
          })),
        })),
      );
    assert.deepEqual(await registry(both.file), await registry(both.sqlite));
  });
});
