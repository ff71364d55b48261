import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { FileStore } from '../../src/mlflow/filestore/fileStore';
import { openFileStore } from '../../src/mlflow/filestore/fileStore';
import { failure } from '../fixtures/sqliteFixture';
import { copyFileStore, EXPERIMENT_IDS, fileRunId, type TempFileStore } from '../fixtures/file-store/fixture';

const WINE = EXPERIMENT_IDS['wine-quality'];
const DEEP = EXPERIMENT_IDS['deep-net-training'];

describe('FileStore on damaged stores: skips and reports, never fails', () => {
  let copy: TempFileStore;
  let store: FileStore;
  let logged: string[];
  const runDir = (experiment: string, name: string) => path.join(copy.mlruns, experiment, fileRunId(name));
  const wineRuns = async () => (await store.searchRuns({ experimentIds: [WINE], maxResults: 1000 })).items.map((r) => r.info.runName);

  before(() => {
    copy = copyFileStore();
  });
  after(() => copy.cleanup());
  beforeEach(async () => {
    logged = [];
    store = await openFileStore(copy.mlruns, { log: (message) => logged.push(message) });
  });
  afterEach(() => store.dispose());

  it('skips a run folder without meta.yaml', async () => {
    rmSync(path.join(runDir(WINE, 'killed-by-user'), 'meta.yaml'));
    const names = await wineRuns();
    assert.equal(names.length, 12);
    assert.ok(!names.includes('killed-by-user'));
    assert.ok(logged.some((m) => m.includes(fileRunId('killed-by-user')) && m.includes('meta.yaml')), logged.join('\n'));
    assert.equal((await failure(store.getRun(fileRunId('killed-by-user')))).code, 'NOT_FOUND');
  });

  it('skips a run whose meta.yaml is not YAML', async () => {
    writeFileSync(path.join(runDir(WINE, 'failed-oom'), 'meta.yaml'), 'run_id: [unterminated\n  : :');
    assert.ok(!(await wineRuns()).includes('failed-oom'));
    assert.ok(logged.some((m) => m.includes('failed-oom') || m.includes(fileRunId('failed-oom'))), logged.join('\n'));
  });

  it('skips truncated and garbled metric lines, keeping the rest of the history', async () => {
    const loss = path.join(runDir(DEEP, 'mlp-sgd'), 'metrics', 'loss');
    appendFileSync(loss, '1795243400000 not-a-number 400\n17952434');
    const history = await store.getMetricHistory({ runId: fileRunId('mlp-sgd'), metricKey: 'loss' });
    assert.equal(history.length, 400);
    const run = await store.getRun(fileRunId('mlp-sgd'));
    assert.equal(run.data.metrics.find((m) => m.key === 'loss')?.step, 399);
    assert.ok(logged.some((m) => m.includes('2 damaged lines') && m.includes(loss)), logged.join('\n'));
  });

  it('skips a tag file that is not UTF-8', async () => {
    writeFileSync(path.join(runDir(WINE, 'train-v2'), 'tags', 'stage'), Buffer.from([0x63, 0xff, 0xfe, 0x61]));
    const run = await store.getRun(fileRunId('train-v2'));
    assert.equal(run.data.tags.find((t) => t.key === 'stage'), undefined);
    assert.equal(run.data.params.length, 4);
    assert.ok(logged.some((m) => m.includes('not UTF-8') && m.endsWith(`${path.join('tags', 'stage')}: not UTF-8 text.`)), logged.join('\n'));
  });

  it('skips an experiment folder without meta.yaml and a registered model without meta.yaml', async () => {
    mkdirSync(path.join(copy.mlruns, '123456789'));
    mkdirSync(path.join(copy.mlruns, 'models', 'half-written'));
    const experiments = (await store.searchExperiments({ viewType: 'ALL' })).items;
    assert.equal(experiments.length, 5);
    assert.deepEqual((await store.searchRegisteredModels()).map((m) => m.name), ['iris-classifier', 'wine-quality']);
    assert.ok(logged.some((m) => m.includes('123456789')));
    assert.ok(logged.some((m) => m.includes('half-written')));
  });

  it('reads a run whose meta.yaml has a status it does not know as RUNNING, and says so', async () => {
    const id = fileRunId('sweep-grandchild-0');
    writeFileSync(path.join(copy.mlruns, WINE, id, 'meta.yaml'), `run_id: ${id}\nexperiment_id: '${WINE}'\nstatus: 9\nlifecycle_stage: active\n`);
    const run = await store.getRun(id);
    assert.equal(run.info.status, 'RUNNING');
    assert.equal(run.info.runName, 'cv-fold-0');
    assert.ok(logged.some((m) => m.includes('unknown status 9')));
  });
});
